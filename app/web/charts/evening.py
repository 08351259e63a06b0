"""The evening cost after each logged day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.timeline import Timeline
from app.web.charts.geometry import (
    EVENING_MAX,
    EVENING_TIRED,
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

# --- Evening cost -------------------------------------------------------------------------


@dataclass(frozen=True)
class EveningBar:
    """A logged evening: height 1 (good) .. 5 (exhausted); 4-5 are `tired` and get a marker."""

    day: date
    evening: int
    x: float
    y: float
    width: float
    height: float
    tired: bool
    internship: bool
    marker: str  # SVG path of a small triangle above a tired bar, else ""

    @property
    def css(self) -> str:
        """Classes for the bar."""
        return "ch-evening" + (" ch-evening-tired" if self.tired else "") + ("" if self.internship else " ch-evening-off")


@dataclass(frozen=True, kw_only=True)
class EveningChart(_Plot):
    """Evening cost per logged day on the shared time axis."""

    threshold_y: float  # between 3 and 4: above it is "very tired or worse"
    zone_height: float  # plot_top..threshold_y, shaded
    grid: tuple[GridLine, ...]
    weeks: tuple[WeekMark, ...]
    bars: tuple[EveningBar, ...]
    first: date
    last: date
    logged_days: int
    tired_days: int


def evening_chart(timeline: Timeline) -> EveningChart:
    """One bar per logged evening; very tired or worse stands out by class and marker."""
    axis = _axis(timeline)
    top, bottom = 16.0, 126.0
    y = _scale(top, bottom, EVENING_MAX)
    width = max(2.0, min(16.0, axis.slot * 0.7))
    bars = []
    for item in timeline.days:
        if item.evening is None:
            continue
        centre, tired = axis.centre(item.day), item.evening >= EVENING_TIRED
        tip = y(item.evening) - 3
        marker = f"M{_r(centre - 4)},{_r(tip - 7)} L{_r(centre + 4)},{_r(tip - 7)} L{_r(centre)},{_r(tip)} Z" if tired else ""
        bars.append(EveningBar(day=item.day, evening=item.evening, x=_r(centre - width / 2), y=y(item.evening),
                               width=_r(width), height=_r(bottom - y(item.evening)), tired=tired,
                               internship=item.planned_hours > 0, marker=marker))
    return EveningChart(
        width=WIDTH, height=148, plot_left=PLOT_LEFT, plot_right=PLOT_RIGHT, plot_top=top, plot_bottom=bottom,
        week_label_y=bottom + 16, threshold_y=y(EVENING_TIRED - 0.5), zone_height=_r(y(EVENING_TIRED - 0.5) - top),
        grid=tuple(GridLine(v, y(v)) for v in range(1, EVENING_MAX + 1)), weeks=axis.week_marks(), bars=tuple(bars),
        first=timeline.first, last=timeline.last, logged_days=len(bars), tired_days=sum(b.tired for b in bars),
    )
