"""Numbers from an address or a form that become database ids: never larger than a database integer.

SQLite and PostgreSQL keep ids in 64 bits; a larger number from a crafted address (`/c/citizens/9223372036854775808`)
would fail in the driver and answer 500 instead of "not found". The `int` converter of every route is bounded here,
and `db_int` does the same for a query or form field.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

#: The largest id any table can hold (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


class BoundedInt(IntegerConverter):
    """Werkzeug's `int` converter, refusing (404) a number no id can be."""

    def __init__(self, map: Map, *args: object, **kwargs: object) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def db_int(raw: str) -> int:
    """A query or form value as an id; raises ValueError (Flask then treats it as not given) when it cannot be one."""
    value = int(raw)
    if not 0 <= value <= LARGEST_ID:
        raise ValueError("not an id")
    return value


def init_app(app: Flask) -> None:
    """Bound every route's `int` (before the blueprints register their rules)."""
    app.url_map.converters["int"] = BoundedInt
