"""The contract's serializers in DRF (``VALIDATION=native``).

Error messages are set to the contract's (pydantic's) wording so errors.py can name each
problem's type. Where DRF's fields accept more than the contract (a number for a string, a
numeric string for a number, whitespace trimming, no NUL characters) a small field subclass
says so. All validators of a field run, so a value beyond JavaScript's safe integers is
reported against that range and the field's own bound, as the reference reports it.
"""

import math

from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from catalog_contract import problems
from catalog_contract.jsnumbers import MAX_SAFE_INTEGER, number_from_text

MAX = MAX_SAFE_INTEGER


def at_least(limit):
    return MinValueValidator(limit, message=problems.at_least(limit)[1])


def at_most(limit):
    return MaxValueValidator(limit, message=problems.at_most(limit)[1])


def greater_than(limit):
    def check(value):
        if not value > limit:
            raise serializers.ValidationError(problems.greater_than(limit)[1])

    return check


class ContractString(serializers.CharField):
    """A JSON string as given: no coercion of numbers, no trimming, any character."""

    default_error_messages = {
        "required": problems.MISSING[1],
        "invalid": problems.STRING[1],
        "null": problems.STRING[1],
        "min_length": "String should have at least {min_length} characters",
        "max_length": "String should have at most {max_length} characters",
    }

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, allow_blank=True, **kwargs)
        self.validators = [
            v
            for v in self.validators
            if not isinstance(
                v, (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator)
            )
        ]

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return data


class ContractNumber(serializers.Field):
    """A finite JSON number, never a string or a bool; printed as stored."""

    default_error_messages = {"required": problems.MISSING[1], "null": problems.NUMBER[1]}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise serializers.ValidationError(problems.NUMBER[1])
        if not math.isfinite(data):
            raise serializers.ValidationError(problems.FINITE[1])
        return data

    def to_representation(self, value):
        return value


class ContractInteger(ContractNumber):
    """A JSON number that is an integer in JavaScript (``1.0`` is)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if isinstance(value, float):
            if not value.is_integer():
                raise serializers.ValidationError(problems.INTEGER[1])
            return int(value)
        return value


class IntegerText(serializers.Field):
    """Query or path text read as JavaScript's Number() reads it; only integers pass."""

    def to_internal_value(self, data):
        number = number_from_text(data) if isinstance(data, str) else math.nan
        if not math.isfinite(number) or not number.is_integer():
            raise serializers.ValidationError(problems.INT_PARSING[1])
        return int(number)


class ProductInputSerializer(serializers.Serializer):
    sku = ContractString(min_length=3, max_length=20)
    title = ContractString()
    unit_price = ContractNumber(validators=[greater_than(0)])
    inventory_count = ContractInteger(
        required=False, default=0, validators=[at_least(-MAX), at_least(0), at_most(MAX)]
    )
    category = ContractString(required=False, allow_null=True, default=None)

    default_error_messages = {"invalid": problems.OBJECT[1]}


class ListQuerySerializer(serializers.Serializer):
    category = ContractString(required=False, default=None)
    page = IntegerText(
        required=False, default=1, validators=[at_least(-MAX), at_least(1), at_most(MAX)]
    )
    page_size = IntegerText(
        required=False,
        default=20,
        validators=[at_least(-MAX), at_most(MAX), at_least(1), at_most(100)],
    )


class ProductIdSerializer(serializers.Serializer):
    id = IntegerText(validators=[at_least(-MAX), at_most(MAX)])


class ProductSerializer(serializers.Serializer):
    """The response shape: only these fields, in this order (no internal field leaves)."""

    id = serializers.IntegerField()
    sku = serializers.CharField()
    title = serializers.CharField()
    unit_price = ContractNumber()
    inventory_count = serializers.IntegerField()
    category = serializers.CharField(allow_null=True)
