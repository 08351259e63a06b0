"""Silence as the review list tells it: a woman who has not written since her start is flagged too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session

from app.models import Citizen
from app.services.flags import flags_for
from tests.conftest import TODAY


def test_a_woman_with_no_entry_since_her_start_gets_the_contact_flag(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    start = TODAY - timedelta(days=16)
    never = make_citizen(name="Nasra", valid_from=start, consented=False)  # she never got the app going
    found = flags_for(db, [never], TODAY)[never.id]
    r8 = next(f for f in found.report.shown if f.rule == "R8")
    assert {"start": start} in [s.values for s in r8.sentences]


def test_silence_counts_from_the_day_she_got_the_app(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    amina = make_citizen(name="Amina", valid_from=TODAY - timedelta(days=60))  # consented 10 days ago (conftest)
    r8 = next(f for f in flags_for(db, [amina], TODAY)[amina.id].report.shown if f.rule == "R8")
    assert [s.values["start"] for s in r8.sentences if "start" in s.values] == [(TODAY - timedelta(days=10))]
