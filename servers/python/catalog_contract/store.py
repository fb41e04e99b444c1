"""The in-memory catalog store with deterministic seed data (servers/contract/store.ts).

Records carry internal fields (``cost_price``, ``audit``) that exist to prove every stack
projects its responses: none of them may ever reach a client (the guide's pitfall 7).
"""

import math
from datetime import datetime, timezone

from .jsnumbers import js_value

CATEGORY_COUNT = 10
PRODUCT_KEYS = ("id", "sku", "title", "unit_price", "inventory_count", "category")


def _js_round(value: float) -> float:
    """JavaScript's Math.round (halves go up, not to even)."""
    return math.floor(value + 0.5)


def seed_record(id: int) -> dict:
    """Seed record ``id`` (1-based): category ``c0``…``c9`` round robin, prices that vary."""
    unit_price = _js_round((5 + ((id * 37) % 995) + (id % 100) / 100) * 100) / 100
    return {
        "id": id,
        "sku": f"SKU-{id:06d}",
        "title": f"Product {id}",
        "unit_price": js_value(unit_price),
        "inventory_count": (id * 13) % 500,
        "category": f"c{(id - 1) % CATEGORY_COUNT}",
        "cost_price": _js_round(unit_price * 60) / 100,
        "audit": {"created_by": "seed", "created_at": "2025-01-01T00:00:00.000Z"},
    }


def to_product(record: dict) -> dict:
    """Only the public fields, in contract order (a field the input lacked stays absent)."""
    return {key: record[key] for key in PRODUCT_KEYS if key in record}


class CatalogStore:
    """Ids only grow and dicts keep insertion order, so iteration is ascending by id."""

    def __init__(self) -> None:
        self.records: dict[int, dict] = {}
        self.next_id = 1
        self.ready = False

    def seed(self, count: int) -> None:
        for id in range(1, count + 1):
            self.records[id] = seed_record(id)
        self.next_id = count + 1
        self.ready = True

    def create(self, fields: dict) -> dict:
        """Stores validated (or trusted) input fields and returns the full record."""
        record = {"id": self.next_id}
        for key in PRODUCT_KEYS[1:]:
            if key in fields:
                record[key] = js_value(fields[key])
        price = record.get("unit_price")
        record["cost_price"] = price * 0.6 if type(price) in (int, float) else None
        record["audit"] = {
            "created_by": "api",
            "created_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        }
        self.next_id += 1
        self.records[record["id"]] = record
        return record

    def get(self, id) -> dict | None:
        return self.records.get(id)

    def delete(self, id) -> bool:
        return self.records.pop(id, None) is not None

    def list(self, category, page, page_size) -> list[dict]:
        """One page of records in ascending id order, optionally of one category.

        Written as the reference's loop so trusted (``off``) pages such as ``page=1.5`` or a
        negative size select the same records there and here.
        """
        skip = (page - 1) * page_size
        out: list[dict] = []
        seen = 0
        for record in self.records.values():
            if category is not None and record.get("category") != category:
                continue
            seen += 1
            if seen - 1 < skip:
                continue
            out.append(record)
            if len(out) == page_size:
                break
        return out
