"""Database engine and the per-request session.

SQLite is the embedded default and is tuned so that an acknowledged entry survives a
crash (WAL, synchronous=FULL) and concurrent writers wait instead of failing
(busy_timeout). PostgreSQL is used as it comes, with one change to how pooled connections are
checked: SQLAlchemy's `pool_pre_ping` pings before every use, a round trip per transaction
(three in a saved entry), where the dialect's own ping is run here only on a connection that
sat idle in the pool for a while (a restarted server leaves those dead; one handed back a moment
ago is not).
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 5000
#: A pooled connection idle at least this long is pinged before it is used again.
PING_AFTER_IDLE_SECONDS = 5.0


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def ping_when_idle(engine: Engine) -> None:
    """Ping a connection taken from the pool after PING_AFTER_IDLE_SECONDS there, with the dialect's own ping; a dead
    one is thrown away and the pool tries another (SQLAlchemy's DisconnectionError contract for checkout handlers)."""

    @event.listens_for(engine, "checkin")
    def idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return  # new, or handed back a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("a pooled connection was dead") from error


def make_engine(url: str) -> Engine:
    """Create an engine for `url`, with the SQLite pragmas when it is SQLite."""
    # hide_parameters: an error message never quotes a woman's data into a log.
    if not url.startswith("sqlite"):
        engine = create_engine(url, hide_parameters=True)
        ping_when_idle(engine)
        return engine
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}, "hide_parameters": True}
    if url in ("sqlite://", "sqlite:///:memory:"):
        # One shared connection, or every checkout would see a new empty database.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def init_app(app: Flask, engine: Engine | None = None) -> None:
    """Attach an engine to the app and close the request's session at teardown."""
    app.extensions["db_engine"] = engine or make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["db_engine"]


def get_session() -> Session:
    """The session of the current request, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
