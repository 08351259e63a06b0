"""Planned against worked hours per week."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.timeline import Timeline
from app.web.charts.geometry import (
    PLOT_LEFT,
    PLOT_RIGHT,
    WEEK_LABEL_SIZE,
    WIDTH,
    GridLine,
    WeekMark,
    _axis,
    _Plot,
    _r,
    _scale,
)

# --- Hours per week -----------------------------------------------------------------------

#: Font sizes of the week's figures (.ch-ratio and .ch-value in static/css/charts.css).
RATIO_SIZE = 13.0
VALUE_SIZE = 11.0
#: Bold "100 %" is about 3.4 em wide (DejaVu Sans Bold); a bold digit about 0.62 em, a decimal comma half that.
RATIO_EMS = 3.5
DIGIT_EMS = 0.62


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
    ratio_sign: bool = True  # False: weeks too narrow for "100 %"; the row's head says "%"
    values_shown: bool = True  # False: the hours over the bars would run into each other


def _digits(value: float) -> float:
    """A figure's width in digits ("12,5" is three and a half)."""
    text = f"{value:g}"
    return sum(0.5 if ch in ".," else 1 for ch in text)


def _nice_max(value: float) -> tuple[float, float]:
    """A round top for the scale and its gridline step."""
    step = 5.0 if value <= 25 else 10.0
    return max(step, math.ceil(value / step) * step), step


def _percent(worked: float, planned: float) -> int | None:
    return round(100 * worked / planned) if planned else None


def hours_chart(timeline: Timeline, label_size: float = WEEK_LABEL_SIZE, ratio_size: float = RATIO_SIZE) -> HoursChart:
    """Planned and worked hours per week, with the attendance ratio as a percentage.

    `label_size` and `ratio_size` are the font sizes of the week labels and the percentages where the
    chart is shown: labels and figures that would run into each other are thinned or left out.
    """
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
        week_marks=axis.week_marks(label_size), first=timeline.first, last=timeline.last, known_planned_hours=known,
        worked_hours=worked, ratio_percent=_percent(worked, known), ratio_sign=group >= RATIO_EMS * ratio_size,
        values_shown=bar_w + 4 >= DIGIT_EMS * VALUE_SIZE * max(
            [_digits(w.planned_hours) for w in timeline.weeks] + [_digits(w.worked_hours) for w in timeline.weeks] + [1]),
    )
