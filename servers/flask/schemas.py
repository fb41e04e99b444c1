"""The contract's schemas in Marshmallow (``VALIDATION=native``).

Error messages are set to the contract's (pydantic's) wording, so problems.py can name each
problem's type. Where Marshmallow's fields coerce more than the contract's numbers allow (a
numeric string, or JavaScript's view that ``1.0`` is an integer), a small field subclass says
so. Several validators on one field all run, so a value beyond JavaScript's safe integers is
reported against that range and the field's own bound, as the reference reports it.
"""

import math

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from catalog_contract import problems
from catalog_contract.jsnumbers import MAX_SAFE_INTEGER, number_from_text

MAX = MAX_SAFE_INTEGER
_TEXT = {"required": problems.MISSING[1], "invalid": problems.STRING[1], "null": problems.STRING[1]}


def at_least(limit):
    return validate.Range(min=limit, error=problems.at_least(limit)[1])


def at_most(limit):
    return validate.Range(max=limit, error=problems.at_most(limit)[1])


class JsNumber(fields.Float):
    """A JSON number: never a string or a bool, finite."""

    default_error_messages = {
        "invalid": problems.NUMBER[1],
        "special": problems.FINITE[1],
        "required": problems.MISSING[1],
        "null": problems.NUMBER[1],
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class JsInteger(fields.Field):
    """A JSON number that is an integer in JavaScript (``1.0`` is)."""

    default_error_messages = {"null": problems.NUMBER[1]}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(problems.NUMBER[1])
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValidationError(problems.FINITE[1])
            if not value.is_integer():
                raise ValidationError(problems.INTEGER[1])
            return int(value)
        return value


class IntegerText(fields.Field):
    """Query or path text read as JavaScript's Number() reads it; only integers pass."""

    def _deserialize(self, value, attr, data, **kwargs):
        number = number_from_text(value) if isinstance(value, str) else math.nan
        if not math.isfinite(number) or not number.is_integer():
            raise ValidationError(problems.INT_PARSING[1])
        return int(number)


class ProductInputSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    sku = fields.String(
        required=True,
        error_messages=_TEXT,
        validate=[
            validate.Length(min=3, error=problems.too_short(3)[1]),
            validate.Length(max=20, error=problems.too_long(20)[1]),
        ],
    )
    title = fields.String(required=True, error_messages=_TEXT)
    unit_price = JsNumber(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0, min_inclusive=False, error=problems.greater_than(0)[1]),
    )
    inventory_count = JsInteger(
        load_default=0, validate=[at_least(-MAX), at_least(0), at_most(MAX)]
    )
    category = fields.String(load_default=None, allow_none=True, error_messages=_TEXT)


class ListQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    category = fields.String(load_default=None)
    page = IntegerText(load_default=1, validate=[at_least(-MAX), at_least(1), at_most(MAX)])
    page_size = IntegerText(
        load_default=20, validate=[at_least(-MAX), at_most(MAX), at_least(1), at_most(100)]
    )


class ProductIdSchema(Schema):
    id = IntegerText(required=True, validate=[at_least(-MAX), at_most(MAX)])


class ProductSchema(Schema):
    """The response shape: ``dump`` keeps these fields only, in this order."""

    class Meta:
        ordered = True

    id = fields.Integer()
    sku = fields.String()
    title = fields.String()
    unit_price = fields.Raw()
    inventory_count = fields.Integer()
    category = fields.String(allow_none=True)
