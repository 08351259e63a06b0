"""Planned against worked hours per week."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.timeline import Timeline
from app.web.charts.geometry import (
    PLOT_LEFT,
    PLOT_RIGHT,
    WIDTH,
    GridLine,
    WeekMark,
    _axis,
    _Plot,
    _r,
    _scale,
)

# --- Hours per week -----------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """A rectangle with its value and where to print it."""

    hours: float
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class HoursWeek:
    """Planned hours (split into days with an entry and days not written) beside worked hours."""

    monday: date
    planned: Bar  # every planned day up to today; its label is the whole planned figure
    unwritten: Bar | None  # the top part of `planned`: planned days without an entry
    worked: Bar
    ratio_percent: int | None  # worked / planned over days with an entry; None: nothing known
    ratio_x: float
    partial: bool  # today's week, before its Sunday: the figures are "so far"


@dataclass(frozen=True, kw_only=True)
class HoursChart(_Plot):
    """One group of bars per week on the shared time axis, a ratio row above."""

    ratio_y: float
    partial_y: float
    scale_max: float
    grid: tuple[GridLine, ...]
    weeks: tuple[HoursWeek, ...]
    week_marks: tuple[WeekMark, ...]
    first: date
    last: date
    known_planned_hours: float
    worked_hours: float
    ratio_percent: int | None


def _nice_max(value: float) -> tuple[float, float]:
    """A round top for the scale and its gridline step."""
    step = 5.0 if value <= 25 else 10.0
    return max(step, math.ceil(value / step) * step), step


def _percent(worked: float, planned: float) -> int | None:
    return round(100 * worked / planned) if planned else None


def hours_chart(timeline: Timeline) -> HoursChart:
    """Planned and worked hours per week, with the attendance ratio as a percentage."""
    axis = _axis(timeline)
    top, bottom = 44.0, 170.0
    scale_max, step = _nice_max(max([w.planned_hours for w in timeline.weeks] + [w.worked_hours for w in timeline.weeks] + [0]))
    y = _scale(top, bottom, scale_max)
    group = axis.slot * 7
    bar_w = min(28.0, group * 0.3)
    weeks = []
    for week in timeline.weeks:
        centre = axis.left(week.monday) + group / 2
        px, wx = centre - bar_w - 2, centre + 2

        def bar(x: float, low: float, high: float, shown: float) -> Bar:
            return Bar(hours=shown, x=_r(x), y=y(high), width=_r(bar_w), height=_r(y(low) - y(high)),
                       label_x=_r(x + bar_w / 2), label_y=_r(y(high) - 4))

        unwritten = week.planned_hours - week.known_planned_hours
        weeks.append(HoursWeek(
            monday=week.monday, planned=bar(px, 0, week.planned_hours, week.planned_hours),
            unwritten=bar(px, week.known_planned_hours, week.planned_hours, unwritten) if unwritten > 0 else None,
            worked=bar(wx, 0, week.worked_hours, week.worked_hours),
            ratio_percent=_percent(week.worked_hours, week.known_planned_hours), ratio_x=_r(centre),
            partial=week.monday + timedelta(days=6) > timeline.last,
        ))
    known = sum(w.known_planned_hours for w in timeline.weeks)
    worked = sum(w.worked_hours for w in timeline.weeks)
    grid = tuple(GridLine(v, y(v)) for v in [step * i for i in range(int(scale_max / step) + 1)])
    return HoursChart(
        width=WIDTH, height=196, plot_left=PLOT_LEFT, plot_right=PLOT_RIGHT, plot_top=top, plot_bottom=bottom,
        ratio_y=16.0, partial_y=29.0, week_label_y=bottom + 16, scale_max=scale_max, grid=grid, weeks=tuple(weeks),
        week_marks=axis.week_marks(), first=timeline.first, last=timeline.last, known_planned_hours=known,
        worked_hours=worked, ratio_percent=_percent(worked, known),
    )
