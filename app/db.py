"""Database engine and the per-request session.

SQLite is the embedded default and is tuned so that an acknowledged entry survives a
crash (WAL, synchronous=FULL) and concurrent writers wait instead of failing
(busy_timeout). PostgreSQL is used as it comes.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, event
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 5000


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for `url`, with the SQLite pragmas when it is SQLite."""
    # hide_parameters: an error message never quotes a woman's data into a log.
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
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
