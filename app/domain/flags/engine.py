"""The flag engine: given a woman's plans, entries, open "call me" requests and today, her flags.

Alarm-fatigue controls live here too: one flag per domain (each rule is a domain and keeps
only its latest reading); a warning stays active until its pattern has been absent for two
weeks (it is held while the rule fired on any of the last 14 days, and then reads with today's
figures and since when they are back in range); and an acknowledged flag stays quiet until it
is worse than when it was acknowledged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable, Mapping, Sequence

from app.domain.flags import rules
from app.domain.flags.model import Acknowledgement, Flag, Level, N_, Sentence
from app.domain.flags.series import Marked, Series
from app.domain.flags.settings import FlagSettings
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts


@dataclass(frozen=True)
class FlagReport:
    """Her flags, most serious first; acknowledged ones that are no worse are kept apart as quiet."""

    shown: list[Flag]
    quiet: list[Flag]

    @property
    def top(self) -> Flag | None:
        """The most serious shown flag."""
        return self.shown[0] if self.shown else None

    @property
    def warnings(self) -> list[Flag]:
        """Shown red and amber flags."""
        return [f for f in self.shown if f.level.is_warning]


Rule = Callable[[Series, date], "Flag | None"]
Figures = Callable[[Series, date], "tuple[Sentence, ...]"]


def _held(series: Series, today: date, settings: FlagSettings, rule: Rule, figures: Figures) -> Flag | None:
    """The rule's flag while it is held: fired on one of the last two weeks, read with today's figures.

    The level is the most serious reading of those two weeks (a good day must never uncover an
    older, worse one), but the numbers are always today's: a rule that still fires speaks for
    itself; one that no longer does gives today's figures and says since when they are back in
    range (measures.md: never numbers from an earlier day presented as current).
    """
    worst: Flag | None = None
    latest: Flag | None = None  # the newest day it fired
    for offset in range(settings.clear_after_days):
        found = rule(series, today - timedelta(days=offset))
        if found is None:
            continue
        latest = latest or found
        if worst is None or (found.level, found.severity) > (worst.level, worst.severity):
            worst = found
    if worst is None or latest is None:
        return None
    if latest.fired_on == today:
        if worst.level <= latest.level:  # same level: today's reading, keeping the worst severity for acknowledgements
            return replace(latest, severity=max(latest.severity, worst.severity))
        worse = Sentence(N_("At its most serious on %(day)s; the flag keeps that level for two weeks."), {"day": worst.fired_on})
        return replace(latest, level=worst.level, severity=worst.severity, sentences=latest.sentences + (worse,),
                       days=tuple(sorted(set(latest.days) | set(worst.days))))
    back = latest.fired_on + timedelta(days=1)
    since = Sentence(N_("Back in range since %(day)s; the flag clears on %(clear)s if it stays so."),
                     {"day": back, "clear": latest.fired_on + timedelta(days=settings.clear_after_days)})
    return replace(worst, sentences=figures(series, today) + (since,), fired_on=latest.fired_on, in_range_since=back)


def _context(series: Series, flag: Flag, today: date, settings: FlagSettings, attendance: Flag | None) -> Flag:
    """Add the attendance figure (to a pain flag) and a recent change of hours, as measures.md shows."""
    extra: list[Sentence] = []
    if flag.rule == "R2":
        extra.append(attendance.sentences[0] if attendance is not None else rules.attendance_now(series, today, settings)[0])
    recent = [c for c in series.changes if today - timedelta(weeks=8) <= c.day <= today]
    if recent:
        extra.append(rules.hours_changed(recent[-1]))
    return replace(flag, sentences=flag.sentences + tuple(extra))


def _escalation(attendance: Flag | None, pain: Flag | None, cost: Flag | None, calls: Sequence[date], today: date,
                settings: FlagSettings) -> Flag | None:
    """R4: R2 or R3 together with R1 amber; or R1 red; or a "call me" request.

    Held like its parts: when every part is back in range, it says so, in the past tense.
    """
    sentences: list[Sentence] = []
    days: set[date] = set()
    back: date | None = None
    if calls:
        sentences.append(Sentence(N_("She asked to be called on %(day)s."), {"day": max(calls)}))
        days.update(calls)
    if attendance is not None and (attendance.level is Level.RED or pain is not None or cost is not None):
        parts = [flag for flag in (attendance, pain, cost) if flag is not None]
        in_range = [flag.in_range_since for flag in parts]
        if all(in_range):
            back = max(d for d in in_range if d)
            sentences.append(Sentence(N_("Attendance was very low.") if attendance.level is Level.RED else
                                      N_("Several signs came at once: attendance fell and pain or tiredness rose.")))
            sentences.append(Sentence(N_("Back in range since %(day)s; the flag clears on %(clear)s if it stays so."),
                                      {"day": back, "clear": max(f.fired_on for f in parts) + timedelta(days=settings.clear_after_days)}))
        else:
            sentences.append(Sentence(N_("Attendance is very low.") if attendance.level is Level.RED else
                                      N_("Several signs at once: attendance has fallen and pain or tiredness has risen.")))
        # Its parts are listed beside it with their own sentences; R4 only says why it is red.
        for flag in parts:
            days.update(flag.days)
    if not sentences:
        return None
    return Flag("R4", Level.RED, tuple(sentences), tuple(sorted(days)), severity=len(sentences), fired_on=today,
                in_range_since=None if calls else back)


def _quiet(flag: Flag, acknowledgements: Mapping[str, Acknowledgement]) -> bool:
    ack = acknowledgements.get(flag.rule)
    return ack is not None and flag.level <= ack.level and flag.severity <= ack.severity + 1e-9


def evaluate(
    plans: Sequence[PlanVersion],
    entries: Mapping[date, DayFacts],
    today: date,
    *,
    calls: Sequence[date] = (),
    logging_since: date | None = None,
    acknowledgements: Sequence[Acknowledgement] = (),
    settings: FlagSettings = FlagSettings(),
    marked: Sequence[Marked] = (),
) -> FlagReport:
    """Her flags as of `today`. `calls` are the days of unhandled "call me" requests; `marked` her marks at the
    course's sessions that have a register."""
    active = active_flags(plans, entries, today, calls=calls, logging_since=logging_since, settings=settings, marked=marked)
    return split_acknowledged(active, acknowledgements)


def split_acknowledged(active: Sequence[Flag], acknowledgements: Sequence[Acknowledgement]) -> FlagReport:
    """Shown and quiet: an acknowledged flag stays quiet while it is no worse than when acknowledged.

    Kept apart from `active_flags` so a stored reading of the log serves any later acknowledgement.
    """
    acks = {ack.rule: ack for ack in acknowledgements}
    return FlagReport(shown=[f for f in active if not _quiet(f, acks)], quiet=[f for f in active if _quiet(f, acks)])


def active_flags(
    plans: Sequence[PlanVersion],
    entries: Mapping[date, DayFacts],
    today: date,
    *,
    calls: Sequence[date] = (),
    logging_since: date | None = None,
    settings: FlagSettings = FlagSettings(),
    marked: Sequence[Marked] = (),
) -> list[Flag]:
    """Every flag the log raises as of `today`, most serious first, before acknowledgements."""
    series = Series(plans, {d: f for d, f in entries.items() if d <= today}, today, logging_since, marked)
    possible = rules.possible(series, today, settings)
    def held(name: str, rule: Callable[[Series, date, FlagSettings], Flag | None],
             figures: Callable[[Series, date, FlagSettings], tuple[Sentence, ...]]) -> Flag | None:
        if name not in possible:
            return None
        return _held(series, today, settings, lambda s, d: rule(s, d, settings), lambda s, d: figures(s, d, settings))

    attendance = held("R1", rules.attendance, rules.attendance_now)
    pain = held("R2", rules.pain, rules.pain_now)
    cost = held("R3", rules.cost_of_work, rules.cost_of_work_now)
    silence = held("R8", rules.silence, rules.silence_now)
    step_up = held("R5", lambda s, d, st: rules.after_step_up(s, d, st, rules.attendance(s, d, st)), rules.after_step_up_now)
    flags = [
        _escalation(attendance, pain, cost, [c for c in calls if c <= today], today, settings),
        attendance,
        _context(series, pain, today, settings, attendance) if pain else None,
        _context(series, cost, today, settings, attendance) if cost else None,
        step_up,
        silence,
        rules.ready_for_more(series, today, settings) if not (attendance or pain or cost or step_up) else None,
        rules.improvement(series, today, settings),
    ]
    return sorted((f for f in flags if f is not None), key=lambda f: (-f.level, f.rule))
