"""The flag engine: given a woman's plans, entries, open "call me" requests and today, her flags.

Alarm-fatigue controls live here too: one flag per domain (each rule is a domain and keeps
only its latest reading); a warning stays active until its pattern has been absent for two
weeks (it is held while the rule fired on any of the last 14 days); and an acknowledged flag
stays quiet until it is worse than when it was acknowledged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Mapping, Sequence

from app.domain.flags import rules
from app.domain.flags.model import Acknowledgement, Flag, Level, N_, Sentence
from app.domain.flags.series import Series
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


def _held(series: Series, today: date, settings: FlagSettings, rule: Callable[[Series, date], Flag | None]) -> Flag | None:
    """The most serious reading of `rule` within the last two weeks (the newest of equals).

    The most serious, not the newest: a good day that ends a later reading must never
    uncover an older, worse one (an ordinary day never raises a warning).
    """
    worst: Flag | None = None
    for offset in range(settings.clear_after_days):
        found = rule(series, today - timedelta(days=offset))
        if found is not None and (worst is None or (found.level, found.severity) > (worst.level, worst.severity)):
            worst = found
    return worst


def _context(series: Series, flag: Flag, today: date, settings: FlagSettings, attendance: Flag | None) -> Flag:
    """Add the attendance figure (to a pain flag) and a recent change of hours, as measures.md shows."""
    extra: list[Sentence] = []
    if attendance is not None and flag.rule == "R2":
        extra.append(attendance.sentences[0])
    recent = [c for c in series.changes if today - timedelta(weeks=8) <= c.day <= today]
    if recent:
        change = recent[-1]
        extra.append(Sentence(N_("Hours were changed from %(old)s to %(new)s a week on %(day)s."),
                              {"old": change.from_hours, "new": change.to_hours, "day": change.day}))
    return Flag(flag.rule, flag.level, flag.sentences + tuple(extra), flag.days, flag.severity, flag.fired_on)


def _escalation(attendance: Flag | None, pain: Flag | None, cost: Flag | None, calls: Sequence[date], today: date) -> Flag | None:
    """R4: R2 or R3 together with R1 amber; or R1 red; or a "call me" request."""
    sentences: list[Sentence] = []
    days: set[date] = set()
    if calls:
        sentences.append(Sentence(N_("She asked to be called on %(day)s."), {"day": max(calls)}))
        days.update(calls)
    if attendance is not None and (attendance.level is Level.RED or pain is not None or cost is not None):
        sentences.append(Sentence(N_("Several signs at once: attendance has fallen and pain or tiredness has risen.")
                                  if attendance.level is not Level.RED else N_("Attendance is very low.")))
        # Its parts are listed beside it with their own sentences; R4 only says why it is red.
        for flag in (attendance, pain, cost):
            if flag is not None:
                days.update(flag.days)
    if not sentences:
        return None
    return Flag("R4", Level.RED, tuple(sentences), tuple(sorted(days)), severity=len(sentences), fired_on=today)


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
) -> FlagReport:
    """Her flags as of `today`. `calls` are the days of unhandled "call me" requests."""
    active = active_flags(plans, entries, today, calls=calls, logging_since=logging_since, settings=settings)
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
) -> list[Flag]:
    """Every flag the log raises as of `today`, most serious first, before acknowledgements."""
    series = Series(plans, {d: f for d, f in entries.items() if d <= today}, today, logging_since)
    possible = rules.possible(series, today, settings)
    attendance = _held(series, today, settings, lambda s, d: rules.attendance(s, d, settings)) if "R1" in possible else None
    pain = _held(series, today, settings, lambda s, d: rules.pain(s, d, settings)) if "R2" in possible else None
    cost = _held(series, today, settings, lambda s, d: rules.cost_of_work(s, d, settings)) if "R3" in possible else None
    silence = _held(series, today, settings, lambda s, d: rules.silence(s, d, settings)) if "R8" in possible else None
    step_up = _held(series, today, settings,
                    lambda s, d: rules.after_step_up(s, d, settings, rules.attendance(s, d, settings))) if "R5" in possible else None
    flags = [
        _escalation(attendance, pain, cost, [c for c in calls if c <= today], today),
        attendance,
        _context(series, pain, today, settings, attendance) if pain else None,
        _context(series, cost, today, settings, attendance) if cost else None,
        step_up,
        silence,
        rules.ready_for_more(series, today, settings) if not (attendance or pain or cost or step_up) else None,
        rules.improvement(series, today, settings),
    ]
    return sorted((f for f in flags if f is not None), key=lambda f: (-f.level, f.rule))
