"""Her timeline as chart geometry: every coordinate is computed here, templates only print numbers.

Pure: no Flask, no request. Each function takes a `Timeline` and returns a frozen dataclass in
SVG user units for a viewBox `WIDTH` wide. The pain, hours and evening charts share one time
axis (the same plot edges and one slot per day of each whole week), so stacked on a page their
weeks line up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from app.domain.day import DayStatus
from app.domain.timeline import Timeline, TimelineDay, monday_of

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

#: A symbol for every calendar status, so colour is never the only signal.
SYMBOLS: dict[DayStatus, str] = {
    DayStatus.ATTENDED: "✓",
    DayStatus.EARLY: "↘",
    DayStatus.ABSENT: "✕",
    DayStatus.NOT_PLANNED: "·",
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
    """A week separator at the Monday's left edge; the Monday's date is centred under the week."""

    monday: date
    x: float
    label_x: float


class _Plot:
    """Shared by the charts on the time axis: where tick labels and an empty-chart note go."""

    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float

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

    def week_marks(self) -> tuple[WeekMark, ...]:
        mondays = [self.first + timedelta(weeks=i) for i in range(self.weeks)]
        return tuple(WeekMark(m, _r(self.left(m)), _r(self.left(m) + 3.5 * self.slot)) for m in mondays)


def _axis(timeline: Timeline) -> _Axis:
    """One slot per day of every whole week from `first` to the Sunday of `last`'s week."""
    weeks = max(1, (monday_of(timeline.last) - timeline.first).days // 7 + 1)
    return _Axis(timeline.first, weeks, (PLOT_RIGHT - PLOT_LEFT) / (weeks * 7))


Scale = Callable[[float], float]


def _scale(top: float, bottom: float, maximum: float) -> Scale:
    """Value to y: 0 at `bottom`, `maximum` at `top`."""
    return lambda value: _r(bottom - (bottom - top) * value / maximum)


# --- Pain ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PainDot:
    """A logged day's pain: filled on an internship day, hollow on a day off."""

    day: date
    pain: int
    x: float
    y: float
    internship: bool


@dataclass(frozen=True)
class PainLine:
    """Joins logged internship days; `gap` when planned days without an entry lie between."""

    points: str
    gap: bool


@dataclass(frozen=True)
class UsualBand:
    """Her usual pain (baseline low..high) over a stretch of days where one baseline holds."""

    first: date
    last: date
    low: float
    high: float
    median: float
    x: float
    y: float
    width: float
    height: float
    median_y: float

    @property
    def right(self) -> float:
        """Right edge."""
        return _r(self.x + self.width)

    @property
    def bottom(self) -> float:
        """Lower edge (y of `low`)."""
        return _r(self.y + self.height)


@dataclass(frozen=True)
class PlanMarker:
    """A change of weekly hours: a vertical line at the left edge of its first day, and a label."""

    day: date
    from_hours: float
    to_hours: float
    x: float
    label_x: float
    label_y: float
    anchor: str  # "start" or "end"

    @property
    def top(self) -> float:
        """Upper end of the line: level with the top of its label."""
        return _r(self.label_y - 10)


@dataclass(frozen=True)
class PainChart(_Plot):
    """Pain 0-10 per day (10 at the top), her usual band, plan changes and weeks."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    week_label_y: float
    grid: tuple[GridLine, ...]
    weeks: tuple[WeekMark, ...]
    bands: tuple[UsualBand, ...]
    lines: tuple[PainLine, ...]
    dots: tuple[PainDot, ...]
    markers: tuple[PlanMarker, ...]
    first: date
    last: date
    logged_days: int
    recent_median: float | None  # over the logged days of the last RECENT_DAYS days
    usual_low: float | None
    usual_high: float | None


def _bands(days: list[TimelineDay], axis: _Axis, y: Scale) -> tuple[UsualBand, ...]:
    stretches: list[list[TimelineDay]] = []
    for item in days:
        if item.usual is None:
            continue
        if stretches and stretches[-1][-1].usual == item.usual and stretches[-1][-1].day == item.day - timedelta(days=1):
            stretches[-1].append(item)
        else:
            stretches.append([item])
    bands = []
    for stretch in stretches:
        usual = stretch[0].usual
        assert usual is not None
        x = axis.left(stretch[0].day)
        width = axis.left(stretch[-1].day) + axis.slot - x
        bands.append(UsualBand(first=stretch[0].day, last=stretch[-1].day, low=usual.low, high=usual.high,
                               median=usual.median, x=_r(x), y=y(usual.high), width=_r(width),
                               height=_r(y(usual.low) - y(usual.high)), median_y=y(usual.median)))
    return tuple(bands)


def _lines(days: list[TimelineDay], axis: _Axis, y: Scale) -> tuple[PainLine, ...]:
    """Solid between consecutive logged internship days, dotted across planned days left unwritten."""
    runs: list[tuple[list[str], bool]] = []
    previous: str | None = None
    unwritten = False
    for item in days:
        if item.planned_hours <= 0:
            continue
        if item.pain is None:
            unwritten = True
            continue
        point = f"{_r(axis.centre(item.day))},{y(item.pain)}"
        if previous is not None and unwritten:
            runs.append(([previous, point], True))
        if previous is None or unwritten:
            runs.append(([point], False))
        else:
            runs[-1][0].append(point)
        previous, unwritten = point, False
    return tuple(PainLine(" ".join(points), gap) for points, gap in runs if len(points) > 1)


def _markers(timeline: Timeline, axis: _Axis, rows: tuple[float, float]) -> tuple[PlanMarker, ...]:
    markers: list[PlanMarker] = []
    for change in timeline.plan_changes:
        if not timeline.first <= change.day <= timeline.last:
            continue
        x = axis.left(change.day)
        near_end = x > PLOT_RIGHT - 80
        # Two label rows: a change within a label's width of the previous one takes the other row.
        crowded = bool(markers) and abs(x - markers[-1].x) < 90 and markers[-1].label_y == rows[0]
        markers.append(PlanMarker(day=change.day, from_hours=change.from_hours, to_hours=change.to_hours,
                                  x=_r(x), label_x=_r(x - 3 if near_end else x + 3),
                                  label_y=rows[1] if crowded else rows[0], anchor="end" if near_end else "start"))
    return tuple(markers)


def pain_chart(timeline: Timeline) -> PainChart:
    """Pain per day, oldest left, 10 at the top."""
    axis = _axis(timeline)
    top, bottom = 34.0, 194.0
    y = _scale(top, bottom, PAIN_MAX)
    logged = [d for d in timeline.days if d.pain is not None]
    dots = tuple(PainDot(d.day, d.pain, _r(axis.centre(d.day)), y(d.pain), d.planned_hours > 0)
                 for d in logged if d.pain is not None)
    recent = [d.pain for d in logged if d.pain is not None and d.day > timeline.last - timedelta(days=RECENT_DAYS)]
    baseline = timeline.baseline
    return PainChart(
        width=WIDTH, height=216, plot_left=PLOT_LEFT, plot_right=PLOT_RIGHT, plot_top=top, plot_bottom=bottom,
        week_label_y=bottom + 16, grid=tuple(GridLine(v, y(v)) for v in (0, 5, 10)), weeks=axis.week_marks(),
        bands=_bands(timeline.days, axis, y), lines=_lines(timeline.days, axis, y), dots=dots,
        markers=_markers(timeline, axis, (13.0, 27.0)), first=timeline.first, last=timeline.last,
        logged_days=len(dots), recent_median=float(median(recent)) if recent else None,
        usual_low=baseline.low if baseline else None, usual_high=baseline.high if baseline else None,
    )


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


@dataclass(frozen=True)
class HoursChart(_Plot):
    """One group of bars per week on the shared time axis, a ratio row above."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    ratio_y: float
    partial_y: float
    week_label_y: float
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


@dataclass(frozen=True)
class EveningChart(_Plot):
    """Evening cost per logged day on the shared time axis."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    week_label_y: float
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
