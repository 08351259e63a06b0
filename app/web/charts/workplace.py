"""The workplace's account on her timeline: its status of each day, the attendance a consultant recorded, and its pace
estimate per week, on the shared time axis of the pain, hours and evening charts (their weeks line up).

Every day mark carries a symbol as well as a class (never colour alone); a day where her entry and the workplace's
account (or attendance the consultant recorded before she wrote the day) differ gets a "≠" above it and a heavy
outline. "Cannot say yet" is its own mark (a short hatched box with
"?"), never a bar of 0 %. Task levels per week are a table on the page (workplace_task_table), not a chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Sequence

from app.domain.day import Attendance
from app.domain.timeline import Timeline
from app.domain.workplace import DAY_STATUSES, PACE_STEPS, disagreement, record_status
from app.domain.workplace_account import (DayAccount, RecordedDay, TaskLevel, WorkplaceAccount, differing_days, merged_days,
                                          task_levels)
from app.web.charts.hours import Bar
from app.web.charts.geometry import PLOT_LEFT, PLOT_RIGHT, WIDTH, GridLine, WeekMark, _axis, _Plot, _r, _scale

#: A symbol for every status the workplace may give a day.
WORKPLACE_SYMBOLS: dict[str, str] = {"came": "✓", "late": "↗", "left_early": "↘", "absent": "✕", "day_off": "–"}
#: A symbol for the attendance a consultant recorded (her calendar's).
RECORDED_SYMBOLS: dict[str, str] = {Attendance.FULL: "✓", Attendance.EARLY: "↘", Attendance.ABSENT: "✕"}
#: A symbol for each task level, in the table under the chart.
LEVEL_SYMBOLS: dict[str, str] = {"alone": "●", "some_help": "◐", "not_yet": "○"}
#: A day's box narrower than this draws its symbol smaller (.wp-narrow in static/css/charts.css).
NARROW_BOX = 14.0
#: Height of the "cannot say yet" box on the pace scale.
UNKNOWN_HEIGHT = 18.0


@dataclass(frozen=True)
class Box:
    """A day's box in a lane, and where its symbol goes."""

    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        """The box's horizontal centre."""
        return _r(self.x + self.width / 2)

    @property
    def symbol_y(self) -> float:
        """The baseline of its symbol, centred in the box."""
        return _r(self.y + self.height / 2 + 5)


@dataclass(frozen=True)
class DayMark:
    """A day the workplace answered: a box with its status's class and symbol."""

    day: date
    status: str
    symbol: str
    box: Box
    differs: bool  # her entry and this account put her in different places
    resolved: bool  # ... and the consultant resolved it with a note

    @property
    def css(self) -> str:
        """Classes of the mark, e.g. `wp-day wp-absent wp-differs`."""
        return f"wp-day wp-{self.status}" + (" wp-differs" if self.differs else "") + (" wp-resolved" if self.resolved else "")


@dataclass(frozen=True)
class RecordMark:
    """A day with attendance a consultant recorded: a dashed box with her calendar's symbol."""

    day: date
    attendance: str
    source: str
    symbol: str
    box: Box
    differs: bool = False  # she wrote the day herself after it was recorded, and the two put her in different places
    resolved: bool = False


@dataclass(frozen=True)
class PaceBar:
    """One week's estimate at one placement: a bar up to its percent (`bar.hours` holds the percent), or the "cannot
    say yet" box."""

    week: date
    percent: int | None
    writer: str
    bar: Bar

    @property
    def unknown(self) -> bool:
        """The answer was "cannot say yet"."""
        return self.percent is None


@dataclass(frozen=True, kw_only=True)
class WorkplaceChart(_Plot):
    """Two lanes of day marks over a pace scale of 0-100 %, on the shared time axis."""

    lane_y: float
    lane_height: float
    record_y: float | None  # the recorded lane's top; None when nothing was recorded
    differ_y: float
    grid: tuple[GridLine, ...]
    weeks: tuple[WeekMark, ...]
    days: tuple[DayMark, ...]
    records: tuple[RecordMark, ...]
    paces: tuple[PaceBar, ...]
    first: date
    last: date
    counts: tuple[tuple[str, int], ...]  # every status, in DAY_STATUSES order
    differing: tuple[date, ...]
    differ_xs: tuple[float, ...] = ()  # where each differing day's "≠" goes
    narrow: bool = False  # days too narrow for the symbols' usual size (8 weeks): they are drawn smaller

    @property
    def empty(self) -> bool:
        """Nothing from the workplace, and nothing recorded, in the period."""
        return not self.days and not self.records and not self.paces

    def count(self, status: str) -> int:
        """Days the workplace gave `status`."""
        return dict(self.counts)[status]

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        """Every status the workplace may give a day, with its symbol."""
        return tuple((status, WORKPLACE_SYMBOLS[status]) for status in DAY_STATUSES)

    @property
    def unknown_paces(self) -> int:
        """Weeks answered "cannot say yet"."""
        return sum(p.unknown for p in self.paces)


def workplace_chart(timeline: Timeline, accounts: Sequence[WorkplaceAccount], records: Mapping[date, RecordedDay],
                    hers: Mapping[date, Attendance | None]) -> WorkplaceChart:
    """The workplace's row of her timeline: `accounts` per placement, `records` the consultant recorded, and `hers`
    her own entries' attendance (to mark the days where the accounts differ)."""
    axis = _axis(timeline)
    end = timeline.first + timedelta(weeks=axis.weeks) - timedelta(days=1)
    days = {d: a for d, a in merged_days(accounts).items() if timeline.first <= d <= timeline.last}
    recorded = {d: r for d, r in records.items() if timeline.first <= d <= timeline.last}
    differing = set(differing_days(days, hers))
    record_differs = {d for d, r in recorded.items() if disagreement(hers.get(d), record_status(r.attendance))}
    box_w = _r(max(4.0, min(22.0, axis.slot - 2)))
    differ_y, lane_y, lane_h = 14.0, 20.0, 22.0
    record_y = lane_y + lane_h + 8 if recorded else None
    top = (record_y if record_y is not None else lane_y) + lane_h + 26
    bottom = top + 96
    y = _scale(top, bottom, 100)

    def box(day: date, y0: float) -> Box:
        centre = axis.centre(day)
        return Box(_r(centre - box_w / 2), y0, box_w, lane_h)

    day_marks = tuple(DayMark(d, a.status, WORKPLACE_SYMBOLS[a.status], box(d, lane_y), d in differing, a.resolved)
                      for d, a in sorted(days.items()))
    record_marks = tuple(RecordMark(d, r.attendance, r.source, RECORDED_SYMBOLS.get(r.attendance, "?"), box(d, record_y),
                                    d in record_differs, r.resolved)
                         for d, r in sorted(recorded.items())) if record_y is not None else ()
    bars = []
    for account in accounts:
        for pace in account.paces:
            shown = [pace.week + timedelta(days=n) for n in range(7)]
            shown = [d for d in shown if account.placement.holds(d) and timeline.first <= d <= end]
            if not shown:
                continue
            left, right = axis.left(shown[0]), axis.left(shown[-1]) + axis.slot
            width = max(4.0, (right - left) * 0.5)
            x = (left + right - width) / 2
            high = y(pace.percent) if pace.percent is not None else bottom - UNKNOWN_HEIGHT
            bars.append(PaceBar(pace.week, pace.percent, pace.writer, Bar(
                hours=pace.percent or 0, x=_r(x), y=_r(high), width=_r(width), height=_r(bottom - high),
                label_x=_r((left + right) / 2), label_y=_r(high - 4))))
    return WorkplaceChart(
        width=WIDTH, height=int(bottom + 24), plot_left=PLOT_LEFT, plot_right=PLOT_RIGHT, plot_top=top, plot_bottom=bottom,
        week_label_y=bottom + 16, lane_y=lane_y, lane_height=lane_h, record_y=record_y, differ_y=differ_y,
        grid=tuple(GridLine(v, y(v)) for v in (0, *PACE_STEPS[1:])), weeks=axis.week_marks(),
        days=day_marks, records=record_marks, paces=tuple(sorted(bars, key=lambda b: b.week)),
        first=timeline.first, last=timeline.last,
        counts=tuple((s, sum(1 for a in days.values() if a.status == s)) for s in DAY_STATUSES),
        differing=tuple(sorted(differing | record_differs)), narrow=box_w < NARROW_BOX,
        differ_xs=tuple(_r(axis.centre(d)) for d in sorted(differing | record_differs)),
    )


@dataclass(frozen=True)
class TaskRow:
    """A task's levels by week: `cells` has one entry per Monday of the table (None: not rated that week)."""

    label: str
    cells: tuple[str | None, ...]
    latest: TaskLevel


@dataclass(frozen=True)
class TaskTable:
    """The workplace's ratings of her tasks: one row per task, one column per week rated."""

    mondays: tuple[date, ...]
    rows: tuple[TaskRow, ...]


def workplace_task_table(accounts: Sequence[WorkplaceAccount]) -> TaskTable:
    """Every task any placement's workplace rated in the period, by week."""
    ratings = [r for a in accounts for r in a.ratings]
    mondays = tuple(sorted({r.week for r in ratings}))
    rows = []
    for account in accounts:
        for level in task_levels(account.ratings):
            by_week = {r.week: r.level for r in account.ratings if r.task_id == level.task_id}
            rows.append(TaskRow(level.label, tuple(by_week.get(m) for m in mondays), level))
    return TaskTable(mondays, tuple(rows))
