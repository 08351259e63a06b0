"""The rules R1-R8 of measures.md, each asked "as of day d". They return a Flag or None.

A planned day without an entry is unknown, not absent: it counts for R8 only, and the
ratios of R1-R3 are taken over the days that have an entry.
"""

from __future__ import annotations

from datetime import date, timedelta
from statistics import median
from typing import NamedTuple

from app.domain.day import Attendance
from app.domain.baseline import Baseline
from app.domain.flags.model import Flag, Level, N_, Np_, Sentence
from app.domain.flags.series import Day, Marked, Series, median_pain, pains_of
from app.domain.flags.settings import FlagSettings
from app.domain.schedule import HourChange


def possible(series: Series, today: date, settings: FlagSettings) -> set[str]:
    """Rules that could fire on some day of the last two weeks: a cheap look at the whole span first.

    Each test is necessary for its rule (never sufficient), so skipping the others changes nothing.
    """
    span = series.logged_work_days(today - timedelta(days=settings.window_days + settings.clear_after_days), today)
    bad = sum(1 for d in span if d.facts and d.facts.attendance is not Attendance.FULL)
    lowest = min((b.median + max(settings.r2_min_rise, settings.r2_spread_factor * b.spread) for b in series.baselines),
                 default=settings.r2_absolute_pain)
    high = sum(1 for d in span if d.facts and d.facts.pain is not None and d.facts.pain >= min(lowest, settings.r2_absolute_pain))
    tired = sum(1 for d in span if d.facts and (d.facts.evening or 0) >= settings.r3_tired_evening)
    found = set()
    missed = sum(1 for m in series.marked_between(today - timedelta(days=settings.window_days + settings.clear_after_days), today)
                 if not m.attended)
    if bad + missed >= min(settings.min_bad_days, settings.r1_amber_run):
        found.add("R1")
    if series.has_budget and any(d.budget > 0 for d in series.between(today - timedelta(days=settings.window_days + settings.clear_after_days), today)):
        found.update(("R1", "R8"))  # a monthly budget is judged by the month, not by missed days
    if high >= settings.r2_high_days:
        found.add("R2")
    if tired >= settings.r3_tired_days or bad >= settings.r3_early_departures:
        found.add("R3")
    if series.logging_since is not None and any(
            d.is_work_day and not _written(d) and d.day >= series.logging_since
            for d in series.between(today - timedelta(days=settings.window_days + settings.clear_after_days), today)):
        found.add("R8")
    if any(c.is_step_up and today - timedelta(weeks=settings.r5_weeks) - timedelta(days=settings.clear_after_days) < c.day <= today
           for c in series.changes):
        found.add("R5")
    return found


def _window(series: Series, day: date, settings: FlagSettings) -> tuple[date, date]:
    return day - timedelta(days=settings.window_days - 1), day


def _runs(days: list[Day], missed_only: bool) -> list[list[Day]]:
    """Runs of consecutive logged work days she missed (or missed or cut short)."""
    runs: list[list[Day]] = [[]]
    for item in days:
        attendance = item.facts.attendance if item.facts else None
        bad = attendance is Attendance.ABSENT or (not missed_only and attendance is Attendance.EARLY)
        if bad:
            runs[-1].append(item)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


class HoursBasis(NamedTuple):
    """What R1 (and R5's attendance part) compares: hours worked against hours due over a period.

    On weekly and rotation plans the period is the last 14 days and the hours due are the planned hours
    of the days she wrote about. On a monthly budget (no fixed days) it is the month to date, at least
    14 days, and the hours due are the budget's pro-rata share of those days (docs/plan-modes.md).
    Hours she worked beyond the plan, or on a day the plan left free, count as worked, never as due.
    The course's sessions in the period that have a register of her (teaching, workshops, Danish school, talks:
    never treatment) add their planned hours to the hours due, and to the hours worked when she attended; a session
    without a register is unknown, not missed (docs/activities.md).
    """

    first: date
    last: date
    logged: list[Day]  # the work days she wrote about
    due: float
    worked: float
    on_budget: bool
    sessions: tuple[Marked, ...] = ()  # her marked course sessions in the period


def hours_basis(series: Series, day: date, settings: FlagSettings) -> HoursBasis:
    """R1's period and figures as of `day`."""
    first, last = _window(series, day, settings)
    on_budget = series.on_budget(day)
    if on_budget:
        first = min(first, day.replace(day=1))
        if series.logging_since is not None:
            first = max(first, min(series.logging_since, last))
    logged = series.logged_work_days(first, last)
    # Rounded to hundredths: a month's shares add up to its budget, not to 23.999999999999996 of 24.
    budget = sum(d.budget for d in series.between(first, last)) if series.has_budget else 0.0
    sessions = tuple(series.marked_between(first, last))
    due = round(sum(d.planned for d in logged) + budget + sum(m.hours for m in sessions), 2)
    worked = sum(d.worked for d in logged) + sum(m.hours for m in sessions if m.attended)
    return HoursBasis(first, last, logged, due, worked, on_budget, sessions)


def _hours(basis: HoursBasis) -> Sentence:
    """Worked against planned hours: the figure R1 and its context give."""
    if basis.sessions and not basis.on_budget:
        return Sentence(N_("Attended %(worked)s of %(planned)s planned hours at work and at the course's sessions with a register in the last 14 days (%(percent)s %%)."),
                        {"worked": round(basis.worked, 2), "planned": basis.due, "percent": round(100 * basis.worked / basis.due)})
    if basis.on_budget and basis.due:
        return Sentence(N_("Worked %(worked)s of the %(planned)s hours her monthly budget gives from %(first)s to %(last)s (%(percent)s %%)."),
                        {"worked": round(basis.worked, 1), "planned": round(basis.due, 1), "first": basis.first,
                         "last": basis.last, "percent": round(100 * basis.worked / basis.due)})
    if not basis.due:
        return Sentence(N_("No planned day written about in the last 14 days."))
    return Sentence(N_("Worked %(worked)s of %(planned)s planned hours on the days she wrote about in the last 14 days (%(percent)s %%)."),
                    {"worked": basis.worked, "planned": basis.due, "percent": round(100 * basis.worked / basis.due)})


#: "Missed 3 of 6 teaching sessions": one message per kind of the course's sessions, so each language words it whole.
_MISSED_SESSIONS = {
    "teaching": Np_("Missed %(missed)s of %(count)s teaching session.", "Missed %(missed)s of %(count)s teaching sessions."),
    "workshop": Np_("Missed %(missed)s of %(count)s workshop session.", "Missed %(missed)s of %(count)s workshop sessions."),
    "danish": Np_("Missed %(missed)s of %(count)s Danish school lesson.", "Missed %(missed)s of %(count)s Danish school lessons."),
    "talk": Np_("Missed %(missed)s of %(count)s individual talk.", "Missed %(missed)s of %(count)s individual talks."),
    "other": Np_("Missed %(missed)s of %(count)s other course session.", "Missed %(missed)s of %(count)s other course sessions."),
}


def _which(basis: HoursBasis) -> tuple[Sentence, ...]:
    """Where she was missing, when the course's sessions count beside work: each kind's sessions with a register,
    then the work days she wrote about ("Missed 3 of 6 teaching sessions. Missed 1 of 4 work days ...")."""
    if not basis.sessions:
        return ()
    found = []
    for kind, forms in _MISSED_SESSIONS.items():
        held = [m for m in basis.sessions if m.kind == kind]
        if held:
            found.append(Sentence.counted(forms, {"missed": sum(1 for m in held if not m.attended), "count": len(held)}))
    work = [d for d in basis.logged if d.is_work_day]
    if work:
        found.append(Sentence.counted(Np_("Missed %(missed)s of %(count)s planned work day she wrote about.",
                                          "Missed %(missed)s of %(count)s planned work days she wrote about."),
                                      {"missed": sum(1 for d in work if d.facts and d.facts.attendance is Attendance.ABSENT),
                                       "count": len(work)}))
    return tuple(found)


def _run_sentence(run: list[Day]) -> Sentence:
    """Days in a row missed, cut short, or both: say which, never "missed or left early" when all were missed."""
    kinds = {d.facts.attendance for d in run if d.facts}
    if kinds == {Attendance.ABSENT}:
        forms = Np_("Missed %(count)s planned day in a row, %(first)s to %(last)s.",
                    "Missed %(count)s planned days in a row, %(first)s to %(last)s.")
    elif kinds == {Attendance.EARLY}:
        forms = Np_("Left early on %(count)s planned day in a row, %(first)s to %(last)s.",
                    "Left early on %(count)s planned days in a row, %(first)s to %(last)s.")
    else:
        forms = Np_("Missed or left early on %(count)s planned day in a row, %(first)s to %(last)s.",
                    "Missed or left early on %(count)s planned days in a row, %(first)s to %(last)s.")
    return Sentence.counted(forms, {"count": len(run), "first": run[0].day, "last": run[-1].day})


def attendance(series: Series, day: date, settings: FlagSettings) -> Flag | None:
    """R1: worked under 80 % (amber) / 60 % (red) of planned hours, or days in a row missed or cut short."""
    basis = hours_basis(series, day, settings)
    # Runs of missed days are runs of planned days: a free day she worked neither breaks nor makes one.
    logged = [d for d in basis.logged if d.is_work_day]
    missed_sessions = [m for m in basis.sessions if not m.attended]
    bad_days = sum(1 for d in logged if d.facts and d.facts.attendance is not Attendance.FULL) + len(missed_sessions)
    # On a budget no day is missed, so one entry in a month of at least 14 days is enough to judge it;
    # with none, R8 speaks (a budget month she has not written about is silence, not absence).
    judged = basis.logged if basis.on_budget else bad_days >= settings.min_bad_days
    ratio = basis.worked / basis.due if basis.due and judged else None
    absent_run = max(_runs(logged, missed_only=True), key=len, default=[])
    short_run = max(_runs(logged, missed_only=False), key=len, default=[])
    level = None
    if (ratio is not None and ratio < settings.r1_red_ratio) or len(absent_run) >= settings.r1_red_run:
        level = Level.RED
    elif (ratio is not None and ratio < settings.r1_amber_ratio) or len(short_run) >= settings.r1_amber_run:
        level = Level.AMBER
    if level is None:
        return None
    sentences = [_hours(basis), *_which(basis)]
    run = absent_run if len(absent_run) >= settings.r1_red_run else short_run
    if len(run) >= settings.r1_amber_run:
        sentences.append(_run_sentence(run))
    behind = tuple(sorted({d.day for d in logged if d.facts and d.facts.attendance is not Attendance.FULL}
                          | {m.day for m in missed_sessions}))
    return Flag("R1", level, tuple(sentences), behind, severity=(1 - (ratio if ratio is not None else 1)) + len(run) / 10, fired_on=day)


def attendance_now(series: Series, day: date, settings: FlagSettings) -> tuple[Sentence, ...]:
    """R1's figures as of `day`, whether or not it fires."""
    basis = hours_basis(series, day, settings)
    return (_hours(basis), *_which(basis))


def usual_pain(baseline: Baseline | None) -> Sentence:
    """Her usual pain, naming the days it was measured on (a re-baseline is not "the start")."""
    if baseline is None:
        return Sentence(N_("Her usual pain is not known yet."))
    return Sentence(N_("Her usual pain: %(usual)s (measured %(first)s to %(last)s)."),
                    {"usual": baseline.median, "first": baseline.days[0], "last": baseline.days[-1]})


def _recent_pain_days(series: Series, day: date, settings: FlagSettings) -> list[Day]:
    """Her last 5 logged work days (measures.md), however far apart, within four weeks; only days with a pain (a day
    the consultant recorded for her has none, and is skipped rather than read as 0)."""
    logged = series.logged_work_days(day - timedelta(days=settings.recent_lookback_days - 1), day)
    return [d for d in logged if d.facts is not None and d.facts.pain is not None][-settings.r2_recent_days:]


def pain(series: Series, day: date, settings: FlagSettings) -> Flag | None:
    """R2: pain at or above her usual + max(2, 1.5 x spread) on 3 of the last 5 logged work days (8+ without a baseline)."""
    recent = _recent_pain_days(series, day, settings)
    baseline = series.baseline(day)
    threshold = (baseline.median + max(settings.r2_min_rise, settings.r2_spread_factor * baseline.spread)
                 if baseline else settings.r2_absolute_pain)
    high = [d for d in recent if d.facts and d.facts.pain is not None and d.facts.pain >= threshold]
    if len(high) < settings.r2_high_days:
        return None
    pains = pains_of(high)
    same = min(pains) == max(pains)  # "8 on 4 days", not "8–8"
    values = {"count": len(high), "total": len(recent)} | ({"pain": pains[0]} if same else {"low": min(pains), "high": max(pains)})
    if same:
        forms = (Np_("Pain higher than usual: %(pain)s on %(count)s of the last %(total)s work day.",
                     "Pain higher than usual: %(pain)s on %(count)s of the last %(total)s work days.") if baseline else
                 Np_("Pain %(pain)s on %(count)s of the last %(total)s work day.",
                     "Pain %(pain)s on %(count)s of the last %(total)s work days."))
    else:
        forms = (Np_("Pain higher than usual: %(low)s–%(high)s on %(count)s of the last %(total)s work day.",
                     "Pain higher than usual: %(low)s–%(high)s on %(count)s of the last %(total)s work days.") if baseline else
                 Np_("Pain %(low)s–%(high)s on %(count)s of the last %(total)s work day.",
                     "Pain %(low)s–%(high)s on %(count)s of the last %(total)s work days."))
    sentence = Sentence.counted(forms, values, n="total")
    return Flag("R2", Level.AMBER, (sentence, usual_pain(baseline)), tuple(d.day for d in high),
                severity=len(high) + (sum(pains) / len(pains) - threshold) / 10, fired_on=day)


def pain_now(series: Series, day: date, settings: FlagSettings) -> tuple[Sentence, ...]:
    """R2's figures as of `day`: her pain on the last 5 logged work days, and her usual."""
    recent = pains_of(_recent_pain_days(series, day, settings))
    usual = usual_pain(series.baseline(day))
    if not recent:
        return (Sentence(N_("No work day written about in the last 4 weeks.")), usual)
    same = min(recent) == max(recent)
    values = {"total": len(recent)} | ({"pain": recent[0]} if same else {"low": min(recent), "high": max(recent)})
    forms = (Np_("Pain on the last %(total)s work day: %(pain)s.", "Pain on the last %(total)s work days: %(pain)s.")
             if same else
             Np_("Pain on the last %(total)s work day: %(low)s–%(high)s.", "Pain on the last %(total)s work days: %(low)s–%(high)s."))
    return Sentence.counted(forms, values, n="total"), usual


def _cost_figures(series: Series, day: date, settings: FlagSettings) -> tuple[list[Day], list[Day], list[Day]]:
    """Her last 5 logged evenings, the very tired ones, and early departures for pain or tiredness in 14 days."""
    recent = series.logged_work_days(day - timedelta(days=settings.recent_lookback_days - 1), day)
    evenings = [d for d in recent if d.facts and d.facts.evening is not None][-settings.r3_recent_days:]
    tired = [d for d in evenings if d.facts and d.facts.evening is not None and d.facts.evening >= settings.r3_tired_evening]
    early = [d for d in series.logged_work_days(*_window(series, day, settings)) if d.facts and d.facts.attendance is Attendance.EARLY
             and set(d.facts.early_reasons) & set(settings.r3_early_reasons)]
    return evenings, tired, early


def _tired_sentence(tired: list[Day], evenings: list[Day]) -> Sentence:
    return Sentence.counted(Np_("Very tired or worse in the evening on %(count)s of the last %(total)s work day.",
                                "Very tired or worse in the evening on %(count)s of the last %(total)s work days."),
                            {"count": len(tired), "total": len(evenings)}, n="total")


def _early_sentence(early: list[Day]) -> Sentence:
    return Sentence.counted(Np_("Went home early because of pain or tiredness on %(count)s day in the last 14 days.",
                                "Went home early because of pain or tiredness on %(count)s days in the last 14 days."),
                            {"count": len(early)})


def cost_of_work(series: Series, day: date, settings: FlagSettings) -> Flag | None:
    """R3: very tired evenings on 3 of the last 5 logged work days, or 2 early departures for pain or tiredness in 14 days."""
    evenings, tired, early = _cost_figures(series, day, settings)
    sentences = []
    if len(tired) >= settings.r3_tired_days:
        sentences.append(_tired_sentence(tired, evenings))
    if len(early) >= settings.r3_early_departures:
        sentences.append(_early_sentence(early))
    if not sentences:
        return None
    behind = tuple(sorted({d.day for d in tired} | {d.day for d in early}))
    return Flag("R3", Level.AMBER, tuple(sentences), behind, severity=len(tired) + len(early), fired_on=day)


def cost_of_work_now(series: Series, day: date, settings: FlagSettings) -> tuple[Sentence, ...]:
    """R3's figures as of `day`."""
    evenings, tired, early = _cost_figures(series, day, settings)
    return _tired_sentence(tired, evenings), _early_sentence(early)


def _silence_figures(series: Series, day: date, settings: FlagSettings) -> tuple[list[Day], list[Day]] | None:
    """Her planned days since she could write (up to yesterday, within 14 days), and those she wrote about."""
    if series.logging_since is None:
        return None
    start = max(day - timedelta(days=settings.window_days), series.logging_since)
    planned = [d for d in series.between(start, day - timedelta(days=1)) if d.is_work_day or
               (d.facts is not None and d.facts.planned_around)]
    return planned, [d for d in planned if _written(d)]


def _written(day: Day) -> bool:
    """She wrote about the day herself (attendance the consultant recorded for her is no word from her: R8)."""
    return day.facts is not None and not day.facts.recorded


def _last_entry_sentence(series: Series, day: date) -> Sentence:
    """When she last wrote, however long ago; or since when she has not written at all."""
    last = series.last_entry(day)
    if last is not None:
        return Sentence(N_("Last entry: %(last)s."), {"last": last})
    return Sentence(N_("No entry since she started on %(start)s."), {"start": series.logging_since})


def _budget_silence(series: Series, day: date, settings: FlagSettings) -> Flag | None:
    """R8 on a monthly budget, where no day is planned: no entry for `r8_budget_silent_days` days."""
    if series.logging_since is None:
        return None
    last = series.last_entry(day)
    since = max(d for d in (last, series.logging_since) if d is not None)
    quiet = (day - since).days - (0 if since == series.logging_since and last is None else 1)
    if quiet < settings.r8_budget_silent_days:
        return None
    sentence = Sentence.counted(Np_("No entry for %(count)s day; her plan is a monthly budget with no fixed days.",
                                    "No entry for %(count)s days; her plan is a monthly budget with no fixed days."),
                                {"count": quiet})
    return Flag("R8", Level.CONTACT, (sentence, _last_entry_sentence(series, day)), (), severity=quiet / 10, fired_on=day)


def silence(series: Series, day: date, settings: FlagSettings) -> Flag | None:
    """R8: no entry on the last 3 planned days, or under 60 % of planned days written in 14 days (today may still come).

    On a monthly budget: no entry for 10 days (docs/plan-modes.md)."""
    if series.on_budget(day):
        return _budget_silence(series, day, settings)
    figures = _silence_figures(series, day, settings)
    if figures is None:
        return None  # she has not got the app yet: nothing to be silent about
    planned, logged = figures
    if not planned:
        return None
    tail = planned[-settings.r8_missing_run:]
    missing_run = len(tail) == settings.r8_missing_run and not any(_written(d) for d in tail)
    share = len(logged) / len(planned)
    low_share = len(planned) >= settings.r8_min_planned_days and share < settings.r8_logged_share
    if not (missing_run or low_share):
        return None
    sentences = []
    if missing_run:
        sentences.append(Sentence.counted(Np_("No entry on the last %(count)s planned day.", "No entry on the last %(count)s planned days."),
                                          {"count": len(tail)}))
    if low_share:
        sentences.append(_share_sentence(planned, logged))
    sentences.append(_last_entry_sentence(series, day))
    missing = tuple(d.day for d in planned if not _written(d))
    return Flag("R8", Level.CONTACT, tuple(sentences), missing, severity=(1 - share) + (1 if missing_run else 0), fired_on=day)


def _share_sentence(planned: list[Day], logged: list[Day]) -> Sentence:
    return Sentence.counted(Np_("Wrote about %(logged)s of %(planned)s planned day in the last 14 days.",
                                "Wrote about %(logged)s of %(planned)s planned days in the last 14 days."),
                            {"logged": len(logged), "planned": len(planned)}, n="planned")


def silence_now(series: Series, day: date, settings: FlagSettings) -> tuple[Sentence, ...]:
    """R8's figures as of `day`."""
    figures = _silence_figures(series, day, settings)
    last = _last_entry_sentence(series, day)
    if not figures or not figures[0]:
        return (last,)
    return _share_sentence(*figures), last


def _step_figures(series: Series, day: date, settings: FlagSettings) -> tuple[HourChange, list[Day], float | None, float | None] | None:
    """The step-up of the last 3 weeks, the logged days since, and median pain since and before it."""
    steps = [c for c in series.changes if c.is_step_up and c.day <= day < c.day + timedelta(weeks=settings.r5_weeks)]
    if not steps:
        return None
    step = steps[-1]
    after = series.logged_work_days(step.day, day)
    before = series.logged_work_days(step.day - timedelta(days=settings.r5_pre_step_span_days), step.day - timedelta(days=1))
    if len(before) < settings.r5_pre_step_days:
        before = series.logged_work_days(step.day - timedelta(weeks=8), step.day - timedelta(days=1))[-settings.r5_pre_step_days:]
    return step, after, median_pain(after), median_pain(before)


def _medians_sentence(after_median: float | None, before_median: float | None) -> Sentence:
    return Sentence(N_("Median pain since then %(after)s, before %(before)s."), {"after": after_median, "before": before_median})


def after_step_up(series: Series, day: date, settings: FlagSettings, attendance_flag: Flag | None) -> Flag | None:
    """R5: within 3 weeks of more planned hours, R1 amber or median pain 2 above the pre-step median.

    "2 above" is at least her own spread x 1.5, as for R2, and the pre-step median is taken over the
    four weeks before the step: a woman whose bad week comes every third week is not "rising"
    because her bad week happens to follow a step-up.
    """
    figures = _step_figures(series, day, settings)
    if figures is None:
        return None
    step, after, after_median, before_median = figures
    baseline = series.baseline(step.day)
    rise = max(settings.r5_pain_rise, settings.r2_spread_factor * baseline.spread if baseline else 0.0)
    pain_rose = (len(after) >= settings.min_after_step_days and after_median is not None and before_median is not None
                 and after_median >= before_median + rise)
    attendance_fell = attendance_flag is not None and attendance_flag.level >= Level.AMBER
    if not (pain_rose or attendance_fell):
        return None
    sentences = [Sentence(N_("Hours were raised from %(old)s to %(new)s a week on %(day)s: consider stepping back."),
                          {"old": step.from_hours, "new": step.to_hours, "day": step.day})]
    if pain_rose:
        sentences.append(_medians_sentence(after_median, before_median))
    if attendance_fell and attendance_flag:
        sentences.extend(attendance_flag.sentences)
    behind = tuple(d.day for d in after)
    return Flag("R5", Level.AMBER, tuple(sentences), behind,
                severity=((after_median or 0) - (before_median or 0)) + (1 if attendance_fell else 0), fired_on=day)


def after_step_up_now(series: Series, day: date, settings: FlagSettings) -> tuple[Sentence, ...]:
    """R5's figures as of `day`: the step, median pain since and before it, and the hours worked."""
    figures = _step_figures(series, day, settings)
    sentences = list(attendance_now(series, day, settings))
    if figures is not None:
        step, _after, after_median, before_median = figures
        sentences[:0] = [hours_changed(step)] + ([_medians_sentence(after_median, before_median)]
                                                  if after_median is not None and before_median is not None else [])
    return tuple(sentences)


def hours_changed(change: HourChange) -> Sentence:
    """A change of planned hours, as context beside a flag."""
    return Sentence(N_("Hours were changed from %(old)s to %(new)s a week on %(day)s."),
                    {"old": change.from_hours, "new": change.to_hours, "day": change.day})


def ready_for_more(series: Series, day: date, settings: FlagSettings) -> Flag | None:
    """R6: three weeks in a row near-full hours, at most one early departure, pain near usual, few exhausted evenings."""
    baseline = series.baseline(day)
    if baseline is None or any(c.is_step_up and c.day <= day < c.day + timedelta(weeks=settings.r5_weeks) for c in series.changes):
        return None
    weeks = [series.between(day - timedelta(days=7 * k + 6), day - timedelta(days=7 * k)) for k in range(settings.r6_weeks)]
    early = 0
    ratios = []
    for week in weeks:
        planned = [d for d in week if d.is_work_day]
        budget = sum(d.budget for d in week) if series.has_budget else 0.0
        if not planned and not budget:
            return None
        if planned and len([d for d in planned if d.facts is not None]) / len(planned) < settings.r6_min_logged_share:
            return None
        # Hours she worked beyond the plan, or on a free day, count toward "ready for more" (never against her).
        logged = [d for d in week if d.logged_work_day]
        hours = sum(d.planned for d in logged) + budget
        ratio = sum(d.worked for d in logged) / hours if hours else 0
        tired = sum(1 for d in logged if d.facts and (d.facts.evening or 0) >= settings.r3_tired_evening)
        if ratio < settings.r6_ratio or tired > settings.r6_max_tired_per_week:
            return None
        early += sum(1 for d in logged if d.facts and d.facts.attendance is Attendance.EARLY)
        ratios.append(ratio)
    recent = median_pain(series.logged_work_days(day - timedelta(days=13), day))
    if early > settings.r6_max_early or recent is None or recent > baseline.median + settings.r6_pain_margin:
        return None
    sentence = Sentence(N_("Ready for more hours? For %(weeks)s weeks she worked at least %(percent)s %% of her hours, "
                           "left early %(early)s times, pain %(pain)s (usual %(usual)s)."),
                        {"weeks": settings.r6_weeks, "percent": round(100 * min(ratios)), "early": early, "pain": recent,
                         "usual": baseline.median})
    behind = tuple(d.day for week in weeks for d in week if d.logged_work_day)
    return Flag("R6", Level.SUGGESTION, (sentence,), tuple(sorted(behind)), severity=min(ratios), fired_on=day)


def improvement(series: Series, day: date, settings: FlagSettings) -> Flag | None:
    """R7 (report note): four-week median pain 2 points or 30 % under her baseline."""
    baseline = series.baseline(day)
    if baseline is None:
        return None
    start = max(day - timedelta(days=settings.r7_days - 1), baseline.since + timedelta(days=1))
    days = [d for d in series.logged_work_days(start, day) if d.facts is not None and d.facts.pain is not None]
    if len(days) < settings.r7_min_days:
        return None
    recent = float(median(pains_of(days)))
    if not (recent <= baseline.median - settings.r7_drop or (baseline.median > 0 and recent <= baseline.median * (1 - settings.r7_drop_share))):
        return None
    # The real span (a baseline twelve days old gives twelve days, not "the last 4 weeks") and the baseline's own days.
    sentence = Sentence(N_("Pain has fallen: median %(recent)s from %(first)s to %(last)s."),
                        {"recent": recent, "first": days[0].day, "last": days[-1].day})
    return Flag("R7", Level.NOTE, (sentence, usual_pain(baseline)), tuple(d.day for d in days),
                severity=baseline.median - recent, fired_on=day)
