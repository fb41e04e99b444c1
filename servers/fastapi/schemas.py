"""The contract's models in pydantic v2 (``VALIDATION=native``).

Field types follow the contract's numbers, which are JavaScript's (the node:http reference):
``1.0`` is an integer, a bool or a numeric string is not a number, and integers stay within
±(2**53 - 1). The annotated validators below
say so where pydantic's lax coercion would accept more.
"""

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, StrictFloat, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

from catalog_contract import problems
from catalog_contract.jsnumbers import MAX_SAFE_INTEGER, number_from_text


def _fail(kind: tuple[str, str]):
    raise PydanticCustomError(kind[0], kind[1])


def _js_integer(value):
    """A JSON number that is an integer in JavaScript (``1.0`` is); else not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(problems.NUMBER)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            _fail(problems.FINITE)
        if value.is_integer():
            return int(value)
    return value


def _integer_text(value):
    """Query and path text read with JavaScript's Number(); only integers pass."""
    number = number_from_text(value) if isinstance(value, str) else value
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        _fail(problems.INT_PARSING)
    if (
        number != number
        or number in (float("inf"), float("-inf"))
        or not float(number).is_integer()
    ):
        _fail(problems.INT_PARSING)
    return int(number)


Sku = Annotated[StrictStr, Field(min_length=3, max_length=20)]
Price = Annotated[StrictFloat, Field(gt=0, allow_inf_nan=False)]
Count = Annotated[StrictInt, BeforeValidator(_js_integer), Field(ge=0, le=MAX_SAFE_INTEGER)]
TextInt = BeforeValidator(_integer_text)


class ProductInput(BaseModel):
    sku: Sku
    title: StrictStr
    unit_price: Price
    inventory_count: Count = 0
    category: StrictStr | None = None


class Product(BaseModel):
    id: int
    sku: str
    title: str
    unit_price: int | float
    inventory_count: int
    category: str | None


class ListQuery(BaseModel):
    category: str | None = None
    page: Annotated[int, TextInt, Field(ge=1, le=MAX_SAFE_INTEGER)] = 1
    page_size: Annotated[int, TextInt, Field(ge=1, le=100)] = 20


ProductId = Annotated[int, TextInt, Field(ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER)]
