"""Rate limits counted in the database, so that all app processes share one count.

Two kinds: fixed windows per key (failures per address, writes per session or address), and a
lockout per sign-in account that backs off with every failure after the first few.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from app.models import RateCounter, SignInLockout


@dataclass(frozen=True)
class Backoff:
    """How an account's lockout grows: locked `first` after `after` failures, doubling up to `longest`."""

    after: int
    first: timedelta
    longest: timedelta
    # A quiet spell this long (no failure) starts the count afresh.
    forget: timedelta

    def lock_for(self, failures: int) -> timedelta:
        """How long `failures` failures in a row lock the account (zero below the threshold)."""
        if failures < self.after:
            return timedelta(0)
        doublings = min(failures - self.after, 32)  # 2**32 minutes is past any cap
        return min(self.first * 2**doublings, self.longest)


def _window_start(now: datetime, window_seconds: int) -> datetime:
    return datetime.fromtimestamp(int(now.timestamp()) // window_seconds * window_seconds, tz=now.tzinfo)


def _insert(session: Session):  # type: ignore[no-untyped-def]
    return (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert


def seconds_until(end: datetime, now: datetime) -> int:
    """Whole seconds from `now` until `end`, rounded up and at least 1 (what Retry-After says)."""
    return max(1, math.ceil((end - now).total_seconds()))


def window_left(now: datetime, window_seconds: int) -> int:
    """Seconds until the current window ends and its counts start again."""
    return seconds_until(_window_start(now, window_seconds) + timedelta(seconds=window_seconds), now)


def count(session: Session, key: str, *, now: datetime, window_seconds: int) -> int:
    """How many times `key` was counted in the current window (nothing is counted)."""
    found = session.execute(select(RateCounter.count).where(
        RateCounter.key == key[:120], RateCounter.window_start == _window_start(now, window_seconds))).scalar_one_or_none()
    return int(found or 0)


def hit(session: Session, key: str, *, now: datetime, window_seconds: int) -> int:
    """Count one request for `key` in the current window and return the window's count (atomic upsert)."""
    statement = (_insert(session)(RateCounter).values(key=key[:120], window_start=_window_start(now, window_seconds), count=1)
                 .on_conflict_do_update(index_elements=["key", "window_start"], set_={"count": RateCounter.count + 1})
                 .returning(RateCounter.count))
    counted = session.execute(statement).scalar_one()
    session.commit()
    return int(counted)


def locked_for(session: Session, key: str, *, now: datetime) -> int:
    """Seconds the account behind `key` stays locked (0: not locked)."""
    until = session.execute(select(SignInLockout.locked_until).where(SignInLockout.key == key[:120])).scalar_one_or_none()
    return seconds_until(until, now) if until is not None and until > now else 0


def fail(session: Session, key: str, *, now: datetime, backoff: Backoff) -> int:
    """Count one failed sign-in of the account behind `key`; return the seconds it is now locked (0: not)."""
    key = key[:120]
    fresh = SignInLockout.last_failure_at < now - backoff.forget
    statement = (_insert(session)(SignInLockout).values(key=key, failures=1, last_failure_at=now)
                 .on_conflict_do_update(index_elements=["key"], set_={
                     "failures": case((fresh, 1), else_=SignInLockout.failures + 1), "last_failure_at": now})
                 .returning(SignInLockout.failures))
    failures = int(session.execute(statement).scalar_one())
    lock = backoff.lock_for(failures)
    if lock:
        until = now + lock
        # Two workers failing at once: the longer lockout wins.
        session.execute(update(SignInLockout).where(SignInLockout.key == key, or_(
            SignInLockout.locked_until.is_(None), SignInLockout.locked_until < until)).values(locked_until=until))
    session.commit()
    return seconds_until(now + lock, now) if lock else 0


def clear(session: Session, key: str) -> None:
    """A successful sign-in: the account's failures are forgotten."""
    session.execute(delete(SignInLockout).where(SignInLockout.key == key[:120]))
    session.commit()


def prune(session: Session, *, before: datetime, forget: timedelta = timedelta(days=1)) -> int:
    """Forget windows that ended before `before`, and lockouts quiet for `forget` (the retention job calls this)."""
    removed = session.execute(delete(RateCounter).where(RateCounter.window_start < before - timedelta(days=1))).rowcount or 0
    removed += session.execute(delete(SignInLockout).where(
        SignInLockout.last_failure_at < before - forget,
        or_(SignInLockout.locked_until.is_(None), SignInLockout.locked_until < before))).rowcount or 0
    session.commit()
    return removed
