"""A pooled connection is checked before use only after it sat idle (app/db.py `ping_when_idle`), and a dead one is
replaced rather than handed to a request: the pool's pre-use ping, without a round trip on every transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app import db
from app.db import make_engine, ping_when_idle
from tests.conftest import DATABASE_URL, ON_POSTGRES


class Clock:
    """time.monotonic as app.db reads it, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(db.time, "monotonic", moved)
    return moved


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """The suite's database on PostgreSQL (as the app makes its engine); on SQLite a file, with the same check added."""
    if ON_POSTGRES:
        made = make_engine(DATABASE_URL)
    else:
        made = make_engine(f"sqlite:///{tmp_path / 'pool.sqlite3'}")
        ping_when_idle(made)
    yield made
    made.dispose()


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each ping the dialect runs."""
    seen: list[object] = []
    original = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        seen.append(dbapi_connection)
        return original(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return seen


def _use(engine: Engine) -> object:
    """One short transaction; which connection ran it (its backend pid on PostgreSQL, the driver's object on SQLite)."""
    with engine.connect() as connection:
        if ON_POSTGRES:
            return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        connection.execute(text("SELECT 1"))
        return connection.connection.dbapi_connection


def test_a_connection_handed_back_a_moment_ago_is_used_without_a_ping(engine: Engine, clock: Clock,
                                                                        pings: list[object]) -> None:
    first = _use(engine)
    clock.now += db.PING_AFTER_IDLE_SECONDS / 2
    assert _use(engine) == first and _use(engine) == first
    assert pings == []
    clock.now += db.PING_AFTER_IDLE_SECONDS
    assert _use(engine) == first
    assert len(pings) == 1  # idle long enough: checked, alive, kept


def test_a_connection_that_died_while_idle_is_replaced_before_a_request_gets_it(engine: Engine, clock: Clock,
                                                                                 pings: list[object]) -> None:
    first = _use(engine)
    if ON_POSTGRES:  # the server ends it, as a restart would
        other = make_engine(DATABASE_URL)
        with other.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}).scalar_one()
        other.dispose()
    else:
        pooled = engine.pool._pool.queue[0]  # type: ignore[attr-defined]
        pooled.dbapi_connection.close()
    clock.now += db.PING_AFTER_IDLE_SECONDS + 1
    assert _use(engine) != first  # no error: the dead one was thrown away and a new one made
    assert len(pings) == 1
