"""Her timeline as chart geometry: every coordinate is computed here, templates only print numbers.

Pure: no Flask, no request. Each function takes a `Timeline` and returns a frozen dataclass in
SVG user units for a viewBox `WIDTH` wide. The pain, hours and evening charts share one time
axis (the same plot edges and one slot per day of each whole week), so stacked on a page their
weeks line up.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.timeline import Timeline
from app.web.charts.calendar import SYMBOLS, CalendarChart, attendance_calendar
from app.web.charts.evening import EveningChart, evening_chart
from app.web.charts.geometry import PLOT_LEFT, PLOT_RIGHT
from app.web.charts.hours import HoursChart, hours_chart
from app.web.charts.pain import PainChart, pain_chart


@dataclass(frozen=True)
class Charts:
    """All four charts of her timeline page: `charts.pain`, `charts.calendar`, `charts.hours`, `charts.evening`."""

    pain: PainChart
    calendar: CalendarChart
    hours: HoursChart
    evening: EveningChart


def timeline_charts(timeline: Timeline) -> Charts:
    """Every chart of the timeline page."""
    return Charts(pain_chart(timeline), attendance_calendar(timeline), hours_chart(timeline), evening_chart(timeline))

__all__ = [
    "PLOT_LEFT", "PLOT_RIGHT", "SYMBOLS", "CalendarChart", "Charts", "EveningChart", "HoursChart", "PainChart",
    "attendance_calendar", "evening_chart", "hours_chart", "pain_chart", "timeline_charts",
]
