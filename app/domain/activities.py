"""The course beyond the internship: teaching, workshops, Danish school, treatment, talks, as dated and timed sessions.

An activity is a *series*: one session (a talk on one day) or a recurring one (every Mon/Wed/Thu 9:00-11:30 for the
course's weeks). Like her plan of hours, a series changes from a date on by a new *version* (days, times, place,
leader, title); earlier versions stay, so a register or a report of a past week reads the series as it was then.
Holidays and cancelled days are *exceptions* of the series: no session that day.

A session's planned hours count toward her course hours (12 or 4 a week, as referred) beside the internship, except
treatment: her own appointments the course plans around, never course hours and never "missed".

Registers say, per woman, present / late / absent (with a reason if known). Present and late are attended.

Pure: plain values in, plain values out; the services store and read the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Iterable, Mapping, Sequence

from app.domain.flags.model import N_

#: What an activity is. Treatment is hers (physiotherapy, psychiatric treatment): planned around, never course hours.
TEACHING, WORKSHOP, DANISH, TREATMENT, TALK, OTHER = "teaching", "workshop", "danish", "treatment", "talk", "other"
KINDS: tuple[str, ...] = (TEACHING, WORKSHOP, DANISH, TREATMENT, TALK, OTHER)
#: Kinds whose hours are course hours (everything but her own treatment).
COURSE_KINDS: frozenset[str] = frozenset(KINDS) - {TREATMENT}
#: A woman's mark in a register; present and late are attended.
PRESENT, LATE, ABSENT = "present", "late", "absent"
MARKS: tuple[str, ...] = (PRESENT, LATE, ABSENT)
ATTENDED: frozenset[str] = frozenset((PRESENT, LATE))
#: Why she was absent or late, when known ("" when not).
REASONS: tuple[str, ...] = ("ill", "child_ill", "appointment", "transport", "other")
#: The course's referred hours a week (domain.md: 12 or 4).
REFERRED_HOURS: tuple[float, ...] = (12.0, 4.0)
#: Sessions run within the day's opening hours.
EARLIEST, LATEST = time(6, 0), time(22, 0)


class ActivityRefused(ValueError):
    """Input a series, a group or a register may not hold: `field` to mark, `message` a Danish-side msgid."""

    def __init__(self, field: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.field, self.message, self.values = field, message, values


@dataclass(frozen=True)
class Version:
    """A series as it runs from `valid_from`: on `weekdays` (Monday 0), from `start` to `end`."""

    valid_from: date
    weekdays: frozenset[int]
    start: time
    end: time
    title: str = ""
    place: str = ""
    leader_id: int | None = None

    @property
    def hours(self) -> float:
        """A session's planned hours."""
        return session_hours(self.start, self.end)


@dataclass(frozen=True)
class Series:
    """An activity of a kind for a group or one woman, from `first_day` to `last_day`, in versions, minus exceptions."""

    id: int
    kind: str
    first_day: date
    last_day: date
    versions: tuple[Version, ...]
    exceptions: frozenset[date] = frozenset()
    group_id: int | None = None
    citizen_id: int | None = None

    def version_on(self, day: date) -> Version | None:
        """The version in force on `day`: the latest that began on or before it."""
        found = [version for version in self.versions if version.valid_from <= day]
        return max(found, key=lambda version: version.valid_from) if found else None


@dataclass(frozen=True)
class Session:
    """One session of a series on a day."""

    series_id: int
    kind: str
    day: date
    start: time
    end: time
    title: str
    place: str
    leader_id: int | None = None

    @property
    def hours(self) -> float:
        """Its planned hours."""
        return session_hours(self.start, self.end)

    @property
    def course_hours(self) -> float:
        """Its hours toward her course hours (none for treatment)."""
        return self.hours if self.kind in COURSE_KINDS else 0.0


def session_hours(start: time, end: time) -> float:
    """Hours from `start` to `end` on one day, to the quarter hour as plans are."""
    minutes = (datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds() / 60
    return round(minutes / 15) * 15 / 60


def sessions(series: Series, first: date, last: date) -> list[Session]:
    """The series' sessions from `first` to `last` (inclusive): each day inside the series' days whose version in
    force holds its weekday and that is not an exception."""
    day, found = max(first, series.first_day), []
    while day <= min(last, series.last_day):
        version = series.version_on(day)
        if version is not None and day.weekday() in version.weekdays and day not in series.exceptions:
            found.append(Session(series.id, series.kind, day, version.start, version.end, version.title, version.place,
                                 version.leader_id))
        day += timedelta(days=1)
    return found


def sessions_of_all(series: Iterable[Series], first: date, last: date) -> list[Session]:
    """Every series' sessions in the days, by day and start."""
    return sorted((s for one in series for s in sessions(one, first, last)), key=lambda s: (s.day, s.start, s.series_id))


def clash(taken: Sequence[Session], added: Sequence[Session]) -> tuple[Session, Session] | None:
    """The first pair of a woman's sessions that would overlap in time on one day (a session of the same series on the
    same day is the same session, not a clash)."""
    by_day: dict[date, list[Session]] = {}
    for session in taken:
        by_day.setdefault(session.day, []).append(session)
    for new in added:
        for old in by_day.get(new.day, []):
            if old.series_id != new.series_id and new.start < old.end and old.start < new.end:
                return old, new
    return None


def check_version(version: Version) -> Version:
    """Times within the day, the end after the start, at least one weekday, a title."""
    if not version.title.strip():
        raise ActivityRefused("title", N_("Give the activity a title."))
    if not version.weekdays or not version.weekdays <= set(range(7)):
        raise ActivityRefused("weekdays", N_("Choose at least one weekday."))
    if not (EARLIEST <= version.start < version.end <= LATEST):
        raise ActivityRefused("end", N_("The activity must end after it starts, between 6:00 and 22:00."))
    return version


def check_days(first: date, last: date, course_first: date, course_last: date) -> tuple[date, date]:
    """A series' days must lie within the course's period, the last not before the first."""
    if last < first:
        raise ActivityRefused("last_day", N_("The last day cannot be before the first."))
    if first < course_first or last > course_last:
        raise ActivityRefused("first_day", N_("The activity must lie within the course, %(first)s to %(last)s."),
                              first=course_first, last=course_last)
    return first, last


def change_from(series: Series, version: Version, today: date) -> tuple[Version, ...]:
    """The series' versions with `version` in force from its `valid_from` on: the days before keep the versions they
    had (history stays). A change must begin inside the series, after the last change, and not before today (a past
    week's sessions have registers that were taken on the old times)."""
    check_version(version)
    latest = max(v.valid_from for v in series.versions)
    if not series.first_day <= version.valid_from <= series.last_day:
        raise ActivityRefused("valid_from", N_("A change must begin within the activity's days."))
    if version.valid_from <= latest or version.valid_from < today:
        raise ActivityRefused("valid_from", N_("A change begins after the last change, and not in the past."))
    return (*series.versions, version)


def check_marks(marks: Mapping[int, tuple[str, str]], members: Iterable[int]) -> dict[int, tuple[str, str]]:
    """A register's marks: one for each member of the session (present when not given), marks and reasons of the
    lists, and no one who is not a member."""
    members = set(members)
    strangers = set(marks) - members
    if strangers:
        raise ActivityRefused("marks", N_("Someone in the register is not in this session."))
    checked = {}
    for citizen_id in members:
        mark, reason = marks.get(citizen_id, (PRESENT, ""))
        if mark not in MARKS or (reason and reason not in REASONS) or (mark == PRESENT and reason):
            raise ActivityRefused(f"mark-{citizen_id}", N_("Choose present, late or absent, and a reason only when she was not there on time."))
        checked[citizen_id] = (mark, reason)
    return checked


def check_register_day(session_day: date, today: date) -> date:
    """A register is taken on the session's day or after it, never before it has happened."""
    if session_day > today:
        raise ActivityRefused("day", N_("This session has not happened yet."))
    return session_day


@dataclass
class Attendance:
    """Her attendance at activities over some sessions: how many of each kind were planned, attended, missed."""

    planned: dict[str, int] = field(default_factory=dict)
    attended: dict[str, int] = field(default_factory=dict)

    def missed(self, kind: str) -> int:
        """Sessions of `kind` with a register that says she was absent."""
        return self.planned.get(kind, 0) - self.attended.get(kind, 0)


def attendance(sessions_: Iterable[Session], marks: Mapping[tuple[int, date], str]) -> Attendance:
    """Her attendance at the course's sessions that have a register (treatment is never counted). `marks`: her mark
    per (series id, day); a session without a register is unknown, not missed."""
    counted = Attendance()
    for session in sessions_:
        mark = marks.get((session.series_id, session.day))
        if session.kind not in COURSE_KINDS or mark is None:
            continue
        counted.planned[session.kind] = counted.planned.get(session.kind, 0) + 1
        if mark in ATTENDED:
            counted.attended[session.kind] = counted.attended.get(session.kind, 0) + 1
    return counted


def planned_course_hours(sessions_: Iterable[Session]) -> float:
    """Planned course hours of the sessions (treatment excluded)."""
    return sum(session.course_hours for session in sessions_)


def member_on(joined: date, left: date | None, day: date) -> bool:
    """Whether a woman who joined a group on `joined` (and left on `left`, her last day) is a member on `day`."""
    return joined <= day and (left is None or day <= left)
