"""The work-capacity report: the draft the app writes from the log, the consultant's texts, the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, func, select

from app.domain.accommodations import COMMON_ACCOMMODATIONS, COMMON_AIDS, decode
from app.domain import body_map
from app.domain.day import Attendance
from app.domain.entry import hers
from app.domain.report import ActivityFacts, LoggedEntry, ReportFacts, activity_facts, report_facts
from app.domain.workplace_account import WorkplaceReport, workplace_report
from app.models import (ActivityGroup, Citizen, Course, DayEntry, FlagState, GroupMember, Internship, NoteTranslation, StaffUser,
                        WorkReport)
from app.services import audit
from app.services.activities import her_marks, her_sessions
from app.services.audit import Actor
from app.services.citizen_log import TaskTally, log_window
from app.services.citizens import current_course, current_internship, plan_versions
from app.services.placements import span_of
from app.services.translations import translations_for
from app.services.workplace_account import workplace_accounts

TEXT_FIELDS = ("summary", "intensity_estimate", "observations", "assessment", "citizen_comments")


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows: the facts, and what the log holds besides numbers."""

    citizen: Citizen
    consultant: StaffUser | None
    course: Course | None
    internship: Internship | None
    facts: ReportFacts
    tasks: list[TaskTally]
    notes: list[tuple[DayEntry, tuple[NoteTranslation, StaffUser] | None]]
    accommodations: tuple[list[str], str]
    aids: tuple[list[str], str]
    flag_episodes: int
    placements: list[Internship] = field(default_factory=list)  # every placement with a day in the period, oldest first
    workplace: WorkplaceReport = field(default_factory=lambda: WorkplaceReport((), ()))  # the workplace's account (issue 21)
    activities: ActivityFacts | None = None  # her attendance at the course's activities by week (issue 22)
    groups: list[Membership] = field(default_factory=list)  # her groups with a day in the period


@dataclass(frozen=True)
class Membership:
    """A group she was in, and from when to when (`left` None: she still is)."""

    name: str
    joined: date
    left: date | None


def _logged(entry: DayEntry) -> LoggedEntry:
    return LoggedEntry(entry.day, Attendance(entry.attendance) if entry.attendance else None, entry.hours_worked, entry.pain,
                       entry.difficulty, hers(entry.breaks, "breaks", entry.untouched), entry.evening, tuple(r for r in entry.early_reasons.split(",") if r),
                       entry.absence_reason, entry.told_in_advance, entry.entered_by, body_map.decode(entry.body_regions),
                       entry.extra_hours)


def report_data(session: Session, citizen: Citizen, first: date, last: date) -> ReportData:
    """The draft for her period [first, last]."""
    log = log_window(session, citizen.id, first, last)
    all_entries = session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id)).all()
    placements = placements_between(session, citizen.id, first, last)
    facts = report_facts(plan_versions(session, citizen.id), {e.day: _logged(e) for e in all_entries}, first, last,
                         [span_of(p) for p in placements])
    translations = translations_for(session, log.entries)
    internship = current_internship(session, citizen.id)
    accounts = workplace_accounts(session, [span_of(p) for p in placements], first, last)
    episodes = session.exec(select(FlagState.id).where(FlagState.citizen_id == citizen.id, FlagState.since >= first,
                                                       FlagState.since <= last)).all()
    return ReportData(
        citizen=citizen, consultant=session.get(StaffUser, citizen.consultant_id) if citizen.consultant_id else None,
        course=current_course(session, citizen.id), internship=internship, facts=facts, tasks=log.tasks,
        notes=[(e, translations.get(e.id)) for e in sorted(log.entries, key=lambda e: e.day) if e.note],
        accommodations=decode(internship.accommodations if internship else "", COMMON_ACCOMMODATIONS),
        aids=decode(internship.aids if internship else "", COMMON_AIDS), flag_episodes=len(episodes),
        placements=placements, workplace=workplace_report(accounts, facts.planned_dates),
        activities=activity_facts(her_sessions(session, citizen.id, first, last), her_marks(session, citizen.id, first, last)),
        groups=groups_between(session, citizen.id, first, last),
    )


def groups_between(session: Session, citizen_id: int, first: date, last: date) -> list[Membership]:
    """Her group memberships with a day in [first, last], by the day she joined."""
    rows = session.exec(select(ActivityGroup.name, GroupMember.joined_on, GroupMember.left_on)
                        .join(ActivityGroup, ActivityGroup.id == GroupMember.group_id)
                        .where(GroupMember.citizen_id == citizen_id, GroupMember.joined_on <= last,
                               (GroupMember.left_on == None) | (GroupMember.left_on >= first))  # noqa: E711
                        .order_by(GroupMember.joined_on, GroupMember.id)).all()
    return [Membership(name, joined, left) for name, joined, left in rows]


def placements_between(session: Session, citizen_id: int, first: date, last: date) -> list[Internship]:
    """Her placements with a day in [first, last], oldest first: the report names each one."""
    return list(session.exec(
        select(Internship).join(Course).where(Course.citizen_id == citizen_id, Internship.start <= last)
        .where((Internship.end == None) | (Internship.end >= first))  # noqa: E711
        .order_by(Internship.start, Internship.id)).all())


def course_bounds(session: Session, citizen_id: int) -> tuple[date, date] | None:
    """The first day of her first course and the last day (extended or planned) of her last one."""
    first, planned, extended = session.exec(select(func.min(Course.start), func.max(Course.planned_end), func.max(Course.extended_to))
                                            .where(Course.citizen_id == citizen_id)).one()
    if first is None:
        return None
    return first, max(planned, extended) if extended is not None else planned


def save_report(session: Session, actor: Actor, citizen_id: int, *, first: date, last: date, texts: dict[str, str],
                now: datetime, report: WorkReport | None = None) -> WorkReport:
    """Create or update the consultant's texts for a period."""
    if report is None:
        report = WorkReport(citizen_id=citizen_id, period_start=first, period_end=last, author_id=actor.id, created_at=now, updated_at=now)
    report.period_start, report.period_end, report.updated_at = first, last, now
    for name in TEXT_FIELDS:
        setattr(report, name, texts.get(name, "").strip())
    session.add(report)
    session.flush()
    audit.record(session, actor, "report.save", citizen_id=citizen_id, object_type="work_report", object_id=report.id)
    session.commit()
    return report


def get_report(session: Session, citizen_id: int, report_id: int) -> WorkReport | None:
    """Her report, or None when it is not hers."""
    report = session.get(WorkReport, report_id)
    return report if report is not None and report.citizen_id == citizen_id else None


def reports_for(session: Session, citizen_id: int) -> list[WorkReport]:
    """Her reports, newest first."""
    return list(session.exec(select(WorkReport).where(WorkReport.citizen_id == citizen_id).order_by(WorkReport.updated_at.desc())).all())


def record_export(session: Session, actor: Actor, report: WorkReport, kind: str) -> None:
    """Every export goes into the audit log."""
    audit.record(session, actor, f"report.export.{kind}", citizen_id=report.citizen_id, object_type="work_report", object_id=report.id)
    session.commit()

