"""The consultant's caseload: one row per woman, read in one query with her stored reading.

The review list is the page a consultant opens most, and on PostgreSQL each statement is a
round trip: her women, their current placements (and whether one began lately), their open
"call me" requests, their stored readings and their open flag episodes come in one statement. A reading holds what
the list shows beside her flags too (her open "accounts differ" days, her word of today for the "today" lane).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.domain.caseload import RowFigures
from app.domain.placements import new_since
from app.models import CallRequest, Citizen, Course, FlagReading, FlagState, GroupMember, Internship
from app.services.flags import EPISODE_COLUMNS, CitizenFlags, EpisodeRead, OpenEpisode, flags_and_readings
from app.services.readings import Beside, is_fresh

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
    beside: Beside = Beside()  # her open "accounts differ" days and her word of today, kept with her reading
    # Everything the listing read of her (her row's columns, and each open episode's), when her stored reading was of
    # today: equal sources on the same day make equal rows and flags, so a page may keep what it drew from one.
    source: tuple[object, ...] | None = None


def _placements() -> Any:
    """Each of her women's placements with its rank (1: her current one, the newest begun by `today`, else the newest
    still to come, so a placement agreed for next month does not rename her row before she starts there) and the start
    of her first: one pass over the consultant's placements, where a subquery per woman and column cost PostgreSQL
    three correlated lookups a row."""
    by_her, hers = Course.citizen_id, aliased(Citizen)
    return (select(by_her.label("citizen_id"), Internship.workplace, Internship.start,
                   func.min(Internship.start).over(partition_by=by_her).label("first_start"),
                   func.row_number().over(partition_by=by_her, order_by=(Internship.start > bindparam("today"), Course.start.desc(),
                                                                         Internship.start.desc(), Internship.id.desc())).label("rank"))
            .select_from(Internship).join(Course, Internship.course_id == Course.id).join(hers, hers.id == by_her)
            .where(hers.consultant_id == bindparam("consultant_id")).subquery("placement"))


@cache
def _listing(by_language: bool, by_group: bool = False):  # noqa: ANN202 (a select of twenty columns)
    """Her women by name, each with her current placement's workplace and start, the start of her first placement,
    open calls and stored reading (None: none yet), once for each of her open flag episodes (once with None for her
    episode's columns when she has none).

    Built once per shape, with its values bound when run (building it is a good part of its cost). `by_group`: only
    the women in the group today (a condition of the same statement, so a filtered list costs what the whole one does).
    """
    placement = _placements()
    open_calls = (select(func.count(CallRequest.id))
                  .where(CallRequest.citizen_id == Citizen.id, CallRequest.handled_at.is_(None))
                  .correlate(Citizen).scalar_subquery())
    statement = (select(Citizen.id, Citizen.display_name, Citizen.preferred_language, Citizen.consent_at,
                        placement.c.workplace, open_calls, placement.c.start, placement.c.first_start,
                        FlagReading.generation, FlagReading.as_of, FlagReading.engine, FlagReading.flags,
                        FlagReading.figures, FlagReading.beside, *EPISODE_COLUMNS)
                 .outerjoin(placement, and_(placement.c.citizen_id == Citizen.id, placement.c.rank == 1))
                 .outerjoin(FlagReading, FlagReading.citizen_id == Citizen.id)
                 .outerjoin(FlagState, and_(FlagState.citizen_id == Citizen.id, FlagState.cleared_on.is_(None)))
                 .where(Citizen.consultant_id == bindparam("consultant_id")).order_by(Citizen.display_name, Citizen.id))
    if by_group:
        statement = statement.where(Citizen.id.in_(select(GroupMember.citizen_id).where(
            GroupMember.group_id == bindparam("group_id"), GroupMember.joined_on <= bindparam("today"),
            or_(GroupMember.left_on.is_(None), GroupMember.left_on >= bindparam("today")))))
    return statement.where(Citizen.preferred_language == bindparam("language")) if by_language else statement


_READING_COLUMNS = slice(8, 14)  # generation, as of, engine, flags, figures, beside
_EPISODE_COLUMNS = slice(14, None)


def caseload(session: Session, consultant_id: int, today: date, *, query: str = "", language: str = "", group_id: int | None = None,
             stored: bool = True) -> tuple[list[CaseloadRow], dict[int, CitizenFlags]]:
    """Her caseload, filtered by name/workplace text, language and group (its members today), sorted by name, each row with its shown
    flags; and every woman's flags (from the stored readings; `stored=False` recomputes them all)."""
    needle = query.strip().lower()
    listed: dict[int, tuple[Listed, str, int, date | None]] = {}
    kept: list[tuple[object, ...]] = []  # her stored reading's columns, as `readings.sort_out` takes them
    episodes: dict[int, dict[str, OpenEpisode]] = {}
    read: dict[int, list[object]] = {}  # everything read of her, for her row's `source`
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
            read[citizen_id] = list(row[:_EPISODE_COLUMNS.start]) if stored and is_fresh(row[_READING_COLUMNS], today) else []
        if read[citizen_id]:
            read[citizen_id].append(tuple(row[_EPISODE_COLUMNS]))
        episode = EpisodeRead(*row[_EPISODE_COLUMNS])
        if episode.rule is not None:
            episodes[citizen_id][episode.rule] = episode
    citizens = [citizen for citizen, _, _, _ in listed.values()]
    found, every = flags_and_readings(session, citizens, today, stored=stored, kept=kept, episodes=episodes)
    rows = [CaseloadRow(citizen=citizen, workplace=workplace, open_calls=calls, placement_since=since,
                        flags=found[citizen.id].report.shown, beside=every[citizen.id].beside,
                        source=tuple(read[citizen.id]) if read[citizen.id] else None,
                        **{name: getattr(every[citizen.id].figures, name) for name in _FIGURES})
            for citizen, workplace, calls, since in listed.values()]
    return rows, found
