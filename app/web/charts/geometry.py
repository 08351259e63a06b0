"""Shared geometry of the timeline charts: one x-axis for all, scales, grid and week marks."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.day import DayStatus
from app.domain.timeline import Timeline, monday_of

WIDTH = 640
PLOT_LEFT = 40.0
PLOT_RIGHT = 628.0
PAIN_MAX = 10
EVENING_MAX = 5
#: Evening 4 = "very tired, must rest" and 5 = "exhausted" (measures.md R3).
EVENING_TIRED = 4
RECENT_DAYS = 14
#: Right edge of the y-axis labels, and how far below a line its 11-unit label's baseline sits.
TICK_X = PLOT_LEFT - 6
LABEL_DROP = 4.0
#: Font size of the Monday labels under the time axis (.ch-week-label in static/css/charts.css).
WEEK_LABEL_SIZE = 10.5
#: The widest Monday label in ems of its font: "man. 28. sep." measures 6.85 em in DejaVu Sans,
#: the widest of the fonts the charts name.
WEEK_LABEL_EMS = 6.9
#: The least room between two Monday labels, in user units.
WEEK_LABEL_GAP = 1.0

#: A symbol for every calendar status, so colour is never the only signal.
SYMBOLS: dict[DayStatus, str] = {
    DayStatus.ATTENDED: "✓",
    DayStatus.EARLY: "↘",
    DayStatus.ABSENT: "✕",
    DayStatus.NOT_PLANNED: "·",
    DayStatus.WORKED_UNPLANNED: "+",
    DayStatus.UNKNOWN: "?",
    DayStatus.FUTURE: "",
}


def _r(value: float) -> float:
    """Coordinates rounded to a tenth of a unit: short markup, stable tests."""
    return round(value, 1)


@dataclass(frozen=True)
class GridLine:
    """A horizontal gridline; its value is printed right-aligned at TICK_X, LABEL_DROP below it."""

    value: float
    y: float

    @property
    def label_y(self) -> float:
        """Baseline of the value label, so the text sits centred on the line."""
        return _r(self.y + LABEL_DROP)


@dataclass(frozen=True)
class WeekMark:
    """A week separator at the Monday's left edge; the Monday's date is centred under the week when it fits."""

    monday: date
    x: float
    label_x: float
    labelled: bool = True  # False: the labels would run into each other, this week's is left out


def label_stride(week_width: float, label_size: float = WEEK_LABEL_SIZE) -> int:
    """Label every n-th week so that the widest label and a gap fit between two labels."""
    return max(1, math.ceil((WEEK_LABEL_EMS * label_size + WEEK_LABEL_GAP) / week_width))


@dataclass(frozen=True, kw_only=True)
class _Plot:
    """Shared by the charts on the time axis: size, plot edges, where tick labels and an empty-chart note go."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    week_label_y: float

    @property
    def tick_x(self) -> float:
        """Right edge of the y-axis value labels."""
        return TICK_X

    @property
    def mid_x(self) -> float:
        """Horizontal centre of the plot."""
        return _r((self.plot_left + self.plot_right) / 2)

    @property
    def mid_y(self) -> float:
        """Vertical centre of the plot."""
        return _r((self.plot_top + self.plot_bottom) / 2)

    @property
    def plot_width(self) -> float:
        """Width of the plot area."""
        return _r(self.plot_right - self.plot_left)


@dataclass(frozen=True)
class _Axis:
    first: date
    weeks: int
    slot: float

    def left(self, day: date) -> float:
        return PLOT_LEFT + (day - self.first).days * self.slot

    def centre(self, day: date) -> float:
        return self.left(day) + self.slot / 2

    def week_marks(self, label_size: float = WEEK_LABEL_SIZE) -> tuple[WeekMark, ...]:
        """Every Monday's separator; its date under every n-th week, as many as fit at `label_size`."""
        stride = label_stride(7 * self.slot, label_size)
        mondays = [self.first + timedelta(weeks=i) for i in range(self.weeks)]
        return tuple(WeekMark(m, _r(self.left(m)), _r(self.left(m) + 3.5 * self.slot), i % stride == 0) for i, m in enumerate(mondays))


def _axis(timeline: Timeline) -> _Axis:
    """One slot per day of every whole week from `first` to the Sunday of `last`'s week."""
    weeks = max(1, (monday_of(timeline.last) - timeline.first).days // 7 + 1)
    return _Axis(timeline.first, weeks, (PLOT_RIGHT - PLOT_LEFT) / (weeks * 7))


Scale = Callable[[float], float]


def _scale(top: float, bottom: float, maximum: float) -> Scale:
    """Value to y: 0 at `bottom`, `maximum` at `top`."""
    return lambda value: _r(bottom - (bottom - top) * value / maximum)
