"""Pain per day against her usual band, with changes of hours marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from app.domain.timeline import Timeline, TimelineDay
from app.web.charts.geometry import (
    PAIN_MAX,
    PLOT_LEFT,
    PLOT_RIGHT,
    RECENT_DAYS,
    WEEK_LABEL_SIZE,
    WIDTH,
    GridLine,
    Scale,
    WeekMark,
    _Axis,
    _axis,
    _Plot,
    _r,
    _scale,
)

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


@dataclass(frozen=True, kw_only=True)
class PainChart(_Plot):
    """Pain 0-10 per day (10 at the top), her usual band, plan changes and weeks."""

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
                               height=_r(y(usual.low) - y(usual.high))))
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


def pain_chart(timeline: Timeline, label_size: float = WEEK_LABEL_SIZE) -> PainChart:
    """Pain per day, oldest left, 10 at the top (`label_size`: the week labels' font size, to thin them to what fits)."""
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
        week_label_y=bottom + 16, grid=tuple(GridLine(v, y(v)) for v in (0, 5, 10)), weeks=axis.week_marks(label_size),
        bands=_bands(timeline.days, axis, y), lines=_lines(timeline.days, axis, y), dots=dots,
        markers=_markers(timeline, axis, (13.0, 27.0)), first=timeline.first, last=timeline.last,
        logged_days=len(dots), recent_median=float(median(recent)) if recent else None,
        usual_low=baseline.low if baseline else None, usual_high=baseline.high if baseline else None,
    )
