"""Episodes as the consultant lives them: a flare that comes back within a week is the one she already knows.

A woman whose bad week comes every third week would otherwise bring a new alarm each time her flag
clears and returns; an acknowledgement ("known flare") holds across such a return, and a new
episode starts only when the flag has been gone longer (FlagSettings.reopen_within_days).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import insert
from sqlmodel import Session, select

from app.domain.flags import FlagSettings
from app.models import Citizen, DayEntry, FlagState, StaffUser
from app.services import audit
from app.services.flags import acknowledge, flags_for
from tests.conftest import FROZEN_NOW, TODAY

START = date(2026, 9, 7)  # a Monday
PLAN = (3, 3, 3, 3, 3, 0, 0)  # Monday to Friday


def write(db: Session, citizen: Citizen, first: date, last: date, pain: int) -> None:
    """Her planned days from `first` to `last`, at `pain`, in one bulk insert."""
    rows, day = [], first
    while day <= last:
        if PLAN[day.weekday()]:
            rows.append({"citizen_id": citizen.id, "day": day, "attendance": "full", "hours_worked": 3.0, "early_reasons": "",
                         "reason_text": "", "pain": pain, "evening": 2, "note": "", "entered_by": "self",
                         "confirmed_by_citizen": True, "idempotency_key": f"{citizen.id}-{day}", "payload_hash": "x",
                         "created_at": FROZEN_NOW, "updated_at": FROZEN_NOW})
        day += timedelta(days=1)
    if rows:
        db.execute(insert(DayEntry), rows)
        db.commit()


def pain_flag(db: Session, citizen: Citizen, day: date, settings: FlagSettings) -> tuple[str, FlagState | None]:
    """"shown", "quiet" or "none" for R2 as her consultant sees it on `day`, and its episode."""
    found = flags_for(db, [citizen], day, settings=settings)[citizen.id]
    where = ("shown" if any(f.rule == "R2" for f in found.report.shown) else
             "quiet" if any(f.rule == "R2" for f in found.report.quiet) else "none")
    return where, found.states.get("R2")


def flare_cleared_and_back(db: Session, citizen: Citizen, staff: StaffUser, settings: FlagSettings) -> tuple[int, int, str, FlagState]:
    """A flare, acknowledged; weeks of ordinary days until it clears; then the same flare again, read every day."""
    write(db, citizen, START, TODAY - timedelta(days=8), pain=4)
    write(db, citizen, TODAY - timedelta(days=7), TODAY - timedelta(days=1), pain=8)
    where, state = pain_flag(db, citizen, TODAY, settings)
    assert where == "shown" and state is not None
    acknowledge(db, audit.Actor("staff", staff.id, "consultant"), citizen.id, "R2", "known_flare", FROZEN_NOW)
    first_id = state.id
    day = TODAY
    while where != "none":  # ordinary days: the flag is held two weeks, then clears
        day += timedelta(days=1)
        write(db, citizen, day, day, pain=4)
        where, _state = pain_flag(db, citizen, day, settings)
    cleared = day
    while where == "none":  # and the same flare again
        day += timedelta(days=1)
        write(db, citizen, day, day, pain=8)
        where, state = pain_flag(db, citizen, day, settings)
    assert state is not None
    return first_id, (day - cleared).days, where, state


def test_a_flare_back_within_the_window_is_the_episode_she_acknowledged(
        db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser]) -> None:
    pia = make_citizen(name="Pia", hours=PLAN, valid_from=START)
    first_id, gap, where, state = flare_cleared_and_back(db, pia, make_staff(), FlagSettings())
    assert gap <= FlagSettings().reopen_within_days
    assert where == "quiet"  # no worse than when she acknowledged it: still quiet
    assert state.id == first_id and state.ack_reason == "known_flare"
    assert len(db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).all()) == 1


def test_a_flare_back_after_the_window_is_a_new_episode_and_shown(
        db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser]) -> None:
    pia = make_citizen(name="Pia", hours=PLAN, valid_from=START)
    settings = FlagSettings(reopen_within_days=1)
    first_id, gap, where, state = flare_cleared_and_back(db, pia, make_staff(), settings)
    assert gap > settings.reopen_within_days
    assert where == "shown" and state.id != first_id and state.ack_reason is None
