"""The attendance calendar: one row per week, a symbol and a colour per day."""

from __future__ import annotations

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
class CalendarRow:
    """A Monday-to-Sunday week."""

    monday: date
    y: float
    label_y: float
    cells: tuple[CalendarCell, ...]


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
    def legend(self) -> tuple[tuple[DayStatus, str], ...]:
        """Status and symbol of every kind of past day (future days are left blank)."""
        return tuple((status, symbol) for status, symbol in SYMBOLS.items() if status is not DayStatus.FUTURE)

    def count(self, status: str) -> int:
        """How many days have `status` (a DayStatus value, e.g. "early")."""
        return dict(self.counts)[DayStatus(status)]


def attendance_calendar(timeline: Timeline) -> CalendarChart:
    """A grid of weeks; days after `last` are future."""
    label_width, cell_w, cell_h, gap, top = 108.0, 72.0, 40.0, 4.0, 24.0
    by_day = {d.day: d for d in timeline.days}
    weeks = max(1, (monday_of(timeline.last) - timeline.first).days // 7 + 1)
    rows = []
    counts: dict[DayStatus, int] = {}
    for week in range(weeks):
        monday = timeline.first + timedelta(weeks=week)
        y = top + week * (cell_h + gap)
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
        rows.append(CalendarRow(monday=monday, y=_r(y), label_y=_r(y + cell_h / 2 + 4), cells=tuple(cells)))
    return CalendarChart(
        width=WIDTH, height=int(top + weeks * (cell_h + gap)), label_x=0.0, header_y=16.0,
        columns=tuple(_r(label_width + i * cell_w + cell_w / 2) for i in range(7)), rows=tuple(rows),
        first=timeline.first, last=timeline.last, counts=tuple((s, counts.get(s, 0)) for s in DayStatus),
    )
