"""The facts of the work-capacity report (measures.md, sections 3-9 and 12), from the log alone.

Pure: plan versions, her entries, her placements and a period come in; numbers come out. The
consultant writes the summary, observations and assessment; nothing here concludes anything about
a flexible job, a resource course or early retirement.

A period may hold several placements (a course moves her): sections 3 and 4 then say which
placement each week and each level of hours belongs to, and give each placement its own subtotal,
because the job centre reads her attendance at each workplace as its own piece of the effort made.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Any, Mapping, NamedTuple, Sequence

from app.domain import activities, body_map
from app.domain.baseline import Baseline, baselines
from app.domain.day import Attendance, is_planned_around, worked_hours
from app.domain.placements import Span, current_on
from app.domain.schedule import MONTHLY, HourChange, PlanVersion, hour_changes, plan_in_force, plans_on_days

HELD_WEEKS = 4  # "the highest level held >= 4 weeks at >= 90 % attendance"
HELD_RATIO = 0.90
RESPONSE_WEEKS = 4  # how far before and after a change of hours its effect is compared
TIRED_EVENING = 4


class LoggedEntry(NamedTuple):
    """What the report needs of one entry."""

    day: date
    attendance: Attendance | None
    hours_worked: float | None
    pain: int | None  # None: an absence she reported that morning and has not added her pain to
    difficulty: int | None
    breaks: str | None
    evening: int | None
    early_reasons: tuple[str, ...]
    absence_reason: str | None
    told_in_advance: bool | None
    entered_by: str
    body_regions: tuple[str, ...] = ()  # the weekly body map, when this day carries it
    extra_hours: float | None = None  # hours she stayed beyond the plan (worked, never planned)


@dataclass(frozen=True, kw_only=True)
class Tally:
    """Attendance over some days (a week, a placement), counted on the planned days she wrote about."""

    planned_days: int
    logged_days: int
    attended_days: int  # all of it
    early_days: int
    absent_days: int
    planned_hours: float  # on the planned days she wrote about
    worked_hours: float

    @property
    def ratio(self) -> float | None:
        """Worked / planned hours on the days with an entry."""
        return self.worked_hours / self.planned_hours if self.planned_hours else None


@dataclass(frozen=True, kw_only=True)
class WeekRow(Tally):
    """Section 3: one week of attendance, with the placements its days (within the period) belong to."""

    monday: date
    placements: tuple[Span, ...] = ()  # two when she changed placement that week


@dataclass(frozen=True, kw_only=True)
class PlacementTally(Tally):
    """Section 3: one placement's subtotal over its days within the period."""

    placement: Span
    first: date
    last: date


@dataclass(frozen=True)
class PlanPeriod:
    """Section 4: one plan of hours within the period (at one placement) and whether it held."""

    start: date
    end: date
    weekly_hours: float
    planned_hours: float
    worked_hours: float
    logged_days: int
    placement: Span | None = None  # set when the period holds several placements
    monthly_hours: float | None = None  # a monthly budget (weekly_hours is then its average week)
    paid_hours: float | None = None  # of the week's (the month's, on a budget) hours, the paid ones

    @property
    def weeks(self) -> float:
        """Its length in weeks."""
        return ((self.end - self.start).days + 1) / 7

    @property
    def ratio(self) -> float | None:
        """Worked / planned hours on the days with an entry."""
        return self.worked_hours / self.planned_hours if self.planned_hours else None

    @property
    def held(self) -> bool:
        """At least 90 % of the hours worked on the days she wrote about."""
        return self.ratio is not None and self.ratio >= HELD_RATIO


@dataclass(frozen=True)
class ChangeResponse:
    """Section 9: how pain and attendance responded to a change of hours (4 weeks before vs after)."""

    change: HourChange
    pain_before: float | None
    pain_after: float | None
    ratio_before: float | None
    ratio_after: float | None
    tired_before: float | None  # share of evenings very tired or worse
    tired_after: float | None


@dataclass(frozen=True)
class ReportFacts:
    """Everything the draft states from the log."""

    first: date
    last: date
    weeks: list[WeekRow]
    planned_days: int
    logged_days: int
    early_reasons: Counter[str]
    absence_reasons: Counter[str]
    absences: int
    absences_told: int
    appointments: int  # announced in advance: planned around, not counted as absence
    longest_full_run: int  # planned days in a row attended in full
    plans: list[PlanPeriod]
    highest_held: PlanPeriod | None
    worked_hours: float
    planned_hours: float
    effective_hours: float  # worked hours x (1 - D3/10) on days with a D3 answer
    difficulty_hours: float  # worked hours that have a D3 answer
    breaks: Counter[str]
    baseline: Baseline | None
    recent_pain: float | None  # median of the last 4 weeks of the period
    recent_days: int
    evenings: Counter[int]
    responses: list[ChangeResponse]
    entered_by: Counter[str] = field(default_factory=Counter)
    body_map_weeks: int = 0  # weeks in which she answered the body map ("nowhere" included)
    body_regions: Counter[str] = field(default_factory=Counter)  # weeks each region hurt, head to feet
    worked_days: int = 0  # logged work days she worked, all or part: the days the work questions were hers
    difficulty_days: int = 0  # of these, the days she said how hard work was
    placements: list[PlacementTally] = field(default_factory=list)  # each placement with a day in the period, oldest first
    extra_hours: float = 0.0  # hours beyond the plan on planned days (worked, never planned)
    extra_days: int = 0
    unplanned_days: int = 0  # days the plan left free (or a monthly budget's days) that she worked
    unplanned_hours: float = 0.0
    budget_hours: float = 0.0  # the monthly budgets' shares of the period's days
    planned_dates: tuple[date, ...] = ()  # the planned days counted in `planned_days` (for the workplace's confirmations)

    @property
    def breaks_unanswered(self) -> int:
        """Days she worked without saying whether she needed extra breaks."""
        return self.worked_days - sum(self.breaks.values())

    @property
    def evenings_unanswered(self) -> int:
        """Logged work days without an answer about her evening."""
        return self.logged_days - sum(self.evenings.values())

    @property
    def ratio(self) -> float | None:
        """Worked / planned hours on the days with an entry."""
        return self.worked_hours / self.planned_hours if self.planned_hours else None

    @property
    def logged_share(self) -> float | None:
        """Share of planned days she wrote about."""
        return self.logged_days / self.planned_days if self.planned_days else None

    @property
    def tired_share(self) -> float | None:
        """Share of written evenings very tired or worse."""
        total = sum(self.evenings.values())
        return sum(n for step, n in self.evenings.items() if step >= TIRED_EVENING) / total if total else None


def _worked(entry: LoggedEntry, planned: float) -> float:
    return worked_hours(entry.attendance, planned, entry.hours_worked, entry.extra_hours)


def _worked_unplanned(day: date, planned: Mapping[date, float], entries: Mapping[date, LoggedEntry]) -> bool:
    """A day the plan left free (every day of a monthly budget) that she says she worked, with her hours."""
    entry = entries.get(day)
    return planned.get(day, 0) <= 0 and entry is not None and entry.attendance is Attendance.FULL and bool(entry.hours_worked)


def _work_days(days: Sequence[date], planned: Mapping[date, float], entries: Mapping[date, LoggedEntry]) -> list[date]:
    """The days she wrote about that were planned, and the free days she worked: the days worked hours and a
    work day's pain are read on (docs/plan-modes.md)."""
    return [d for d in days if d in entries and (planned.get(d, 0) > 0 or _worked_unplanned(d, planned, entries))]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _due(days: Sequence[date], planned: Mapping[date, float], budget: Mapping[date, float], logged: Sequence[date]) -> float:
    """Hours asked for: the planned hours of the planned days she wrote about, and every day's share of a monthly budget
    (a budget is due whether she wrote or not: it has no days to be unknown)."""
    return round(sum(planned[d] for d in logged if planned[d] > 0) + sum(budget.get(d, 0.0) for d in days), 2)


def _ratio(days: Sequence[date], planned: Mapping[date, float], entries: Mapping[date, LoggedEntry],
           budget: Mapping[date, float]) -> float | None:
    logged = _work_days(days, planned, entries)
    hours = _due(days, planned, budget, logged)
    return sum(_worked(entries[d], planned[d]) for d in logged) / hours if hours else None


def _pain(days: Sequence[date], planned: Mapping[date, float], entries: Mapping[date, LoggedEntry]) -> float | None:
    pains = [pain for d in _work_days(days, planned, entries) if (pain := entries[d].pain) is not None]
    return float(median(pains)) if pains else None


def _tired(days: Sequence[date], planned: Mapping[date, float], entries: Mapping[date, LoggedEntry]) -> float | None:
    evenings = [entries[d].evening for d in _work_days(days, planned, entries) if entries[d].evening is not None]
    return sum(1 for e in evenings if e >= TIRED_EVENING) / len(evenings) if evenings else None


def _counts(days: Sequence[date], planned: Mapping[date, float], entries: Mapping[date, LoggedEntry],
            budget: Mapping[date, float]) -> dict[str, Any]:
    """A `Tally`'s figures over `days`: planned days, and of these the ones she wrote about and how each went; hours
    worked on every work day (free days she worked too) against the hours due (`_due`)."""
    planned_days = [d for d in days if planned[d] > 0]
    known = [d for d in planned_days if d in entries]
    worked = _work_days(days, planned, entries)
    return {"planned_days": len(planned_days), "logged_days": len(known),
            "attended_days": sum(entries[d].attendance is Attendance.FULL for d in known),
            "early_days": sum(entries[d].attendance is Attendance.EARLY for d in known),
            "absent_days": sum(entries[d].attendance is Attendance.ABSENT for d in known),
            "planned_hours": _due(days, planned, budget, worked),
            "worked_hours": sum(_worked(entries[d], planned[d]) for d in worked)}


def _joined(periods: list[PlanPeriod], segment: PlanPeriod, *, by_placement: bool) -> list[PlanPeriod]:
    """`periods` with `segment` added: merged into the last one when it goes on at the same hours (and, when
    `by_placement`, at the same placement: a row never runs across a change of workplace)."""
    previous = periods[-1] if periods else None
    if (previous is None or previous.weekly_hours != segment.weekly_hours or previous.end + timedelta(days=1) != segment.start
            or (by_placement and previous.placement != segment.placement)):
        return [*periods, segment]
    merged = PlanPeriod(previous.start, segment.end, segment.weekly_hours, previous.planned_hours + segment.planned_hours,
                        previous.worked_hours + segment.worked_hours, previous.logged_days + segment.logged_days,
                        previous.placement if by_placement else None, segment.monthly_hours,
                        segment.paid_hours if segment.paid_hours == previous.paid_hours else None)
    return [*periods[:-1], merged]


def _plan_periods(plans: Sequence[PlanVersion], planned: Mapping[date, float], entries: Mapping[date, LoggedEntry],
                  first: date, last: date, spans: Sequence[Span], budget: Mapping[date, float]) -> list[PlanPeriod]:
    """Section 4's rows: each stretch of one plan of hours, cut where her placement changed when there are several."""
    cuts = {first} | {v.valid_from for v in plans if first < v.valid_from <= last}
    if len(spans) > 1:
        cuts |= {s.start for s in spans if first < s.start <= last}
        cuts |= {s.end + timedelta(days=1) for s in spans if s.end is not None and first <= s.end < last}
    bounds = sorted(cuts)
    periods: list[PlanPeriod] = []
    for index, start in enumerate(bounds):
        end = bounds[index + 1] - timedelta(days=1) if index + 1 < len(bounds) else last
        version = plan_in_force(plans, start)
        if version is None or version.weekly_hours == 0:
            continue
        stretch = _days(start, end)
        days = _work_days(stretch, planned, entries)
        segment = PlanPeriod(start, end, version.weekly_hours, _due(stretch, planned, budget, days),
                             sum(_worked(entries[d], planned[d]) for d in days), len(days),
                             current_on(spans, start) if len(spans) > 1 else None,
                             version.monthly_hours if version.mode == MONTHLY else None, version.paid_hours)
        periods = _joined(periods, segment, by_placement=True)
    return periods


def report_facts(plans: Sequence[PlanVersion], entries: Mapping[date, LoggedEntry], first: date, last: date,
                 placements: Sequence[Span] = ()) -> ReportFacts:
    """The facts of the period [first, last] (inclusive); `placements`: her placements, to name where each day was."""
    margin = timedelta(weeks=RESPONSE_WEEKS)
    span = _days(first - margin, last + margin)
    versions = plans_on_days(plans, span)
    planned = {d: v.planned_on(d) if v else 0.0 for d, v in zip(span, versions)}
    budget = {d: v.budget_on(d) for d, v in zip(span, versions) if v is not None and v.mode == MONTHLY}
    # An appointment she announced in advance is planned around (measures.md): neither planned nor
    # worked, and listed apart rather than as an absence.
    around = [d for d in span if d in entries and planned[d] > 0 and is_planned_around(
        entries[d].attendance, entries[d].absence_reason, entries[d].told_in_advance)]
    planned.update({d: 0.0 for d in around})
    period = _days(first, last)
    work_days = [d for d in period if planned[d] > 0]
    # The days she wrote about that were planned, and the free days she worked (a budget's days are all free).
    logged = _work_days(period, planned, entries)
    unplanned = [d for d in logged if planned[d] <= 0]
    extra = [d for d in logged if planned[d] > 0 and entries[d].attendance is Attendance.FULL and entries[d].extra_hours]

    spans = sorted((s for s in placements if s.meets(first, last)), key=lambda s: s.start)
    weeks: dict[date, list[date]] = {}
    for day in period:
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    week_rows = [WeekRow(monday=monday, placements=tuple(s for s in spans if any(s.holds(d) for d in days)),
                         **_counts(days, planned, entries, budget)) for monday, days in sorted(weeks.items())]
    tallies = []
    for span in spans:
        days = [d for d in period if span.holds(d)]
        tallies.append(PlacementTally(placement=span, first=days[0], last=days[-1], **_counts(days, planned, entries, budget)))

    run = best = 0
    for day in work_days:
        entry = entries.get(day)
        run = run + 1 if entry is not None and entry.attendance is Attendance.FULL else 0
        best = max(best, run)

    plan_periods = _plan_periods(plans, planned, entries, first, last, spans, budget)
    # A level of hours she kept across a change of workplace was held for all of it: the rows are cut at the
    # change, the level is judged on the whole stretch.
    levels: list[PlanPeriod] = []
    for segment in plan_periods:
        levels = _joined(levels, segment, by_placement=False)
    held = [p for p in levels if p.held and p.weeks >= HELD_WEEKS]
    highest = max(held, key=lambda p: (p.weekly_hours, p.start), default=None)

    with_difficulty = [d for d in logged if entries[d].difficulty is not None and entries[d].attendance is not Attendance.ABSENT]
    history = baselines({d: e.pain for d, e in entries.items()}, plans, [d for d in entries if _worked_unplanned(d, planned, entries)])
    recent = [d for d in logged if d > last - timedelta(weeks=4)]
    responses = []
    for change in hour_changes(plans):
        if not first <= change.day <= last:
            continue
        before, after = _days(change.day - margin, change.day - timedelta(days=1)), _days(change.day, min(change.day + margin, last))
        responses.append(ChangeResponse(change, _pain(before, planned, entries), _pain(after, planned, entries),
                                        _ratio(before, planned, entries, budget), _ratio(after, planned, entries, budget),
                                        _tired(before, planned, entries), _tired(after, planned, entries)))
    return ReportFacts(
        first=first, last=last, weeks=week_rows, planned_days=len(work_days), logged_days=len(logged),
        early_reasons=Counter(r for d in logged if entries[d].attendance is Attendance.EARLY for r in entries[d].early_reasons),
        absence_reasons=Counter(entries[d].absence_reason or "other" for d in logged if entries[d].attendance is Attendance.ABSENT),
        absences=sum(entries[d].attendance is Attendance.ABSENT for d in logged),
        absences_told=sum(entries[d].attendance is Attendance.ABSENT and bool(entries[d].told_in_advance) for d in logged),
        appointments=sum(1 for d in around if first <= d <= last),
        longest_full_run=best, plans=plan_periods, highest_held=highest,
        worked_hours=sum(_worked(entries[d], planned[d]) for d in logged), planned_hours=_due(period, planned, budget, logged),
        effective_hours=sum(_worked(entries[d], planned[d]) * (1 - (entries[d].difficulty or 0) / 10) for d in with_difficulty),
        difficulty_hours=sum(_worked(entries[d], planned[d]) for d in with_difficulty),
        breaks=Counter(entries[d].breaks for d in logged if entries[d].breaks),
        baseline=history[0] if history else None, recent_pain=_pain(recent, planned, entries), recent_days=len(recent),
        evenings=Counter(entries[d].evening for d in logged if entries[d].evening is not None),
        responses=responses, entered_by=Counter(entries[d].entered_by for d in logged),
        worked_days=sum(entries[d].attendance in (Attendance.FULL, Attendance.EARLY) for d in logged),
        difficulty_days=len(with_difficulty), placements=tallies,
        extra_hours=sum(entries[d].extra_hours or 0.0 for d in extra), extra_days=len(extra),
        unplanned_days=len(unplanned), unplanned_hours=sum(entries[d].hours_worked or 0.0 for d in unplanned),
        budget_hours=round(sum(budget.get(d, 0.0) for d in period), 2), planned_dates=tuple(work_days),
        **_body_map_facts(entries, first, last),
    )


def _body_map_facts(entries: Mapping[date, LoggedEntry], first: date, last: date) -> dict[str, object]:
    """Section 8: how often she answered the weekly body map, and in how many weeks each region hurt."""
    answers = {day: entry.body_regions for day, entry in entries.items() if first <= day <= last and entry.body_regions}
    table = body_map.weeks_by_region(answers)
    return {"body_map_weeks": len({body_map.week_start(day) for day in answers}),
            "body_regions": Counter({code: len(table[code]) for code in body_map.REGION_CODES if code in table})}


def bounded_period(first: date, last: date, course: tuple[date, date] | None, today: date,
                   fallback: timedelta = timedelta(weeks=52)) -> tuple[date, date]:
    """The period asked for, moved inside her course (or the last year without one) and never past today.

    A report is about her course: a date before its start or after its end says nothing more,
    and a far-off date would only make the app count days that cannot hold an entry.
    """
    low, high = course if course is not None else (today - fallback, today)
    high = min(high, today)
    low = min(low, high)
    return min(max(first, low), high), min(max(last, low), high)


# --- The course's activities beside the internship (issue 22) ---------------------------------------------------------

@dataclass(frozen=True)
class ActivityWeek:
    """Her course sessions in one week (Monday `monday`): the planned course hours of every session (treatment never
    counts), each kind's sessions with a register, attended / planned, the sessions without a register (unknown, not
    missed) and her own appointments (treatment: planned around)."""

    monday: date
    planned_hours: float
    attendance: activities.Attendance
    unregistered: int = 0
    appointments: int = 0

    def cell(self, kind: str) -> tuple[int, int] | None:
        """(attended, planned with a register) of a kind, None when that week has no register of it."""
        planned = self.attendance.planned.get(kind, 0)
        return (self.attendance.attended.get(kind, 0), planned) if planned else None


@dataclass(frozen=True)
class ActivityFacts:
    """Section 3's attendance at the course's activities by week, with the kinds present (in the course's order)."""

    weeks: list[ActivityWeek]
    kinds: list[str]
    total: activities.Attendance
    planned_hours: float
    unregistered: int
    appointments: int

    @property
    def any(self) -> bool:
        """Any session of hers in the period (a register or not, treatment too)."""
        return bool(self.weeks)


def activity_facts(sessions: Sequence[activities.Session], marks: Mapping[tuple[int, date], str]) -> ActivityFacts:
    """Her sessions (of a period) by week: with a register attended / planned per kind, without one only counted.
    `marks`: her mark per (series id, day)."""
    by_week: dict[date, list[activities.Session]] = {}
    for one in sessions:
        by_week.setdefault(one.day - timedelta(days=one.day.weekday()), []).append(one)
    weeks = [ActivityWeek(monday, round(activities.planned_course_hours(held), 2), activities.attendance(held, marks),
                          sum(1 for s in held if s.kind in activities.COURSE_KINDS and (s.series_id, s.day) not in marks),
                          sum(1 for s in held if s.kind == activities.TREATMENT))
             for monday, held in sorted(by_week.items())]
    total = activities.attendance(sessions, marks)
    kinds = [kind for kind in activities.KINDS if total.planned.get(kind)]
    return ActivityFacts(weeks, kinds, total, round(sum(w.planned_hours for w in weeks), 2), sum(w.unregistered for w in weeks),
                         sum(w.appointments for w in weeks))
