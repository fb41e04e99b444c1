"""The contract's 422 body: ``{"detail":[{"type","loc","msg"}]}`` listing every problem.

Types and messages are pydantic's (the guide's FastAPI answers), exactly as
servers/contract/problems.ts gives them for the Node stacks. Each framework reports its
validation failures its own way; the stack's layer turns them into these issues.
"""

from .jsnumbers import MAX_SAFE_INTEGER

MISSING = ("missing", "Field required")
OBJECT = ("model_attributes_type", "Input should be a valid dictionary or object")
STRING = ("string_type", "Input should be a valid string")
NUMBER = ("float_type", "Input should be a valid number")
INTEGER = ("int_type", "Input should be a valid integer")
FINITE = ("finite_number", "Input should be a finite number")
INT_PARSING = (
    "int_parsing",
    "Input should be a valid integer, unable to parse string as an integer",
)


def greater_than(limit) -> tuple[str, str]:
    return ("greater_than", f"Input should be greater than {limit}")


def at_least(limit) -> tuple[str, str]:
    return ("greater_than_equal", f"Input should be greater than or equal to {limit}")


def at_most(limit) -> tuple[str, str]:
    return ("less_than_equal", f"Input should be less than or equal to {limit}")


def too_short(limit) -> tuple[str, str]:
    return ("string_too_short", f"String should have at least {limit} characters")


def too_long(limit) -> tuple[str, str]:
    return ("string_too_long", f"String should have at most {limit} characters")


# Message prefixes → types, for validators that report only a message (Marshmallow, DRF).
_PREFIXES = (
    ("Input should be greater than or equal to ", "greater_than_equal"),
    ("Input should be greater than ", "greater_than"),
    ("Input should be less than or equal to ", "less_than_equal"),
    ("String should have at least ", "string_too_short"),
    ("String should have at most ", "string_too_long"),
)
_EXACT = {
    msg: type for type, msg in (MISSING, OBJECT, STRING, NUMBER, INTEGER, FINITE, INT_PARSING)
}


def type_of_message(msg: str) -> str:
    """The contract type of one of the messages above."""
    found = _EXACT.get(msg)
    if found is not None:
        return found
    for prefix, type in _PREFIXES:
        if msg.startswith(prefix):
            return type
    return "value_error"


def issue(where: str, field: str | None, kind: tuple[str, str]) -> dict:
    return {"type": kind[0], "loc": [where] if field is None else [where, field], "msg": kind[1]}


def safe_integer_issues(value, own_min=None, own_max=None) -> list[tuple[str, str]]:
    """What JavaScript's safe-integer check adds before an integer's own bound.

    The reference (zod's ``z.int()``) reports a value beyond ±(2**53 - 1) against that range
    and then against the schema's bound too; validators that stop at the first failed bound
    get the first of the two from here.
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return []
    if value < -MAX_SAFE_INTEGER and own_min is not None and own_min != -MAX_SAFE_INTEGER:
        return [at_least(-MAX_SAFE_INTEGER)]
    if value > MAX_SAFE_INTEGER and own_max is not None and own_max != MAX_SAFE_INTEGER:
        return [at_most(MAX_SAFE_INTEGER)]
    return []


def validation_error(detail: list[dict]) -> dict:
    return {"detail": detail}


JSON_INVALID = {"detail": [{"type": "json_invalid", "loc": ["body"], "msg": "JSON decode error"}]}
