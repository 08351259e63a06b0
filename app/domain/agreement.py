"""What an internship agreement (praktikplan) says, composed from the placement's rows.

The agreement is agreed at the start-up meeting of her, the consultant and the workplace, printed and
signed (domain.md). It is made in Danish, and for a woman who reads another language also in hers, for
her and for the employer: the same content, each copy in one language. What the consultant typed (the
workplace, goals, accommodations in her own words, support) stays as typed in every copy; a task is
named in the copy's language where a label exists, else in Danish and marked so (`in_danish`), since
she may not read it and should know to ask.

Pure: takes plain values and the plan versions (app/domain/schedule.py), gives plain values; the
words for them are the template's (templates/consultant/agreement_document.html), from the catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Sequence

from app.domain import accommodations
from app.domain.flags.model import N_
from app.domain.placement_details import Contact, Support  # noqa: F401  (the agreement's contacts and support)
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion, plan_in_force

#: A placement without tasks has nothing for her to agree to: the agreement is refused (issue 20).
NO_TASKS = N_("The placement has no work tasks yet. Add her tasks on the setup page before making the agreement.")


@dataclass(frozen=True)
class WorkDay:
    """A weekday of the plan with hours: Monday is 0; `start` when the plan says when she starts."""

    weekday: int
    hours: float
    start: time | None = None

    @property
    def end(self) -> time | None:
        """When she goes home (the plan refuses a day that runs past midnight)."""
        if self.start is None:
            return None
        return (datetime.combine(date.min, self.start) + timedelta(hours=self.hours)).time()


@dataclass(frozen=True)
class Week:
    """The days of one kind of week: "every" week, or the "odd" or "even" ISO weeks of a rotation."""

    kind: str
    days: tuple[WorkDay, ...]

    @property
    def hours(self) -> float:
        """Hours in such a week."""
        return sum(day.hours for day in self.days)


@dataclass(frozen=True)
class AgreedHours:
    """The plan in force on the agreement's day, as the agreement states it.

    `weeks` is empty on a monthly budget. `paid` and `unpaid` split the week's hours (the month's, on a
    budget; a rotation's average week); both None when no hours are paid.
    """

    mode: str
    weeks: tuple[Week, ...]
    monthly_hours: float
    paid: float | None
    unpaid: float | None
    paid_review_on: date | None
    week_number: int  # the ISO week of the agreement's day, for "week 47 is an odd week"

    @property
    def odd_week_now(self) -> bool:
        """Whether the agreement is made in an odd week (a rotation names it, so she can find her week)."""
        return self.week_number % 2 == 1


@dataclass(frozen=True)
class AgreedTask:
    """A work task in the copy's language; `in_danish` when no label in that language exists yet."""

    label: str
    in_danish: bool = False


@dataclass(frozen=True)
class AgreedGoal:
    """A training goal or sub-goal as typed, with its status ("reached" is shown with its day)."""

    text: str
    status: str
    status_on: date
    subs: tuple["AgreedGoal", ...] = ()


@dataclass(frozen=True)
class Needs:
    """Accommodations or aids: the common ones as codes (named from the catalog), the rest as typed."""

    codes: tuple[str, ...]
    typed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Nothing agreed."""
        return not self.codes and not self.typed


@dataclass(frozen=True)
class Facts:
    """Everything the agreement states that does not depend on the copy's language."""

    citizen_name: str
    consultant_name: str
    consultant_email: str
    purpose: str  # "job" or "clarify"
    workplace: str
    kind: str
    address: str
    trade: str
    start: date
    planned_end: date | None
    goals: tuple[AgreedGoal, ...]
    accommodations: Needs
    aids: Needs
    contacts: tuple[Contact, ...]
    support: tuple[Support, ...]
    hours: AgreedHours | None
    calls_every_weeks: int
    visits_every_weeks: int


@dataclass(frozen=True)
class Agreement:
    """One copy: the facts, the tasks in its language, and which version it is, made on which day."""

    language: str
    version: int
    made_on: date
    facts: Facts
    tasks: tuple[AgreedTask, ...]


def copies(language: str) -> tuple[str, ...]:
    """The languages of the copies: Danish, and hers when she reads another (a Danish-speaking woman gets one)."""
    return ("da",) if language == "da" else ("da", language)


def agreement_day(today: date, start: date, end: date | None) -> date:
    """The day whose plan the agreement states: today, moved inside the placement's days."""
    if today < start:
        return start
    return end if end is not None and today > end else today


def plan_for(versions: Sequence[PlanVersion], day: date) -> PlanVersion | None:
    """The placement's plan in force on `day` (versions in creation order); before any is in force, the first to come."""
    found = plan_in_force(versions, day)
    if found is None and versions:
        return min(versions, key=lambda version: version.valid_from)
    return found


def _days(hours: Sequence[float], starts: Sequence[time | None]) -> tuple[WorkDay, ...]:
    return tuple(WorkDay(index, float(hours[index]), starts[index]) for index in range(7) if hours[index])


def agreed_hours(plan: PlanVersion, day: date) -> AgreedHours:
    """`plan` as the agreement states it on `day`: its days and times, the budget, the paid part and its review."""
    if plan.mode == MONTHLY:
        weeks: tuple[Week, ...] = ()
        total = plan.monthly_hours
    elif plan.mode == ROTATION:
        weeks = (Week("odd", _days(plan.hours, plan.starts)), Week("even", _days(plan.even_hours, plan.even_starts)))
        total = plan.weekly_hours
    else:
        weeks = (Week("every", _days(plan.hours, plan.starts)),)
        total = plan.weekly_hours
    paid = plan.paid_hours if plan.paid_hours else None
    unpaid = round(max(total - paid, 0.0), 2) if paid is not None else None
    return AgreedHours(plan.mode, weeks, plan.monthly_hours, paid, unpaid, plan.paid_review_on, day.isocalendar().week)


def needs(stored: str, common: tuple[str, ...]) -> Needs:
    """Stored accommodations or aids (app/domain/accommodations.py) as codes and typed lines."""
    codes, typed = accommodations.decode(stored, common)
    return Needs(tuple(codes), tuple(line.strip() for line in typed.splitlines() if line.strip()))


def task_labels(tasks: Sequence[tuple[str, dict[str, str]]], language: str) -> tuple[AgreedTask, ...]:
    """Tasks (Danish label, {language: label}) named in `language`; without a label there, in Danish and marked."""
    named = []
    for danish, labels in tasks:
        own = labels.get(language, "").strip() if language != "da" else ""
        named.append(AgreedTask(own, False) if own else AgreedTask(danish, language != "da"))
    return tuple(named)


def goals_to_agree(tree: Sequence[tuple[AgreedGoal, Sequence[AgreedGoal]]]) -> tuple[AgreedGoal, ...]:
    """Goals with their sub-goals, the dropped ones left out: an agreement states what she works toward."""
    return tuple(AgreedGoal(goal.text, goal.status, goal.status_on, tuple(sub for sub in subs if sub.status != "dropped"))
                 for goal, subs in tree if goal.status != "dropped")


def refusal(tasks: Sequence[object]) -> str | None:
    """Why no agreement can be made (a msgid), or None."""
    return NO_TASKS if not tasks else None


def copy_in(facts: Facts, tasks: Sequence[tuple[str, dict[str, str]]], language: str, *, version: int, made_on: date) -> Agreement:
    """The copy of version `version` in `language`."""
    return Agreement(language, version, made_on, facts, task_labels(tasks, language))

