"""What the day page needs to render: the plan, her tasks, and the form's values."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import Mapping, Sequence

from flask import current_app
from sqlmodel import Session, select

from app.domain import body_map
from app.domain.entry import Limits, hers
from app.domain.schedule import MONTHLY, PlanVersion, plan_in_force, planned_on_days
from app.models import Citizen, DayEntry
from app.services.citizens import TaskView, plan_versions, tasks_for
from app.services.entries import entry_for_day, task_marks


@dataclass
class FormValues:
    """Submitted or stored values, as the template asks for them."""

    data: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def get(self, name: str) -> str:
        """The single value of `name`, or ''."""
        values = self.data.get(name) or ()
        return values[0] if values else ""

    def has(self, name: str, value: object) -> bool:
        """Whether `value` is among the values of `name` (a checked radio or checkbox)."""
        return str(value) in (self.data.get(name) or ())


def _hours(value: float) -> str:
    return f"{value:g}"


def entry_to_form(entry: DayEntry, marks: Mapping[int, bool], planned: float = 0.0) -> dict[str, list[str]]:
    """A stored entry as form values, for correcting it: only the answers she gave (see `hers`)."""
    # Her "I can't come today" waits for her pain until she adds it in the evening (app/web/cant_come.py).
    data: dict[str, list[str]] = {"pain": [str(entry.pain)]} if entry.pain is not None else {}
    if entry.attendance:
        data["attendance"] = [entry.attendance]
    if entry.attendance == "early" and entry.hours_worked is not None:
        data["hours_worked"] = [_hours(entry.hours_worked)]
    if entry.attendance == "full" and entry.extra_hours:
        data["extra_hours"] = [_hours(entry.extra_hours)]
    if entry.attendance == "full" and not planned and entry.hours_worked:
        data["hours_worked"] = [_hours(entry.hours_worked)]  # a day her plan left free: the hours she gave
    if entry.early_reasons:
        data["early_reasons"] = entry.early_reasons.split(",")
    if entry.absence_reason:
        data["absence_reason"] = [entry.absence_reason]
    if entry.told_in_advance is not None:
        data["told_in_advance"] = ["yes" if entry.told_in_advance else "no"]
    for name in ("reason_text", "note", "breaks"):
        if hers(getattr(entry, name), name, entry.untouched):
            data[name] = [getattr(entry, name)]
    for name in ("difficulty", "evening"):
        if hers(getattr(entry, name), name, entry.untouched) is not None:
            data[name] = [str(getattr(entry, name))]
    if entry.body_regions:
        data["body_regions"] = list(body_map.decode(entry.body_regions))
    data["tasks"] = [str(task_id) for task_id in marks]
    data["hard_tasks"] = [str(task_id) for task_id, hard in marks.items() if hard]
    return data


def early_hour_choices(planned: float) -> list[float]:
    """Half-hour steps below the plan, largest first: she went home early, so fewer than planned."""
    steps = int(planned * 2)
    return [step / 2 for step in range(steps - 1, 0, -1)] or [0.0]


@dataclass(frozen=True)
class DayPage:
    """Everything the day template shows besides the form values."""

    day: date
    planned_hours: float
    tasks: list[TaskView]
    entry: DayEntry | None
    hour_choices: list[float]
    asks_body_map: bool = False
    on_budget: bool = False  # her plan is a monthly budget: no day is planned, she writes the days she worked
    start: time | None = None  # when her plan has her start that day, if it says

    @property
    def task_ids(self) -> set[int]:
        """Tasks she may tick on this day."""
        return {task.id for task in self.tasks}


def _asks_body_map(session: Session, citizen_id: int, plans: Sequence[PlanVersion], day: date, setting: str) -> bool:
    """Whether this day's form carries the weekly body map (body_map.asks_on)."""
    monday = body_map.week_start(day)
    week = [monday + timedelta(days=offset) for offset in range(7)]
    asking_from = body_map.asking_day(setting, planned_on_days(plans, week), monday)
    answered_on = session.exec(
        select(DayEntry.day).where(DayEntry.citizen_id == citizen_id, DayEntry.day >= monday,
                                   DayEntry.day <= week[-1], DayEntry.body_regions.is_not(None))  # type: ignore[union-attr]
        .order_by(DayEntry.day)
    ).first()
    return body_map.asks_on(day, asking_from, answered_on)


def load_day_page(session: Session, citizen: Citizen, day: date, *, shown: bool = True) -> tuple[DayPage, dict[str, list[str]]]:
    """The day's plan, tasks and entry, and the values a fresh form starts from. `shown=False`: only to check a
    saved form against (what it may hold), so what the page alone needs (whether it asks for the body map) is not read."""
    body_map_day = current_app.config["BODY_MAP_DAY"]
    plans = plan_versions(session, citizen.id)
    planned_day = _plan_page(plan_in_force(plans, day), day)
    planned = planned_day.planned_hours
    entry = entry_for_day(session, citizen.id, day)
    marks = task_marks(session, entry.id) if entry is not None else {}
    # A task done on this day but since retired still shows, so a correction keeps it.
    tasks = tasks_for(session, citizen.id, citizen.preferred_language, also=set(marks))
    values = entry_to_form(entry, marks, planned) if entry is not None else {}  # nothing pre-selected: only her answers
    page = replace(planned_day, tasks=tasks, entry=entry,
                   asks_body_map=shown and _asks_body_map(session, citizen.id, plans, day, body_map_day))
    return page, values


def load_day_plan(session: Session, citizen: Citizen, day: date) -> DayPage:
    """The day as its follow-up questions need it (htmx asks for them at each tap on an answer): the plan alone, one
    statement; the page's tasks and entry are left empty, as those questions never show them."""
    return _plan_page(plan_in_force(plan_versions(session, citizen.id), day), day)


def _plan_page(version: PlanVersion | None, day: date) -> DayPage:
    """What the plan version in force says of the day's page: its hours, the early-hour choices, budget, start."""
    planned = version.planned_on(day) if version else 0.0
    return DayPage(day=day, planned_hours=planned, tasks=[], entry=None, hour_choices=early_hour_choices(planned),
                   on_budget=version is not None and version.mode == MONTHLY, start=version.start_on(day) if version else None)


def limits_from(config: Mapping[str, object]) -> Limits:
    """Length limits from the app settings."""
    return Limits(note_max=int(config["NOTE_MAX_LENGTH"]), reason_text_max=int(config["REASON_TEXT_MAX_LENGTH"]))
