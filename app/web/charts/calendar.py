"""The attendance calendar: one row per week, a symbol and a colour per day, and where a new placement began."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.day import DayStatus
from app.domain.timeline import Timeline, monday_of
from app.web.charts.geometry import SYMBOLS, WIDTH, _r

# --- Attendance calendar ------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarCell:
    """One day: a box with the status's class and symbol; early days also show the hours."""

    day: date
    status: DayStatus
    symbol: str
    x: float
    y: float
    width: float
    height: float
    cx: float
    symbol_y: float
    number_x: float
    number_y: float
    hours_y: float
    today: bool
    worked_hours: float
    planned_hours: float

    @property
    def css(self) -> str:
        """The status's class, e.g. `cal-not_planned`."""
        return f"cal-{self.status.value}"


@dataclass(frozen=True)
class PlacementMark:
    """The first day of a new placement: a bar on its cell's leading edge, the workplace's name above the week."""

    day: date
    name: str
    x: float
    top: float
    bottom: float
    label_x: float
    label_y: float
    anchor: str  # "start", or "end" late in the week (the name then runs back from the day's right edge)


@dataclass(frozen=True)
class CalendarRow:
    """A Monday-to-Sunday week."""

    monday: date
    y: float
    label_y: float
    cells: tuple[CalendarCell, ...]
    marks: tuple[PlacementMark, ...] = ()


@dataclass(frozen=True)
class CalendarChart:
    """One row per week, Monday..Sunday columns, a row label with the Monday's date."""

    width: int
    height: int
    label_x: float
    header_y: float
    columns: tuple[float, ...]  # centre x of Monday..Sunday
    rows: tuple[CalendarRow, ...]
    first: date
    last: date
    counts: tuple[tuple[DayStatus, int], ...]  # every status, in DayStatus order

    @property
    def marks(self) -> tuple[PlacementMark, ...]:
        """Every new placement's first day in the calendar, oldest first."""
        return tuple(mark for row in self.rows for mark in row.marks)

    @property
    def legend(self) -> tuple[tuple[DayStatus, str], ...]:
        """Status and symbol of every kind of past day (future days are left blank)."""
        return tuple((status, symbol) for status, symbol in SYMBOLS.items() if status is not DayStatus.FUTURE)

    def count(self, status: str) -> int:
        """How many days have `status` (a DayStatus value, e.g. "early")."""
        return dict(self.counts)[DayStatus(status)]


#: Room above a week in which a new placement began, for the workplace's name.
MARK_BAND = 18.0


def _marks(monday: date, starts: Mapping[date, str], y: float, label_width: float, cell_w: float,
           cell_h: float) -> tuple[PlacementMark, ...]:
    """The week's new placements: a bar from the name down the day's cell, the name over the day."""
    marks = []
    for weekday in range(7):
        day = monday + timedelta(days=weekday)
        if day in starts:
            x = label_width + weekday * cell_w
            late = weekday >= 4
            marks.append(PlacementMark(day=day, name=starts[day], x=_r(x + 1), top=_r(y - MARK_BAND + 3), bottom=_r(y + cell_h),
                                       label_x=_r(x + cell_w - 1 if late else x + 5), label_y=_r(y - 5),
                                       anchor="end" if late else "start"))
    return tuple(marks)


def attendance_calendar(timeline: Timeline, placements: Mapping[date, str] | None = None) -> CalendarChart:
    """A grid of weeks; days after `last` are future. `placements`: the first day of each new placement in the
    calendar and its workplace's name, marked on its day (the week gets room above it for the name)."""
    label_width, cell_w, cell_h, gap, top = 108.0, 72.0, 40.0, 4.0, 24.0
    by_day = {d.day: d for d in timeline.days}
    starts = dict(placements or {})
    weeks = max(1, (monday_of(timeline.last) - timeline.first).days // 7 + 1)
    rows = []
    counts: dict[DayStatus, int] = {}
    y = top - gap
    for week in range(weeks):
        monday = timeline.first + timedelta(weeks=week)
        banded = any(monday <= day < monday + timedelta(days=7) for day in starts)
        y += gap + (MARK_BAND if banded else 0.0)
        cells = []
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            item = by_day.get(day)
            status = item.status if item else (DayStatus.FUTURE if day > timeline.last else DayStatus.NOT_PLANNED)
            counts[status] = counts.get(status, 0) + 1
            x = label_width + weekday * cell_w
            cells.append(CalendarCell(
                day=day, status=status, symbol=SYMBOLS[status], x=_r(x + 1), y=_r(y), width=cell_w - 2,
                height=cell_h, cx=_r(x + cell_w / 2), symbol_y=_r(y + (19 if status is DayStatus.EARLY else 26)),
                number_x=_r(x + 5), number_y=_r(y + 12), hours_y=_r(y + 34), today=day == timeline.last,
                worked_hours=item.worked_hours if item else 0.0, planned_hours=item.planned_hours if item else 0.0,
            ))
        rows.append(CalendarRow(monday=monday, y=_r(y), label_y=_r(y + cell_h / 2 + 4), cells=tuple(cells),
                                marks=_marks(monday, starts, y, label_width, cell_w, cell_h)))
        y += cell_h
    return CalendarChart(
        width=WIDTH, height=int(y + gap), label_x=0.0, header_y=16.0,
        columns=tuple(_r(label_width + i * cell_w + cell_w / 2) for i in range(7)), rows=tuple(rows),
        first=timeline.first, last=timeline.last, counts=tuple((s, counts.get(s, 0)) for s in DayStatus),
    )
