"""The contact person's weekly form: which days it asks about, and what a submitted form says.

The form asks about the placement's planned days of one week (Monday to Sunday) up to today; on a monthly budget no day
is fixed, so it asks about every day of the week the placement holds. It reads a form's fields into `WeekAnswers` or
into errors per field, so a refused form is shown again with what they typed (issue 21: "pace 300 %, a day outside the
placement, a task of another placement are refused on the form with the input kept").

Fields: `day-<iso date>` (a status of DAY_STATUSES, or empty: not answered), `note-<iso date>`, `pace` (a step of
PACE_STEPS or "unknown": cannot say yet; required), `task-<task id>` (a level of TASK_LEVELS, or empty),
`suggested_task`, `went_well`, `was_hard`.

Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Collection, Mapping, Sequence

from app.domain.flags.model import N_
from app.domain.placements import Span
from app.domain.schedule import MONTHLY, PlanVersion, plans_on_days
from app.domain.week_ahead import end_of
from app.domain.workplace import Refused, check_day, check_level, check_pace, check_status, check_task

#: What "cannot say yet" is called in the form.
PACE_UNKNOWN = "unknown"
#: Longest texts, as the columns hold them.
NOTE_MAX, COMMENT_MAX, TASK_MAX = 300, 500, 200


@dataclass(frozen=True)
class AskedDay:
    """A day the form asks about: planned hours and times when the plan gives them (None on a monthly budget)."""

    day: date
    hours: float | None
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class WeekAnswers:
    """What a submitted form says; `days` maps a day to (status, note); `pace` None is "cannot say yet"."""

    days: dict[date, tuple[str, str]]
    pace: int | None
    tasks: dict[int, str]
    suggested_task: str = ""
    went_well: str = ""
    was_hard: str = ""


@dataclass
class Parsed:
    """A submitted form read: its answers, or the errors per field (an error's value is a msgid)."""

    answers: WeekAnswers | None
    errors: dict[str, str] = field(default_factory=dict)


def monday_of(day: date) -> date:
    """The Monday of `day`'s week: what names a week."""
    return day - timedelta(days=day.weekday())


def default_week(span: Span, today: date) -> date:
    """The week the form opens on: yesterday's (a reminder on Monday asks about last week, one on Friday about this
    week so far), kept within the placement's days."""
    wanted = monday_of(today - timedelta(days=1))
    if wanted < monday_of(span.start):
        return monday_of(span.start)
    if span.end is not None and wanted > monday_of(span.end):
        return monday_of(span.end)
    return wanted


def weeks_around(span: Span, week: date, today: date) -> tuple[date | None, date | None]:
    """The week before and after `week` that the form can show (None past the placement's days or after today)."""
    before = week - timedelta(days=7)
    after = week + timedelta(days=7)
    last = min(today, span.end) if span.end else today
    return (before if span.meets(before, before + timedelta(days=6)) else None,
            after if after <= last and span.meets(after, after + timedelta(days=6)) else None)


def asked_days(plans: Sequence[PlanVersion], span: Span, week: date, today: date) -> list[AskedDay]:
    """The days of `week` (its Monday) the form asks about: the placement's, up to today, planned by the plan in force
    (every such day where the plan is a monthly budget)."""
    days = [week + timedelta(days=offset) for offset in range(7)]
    days = [day for day in days if span.holds(day) and day <= today]
    asked = []
    for day, version in zip(days, plans_on_days(plans, days)):
        if version is not None and version.mode == MONTHLY:
            asked.append(AskedDay(day, None))
            continue
        hours = version.planned_on(day) if version else 0.0
        if hours:
            start = version.start_on(day)
            asked.append(AskedDay(day, hours, start, end_of(day, start, hours) if start else None))
    return asked


def _text(form: Mapping[str, Sequence[str]], name: str, longest: int, errors: dict[str, str]) -> str:
    value = " ".join((form.get(name) or [""])[0].split())
    if len(value) > longest:
        errors[name] = N_("Please write a little less.")
    return value


def parse_week(form: Mapping[str, Sequence[str]], span: Span, asked: Collection[date], task_ids: Collection[int]) -> Parsed:
    """Read a submitted weekly form: a day must be one the form asked about (and the placement's), a task one of the
    placement's own, the pace one of the steps or "cannot say yet"."""
    errors: dict[str, str] = {}
    days: dict[date, tuple[str, str]] = {}
    tasks: dict[int, str] = {}
    pace: int | None = None
    for name, values in form.items():
        value = (values or [""])[0]
        kind, _, rest = name.partition("-")
        if kind == "day" and value:
            try:
                day = check_day(span, date.fromisoformat(rest))
                if day not in asked:
                    raise Refused("day", day)
                days[day] = (check_status(value), _text(form, f"note-{rest}", NOTE_MAX, errors))
            except (ValueError, Refused):
                errors[name] = N_("This day cannot be answered here.")
        elif kind == "task" and value:
            try:
                tasks[check_task(int(rest), task_ids)] = check_level(value)
            except (ValueError, Refused):
                errors[name] = N_("This task cannot be answered here.")
    raw_pace = (form.get("pace") or [""])[0]
    if not raw_pace:
        errors["pace"] = N_("Choose a pace, or \"cannot say yet\".")
    elif raw_pace != PACE_UNKNOWN:
        try:
            pace = check_pace(int(raw_pace))
        except (ValueError, Refused):
            errors["pace"] = N_("Choose one of the paces shown.")
    texts = {name: _text(form, name, longest, errors)
             for name, longest in (("suggested_task", TASK_MAX), ("went_well", COMMENT_MAX), ("was_hard", COMMENT_MAX))}
    if errors:
        return Parsed(None, errors)
    return Parsed(WeekAnswers(days, pace, tasks, **texts))
