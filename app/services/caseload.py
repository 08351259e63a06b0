"""The consultant's caseload: one row per woman, from her stored reading and a few queries for the whole list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date

from sqlmodel import Session, select

from app.domain.caseload import RowFigures
from app.models import CallRequest, Citizen, Course, Internship
from app.services.flags import CitizenFlags, flags_and_readings

_FIGURES = [f.name for f in fields(RowFigures)]  # copied from her stored reading into her row


@dataclass(frozen=True, kw_only=True)
class CaseloadRow(RowFigures):
    """What the caseload list shows for one woman: her row's stored figures, and who and where she is."""

    citizen: Citizen
    workplace: str
    open_calls: int
    flags: list[object] = field(default_factory=list)  # filled by the flag engine (issue 4)


def _workplaces(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.exec(
        select(Course.citizen_id, Internship.workplace).join(Internship, Internship.course_id == Course.id)
        .where(Course.citizen_id.in_(ids)).order_by(Course.start, Internship.start, Internship.id)
    ).all()
    return {citizen_id: workplace for citizen_id, workplace in rows}  # the newest wins


def caseload(session: Session, consultant_id: int, today: date, *, query: str = "", language: str = "",
             stored: bool = True) -> tuple[list[CaseloadRow], dict[int, CitizenFlags]]:
    """Her caseload, filtered by name/workplace text and language, sorted by name, each row with its shown
    flags; and every woman's flags (from the stored readings; `stored=False` recomputes them all)."""
    statement = select(Citizen).where(Citizen.consultant_id == consultant_id).order_by(Citizen.display_name)
    if language:
        statement = statement.where(Citizen.preferred_language == language)
    citizens = list(session.exec(statement).all())
    workplaces = _workplaces(session, [c.id for c in citizens])
    needle = query.strip().lower()
    if needle:
        citizens = [c for c in citizens if needle in c.display_name.lower() or needle in workplaces.get(c.id, "").lower()]
    ids = [c.id for c in citizens]
    found, readings = flags_and_readings(session, citizens, today, stored=stored)
    open_calls = Counter(session.exec(select(CallRequest.citizen_id).where(
        CallRequest.citizen_id.in_(ids), CallRequest.handled_at.is_(None))).all()) if ids else Counter()
    rows = [CaseloadRow(citizen=citizen, workplace=workplaces.get(citizen.id, ""), open_calls=open_calls[citizen.id],
                        flags=found[citizen.id].report.shown,
                        **{name: getattr(readings[citizen.id].figures, name) for name in _FIGURES})
            for citizen in citizens]
    return rows, found
