"""Attendance a consultant records for a day she did not log: what is refused, one record a day, audited writes, and
how a recorded day counts for R1-R3 (never over her own entry, never as a pain or an evening, never as her writing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlmodel import Session, select

from app.domain.day import Attendance
from app.domain.flags import FlagSettings, Level
from app.models import AttendanceRecord, AuditEvent, Citizen, DayEntry, FlagReading, Internship, StaffUser, WorkplaceAccess, WorkplaceDay
from app.services import attendance_records as records
from app.services import readings
from app.services.audit import Actor
from app.services.bulk_logs import load_logs
from tests.conftest import FROZEN_NOW, TODAY

START = date(2026, 9, 7)  # a Monday: Mon/Wed 3 h from here
MONDAY, WEDNESDAY = TODAY - timedelta(days=2), TODAY  # 16 and 18 November 2026


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    citizen = make_citizen(name="Amina", valid_from=START)
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    return citizen


@pytest.fixture
def karen(consultant: StaffUser) -> Actor:
    return Actor("staff", consultant.id, "consultant")


def write(db: Session, citizen: Citizen, days: list[date], pain: Callable[[date], int] = lambda d: 4,
          attendance: str = "full", at: datetime = FROZEN_NOW) -> None:
    """Her own entries for `days`, as her phone writes them."""
    db.execute(insert(DayEntry), [
        {"citizen_id": citizen.id, "day": day, "attendance": attendance, "hours_worked": 3.0 if attendance == "full" else 0.0,
         "early_reasons": "", "reason_text": "", "pain": pain(day), "evening": 2, "note": "", "entered_by": "self",
         "confirmed_by_citizen": True, "idempotency_key": f"{citizen.id}-{day}", "payload_hash": "x", "created_at": at,
         "updated_at": at} for day in days])
    db.commit()


def planned_days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1) if (first + timedelta(days=n)).weekday() in (0, 2)]


def given(day: date, attendance: str = "absent", hours: float | None = None, source: str = "workplace") -> records.RecordGiven:
    return records.RecordGiven(day=day, attendance=attendance, hours=hours, source=source)


def audited(db: Session, action: str) -> list[AuditEvent]:
    return list(db.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_it_records_a_day_she_did_not_log_with_who_and_when_and_audits_it(db: Session, amina: Citizen, karen: Actor) -> None:
    row = records.record(db, karen, amina.id, given(MONDAY, "early", 1.5, "her_by_phone"), today=TODAY)
    assert (row.attendance, row.hours, row.source, row.recorded_by_id) == ("early", 1.5, "her_by_phone", karen.id)
    assert row.created_at is not None
    (event,) = audited(db, "attendance_record.create")
    assert (event.citizen_id, event.object_id, event.actor_id) == (amina.id, row.id, karen.id)
    (view,) = records.records_between(db, amina.id, MONDAY, TODAY)
    assert view.record.id == row.id and view.recorded_by == "Karen Konsulent" and not view.hers_too


@pytest.mark.parametrize(("day", "attendance", "hours", "source", "field"), [
    (TODAY + timedelta(days=1), "absent", None, "workplace", "day"),  # the future
    (START - timedelta(days=7), "absent", None, "workplace", "day"),  # before her placement
    (MONDAY, "early", None, "workplace", "hours"),  # an early day needs its hours
    (MONDAY, "absent", 2.0, "workplace", "hours"),  # an absent day has none
    (MONDAY, "full", 30.0, "workplace", "hours"),
    (MONDAY, "late", None, "workplace", "attendance"),
    (MONDAY, "absent", None, "neighbour", "source"),
])
def test_it_refuses_what_a_record_cannot_hold(db: Session, amina: Citizen, karen: Actor, day: date, attendance: str,
                                              hours: float | None, source: str, field: str) -> None:
    with pytest.raises(records.RecordError) as refused:
        records.record(db, karen, amina.id, given(day, attendance, hours, source), today=TODAY)
    assert refused.value.field == field
    assert db.exec(select(AttendanceRecord)).all() == [] and audited(db, "attendance_record.create") == []


def test_it_refuses_a_day_she_logged_herself(db: Session, amina: Citizen, karen: Actor) -> None:
    write(db, amina, [MONDAY])
    with pytest.raises(records.RecordError, match="herself"):
        records.record(db, karen, amina.id, given(MONDAY), today=TODAY)


def test_a_second_record_of_a_day_is_refused_and_the_first_is_corrected_instead(db: Session, amina: Citizen, karen: Actor,
                                                                                 make_staff: Callable[..., StaffUser]) -> None:
    first = records.record(db, karen, amina.id, given(MONDAY), today=TODAY)
    colleague = Actor("staff", make_staff("consultant", name="Lene").id, "consultant")
    with pytest.raises(records.RecordError, match="recorded already"):
        records.record(db, colleague, amina.id, given(MONDAY, "full"), today=TODAY)
    corrected = records.correct(db, colleague, amina.id, first.id, given(MONDAY, "full", None, "consultant"))
    assert (corrected.id, corrected.attendance, corrected.source, corrected.recorded_by_id) == (first.id, "full", "consultant", colleague.id)
    assert len(db.exec(select(AttendanceRecord)).all()) == 1
    assert [e.actor_id for e in audited(db, "attendance_record.update")] == [colleague.id]


def test_it_removes_a_record_made_by_mistake_but_never_one_she_has_written_about_since(db: Session, amina: Citizen,
                                                                                       karen: Actor) -> None:
    mistake = records.record(db, karen, amina.id, given(MONDAY), today=TODAY)
    records.delete(db, karen, amina.id, mistake.id)
    assert db.exec(select(AttendanceRecord)).all() == [] and len(audited(db, "attendance_record.delete")) == 1
    kept = records.record(db, karen, amina.id, given(TODAY), today=TODAY)
    write(db, amina, [TODAY], at=FROZEN_NOW + timedelta(hours=1))
    with pytest.raises(records.RecordError, match="both accounts stay"):
        records.delete(db, karen, amina.id, kept.id)
    with pytest.raises(records.RecordError, match="both accounts stay"):
        records.correct(db, karen, amina.id, kept.id, given(TODAY, "full"))
    (view,) = records.records_between(db, amina.id, TODAY, TODAY)
    assert view.hers_too


def test_another_womans_record_is_not_found_and_the_miss_is_audited(db: Session, amina: Citizen, karen: Actor,
                                                                    make_citizen: Callable[..., Citizen]) -> None:
    other = make_citizen(name="Fatima", valid_from=START)
    row = records.record(db, karen, other.id, given(MONDAY), today=TODAY)
    with pytest.raises(records.RecordNotFound):
        records.delete(db, karen, amina.id, row.id)
    assert db.get(AttendanceRecord, row.id) is not None
    (denied,) = [e for e in audited(db, "attendance_record.read") if e.outcome == "denied"]
    assert denied.citizen_id == amina.id


def test_a_recorded_absent_day_counts_toward_r1_for_a_day_she_did_not_log(db: Session, amina: Citizen, karen: Actor) -> None:
    days = planned_days(START, TODAY)
    write(db, amina, days[:-3])
    before = readings.compute(db, [amina], TODAY, FlagSettings())[amina.id]
    assert "R1" not in {f.rule for f in before.active}  # three planned days unknown: not absent
    for day in days[-3:]:
        records.record(db, karen, amina.id, given(day, "absent"), today=TODAY)
    after = readings.compute(db, [amina], TODAY, FlagSettings())[amina.id]
    (r1,) = [f for f in after.active if f.rule == "R1"]
    assert r1.level is Level.RED and set(days[-3:]) <= set(r1.days)
    assert after.figures.last_entry == days[-4]  # when she last wrote: a recorded day is not her writing


def test_a_recorded_day_never_replaces_her_own_entry(db: Session, amina: Citizen, karen: Actor) -> None:
    records.record(db, karen, amina.id, given(MONDAY, "absent"), today=TODAY)
    write(db, amina, [MONDAY], pain=lambda d: 6, at=FROZEN_NOW + timedelta(hours=1))  # she wrote it afterwards
    facts = load_logs(db, [amina.id], TODAY).entries[amina.id][MONDAY]
    assert (facts.attendance, facts.pain, facts.recorded) == (Attendance.FULL, 6, False)
    assert db.exec(select(AttendanceRecord)).one().attendance == "absent"  # both accounts stay


def test_the_pain_rules_and_her_baseline_skip_a_recorded_day(db: Session, amina: Citizen, karen: Actor) -> None:
    days = planned_days(START, TODAY)
    recorded = days[-6:-1:2]  # three of her last six planned days, recorded as attended: no pain, no evening
    write(db, amina, [d for d in days if d not in recorded], pain=lambda d: 8 if d >= days[-6] else 4)
    for day in recorded:
        records.record(db, karen, amina.id, given(day, "full"), today=TODAY)
    facts = load_logs(db, [amina.id], TODAY).entries[amina.id]
    assert all(facts[d].pain is None and facts[d].evening is None and facts[d].recorded for d in recorded)
    reading = readings.compute(db, [amina], TODAY, FlagSettings())[amina.id]
    (r2,) = [f for f in reading.active if f.rule == "R2"]
    assert not set(r2.days) & set(recorded)
    assert r2.sentences[0].values["total"] == 5  # her last five days with a pain, not five days read as 0
    assert reading.figures.usual_pain == 4.0 and reading.figures.recent_pain is not None


def test_a_record_or_a_workplace_day_makes_her_stored_reading_stale(db: Session, amina: Citizen, karen: Actor,
                                                                    consultant: StaffUser) -> None:
    readings.store(db, readings.compute(db, [amina], TODAY, FlagSettings()), {amina.id: None}, TODAY, FROZEN_NOW, FlagSettings())
    db.commit()

    def generation() -> int:
        db.expire_all()
        row = db.get(FlagReading, amina.id)
        assert row is not None
        return row.generation

    seen = generation()
    records.record(db, karen, amina.id, given(MONDAY), today=TODAY)
    assert generation() == seen + 1
    placement = db.exec(select(Internship)).first()
    assert placement is not None
    access = WorkplaceAccess(internship_id=placement.id, token_hash="a" * 64, created_at=FROZEN_NOW, created_by_id=consultant.id,
                             expires_at=FROZEN_NOW + timedelta(days=7))
    db.add(access)
    db.commit()
    db.add(WorkplaceDay(internship_id=placement.id, day=TODAY, status="came", written_by_id=access.id, idempotency_key="k",
                        created_at=FROZEN_NOW, updated_at=FROZEN_NOW))
    db.commit()
    assert generation() == seen + 2
