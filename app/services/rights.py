"""Her rights (GDPR Art. 15, 17; security.md): all her data, who looked at it, erasure, and retention.

Anonymisation keeps the numbers (they carry no identity once her name, phone, notes and
every free text are gone) and removes everything that could identify her or that she wrote.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, SQLModel, select

from app import model_events
from app.models import (
    ActivationToken, ActivityException, ActivityGroup, ActivityMark, ActivityRegister, ActivityRegisterRevision, ActivitySeries,
    ActivityVersion, AttendanceRecord, AuditEvent, CallRequest, Citizen, Course, DayEntry, DeviceSession, EntryRevision,
    EntryTask, FlagReading, FlagState, FollowUpNote, GroupMember, InterpreterGrant, Internship, NoteTranslation, PlacementAgreement,
    PlacementContact, ScheduleVersion, Task, TaskLabel, TrainingGoal, WorkplaceAccess, WorkplaceDay, WorkplaceDayRevision,
    WorkplacePace, WorkplaceSupport, WorkplaceTaskRating, WorkReport,
)
from app.services import audit
from app.services.audit import Actor

ANONYMOUS_NAME = "Anonymiseret borger"


def _rows(items: list[SQLModel], leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [{k: (v.isoformat() if isinstance(v, (date, datetime, time)) else v) for k, v in item.model_dump().items() if k not in leave_out}
            for item in items]


def access_extract(session: Session, citizen_id: int) -> list[dict[str, Any]]:
    """Every access to her data: when, by which role, for what purpose, with what outcome (Art. 15; CJEU C-579/21)."""
    events = session.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen_id).order_by(AuditEvent.at)).all()
    # A workplace contact person is named (issue 21: she may ask who at the workplace saw or wrote what).
    at_work = {access.id: (contact.name if contact else "", placement.workplace) for access, contact, placement in session.exec(
        select(WorkplaceAccess, PlacementContact, Internship).join(Internship, Internship.id == WorkplaceAccess.internship_id)
        .join(PlacementContact, PlacementContact.id == WorkplaceAccess.contact_id, isouter=True)
        .where(WorkplaceAccess.id.in_({e.actor_id for e in events if e.actor_kind == "workplace"}))).all()}
    return [{"at": e.at.isoformat(), "role": e.role or e.actor_kind, "purpose": e.action, "outcome": e.outcome,
             **({"workplace_contact": at_work.get(e.actor_id, ("", ""))[0], "workplace": at_work.get(e.actor_id, ("", ""))[1]}
                if e.actor_kind == "workplace" else {})} for e in events]


def export(session: Session, actor: Actor, citizen_id: int) -> dict[str, Any]:
    """All her data, machine-readable. Secrets (token hashes, password hashes) are never part of it."""
    citizen = session.get(Citizen, citizen_id)
    courses = session.exec(select(Course).where(Course.citizen_id == citizen_id)).all()
    internships = session.exec(select(Internship).where(Internship.course_id.in_([c.id for c in courses]))).all()
    tasks = session.exec(select(Task).where(Task.internship_id.in_([i.id for i in internships]))).all()
    entries = session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen_id).order_by(DayEntry.day)).all()
    entry_ids = [e.id for e in entries]
    data = {
        "citizen": _rows([citizen], ("pin_hash",))[0],
        "courses": _rows(list(courses)),
        "internships": _rows(list(internships)),
        "schedule_versions": _rows(list(session.exec(select(ScheduleVersion).where(ScheduleVersion.internship_id.in_([i.id for i in internships]))).all())),
        "tasks": _rows(list(tasks)),
        **{name: _rows(list(session.exec(select(model).where(model.internship_id.in_([i.id for i in internships]))
                                         .order_by(model.id)).all()))
           for name, model in (("placement_contacts", PlacementContact), ("training_goals", TrainingGoal),
                               ("workplace_support", WorkplaceSupport))},
        # Her agreements as made (who, when, which copy, its SHA-256); each PDF is downloadable from her placement.
        "placement_agreements": _rows(list(session.exec(select(PlacementAgreement).where(
            PlacementAgreement.internship_id.in_([i.id for i in internships])).order_by(PlacementAgreement.id)).all()), ("pdf",)),
        # The workplace's account of her days, pace and tasks (issue 21), and attendance her consultant recorded.
        **_workplace_rows(session, citizen_id, [i.id for i in internships]),
        # The course beyond the internship (issue 22): her groups, her own activities, her marks in every register.
        **_activity_rows(session, citizen_id),
        "task_labels": _rows(list(session.exec(select(TaskLabel).where(TaskLabel.task_id.in_([t.id for t in tasks]))).all())),
        "entries": _rows(list(entries), ("payload_hash",)),
        "entry_tasks": _rows(list(session.exec(select(EntryTask).where(EntryTask.entry_id.in_(entry_ids))).all())),
        "entry_revisions": _rows(list(session.exec(select(EntryRevision).where(EntryRevision.entry_id.in_(entry_ids))).all()), ("old_payload_hash",)),
        "note_translations": _rows(list(session.exec(select(NoteTranslation).where(NoteTranslation.entry_id.in_(entry_ids))).all())),
        "call_requests": _rows(list(session.exec(select(CallRequest).where(CallRequest.citizen_id == citizen_id)).all())),
        "follow_up_notes": _rows(list(session.exec(select(FollowUpNote).where(FollowUpNote.citizen_id == citizen_id)).all())),
        "interpreter_grants": _rows(list(session.exec(select(InterpreterGrant).where(InterpreterGrant.citizen_id == citizen_id)).all())),
        # Her flag episodes. Not her stored flag reading (flag_reading): a cache of what the engine reads from the
        # entries above, recomputed whenever it is needed, holding nothing that is not here already.
        "flags": _rows(list(session.exec(select(FlagState).where(FlagState.citizen_id == citizen_id)).all())),
        "reports": _rows(list(session.exec(select(WorkReport).where(WorkReport.citizen_id == citizen_id)).all())),
        "devices": _rows(list(session.exec(select(DeviceSession).where(DeviceSession.citizen_id == citizen_id)).all()), ("token_hash",)),
        "activation_codes": _rows(list(session.exec(select(ActivationToken).where(ActivationToken.citizen_id == citizen_id)).all()), ("token_hash",)),
        "access_log": access_extract(session, citizen_id),
    }
    audit.record(session, actor, "citizen.export", citizen_id=citizen_id, object_type="citizen", object_id=citizen_id)
    session.commit()
    return data


def anonymise(session: Session, actor: Actor, citizen_id: int, now: datetime, action: str = "citizen.anonymise") -> None:
    """Remove everything that identifies her or that anyone wrote about her; keep the numbers without a name."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        return
    entry_ids = [e for e in session.exec(select(DayEntry.id).where(DayEntry.citizen_id == citizen_id)).all()]
    session.execute(delete(NoteTranslation).where(NoteTranslation.entry_id.in_(entry_ids)))
    session.execute(delete(EntryRevision).where(EntryRevision.entry_id.in_(entry_ids)))  # old versions hold her words
    session.execute(update(DayEntry).where(DayEntry.citizen_id == citizen_id).values(note="", reason_text=""))
    session.execute(delete(FollowUpNote).where(FollowUpNote.citizen_id == citizen_id))
    session.execute(delete(WorkReport).where(WorkReport.citizen_id == citizen_id))
    session.execute(delete(DeviceSession).where(DeviceSession.citizen_id == citizen_id))  # before the codes they came from
    session.execute(delete(ActivationToken).where(ActivationToken.citizen_id == citizen_id))
    session.execute(update(InterpreterGrant).where(InterpreterGrant.citizen_id == citizen_id, InterpreterGrant.revoked_at.is_(None))
                    .values(revoked_at=now))
    courses = session.exec(select(Course.id).where(Course.citizen_id == citizen_id)).all()
    session.execute(update(Internship).where(Internship.course_id.in_(courses)).values(workplace="", contact_person="", accommodations="", aids=""))
    internships = select(Internship.id).where(Internship.course_id.in_(courses))
    session.execute(update(ScheduleVersion).where(ScheduleVersion.internship_id.in_(internships)).values(reason=""))
    # Her placements' contact persons, training goals and support are names and words about her work, and her printed
    # agreements hold them with her name: none is kept.
    session.execute(delete(TrainingGoal).where(TrainingGoal.internship_id.in_(internships), TrainingGoal.parent_id.is_not(None)))
    _anonymise_workplace(session, citizen_id, internships, now)
    for model in (TrainingGoal, PlacementContact, WorkplaceSupport, PlacementAgreement):
        session.execute(delete(model).where(model.internship_id.in_(internships)))
    # Her tasks' labels are free text about her work (the icon, a closed vocabulary, keeps the numbers readable).
    tasks = select(Task.id).where(Task.internship_id.in_(internships))
    session.execute(delete(TaskLabel).where(TaskLabel.task_id.in_(tasks)))
    session.execute(update(Task).where(Task.internship_id.in_(internships)).values(label_da=""))
    session.execute(update(Course).where(Course.citizen_id == citizen_id).values(outcome=None))
    _anonymise_activities(session, citizen_id)
    # Her stored reading is derived from the log and recomputed when needed: none is kept. Last, since the
    # updates above mark it stale (which makes a row).
    session.execute(delete(FlagReading).where(FlagReading.citizen_id == citizen_id))
    model_events.forget(session, citizen_id)  # and none is made again once this request is over
    citizen.display_name, citizen.phone, citizen.pin_hash = f"{ANONYMOUS_NAME} {citizen.id}", None, None
    session.add(citizen)
    audit.record(session, actor, action, citizen_id=citizen_id, object_type="citizen", object_id=citizen_id)
    session.commit()


def _activity_rows(session: Session, citizen_id: int) -> dict[str, Any]:
    """Her export's part from the course's activities: her group memberships (with the group's name), her own series
    (a talk, her treatment) with their versions and exceptions, her marks with their session, and her marks in the
    revisions kept of a register (never the other women's)."""
    own = list(session.exec(select(ActivitySeries).where(ActivitySeries.citizen_id == citizen_id).order_by(ActivitySeries.id)).all())
    series_ids = [s.id for s in own]
    marks = session.exec(select(ActivityMark, ActivityRegister).join(ActivityRegister, ActivityRegister.id == ActivityMark.register_id)
                         .where(ActivityMark.citizen_id == citizen_id).order_by(ActivityRegister.day, ActivityMark.id)).all()
    revisions = session.exec(select(ActivityRegisterRevision).where(
        ActivityRegisterRevision.register_id.in_([register.id for _mark, register in marks])).order_by(ActivityRegisterRevision.id)).all()
    return {
        "group_memberships": [{**_rows([member])[0], "group": name} for member, name in session.exec(
            select(GroupMember, ActivityGroup.name).join(ActivityGroup, ActivityGroup.id == GroupMember.group_id)
            .where(GroupMember.citizen_id == citizen_id).order_by(GroupMember.joined_on, GroupMember.id)).all()],
        "activity_series": _rows(own),
        "activity_versions": _rows(list(session.exec(select(ActivityVersion).where(ActivityVersion.series_id.in_(series_ids))
                                                     .order_by(ActivityVersion.id)).all())),
        "activity_exceptions": _rows(list(session.exec(select(ActivityException).where(ActivityException.series_id.in_(series_ids))
                                                       .order_by(ActivityException.id)).all())),
        "activity_marks": [{**_rows([mark])[0], "series_id": register.series_id, "day": register.day.isoformat()}
                           for mark, register in marks],
        "activity_mark_revisions": [{"register_id": r.register_id, "changed_at": r.changed_at.isoformat(), "mark": hers[0],
                                     "reason": hers[1] if len(hers) > 1 else ""}
                                    for r in revisions if (hers := _her_part(r.marks, citizen_id)) is not None],
    }


def _her_part(marks: str, citizen_id: int) -> list[str] | None:
    """Her [mark, reason] in a register revision's JSON ({citizen id: [mark, reason]}), None when she is not in it."""
    found = json.loads(marks or "{}").get(str(citizen_id))
    return list(found) if found else None


def _anonymise_activities(session: Session, citizen_id: int) -> None:
    """Her marks and memberships go, and her own series with everything under them; in the revisions of a group's
    registers her part is taken out (the other women's marks stay)."""
    registers = select(ActivityMark.register_id).where(ActivityMark.citizen_id == citizen_id)
    for revision in session.exec(select(ActivityRegisterRevision).where(ActivityRegisterRevision.register_id.in_(registers))).all():
        marks = json.loads(revision.marks or "{}")
        if marks.pop(str(citizen_id), None) is not None:
            revision.marks = json.dumps(marks)
            session.add(revision)
    session.flush()
    session.execute(delete(ActivityMark).where(ActivityMark.citizen_id == citizen_id))
    session.execute(delete(GroupMember).where(GroupMember.citizen_id == citizen_id))
    own = select(ActivitySeries.id).where(ActivitySeries.citizen_id == citizen_id)
    own_registers = select(ActivityRegister.id).where(ActivityRegister.series_id.in_(own))
    session.execute(delete(ActivityRegisterRevision).where(ActivityRegisterRevision.register_id.in_(own_registers)))
    session.execute(delete(ActivityMark).where(ActivityMark.register_id.in_(own_registers)))
    session.execute(delete(ActivityRegister).where(ActivityRegister.series_id.in_(own)))
    for model in (ActivityException, ActivityVersion):
        session.execute(delete(model).where(model.series_id.in_(own)))
    session.execute(delete(ActivitySeries).where(ActivitySeries.citizen_id == citizen_id))


def _workplace_rows(session: Session, citizen_id: int, internship_ids: list[int]) -> dict[str, Any]:
    """Her export's part from the workplace: who at the workplace could sign in (never a link's or session's hash), what
    they wrote about her days, pace and tasks, and attendance her consultant recorded."""
    def rows(model: Any, hidden: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        return _rows(list(session.exec(select(model).where(model.internship_id.in_(internship_ids)).order_by(model.id)).all()), hidden)

    days = session.exec(select(WorkplaceDay.id).where(WorkplaceDay.internship_id.in_(internship_ids))).all()
    return {
        "workplace_access": rows(WorkplaceAccess, ("token_hash", "session_hash")),
        "workplace_days": rows(WorkplaceDay),
        "workplace_day_revisions": _rows(list(session.exec(select(WorkplaceDayRevision).where(
            WorkplaceDayRevision.workplace_day_id.in_(days)).order_by(WorkplaceDayRevision.id)).all())),
        "workplace_pace": rows(WorkplacePace),
        "workplace_task_ratings": rows(WorkplaceTaskRating),
        "attendance_records": _rows(list(session.exec(select(AttendanceRecord).where(AttendanceRecord.citizen_id == citizen_id)
                                                      .order_by(AttendanceRecord.id)).all())),
    }


def _anonymise_workplace(session: Session, citizen_id: int, internships: Any, now: datetime) -> None:
    """The workplace's words about her go; its figures stay as numbers, as her own entries' do. Every sign-in
    for her placements ends, and none points at a contact row any more (those rows are deleted next)."""
    session.execute(update(WorkplaceAccess).where(WorkplaceAccess.internship_id.in_(internships))
                    .values(contact_id=None, session_hash=None))
    session.execute(update(WorkplaceAccess).where(WorkplaceAccess.internship_id.in_(internships), WorkplaceAccess.revoked_at.is_(None))
                    .values(revoked_at=now))
    days = select(WorkplaceDay.id).where(WorkplaceDay.internship_id.in_(internships))
    session.execute(update(WorkplaceDayRevision).where(WorkplaceDayRevision.workplace_day_id.in_(days)).values(note=""))
    session.execute(update(WorkplaceDay).where(WorkplaceDay.internship_id.in_(internships)).values(note=""))
    session.execute(update(WorkplacePace).where(WorkplacePace.internship_id.in_(internships))
                    .values(went_well="", was_hard="", suggested_task=""))
    session.execute(update(AttendanceRecord).where(AttendanceRecord.citizen_id == citizen_id).values(resolution_note=""))


def course_end(course: Course) -> date:
    """When her course ended or ends."""
    return course.extended_to or course.planned_end


def retention_due(session: Session, today: date, months: int) -> list[Citizen]:
    """Women whose last course ended more than `months` months ago and who still have a name."""
    due = []
    for citizen in session.exec(select(Citizen).where(~Citizen.display_name.startswith(ANONYMOUS_NAME))).all():
        courses = session.exec(select(Course).where(Course.citizen_id == citizen.id)).all()
        if courses and max(course_end(c) for c in courses) + timedelta(days=round(months * 30.44)) < today:
            due.append(citizen)
    return due


def run_retention(session: Session, today: date, now: datetime, months: int) -> list[int]:
    """Anonymise everyone past the retention period; returns their ids (the CLI prints them)."""
    done = []
    for citizen in retention_due(session, today, months):
        anonymise(session, audit.SYSTEM, citizen.id, now, action="retention.anonymise")
        done.append(citizen.id)
    return done
