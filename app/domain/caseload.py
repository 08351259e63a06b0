"""The figures of one caseload row, from her plans and entries as of a day (pure).

Kept apart from the service that loads them so a stored reading can hold them: they change
only when her log, her plan or the day does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Sequence

from app.domain.baseline import baseline_on, baselines
from app.domain.day import day_status, worked_hours
from app.domain.schedule import PlanVersion, plans_on_days
from app.domain.timeline import TimelineDay, monday_of, recent_pain, summarize_weeks
from app.domain.week import DayFacts, worked_days


@dataclass(frozen=True)
class RowFigures:
    """How this week and last week went, when she last wrote, and her recent and usual pain."""

    week_planned: float  # planned hours this week up to today
    week_known_planned: float  # of those, on days with an entry
    week_worked: float
    last_week_planned: float  # last Monday-to-Sunday week, on days with an entry
    last_week_worked: float
    last_week_unknown: float  # planned hours last week that she did not write about
    last_entry: date | None
    recent_pain: float | None  # median of her last 5 logged internship days
    usual_pain: float | None  # her baseline median
    writing_since: date | None = None  # from when a planned day without an entry counts as silence (logging_since)


def logging_since(consent_day: date | None, plans: Sequence[PlanVersion]) -> date | None:
    """From when her silence counts: the day she got the app, or before that her course's first planned day.

    A woman who has not written since her start needs a call as much as one who stopped (issue 18);
    None only when she has neither the app nor a plan.
    """
    if consent_day is not None:
        return consent_day
    return min((p.valid_from for p in plans if p.weekly_hours > 0), default=None)


def row_figures(plans: Sequence[PlanVersion], entries: Mapping[date, DayFacts], today: date,
                writing_since: date | None = None) -> RowFigures:
    """Her row's figures as of `today` (`entries` up to today)."""
    week_days = []
    first = monday_of(today) - timedelta(weeks=1)
    span = [first + timedelta(days=offset) for offset in range((today - first).days + 1)]
    for day, version in zip(span, plans_on_days(plans, span)):
        facts = entries.get(day)
        # An appointment she announced in advance is planned around (as for the flags and the report).
        planned = 0.0 if version is None or (facts is not None and facts.planned_around) else version.planned_on(day)
        attendance = facts.attendance if facts else None
        week_days.append(TimelineDay(day, planned, day_status(planned, attendance, facts is not None),
                                     worked_hours(attendance, planned, facts.hours_worked if facts else None,
                                                  facts.extra_hours if facts else None),
                                     None, None, None, None, budget=version.budget_on(day) if version else 0.0))
    last_week, week = summarize_weeks(week_days)
    usual = baseline_on(baselines({d: f.pain for d, f in entries.items()}, plans, worked_days(entries)), today)
    return RowFigures(
        week_planned=week.planned_hours, week_known_planned=week.known_planned_hours, week_worked=week.worked_hours,
        last_week_planned=last_week.known_planned_hours, last_week_worked=last_week.worked_hours,
        last_week_unknown=last_week.planned_hours - last_week.known_planned_hours, last_entry=max((d for d, f in entries.items() if not f.recorded), default=None),
        recent_pain=recent_pain(entries, plans, today), usual_pain=usual.median if usual else None,
        writing_since=writing_since,
    )
