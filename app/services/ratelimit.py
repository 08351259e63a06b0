"""Fixed-window rate limits counted in the database, so that all app processes share one count."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from app.models import RateCounter


def hit(session: Session, key: str, *, now: datetime, window_seconds: int) -> int:
    """Count one request for `key` in the current window and return the window's count (atomic upsert)."""
    start = datetime.fromtimestamp(int(now.timestamp()) // window_seconds * window_seconds, tz=now.tzinfo)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(RateCounter).values(key=key[:120], window_start=start, count=1)
                 .on_conflict_do_update(index_elements=["key", "window_start"], set_={"count": RateCounter.count + 1})
                 .returning(RateCounter.count))
    count = session.execute(statement).scalar_one()
    session.commit()
    return int(count)


def prune(session: Session, *, before: datetime) -> int:
    """Forget windows that ended before `before` (the retention job calls this)."""
    removed = session.execute(delete(RateCounter).where(RateCounter.window_start < before - timedelta(days=1))).rowcount
    session.commit()
    return removed or 0
