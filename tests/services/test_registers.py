"""A session's register: who may open it, everyone present by default, refused input, one register per session however
often and by whomever it is saved (a retried POST writes nothing more; a second save keeps a revision)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, func, select

from app import clock
from app.db import make_engine
from app.domain.activities import ActivityRefused
from app.models import ActivityMark, ActivityRegister, ActivityRegisterRevision, AuditEvent, Citizen, GroupMember, StaffUser
from app.services import audit, registers
from app.services.citizens import create_citizen
from tests.conftest import FROZEN_NOW, TODAY
from tests.registers_world import personal_series, teaching_group

MONDAY = date(2026, 11, 16)


@pytest.fixture
def world(db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser]) -> dict[str, object]:
    own, other = make_staff("consultant", name="Karen Konsulent"), make_staff("consultant")
    teacher, stranger = make_staff("teacher", name="Tove Lærer"), make_staff("teacher")
    fatima, amina = make_citizen(name="Fatima Ali", language="ar"), make_citizen(name="Amina Yusuf")
    fatima.consultant_id = own.id
    db.add(fatima)
    db.commit()
    group, series = teaching_group(db, "Hold A", [teacher.id], [fatima.id, amina.id], own.id)
    other_group, other_series = teaching_group(db, "Hold B", [stranger.id], [make_citizen(name="Hodan").id], other.id)
    return {"own": own, "other": other, "teacher": teacher, "stranger": stranger, "fatima": fatima, "amina": amina,
            "series": series, "other_series": other_series}


def _save(db: Session, user: StaffUser, series_id: int, marks: dict[int, tuple[str, str]], key: str = "k1",
          day: date = MONDAY) -> registers.Saved:
    return registers.save_register(db, user, series_id, day, marks, key, today=TODAY, now=clock.utcnow())


def _count(db: Session, model: type) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_it_opens_everyone_present_by_first_name_and_stores_what_was_tapped(db: Session, world: dict) -> None:
    teacher, series, fatima, amina = world["teacher"], world["series"], world["fatima"], world["amina"]
    shown = registers.open_register(db, teacher, series.id, MONDAY)
    assert [(row.name, row.mark) for row in shown.rows] == [("Amina", "present"), ("Fatima", "present")]
    assert not shown.taken and shown.session is not None and shown.group_name == "Hold A"
    saved = _save(db, teacher, series.id, {amina.id: ("absent", "ill")})
    assert saved.outcome == "created"
    shown = registers.open_register(db, teacher, series.id, MONDAY)
    assert {row.citizen_id: (row.mark, row.reason) for row in shown.rows} == {amina.id: ("absent", "ill"), fatima.id: ("present", "")}
    assert shown.taken_by == "Tove Lærer" and shown.corrections == ()
    events = db.exec(select(AuditEvent).where(AuditEvent.action.startswith("activity_register"))).all()
    assert [(e.action, e.object_type) for e in events] == [
        ("activity_register.read", "activity_series"), ("activity_register.created", "activity_register"),
        ("activity_register.read", "activity_series")]
    assert events[1].object_id == saved.register_id and events[1].citizen_id is None


def test_it_refuses_a_future_session_a_day_without_one_and_a_stranger(db: Session, world: dict,
                                                                     make_citizen: Callable[..., Citizen]) -> None:
    teacher, series = world["teacher"], world["series"]
    with pytest.raises(ActivityRefused) as refused:
        _save(db, teacher, series.id, {}, day=TODAY + timedelta(days=5))  # Monday next week
    assert refused.value.message == "This session has not happened yet."
    with pytest.raises(ActivityRefused) as refused:
        _save(db, teacher, series.id, {}, day=MONDAY + timedelta(days=1))  # a Tuesday: no session
    assert refused.value.field == "day"
    with pytest.raises(ActivityRefused) as refused:
        _save(db, teacher, series.id, {make_citizen(name="Sahra").id: ("absent", "")})
    assert refused.value.field == "marks"
    with pytest.raises(ActivityRefused):
        _save(db, teacher, series.id, {world["amina"].id: ("present", "ill")})  # a reason only when she was not there on time
    assert _count(db, ActivityRegister) == 0


def test_it_writes_nothing_more_for_a_retried_post(db: Session, world: dict) -> None:
    teacher, series, amina = world["teacher"], world["series"], world["amina"]
    assert _save(db, teacher, series.id, {amina.id: ("late", "transport")}).outcome == "created"
    assert _save(db, teacher, series.id, {amina.id: ("late", "transport")}).outcome == "repeated"
    assert _count(db, ActivityRegister) == 1 and _count(db, ActivityMark) == 2 and _count(db, ActivityRegisterRevision) == 0
    writes = db.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "activity_register")).one()
    assert writes == 1
    with pytest.raises(ActivityRefused):  # the same form's key for another session of the series
        _save(db, teacher, series.id, {}, day=MONDAY + timedelta(days=2))


def test_it_keeps_the_old_marks_when_a_second_save_corrects_it(db: Session, world: dict) -> None:
    teacher, own, series, fatima, amina = world["teacher"], world["own"], world["series"], world["fatima"], world["amina"]
    _save(db, teacher, series.id, {fatima.id: ("absent", "")}, key="teacher")
    assert _save(db, own, series.id, {fatima.id: ("late", "child_ill")}, key="consultant").outcome == "corrected"
    assert _save(db, own, series.id, {fatima.id: ("late", "child_ill")}, key="again").outcome == "unchanged"
    assert _count(db, ActivityRegister) == 1
    revision = db.exec(select(ActivityRegisterRevision)).one()
    assert json.loads(revision.marks) == {str(fatima.id): ["absent", ""], str(amina.id): ["present", ""]}
    assert (revision.written_by_id, revision.changed_by_id) == (teacher.id, own.id)
    shown = registers.open_register(db, teacher, series.id, MONDAY)
    assert shown.taken_by == "Tove Lærer" and [c.by for c in shown.corrections] == ["Karen Konsulent"]
    assert next(row for row in shown.rows if row.citizen_id == fatima.id).mark == "late"


def test_it_corrects_the_register_another_save_made_meanwhile(db: Session, world: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two teachers at once: the other's insert wins the unique constraint; this save runs again as its correction."""
    teacher, own, series, fatima = world["teacher"], world["own"], world["series"], world["fatima"]
    real_write = registers._write
    raced = []

    def racing(session: Session, *args: object) -> registers.Saved:
        if not raced:
            raced.append(True)
            with Session(db.get_bind()) as other:
                registers.save_register(other, own, series.id, MONDAY, {fatima.id: ("absent", "")}, "other", today=TODAY,
                                        now=clock.utcnow())
            raise IntegrityError("INSERT INTO activity_register", {}, Exception("uq_activity_register_session"))
        return real_write(session, *args)

    monkeypatch.setattr(registers, "_write", racing)
    assert _save(db, teacher, series.id, {fatima.id: ("late", "")}).outcome == "corrected"
    db.expire_all()
    assert _count(db, ActivityRegister) == 1 and _count(db, ActivityRegisterRevision) == 1


def test_it_lets_only_the_leader_and_a_consultant_of_a_woman_in_it_open_it(db: Session, world: dict,
                                                                           make_staff: Callable[..., StaffUser]) -> None:
    series, other_series = world["series"], world["other_series"]
    for user in (world["teacher"], world["own"]):
        assert registers.open_register(db, user, series.id, MONDAY).rows
    for user in (world["stranger"], world["other"], make_staff("interpreter"), make_staff("admin")):
        with pytest.raises(registers.OutOfScope):
            registers.open_register(db, user, series.id, MONDAY)
        with pytest.raises(registers.OutOfScope):
            _save(db, user, series.id, {})
    with pytest.raises(registers.OutOfScope):
        registers.open_register(db, world["teacher"], other_series.id, MONDAY)
    denied = db.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.outcome == "denied",
                                                                        AuditEvent.object_type == "activity_series")).one()
    assert denied == 9


def test_it_never_opens_her_treatment_to_a_teacher(db: Session, world: dict) -> None:
    teacher, fatima, own = world["teacher"], world["fatima"], world["own"]
    physio = personal_series(db, fatima.id, own.id, leader_id=teacher.id)
    talk = personal_series(db, fatima.id, own.id, kind="talk", leader_id=teacher.id, title="Samtale", weekdays="0")
    with pytest.raises(registers.OutOfScope):
        registers.open_register(db, teacher, physio.id, TODAY)
    assert [row.name for row in registers.open_register(db, own, physio.id, TODAY).rows] == ["Fatima"]
    assert _save(db, teacher, talk.id, {fatima.id: ("absent", "appointment")}).outcome == "created"
    groups, listed = registers.teacher_sessions(db, teacher, TODAY)
    assert [group.name for group in groups] == ["Hold A"]
    assert {item.session.series_id for item in listed} == {world["series"].id, talk.id}
    assert [(item.session.day, item.taken) for item in listed if item.session.series_id == talk.id] == [
        (date(2026, 11, 9), False), (MONDAY, True), (date(2026, 11, 23), False)]
    assert min(item.session.day for item in listed) >= TODAY - timedelta(days=14)
    assert max(item.session.day for item in listed) <= TODAY + timedelta(days=7)


def test_it_lists_a_consultants_sessions_on_the_days_her_women_were_in_them(db: Session, world: dict,
                                                                            make_citizen: Callable[..., Citizen]) -> None:
    own, other = world["own"], world["other"]
    late = make_citizen(name="Nimo")
    late.consultant_id = other.id
    db.add(late)
    db.commit()
    joined = teaching_group(db, "Hold C", [], [], own.id, title="Dansk")[1]
    db.add(GroupMember(group_id=joined.group_id, citizen_id=late.id, joined_on=MONDAY))
    db.commit()
    mine = registers.consultant_sessions(db, own, TODAY)
    assert {item.session.series_id for item in mine} == {world["series"].id}
    theirs = registers.consultant_sessions(db, other, TODAY)
    assert {item.session.day for item in theirs if item.session.series_id == joined.id} == {
        MONDAY, TODAY, TODAY + timedelta(days=5), TODAY + timedelta(days=7)}  # from the day she joined, a week ahead
    assert world["series"].id not in {item.session.series_id for item in theirs}


def test_it_makes_one_register_when_teachers_save_at_the_same_moment(tmp_path: Path, postgres_engine: Engine | None) -> None:
    """Four saves of one session at once, each with its own key, on real connections (a SQLite file, or PostgreSQL):
    one register, one created, the others corrections with a revision each (or unchanged), none refused or lost."""
    engine = postgres_engine
    if engine is None:
        engine = make_engine(f"sqlite:///{tmp_path / 'race.sqlite3'}")
        SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        teachers = [StaffUser(name=f"Lærer {n}", email=f"race{n}@example.dk", role="teacher", created_at=FROZEN_NOW) for n in range(4)]
        session.add_all(teachers)
        session.commit()
        women = [create_citizen(session, audit.SYSTEM, name=f"Kvinde{n}", language="so", start=date(2026, 11, 2)).id for n in range(6)]
        series = teaching_group(session, "Hold R", [t.id for t in teachers], women, teachers[0].id)[1]
    barrier, outcomes, errors = threading.Barrier(len(teachers)), [], []

    def save(n: int) -> None:
        with Session(engine, expire_on_commit=False) as session:
            try:
                barrier.wait()
                outcomes.append(registers.save_register(session, teachers[n], series.id, MONDAY, {women[n]: ("absent", "")}, f"key-{n}",
                                                        today=TODAY, now=clock.utcnow()).outcome)
            except Exception as error:  # noqa: BLE001 - the test reports it
                errors.append(repr(error))

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(teachers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and sorted(outcomes).count("created") == 1 and len(outcomes) == len(teachers)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(ActivityRegister)).one() == 1
        assert session.exec(select(func.count()).select_from(ActivityRegisterRevision)).one() == outcomes.count("corrected")
        assert session.exec(select(func.count()).select_from(ActivityMark)).one() == len(women)
        # Each revision holds the marks the save before it left: every save's one absent woman appears once in the history.
        states = [json.loads(r.marks) for r in session.exec(select(ActivityRegisterRevision).order_by(ActivityRegisterRevision.id)).all()]
        states.append({str(m.citizen_id): [m.mark, m.reason] for m in session.exec(select(ActivityMark)).all()})
        absent = [next(cid for cid, (mark, _reason) in state.items() if mark == "absent") for state in states]
        assert len(absent) == len(set(absent)) == outcomes.count("corrected") + 1
    if postgres_engine is None:
        engine.dispose()
