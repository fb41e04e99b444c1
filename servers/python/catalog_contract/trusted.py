"""``VALIDATION=off``: input taken as given, as servers/contract/catalog.ts trusts it.

Nothing is checked; defaults are applied and query/path text is read with JavaScript's
``Number()``, so a trusted request selects the same records on every stack.
"""

from .jsnumbers import number_from_text

_ABSENT = object()


def trusted_input(body) -> dict:
    """The fields of a trusted body: absent ones stay absent, defaults as the contract says."""
    data = body if isinstance(body, dict) else {}
    fields = {}
    for key in ("sku", "title", "unit_price"):
        value = data.get(key, _ABSENT)
        if value is not _ABSENT:
            fields[key] = value
    count = data.get("inventory_count")
    fields["inventory_count"] = 0 if count is None else count
    category = data.get("category")
    fields["category"] = category
    return fields


def _or_default(text, default):
    """``Number(text) || default``."""
    if text is None:
        return default
    value = number_from_text(text)
    return value if value == value and value != 0 else default


def trusted_query(first_values: dict) -> tuple:
    """(category, page, page_size) from each parameter's first value."""
    category = first_values.get("category")
    return (
        category,
        _or_default(first_values.get("page"), 1),
        _or_default(first_values.get("page_size"), 20),
    )


def trusted_id(text: str) -> float:
    return number_from_text(text)
