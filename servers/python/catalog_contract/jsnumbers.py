"""JavaScript's number semantics, which the contract inherits from its node:http reference.

JSON numbers are IEEE doubles there: ``1.0`` and ``1`` are the same value and print as
``1``, integer literals beyond 2**53 round, ``1e400`` is Infinity. Query and path values are
read with ``Number(text)`` (``"0x10"`` is 16, ``""`` is 0). These helpers give Python the
same values and the same printed form, so every stack answers byte for byte alike.
"""

import math
import re

MAX_SAFE_INTEGER = 2**53 - 1

# What JavaScript's Number() accepts after trimming: a decimal literal, a 0x/0o/0b integer,
# or Infinity with an optional sign.
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_RADIX = {"0x": 16, "0X": 16, "0o": 8, "0O": 8, "0b": 2, "0B": 2}
# ECMAScript's StrWhiteSpaceChar: WhiteSpace and LineTerminator.
_JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def number_from_text(text: str) -> float:
    """``Number(text)`` in JavaScript: a float, NaN when the text is not a number."""
    s = text.strip(_JS_SPACE)
    if s == "":
        return 0.0
    if _DECIMAL.fullmatch(s):
        return float(s)
    radix = _RADIX.get(s[:2])
    if radix is not None:
        try:
            return float(int(s[2:], radix)) if s[2:].isalnum() and "_" not in s else math.nan
        except ValueError:
            return math.nan
    if s in ("Infinity", "+Infinity"):
        return math.inf
    if s == "-Infinity":
        return -math.inf
    return math.nan


def _js_scalar(value):
    if type(value) is float:
        if value != value or value in (math.inf, -math.inf):
            return None
        if value.is_integer() and -1e21 < value < 1e21:
            return int(value)
    return value


def js_value(value):
    """A decoded JSON value as JavaScript holds it: integral floats as ints, non-finite as None.

    Iterative (an explicit stack), so trusted input nested as deep as a body allows is fine.
    """
    if not isinstance(value, (dict, list)):
        return _js_scalar(value)
    root: list = [None]
    stack = [(root, 0, value)]
    while stack:
        parent, key, item = stack.pop()
        if isinstance(item, dict):
            copy: dict = {}
            parent[key] = copy
            for k, v in item.items():
                copy[k] = None
                stack.append((copy, k, v))
        elif isinstance(item, list):
            copy_list: list = [None] * len(item)
            parent[key] = copy_list
            stack.extend((copy_list, i, v) for i, v in enumerate(item))
        else:
            parent[key] = _js_scalar(item)
    return root[0]


def js_string(number: float) -> str:
    """``String(number)`` in JavaScript for the values an id or a page can take."""
    if number != number:
        return "NaN"
    if number in (math.inf, -math.inf):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer() and -1e21 < number < 1e21:
        return str(int(number))
    return js_float_text(repr(number))


_EXPONENT = re.compile(r"^(-?)(\d)(?:\.(\d+))?e([+-])(\d+)$")


def js_float_text(text: str) -> str:
    """Python's shortest repr of a float rewritten as JavaScript prints it.

    Both use the shortest round-trip digits; they differ only in when exponent notation
    starts (JavaScript: below 1e-6 and from 1e21) and in exponent padding (``1e-07``).
    """
    match = _EXPONENT.match(text)
    if match is None:
        return text
    sign, lead, rest, esign, digits = match.groups()
    exponent = int(digits) if esign == "+" else -int(digits)
    mantissa = lead + (rest or "")
    if -7 < exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{mantissa}"
    if 0 <= exponent < 21:
        return (
            sign
            + (mantissa + "0" * exponent)[: exponent + 1]
            + ("." + mantissa[exponent + 1 :] if len(mantissa) > exponent + 1 else "")
        )
    fraction = f".{rest}" if rest else ""
    return f"{sign}{lead}{fraction}e{esign}{int(digits)}"
