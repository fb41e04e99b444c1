"""The JSON codec every Python stack uses, with the Node reference's exact behaviour.

Decoding: numbers as JavaScript holds them (see jsnumbers), no ``NaN``/``Infinity``
literals, invalid UTF-8 replaced, nesting as deep as the 64 KiB body allows (the stdlib
decoder recurses; past its limit an iterative parser takes over). Encoding: compact, UTF-8,
integral floats without ``.0``, lone surrogates escaped as ``JSON.stringify`` does.
"""

import json
import re
from json.decoder import scanstring
from json.scanner import NUMBER_RE

from .jsnumbers import MAX_SAFE_INTEGER, js_float_text


class JsonInvalid(ValueError):
    """The body is not JSON."""


def _parse_int(text: str):
    if len(text) < 16:
        return int(text)
    value = float(text)
    return int(value) if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER else value


def _no_constant(name: str):
    raise JsonInvalid(f"{name} is not JSON")


_decoder = json.JSONDecoder(parse_int=_parse_int, parse_constant=_no_constant)
_WS = re.compile(r"[ \t\n\r]*")


def loads(data: bytes | str):
    """Decodes a request body; raises JsonInvalid when it is not JSON."""
    text = data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else data
    try:
        return _decoder.decode(text)
    except RecursionError:
        return _loads_iteratively(text)
    except (ValueError, TypeError) as error:
        raise JsonInvalid(str(error)) from None


def _number(text: str, match) -> object:
    integer, frac, exp = match.groups()
    if frac or exp:
        return float(integer + (frac or "") + (exp or ""))
    return _parse_int(integer)


def _loads_iteratively(text: str):
    """A JSON parser with an explicit stack, for documents nested past Python's recursion."""
    stack: list = []  # list containers, or _Member frames of objects
    idx = _WS.match(text, 0).end()
    while True:
        ch = text[idx : idx + 1]
        if ch == "{":
            idx = _WS.match(text, idx + 1).end()
            if text[idx : idx + 1] == "}":
                value, idx = {}, idx + 1
            else:
                key, idx = _key(text, idx)
                stack.append(_Member({}, key))
                continue
        elif ch == "[":
            idx = _WS.match(text, idx + 1).end()
            if text[idx : idx + 1] == "]":
                value, idx = [], idx + 1
            else:
                stack.append([])
                continue
        elif ch == '"':
            value, idx = scanstring(text, idx + 1)
        elif text.startswith("true", idx):
            value, idx = True, idx + 4
        elif text.startswith("false", idx):
            value, idx = False, idx + 5
        elif text.startswith("null", idx):
            value, idx = None, idx + 4
        else:
            match = NUMBER_RE.match(text, idx)
            if match is None:
                raise JsonInvalid(f"unexpected character at {idx}")
            value, idx = _number(text, match), match.end()
        # A value is complete: hand it to its containers, closing those that end here.
        while True:
            idx = _WS.match(text, idx).end()
            if not stack:
                if idx != len(text):
                    raise JsonInvalid(f"extra data at {idx}")
                return value
            top = stack[-1]
            ch = text[idx : idx + 1]
            if isinstance(top, list):
                top.append(value)
                if ch == ",":
                    idx = _WS.match(text, idx + 1).end()
                    break
                if ch != "]":
                    raise JsonInvalid(f"expected , or ] at {idx}")
                value, idx = stack.pop(), idx + 1
            else:
                top.obj[top.key] = value
                if ch == ",":
                    top.key, idx = _key(text, _WS.match(text, idx + 1).end())
                    break
                if ch != "}":
                    raise JsonInvalid(f"expected , or }} at {idx}")
                value, idx = stack.pop().obj, idx + 1


class _Member:
    """An object being parsed and the key whose value comes next."""

    __slots__ = ("obj", "key")

    def __init__(self, obj: dict, key: str):
        self.obj = obj
        self.key = key


def _key(text: str, idx: int):
    if text[idx : idx + 1] != '"':
        raise JsonInvalid(f"expected a key at {idx}")
    key, idx = scanstring(text, idx + 1)
    idx = _WS.match(text, idx).end()
    if text[idx : idx + 1] != ":":
        raise JsonInvalid(f"expected : at {idx}")
    return key, _WS.match(text, idx + 1).end()


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
# A JSON string, or a number in exponent notation (kept strings, rewritten numbers).
_EXPONENT_NUMBERS = re.compile(r'("(?:[^"\\]|\\.)*")|(-?\d(?:\.\d+)?e-\d+)')
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _js_exponent(match: re.Match) -> str:
    return match.group(1) or js_float_text(match.group(2))


class _Raw:
    """Text the iterative encoder writes as it is (punctuation, encoded keys)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


_OPEN_OBJECT, _CLOSE_OBJECT = _Raw("{"), _Raw("}")
_OPEN_ARRAY, _CLOSE_ARRAY = _Raw("["), _Raw("]")
_COMMA = _Raw(",")


def _encode_iteratively(value) -> str:
    """The encoder with an explicit stack, for values nested past Python's recursion limit."""
    out: list[str] = []
    stack: list = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            out.append(item.text)
        elif isinstance(item, dict):
            parts: list = [_CLOSE_OBJECT]
            for index, (key, child) in enumerate(reversed(list(item.items()))):
                parts.append(child)
                parts.append(_Raw(_encode(str(key)) + ":"))
                if index < len(item) - 1:
                    parts.append(_COMMA)
            parts.append(_OPEN_OBJECT)
            stack.extend(parts)
        elif isinstance(item, list):
            parts = [_CLOSE_ARRAY]
            for index, child in enumerate(reversed(item)):
                parts.append(child)
                if index < len(item) - 1:
                    parts.append(_COMMA)
            parts.append(_OPEN_ARRAY)
            stack.extend(parts)
        else:
            out.append(_encode(item))
    return "".join(out)


def dumps_text(value) -> str:
    """``JSON.stringify(value)`` for values held the JavaScript way (see jsnumbers.js_value)."""
    try:
        text = _encode(value)
    except RecursionError:
        text = _encode_iteratively(value)
    if "e-" in text:  # rare: only tiny floats print differently in Python
        text = _EXPONENT_NUMBERS.sub(_js_exponent, text)
    return text


def dumps(value) -> bytes:
    """The UTF-8 response body for a JSON value."""
    text = dumps_text(value)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
