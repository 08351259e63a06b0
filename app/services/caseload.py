"""The consultant's caseload: one row per woman, read in one query with her stored reading.

The review list is the page a consultant opens most, and on PostgreSQL each statement is a
round trip: her women, their current placements (and whether one began lately), their open
"call me" requests, their stored readings and their open flag episodes come in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, or_
from sqlmodel import Session, select

from app.domain.caseload import RowFigures
from app.domain.placements import new_since
from app.models import CallRequest, Citizen, Course, FlagReading, FlagState, GroupMember, Internship
from app.services.flags import EPISODE_COLUMNS, CitizenFlags, EpisodeRead, OpenEpisode, flags_and_readings

_FIGURES = [f.name for f in fields(RowFigures)]  # copied from her stored reading into her row


class Listed(NamedTuple):
    """Who she is, as the list shows her (a plain row: sixty ORM objects a view cost more than the rest of her row)."""

    id: int
    display_name: str
    preferred_language: str
    consent_at: datetime | None  # her flags count silence from it


@dataclass(frozen=True, kw_only=True)
class CaseloadRow(RowFigures):
    """What the caseload list shows for one woman: her row's stored figures, and who and where she is."""

    citizen: Listed
    workplace: str  # her current placement's (the newest one begun; a coming one only when none has begun)
    open_calls: int
    placement_since: date | None = None  # her current placement began lately and was not her first (`new_since`)
    flags: list[object] = field(default_factory=list)  # filled by the flag engine (issue 4)


def _current_placement(column: Any) -> Any:
    """A column of her current placement: the newest one begun by `today` (else the newest still to come), so a
    placement agreed for next month does not rename her row before she starts there."""
    return (select(column).join(Course, Internship.course_id == Course.id).where(Course.citizen_id == Citizen.id)
            .order_by(Internship.start > bindparam("today"), Course.start.desc(), Internship.start.desc(), Internship.id.desc())
            .limit(1).correlate(Citizen).scalar_subquery())


@cache
def _listing(by_language: bool, by_group: bool = False):  # noqa: ANN202 (a select of twenty columns)
    """Her women by name, each with her current placement's workplace and start, the start of her first placement,
    open calls and stored reading (None: none yet), once for each of her open flag episodes (once with None for her
    episode's columns when she has none).

    Built once per shape, with its values bound when run (building it is a good part of its cost). `by_group`: only
    the women in the group today (a condition of the same statement, so a filtered list costs what the whole one does).
    """
    first_start = (select(func.min(Internship.start)).join(Course, Internship.course_id == Course.id)
                   .where(Course.citizen_id == Citizen.id).correlate(Citizen).scalar_subquery())
    open_calls = (select(func.count(CallRequest.id))
                  .where(CallRequest.citizen_id == Citizen.id, CallRequest.handled_at.is_(None))
                  .correlate(Citizen).scalar_subquery())
    statement = (select(Citizen.id, Citizen.display_name, Citizen.preferred_language, Citizen.consent_at,
                        _current_placement(Internship.workplace), open_calls, _current_placement(Internship.start), first_start,
                        FlagReading.generation, FlagReading.as_of, FlagReading.engine, FlagReading.flags,
                        FlagReading.figures, *EPISODE_COLUMNS)
                 .outerjoin(FlagReading, FlagReading.citizen_id == Citizen.id)
                 .outerjoin(FlagState, and_(FlagState.citizen_id == Citizen.id, FlagState.cleared_on.is_(None)))
                 .where(Citizen.consultant_id == bindparam("consultant_id")).order_by(Citizen.display_name, Citizen.id))
    if by_group:
        statement = statement.where(Citizen.id.in_(select(GroupMember.citizen_id).where(
            GroupMember.group_id == bindparam("group_id"), GroupMember.joined_on <= bindparam("today"),
            or_(GroupMember.left_on.is_(None), GroupMember.left_on >= bindparam("today")))))
    return statement.where(Citizen.preferred_language == bindparam("language")) if by_language else statement


_READING_COLUMNS = slice(8, 13)  # generation, as of, engine, flags, figures
_EPISODE_COLUMNS = slice(13, None)


def caseload(session: Session, consultant_id: int, today: date, *, query: str = "", language: str = "", group_id: int | None = None,
             stored: bool = True) -> tuple[list[CaseloadRow], dict[int, CitizenFlags]]:
    """Her caseload, filtered by name/workplace text, language and group (its members today), sorted by name, each row with its shown
    flags; and every woman's flags (from the stored readings; `stored=False` recomputes them all)."""
    needle = query.strip().lower()
    listed: dict[int, tuple[Listed, str, int, date | None]] = {}
    kept: list[tuple[object, ...]] = []  # her stored reading's columns, as `readings.sort_out` takes them
    episodes: dict[int, dict[str, OpenEpisode]] = {}
    values = {"consultant_id": consultant_id, "language": language, "today": today, "group_id": group_id}
    for row in session.connection().execute(_listing(bool(language), group_id is not None), values):
        citizen_id, name, language_, consent_at, workplace, calls, started, first_started = row[:8]
        if needle and needle not in name.lower() and needle not in (workplace or "").lower():
            continue
        if citizen_id not in listed:
            listed[citizen_id] = (Listed(citizen_id, name, language_, consent_at), workplace or "", calls,
                                  new_since(started, first_started, today))
            kept.append((citizen_id, *row[_READING_COLUMNS]))
            episodes[citizen_id] = {}
        episode = EpisodeRead(*row[_EPISODE_COLUMNS])
        if episode.rule is not None:
            episodes[citizen_id][episode.rule] = episode
    citizens = [citizen for citizen, _, _, _ in listed.values()]
    found, every = flags_and_readings(session, citizens, today, stored=stored, kept=kept, episodes=episodes)
    rows = [CaseloadRow(citizen=citizen, workplace=workplace, open_calls=calls, placement_since=since,
                        flags=found[citizen.id].report.shown, **{name: getattr(every[citizen.id].figures, name) for name in _FIGURES})
            for citizen, workplace, calls, since in listed.values()]
    return rows, found
