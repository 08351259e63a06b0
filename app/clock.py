"""The app's notion of now and today, in one place so tests can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")


def utcnow() -> datetime:
    """Current time, timezone-aware in UTC: the form every timestamp is stored in."""
    return datetime.now(UTC)


def local_today(now_utc: datetime | None = None) -> date:
    """The calendar day in Copenhagen at `now_utc` (default: now)."""
    now_utc = now_utc or utcnow()
    return now_utc.astimezone(LOCAL_ZONE).date()


def local_now(now_utc: datetime | None = None) -> datetime:
    """The wall-clock time in Copenhagen at `now_utc` (default: now), as her plan's start times are written."""
    return (now_utc or utcnow()).astimezone(LOCAL_ZONE)
