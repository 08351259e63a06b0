"""Frozen dataclasses to JSON and back, driven by their fields and type hints (pure).

A stored flag reading must survive the engine growing: a new field on `Flag`, a new kind of
value in a `Sentence`. So nothing here lists a class's fields. Encoding walks
`dataclasses.fields`; decoding reads the class's type hints. Enums are stored by value (a
`Level` as its int), tuples as lists, and dates and datetimes tagged (`{"$date": "2026-11-18"}`)
so that a value typed only `object` (`Sentence.values`) comes back as the date it was. Anything
else JSON cannot carry as itself is refused with TypeError rather than stored wrongly.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import Any, Callable

_DATE, _DATETIME, _TIME = "$date", "$datetime", "$time"


def dumps(value: object) -> str:
    """`value` (a dataclass, or tuples, lists and str-keyed dicts of them) as compact JSON."""
    return json.dumps(encode(value), separators=(",", ":"), allow_nan=True)


def loads(hint: Any, text: str) -> Any:
    """The value of type `hint` (e.g. `tuple[Flag, ...]`) that `dumps` wrote as `text`."""
    return decoder(hint)(json.loads(text))


def encode(value: object) -> Any:
    """`value` as plain JSON types."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, time):
        return {_TIME: value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("only dicts with str keys can be stored")
        return {key: encode(item) for key, item in value.items()}
    raise TypeError(f"cannot store a {type(value).__name__}")


def _untagged(data: Any) -> Any:
    """A value stored without a type to go by (`object`): JSON as it is, tagged dates as dates."""
    if isinstance(data, dict):
        if len(data) == 1 and _DATE in data:
            return date.fromisoformat(data[_DATE])
        if len(data) == 1 and _DATETIME in data:
            return datetime.fromisoformat(data[_DATETIME])
        if len(data) == 1 and _TIME in data:
            return time.fromisoformat(data[_TIME])
        return {key: _untagged(item) for key, item in data.items()}
    if isinstance(data, list):
        return [_untagged(item) for item in data]
    return data


def _tagged(tag: str, parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    def decode(data: Any) -> Any:
        if not isinstance(data, dict) or tag not in data:
            raise ValueError(f"expected a {tag} value, got {data!r}")
        return parse(data[tag])
    return decode


def _optional(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda data: None if data is None else inner(data)


@cache
def decoder(hint: Any) -> Callable[[Any], Any]:
    """A function from JSON data to a value of type `hint` (built once per type)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        arms = [arm for arm in args if arm is not type(None)]
        if len(arms) != 1:
            return _untagged  # a union of several types: only the tags can tell them apart
        return _optional(decoder(arms[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = decoder(args[0])
            return lambda data: tuple(item(x) for x in data)
        items = [decoder(arg) for arg in args]
        return lambda data: tuple(item(x) for item, x in zip(items, data, strict=True))
    if origin is list:
        item = decoder(args[0]) if args else _untagged
        return lambda data: [item(x) for x in data]
    if origin is dict:
        value = decoder(args[1]) if args else _untagged
        return lambda data: {key: value(x) for key, x in data.items()}
    if hint is datetime:
        return _tagged(_DATETIME, datetime.fromisoformat)
    if hint is date:
        return _tagged(_DATE, date.fromisoformat)
    if hint is time:
        return _tagged(_TIME, time.fromisoformat)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    return _untagged  # str, int, float, bool, object, Any: JSON carries them as they are


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    # Fields that are not set in __init__ cannot be passed back to it.
    fields = [(f.name, decoder(hints[f.name])) for f in dataclasses.fields(cls) if f.init]

    def decode(data: Any) -> Any:
        # A field the data lacks keeps its default (and fails loudly if it has none).
        return cls(**{name: field(data[name]) for name, field in fields if name in data})
    return decode
