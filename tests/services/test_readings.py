"""Stored flag readings: read while fresh, stale after every change they depend on, never stored from an older log."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, insert, literal, update
from sqlmodel import Session, SQLModel, select

from app.db import make_engine
from app.domain.day import Attendance
from app.domain.entry import EntryAnswers
from app.domain.flags import FlagSettings
from app.models import (
    AuditEvent, Citizen, Course, DayEntry, FlagReading, FlagState, Internship, ScheduleVersion, StaffUser,
)
from app.services import audit, readings
from app.services.citizens import record_consent, set_schedule
from app.services.entries import Provenance, request_call, save_entry
from app.services.flags import acknowledge, flags_for
from app.services.followups import mark_call_handled
from app.services.rights import anonymise
from tests.conftest import FROZEN_NOW, ON_POSTGRES, TODAY

START = date(2026, 9, 7)  # a Monday: Mon/Wed 3 h from here
RECENT = TODAY - timedelta(days=9)


def log(session: Session, citizen: Citizen, pain: Callable[[date], int]) -> None:
    """Every planned day from START to yesterday, written in one bulk insert."""
    rows, day = [], START
    while day < TODAY:
        if day.weekday() in (0, 2):
            rows.append({"citizen_id": citizen.id, "day": day, "attendance": "full", "hours_worked": 3.0, "early_reasons": "",
                         "reason_text": "", "pain": pain(day), "evening": 2, "note": "", "entered_by": "self",
                         "confirmed_by_citizen": True, "idempotency_key": f"{citizen.id}-{day}", "payload_hash": "x",
                         "created_at": FROZEN_NOW, "updated_at": FROZEN_NOW})
        day += timedelta(days=1)
    session.execute(insert(DayEntry), rows)
    session.commit()


@pytest.fixture
def women(db: Session, make_citizen: Callable[..., Citizen]) -> dict[str, Citizen]:
    """Pia in pain for the last ten days, steady Sahra beside her."""
    found = {"pia": make_citizen(name="Pia", valid_from=START), "sahra": make_citizen(name="Sahra", valid_from=START)}
    log(db, found["pia"], lambda d: 8 if d >= RECENT else 4)
    log(db, found["sahra"], lambda d: 4)
    return found


def reading(db: Session, citizen: Citizen) -> FlagReading | None:
    db.expire_all()
    return db.get(FlagReading, citizen.id)


def shown(db: Session, citizen: Citizen, today: date = TODAY) -> list[str]:
    return [f.rule for f in flags_for(db, [citizen], today)[citizen.id].report.shown]


def answers(pain: int = 4, attendance: Attendance = Attendance.FULL) -> EntryAnswers:
    return EntryAnswers(attendance=attendance, hours_worked=3, early_reasons=(), absence_reason=None, told_in_advance=None,
                        reason_text="", pain=pain, difficulty=2, breaks="none", tasks=(), evening=2, note="")


def test_a_second_read_uses_the_stored_reading(db: Session, women: dict[str, Citizen], recomputed: list[list[int]]) -> None:
    both = [women["pia"], women["sahra"]]
    first = flags_for(db, both, TODAY)
    assert recomputed == [sorted(c.id for c in both)]
    again = flags_for(db, both, TODAY)
    assert len(recomputed) == 1
    assert {i: f.report for i, f in again.items()} == {i: f.report for i, f in first.items()}
    assert "R2" in [f.rule for f in again[women["pia"].id].report.shown]
    stored = reading(db, women["pia"])
    assert stored is not None and stored.as_of == TODAY and stored.engine == readings.fingerprint(FlagSettings())


def _entry_by_herself(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    save_entry(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, TODAY, answers(), str(uuid.uuid4()),
               today=TODAY, edit_days=7, now=FROZEN_NOW)


def _corrected_entry(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    # A correction of a day she wrote (the conditional UPDATE statement, not the ORM flush).
    save_entry(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, TODAY - timedelta(days=2), answers(pain=9),
               str(uuid.uuid4()), today=TODAY, edit_days=7, now=FROZEN_NOW)


def _attendance_by_consultant(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    save_entry(db, audit.Actor("staff", staff.id, "consultant"), citizen.id, TODAY, answers(attendance=Attendance.ABSENT),
               str(uuid.uuid4()), today=TODAY, edit_days=7, now=FROZEN_NOW,
               provenance=Provenance("consultant", staff.id, "da", confirmed_by_citizen=False))


def _entry_with_interpreter(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    save_entry(db, audit.Actor("staff", staff.id, "interpreter"), citizen.id, TODAY, answers(), str(uuid.uuid4()),
               today=TODAY, edit_days=7, now=FROZEN_NOW, provenance=Provenance("interpreter", staff.id, "so", True))


def _new_plan_version(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    set_schedule(db, audit.Actor("staff", staff.id, "consultant"), citizen.id, hours=(3, 0, 3, 0, 3, 0, 0), valid_from=TODAY)


def _call_me(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    request_call(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, FROZEN_NOW)


def _entry_edited_as_an_object(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    entry = db.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id).order_by(DayEntry.day.desc())).first()
    entry.pain = 0
    db.add(entry)
    db.commit()


def _entries_inserted_in_bulk(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    db.execute(insert(DayEntry), [{"citizen_id": citizen.id, "day": TODAY, "attendance": "absent", "hours_worked": 0.0,
                                   "early_reasons": "", "reason_text": "", "pain": 9, "evening": 5, "note": "",
                                   "entered_by": "self", "confirmed_by_citizen": True, "idempotency_key": "bulk",
                                   "payload_hash": "x", "created_at": FROZEN_NOW, "updated_at": FROZEN_NOW}])
    db.commit()


def _entry_inserted_with_its_values(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    db.execute(insert(DayEntry).values(citizen_id=citizen.id, day=TODAY, attendance="full", hours_worked=3.0, early_reasons="",
                                       reason_text="", pain=2, evening=1, note="", entered_by="self", confirmed_by_citizen=True,
                                       idempotency_key="values", payload_hash="x", created_at=FROZEN_NOW, updated_at=FROZEN_NOW))
    db.commit()


def _entries_updated_by_a_statement(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    db.execute(update(DayEntry).where(DayEntry.citizen_id == citizen.id, DayEntry.day >= RECENT).values(pain=1))
    db.commit()


def _entries_deleted_by_a_statement(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    db.execute(delete(DayEntry).where(DayEntry.citizen_id == citizen.id, DayEntry.day >= RECENT))
    db.commit()


def _plan_changed_by_a_statement(db: Session, citizen: Citizen, staff: StaffUser) -> None:
    hers = select(Internship.id).join(Course, Internship.course_id == Course.id).where(Course.citizen_id == citizen.id)
    db.execute(update(ScheduleVersion).where(ScheduleVersion.internship_id.in_(hers)).values(hours_fri=3.0))
    db.commit()


WRITES = [_entry_by_herself, _corrected_entry, _attendance_by_consultant, _entry_with_interpreter, _new_plan_version, _call_me,
          _entry_edited_as_an_object, _entries_inserted_in_bulk, _entry_inserted_with_its_values, _entries_updated_by_a_statement, _entries_deleted_by_a_statement,
          _plan_changed_by_a_statement]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_each_change_to_her_log_or_plan_makes_only_her_reading_stale(
        db: Session, women: dict[str, Citizen], consultant: StaffUser, recomputed: list[list[int]],
        write: Callable[[Session, Citizen, StaffUser], None]) -> None:
    pia, sahra = women["pia"], women["sahra"]
    flags_for(db, [pia, sahra], TODAY)
    before = reading(db, pia).generation
    write(db, pia, consultant)
    mine, hers = reading(db, pia), reading(db, sahra)
    assert mine.as_of is None and mine.generation > before
    assert hers.as_of == TODAY
    recomputed.clear()
    flags_for(db, [pia, sahra], TODAY)
    assert recomputed == [[pia.id]]
    assert reading(db, pia).as_of == TODAY


def test_an_insert_whose_women_cannot_be_told_makes_every_reading_stale(db: Session, women: dict[str, Citizen]) -> None:
    pia, sahra = women["pia"], women["sahra"]
    flags_for(db, [pia, sahra], TODAY)
    columns = ("citizen_id", "attendance", "hours_worked", "early_reasons", "reason_text", "pain", "evening", "note",
               "entered_by", "confirmed_by_citizen", "payload_hash", "created_at", "updated_at")
    copied = select(*(getattr(DayEntry, c) for c in columns), literal(TODAY), literal("copied")).where(
        DayEntry.citizen_id == pia.id, DayEntry.day == RECENT + timedelta(days=2))
    db.execute(insert(DayEntry).from_select([*columns, "day", "idempotency_key"], copied))
    db.commit()
    assert reading(db, pia).as_of is None and reading(db, sahra).as_of is None


def test_a_call_request_shows_at_once_and_goes_when_handled(db: Session, women: dict[str, Citizen], consultant: StaffUser) -> None:
    sahra = women["sahra"]
    assert "R4" not in shown(db, sahra)
    call = request_call(db, audit.Actor("citizen", sahra.id, "citizen"), sahra.id, FROZEN_NOW)
    assert "R4" in shown(db, sahra)
    assert mark_call_handled(db, audit.Actor("staff", consultant.id, "consultant"), sahra.id, call.id, FROZEN_NOW)
    assert reading(db, sahra).as_of is None
    assert "R4" not in shown(db, sahra)


def test_her_consent_makes_her_reading_stale(db: Session, make_citizen: Callable[..., Citizen], recomputed: list[list[int]]) -> None:
    citizen = make_citizen(consented=False, valid_from=START)
    flags_for(db, [citizen], TODAY)
    record_consent(db, audit.Actor("citizen", citizen.id, "citizen"), citizen)
    assert reading(db, citizen).as_of is None
    flags_for(db, [citizen], TODAY)
    assert recomputed == [[citizen.id], [citizen.id]]


def test_a_new_day_makes_every_reading_stale(db: Session, women: dict[str, Citizen], recomputed: list[list[int]]) -> None:
    both = [women["pia"], women["sahra"]]
    flags_for(db, both, TODAY)
    flags_for(db, both, TODAY + timedelta(days=1))
    assert recomputed == [sorted(c.id for c in both)] * 2
    assert reading(db, women["pia"]).as_of == TODAY + timedelta(days=1)


def test_an_acknowledgement_quiets_a_flag_without_recomputing(db: Session, women: dict[str, Citizen], consultant: StaffUser,
                                                              recomputed: list[list[int]]) -> None:
    pia = women["pia"]
    assert "R2" in shown(db, pia)
    generation = reading(db, pia).generation
    assert acknowledge(db, audit.Actor("staff", consultant.id, "consultant"), pia.id, "R2", "known_flare", FROZEN_NOW)
    found = flags_for(db, [pia], TODAY)[pia.id]
    assert "R2" not in [f.rule for f in found.report.shown] and "R2" in [f.rule for f in found.report.quiet]
    assert recomputed == [[pia.id]]  # the first read only
    assert reading(db, pia).generation == generation


def test_writes_that_do_not_change_what_she_is_read_from_keep_her_reading(db: Session, women: dict[str, Citizen],
                                                                          consultant: StaffUser) -> None:
    pia = women["pia"]
    flags_for(db, [pia], TODAY)
    citizen = db.get(Citizen, pia.id)
    citizen.display_name, citizen.phone = "Pia Renamed", "12345678"
    db.add(citizen)
    audit.record(db, audit.Actor("staff", consultant.id, "consultant"), "citizen.read", citizen_id=pia.id)
    db.commit()
    entry = db.exec(select(DayEntry).where(DayEntry.citizen_id == pia.id)).first()
    db.add(entry)  # touched, not changed
    db.commit()
    assert reading(db, pia).as_of == TODAY
    assert db.exec(select(AuditEvent).where(AuditEvent.citizen_id == pia.id)).first() is not None


def test_a_reading_made_by_other_code_or_settings_is_not_used(db: Session, women: dict[str, Citizen],
                                                             recomputed: list[list[int]]) -> None:
    pia = women["pia"]
    flags_for(db, [pia], TODAY)
    db.execute(update(FlagReading).where(FlagReading.citizen_id == pia.id).values(engine="older-engine"))
    db.commit()
    flags_for(db, [pia], TODAY)
    flags_for(db, [pia], TODAY, settings=FlagSettings(r2_high_days=2))
    assert recomputed == [[pia.id]] * 3


def test_a_reading_computed_while_her_log_changed_is_not_kept(db: Session, engine: Engine, women: dict[str, Citizen],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader saw her old log; an entry arrives before it stores: it must not be kept as fresh."""
    sahra = women["sahra"]
    original = readings.compute

    def slow_compute(session: Session, citizens: list[Citizen], today: date, settings: FlagSettings,
                            has: object = None) -> dict[int, readings.Reading]:
        found = original(session, citizens, today, settings, has)
        with Session(engine, expire_on_commit=False) as phone:  # her phone, another request
            request_call(phone, audit.Actor("citizen", sahra.id, "citizen"), sahra.id, FROZEN_NOW)
        return found

    monkeypatch.setattr(readings, "compute", slow_compute)
    assert "R4" not in [f.rule for f in flags_for(db, [sahra], TODAY)[sahra.id].report.shown]  # what it read
    assert reading(db, sahra).as_of is None
    monkeypatch.setattr(readings, "compute", original)
    assert "R4" in shown(db, sahra)


def test_two_readers_of_the_same_woman_at_once_open_one_episode(db: Session, engine: Engine, women: dict[str, Citizen],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pia = women["pia"]
    original = readings.compute
    raced: list[bool] = []

    def racing_compute(session: Session, citizens: list[Citizen], today: date, settings: FlagSettings,
                              has: object = None) -> dict[int, readings.Reading]:
        found = original(session, citizens, today, settings, has)
        if not raced:
            raced.append(True)
            with Session(engine, expire_on_commit=False) as other:  # another request, a moment ahead
                flags_for(other, [other.get(Citizen, pia.id)], today)
        return found

    monkeypatch.setattr(readings, "compute", racing_compute)
    assert "R2" in shown(db, pia)
    assert raced == [True]
    episodes = db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).all()
    assert len(episodes) == 1 and episodes[0].cleared_on is None


@pytest.fixture
def shared_engine(tmp_path: Path, engine: Engine) -> Iterator[Engine]:
    """A database several threads reach over separate connections: a real SQLite file, or PostgreSQL."""
    if ON_POSTGRES:
        yield engine
        return
    file_engine = make_engine(f"sqlite:///{tmp_path / 'readers.sqlite3'}")
    SQLModel.metadata.create_all(file_engine)
    yield file_engine
    file_engine.dispose()


def test_readers_racing_for_the_same_women_neither_fail_nor_double_an_episode(shared_engine: Engine) -> None:
    from app.services.citizens import create_citizen

    with Session(shared_engine, expire_on_commit=False) as setup:
        ids = []
        for name in ("Ayan", "Hodan", "Ifrah"):
            citizen = create_citizen(setup, audit.SYSTEM, name=name, language="so", start=START)
            set_schedule(setup, audit.SYSTEM, citizen.id, hours=(3, 0, 3, 0, 0, 0, 0), valid_from=START)
            log(setup, citizen, lambda d: 8 if d >= RECENT else 3)
            ids.append(citizen.id)
    barrier = threading.Barrier(6)
    failures: list[BaseException] = []

    def read() -> None:
        with Session(shared_engine, expire_on_commit=False) as session:
            citizens = [session.get(Citizen, i) for i in ids]
            barrier.wait()
            try:
                flags_for(session, citizens, TODAY)
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                failures.append(error)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with Session(shared_engine) as check:
        episodes = check.exec(select(FlagState.citizen_id, FlagState.rule).where(FlagState.cleared_on.is_(None))).all()
        assert len(episodes) == len(set(episodes)) and {c for c, _ in episodes} == set(ids)
        assert {r.as_of for r in check.exec(select(FlagReading)).all()} == {TODAY}


def test_her_erasure_removes_her_reading(db: Session, women: dict[str, Citizen], consultant: StaffUser) -> None:
    pia = women["pia"]
    flags_for(db, [pia], TODAY)
    anonymise(db, audit.Actor("staff", consultant.id, "consultant"), pia.id, FROZEN_NOW)
    assert reading(db, pia) is None
