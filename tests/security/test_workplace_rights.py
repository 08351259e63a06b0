"""The workplace's rows about her (issue 21) are in her export and go with her erasure: its words deleted, its sign-ins
ended, no link or session hash ever exported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, select

from app import clock
from app.models import (AttendanceRecord, Citizen, Course, Internship, PlacementContact, StaffUser, Task, WorkplaceAccess,
                        WorkplaceDay, WorkplaceDayRevision, WorkplacePace, WorkplaceTaskRating)
from app.services import audit, rights
from tests.conftest import TODAY

WORDS = ("Kom for sent pga. bussen", "Gammel note om bussen", "Hun var god til opvasken", "Svært med tempoet",
         "Skrælle kartofler", "Aftalt med Birgitte i telefonen")


def _her_workplace_rows(db: Session, citizen: Citizen, consultant: StaffUser) -> WorkplaceAccess:
    placement = db.exec(select(Internship).join(Course).where(Course.citizen_id == citizen.id)).one()
    task = db.exec(select(Task).where(Task.internship_id == placement.id)).first()
    contact = PlacementContact(internship_id=placement.id, name="Birgitte Holm")
    db.add(contact)
    db.flush()
    now = clock.utcnow()
    access = WorkplaceAccess(internship_id=placement.id, contact_id=contact.id, token_hash="a" * 64, session_hash="b" * 64,
                             created_at=now, created_by_id=consultant.id, expires_at=now + timedelta(days=7), used_at=now)
    db.add(access)
    db.flush()
    monday = TODAY - timedelta(days=TODAY.weekday())
    day = WorkplaceDay(internship_id=placement.id, day=monday, status="late", note=WORDS[0], written_by_id=access.id,
                       idempotency_key="k1", created_at=now, updated_at=now)
    db.add(day)
    db.flush()
    db.add_all([
        WorkplaceDayRevision(workplace_day_id=day.id, status="came", note=WORDS[1], written_by_id=access.id,
                             changed_by_id=access.id, changed_at=now),
        WorkplacePace(internship_id=placement.id, week=monday, percent=50, went_well=WORDS[2], was_hard=WORDS[3],
                      suggested_task=WORDS[4], written_by_id=access.id, idempotency_key="k2", created_at=now, updated_at=now),
        WorkplaceTaskRating(internship_id=placement.id, week=monday, task_id=task.id, level="some_help", written_by_id=access.id),
        AttendanceRecord(citizen_id=citizen.id, day=monday, attendance="full", source="her_by_phone", recorded_by_id=consultant.id,
                         created_at=now, resolved_by_id=consultant.id, resolved_at=now, resolution_note=WORDS[5]),
    ])
    db.commit()
    return access


def test_her_export_holds_the_workplace_rows_without_any_hash(db: Session, make_citizen: Callable[..., Citizen],
                                                             consultant: StaffUser) -> None:
    citizen = make_citizen(name="Hodan")
    _her_workplace_rows(db, citizen, consultant)
    data = rights.export(db, audit.Actor("staff", consultant.id, "consultant"), citizen.id)
    assert [len(data[name]) for name in ("workplace_access", "workplace_days", "workplace_day_revisions", "workplace_pace",
                                         "workplace_task_ratings", "attendance_records")] == [1, 1, 1, 1, 1, 1]
    assert "token_hash" not in data["workplace_access"][0] and "session_hash" not in data["workplace_access"][0]
    assert data["workplace_pace"][0]["went_well"] == WORDS[2]


def test_her_erasure_deletes_the_workplaces_words_and_ends_its_sign_ins(db: Session, make_citizen: Callable[..., Citizen],
                                                                       consultant: StaffUser) -> None:
    citizen = make_citizen(name="Hodan")
    access = _her_workplace_rows(db, citizen, consultant)
    rights.anonymise(db, audit.Actor("staff", consultant.id, "consultant"), citizen.id, clock.utcnow())
    db.expire_all()
    kept = db.get(WorkplaceAccess, access.id)
    assert kept.revoked_at is not None and kept.session_hash is None and kept.contact_id is None
    texts = [db.exec(select(WorkplaceDay.note)).one(), db.exec(select(WorkplaceDayRevision.note)).one(),
             *db.exec(select(WorkplacePace.went_well, WorkplacePace.was_hard, WorkplacePace.suggested_task)).one(),
             db.exec(select(AttendanceRecord.resolution_note)).one()]
    assert texts == [""] * 6
    # Her figures stay as numbers, as her entries' do.
    assert (db.exec(select(WorkplaceDay.status)).one(), db.exec(select(WorkplacePace.percent)).one()) == ("late", 50)
