"""Saving a day exactly once, corrections with history, and "call me"."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from app.db import make_engine
from app.domain.day import Attendance
from app.domain.entry import EntryAnswers
from app.models import AuditEvent, CallRequest, Citizen, DayEntry, EntryRevision, EntryTask
from app.services import audit
from app.services.citizens import create_citizen, set_schedule
from app.services.entries import (
    KeyConflictError, OutsideEditWindowError, SaveOutcome, request_call, revisions, save_entry,
)
from tests.conftest import FROZEN_NOW, ON_POSTGRES, TODAY

ACTOR = audit.Actor("citizen", 1, "citizen")


def answers(pain: int = 4, attendance: Attendance | None = Attendance.FULL, tasks: tuple[tuple[int, bool], ...] = ()) -> EntryAnswers:
    return EntryAnswers(attendance=attendance, hours_worked=3 if attendance else None, early_reasons=(), absence_reason=None,
                        told_in_advance=None, reason_text="", pain=pain, difficulty=2, breaks="none", tasks=tasks,
                        evening=2, note="")


def save(db: Session, citizen: Citizen, day: date, values: EntryAnswers, key: str) -> object:
    return save_entry(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, day, values, key,
                      today=TODAY, edit_days=7, now=FROZEN_NOW)


def count(db: Session, model: type[SQLModel]) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_it_stores_a_new_entry_with_its_tasks(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    task_id = 1
    result = save(db, citizen, TODAY, answers(tasks=((task_id, True),)), str(uuid.uuid4()))
    assert result.outcome is SaveOutcome.CREATED
    assert db.exec(select(EntryTask)).one().hard is True
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "entry.create")).one().citizen_id == citizen.id


def test_it_replays_a_retry_with_the_same_key(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    key = str(uuid.uuid4())
    first = save(db, citizen, TODAY, answers(), key)
    again = save(db, citizen, TODAY, answers(), key)
    assert again.outcome is SaveOutcome.REPLAYED
    assert again.entry.id == first.entry.id
    assert count(db, DayEntry) == 1


def test_it_refuses_the_same_key_with_other_answers(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    key = str(uuid.uuid4())
    save(db, citizen, TODAY, answers(pain=4), key)
    with pytest.raises(KeyConflictError):
        save(db, citizen, TODAY, answers(pain=9), key)
    assert db.exec(select(DayEntry)).one().pain == 4


def test_it_keeps_the_old_version_when_she_corrects_a_day(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    day = TODAY - timedelta(days=2)
    first_key, second_key = str(uuid.uuid4()), str(uuid.uuid4())
    save(db, citizen, day, answers(pain=4), first_key)
    result = save(db, citizen, day, answers(pain=7), second_key)
    assert result.outcome is SaveOutcome.UPDATED
    entry = db.exec(select(DayEntry)).one()
    db.refresh(entry)
    assert entry.pain == 7
    history = revisions(db, entry.id)
    assert len(history) == 1
    assert json.loads(history[0].old_values)["pain"] == 4
    assert history[0].old_idempotency_key == first_key
    # A late retry of the first submission does not undo the correction.
    assert save(db, citizen, day, answers(pain=4), first_key).outcome is SaveOutcome.REPLAYED
    db.refresh(entry)
    assert entry.pain == 7 and count(db, EntryRevision) == 1


def test_it_writes_no_revision_when_nothing_changed(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    save(db, citizen, TODAY, answers(), str(uuid.uuid4()))
    assert save(db, citizen, TODAY, answers(), str(uuid.uuid4())).outcome is SaveOutcome.REPLAYED
    assert count(db, EntryRevision) == 0


@pytest.mark.parametrize("day", [TODAY + timedelta(days=1), TODAY - timedelta(days=8)])
def test_it_refuses_days_outside_the_edit_window(db: Session, make_citizen: Callable[..., Citizen], day: date) -> None:
    citizen = make_citizen()
    with pytest.raises(OutsideEditWindowError):
        save(db, citizen, day, answers(), str(uuid.uuid4()))
    assert count(db, DayEntry) == 0


def test_it_counts_repeated_call_me_taps_once(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    actor = audit.Actor("citizen", citizen.id, "citizen")
    first = request_call(db, actor, citizen.id, FROZEN_NOW)
    second = request_call(db, actor, citizen.id, FROZEN_NOW + timedelta(minutes=5))
    assert first.id == second.id
    later = request_call(db, actor, citizen.id, FROZEN_NOW + timedelta(hours=2))
    assert later.id != first.id
    assert count(db, CallRequest) == 2


@pytest.fixture
def shared_engine(tmp_path: Path, engine: object) -> object:
    """A database several threads reach over separate connections: a real SQLite file, or PostgreSQL."""
    if ON_POSTGRES:
        return engine
    file_engine = make_engine(f"sqlite:///{tmp_path / 'race.sqlite3'}")
    SQLModel.metadata.create_all(file_engine)
    return file_engine


@pytest.mark.parametrize("same_key", [True, False], ids=["one key", "one day, many keys"])
def test_it_keeps_one_row_when_parallel_submits_race(shared_engine: object, same_key: bool) -> None:
    with Session(shared_engine, expire_on_commit=False) as setup:
        citizen = create_citizen(setup, audit.SYSTEM, name="Race", language="ar", start=date(2026, 11, 2))
        set_schedule(setup, audit.SYSTEM, citizen.id, hours=(3, 0, 3, 0, 0, 0, 0), valid_from=date(2026, 11, 2))
    key = str(uuid.uuid4())
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    failures: list[BaseException] = []

    def submit() -> None:
        with Session(shared_engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                result = save(session, citizen, TODAY, answers(), key if same_key else str(uuid.uuid4()))
                outcomes.append(result.outcome.value)
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                failures.append(error)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert outcomes.count("created") == 1
    assert outcomes.count("replayed") == 7
    with Session(shared_engine) as check:
        assert check.exec(select(func.count()).select_from(DayEntry).where(DayEntry.citizen_id == citizen.id)).one() == 1
        assert check.exec(select(func.count()).select_from(EntryRevision)).one() == 0


