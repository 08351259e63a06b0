"""A day's entry as questions and answers, ready to show in two languages side by side."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import body_map
from app.domain.entry import hers
from app.domain.flags.model import N_
from app.models import DayEntry
from app.services.citizens import TaskView

ATTENDANCE = {"full": N_("Yes, all of it"), "early": N_("Yes, but I went home early"), "absent": N_("No")}
EARLY_REASONS = {"pain": N_("Pain"), "tired": N_("Tired"), "unwell": N_("Unwell or anxious"), "too_hard": N_("The work was too hard"),
                 "family": N_("Child or family"), "other": N_("Other reason")}
ABSENCE_REASONS = {"ill_pain": N_("Ill: pain"), "ill_other": N_("Ill: other"), "family": N_("Child or family"),
                   "appointment": N_("Appointment (doctor, office)"), "transport": N_("Transport problem"), "other": N_("Other reason")}
BREAKS = {"none": N_("No"), "some": N_("1–2 extra"), "many": N_("Many")}
EVENING = {1: N_("Good, I have energy"), 2: N_("OK"), 3: N_("Tired"), 4: N_("Very tired, I must rest"),
           5: N_("Exhausted, I could not do my usual things")}
#: A task's picture and what it generally means (her own task list gives the exact words).
TASK_NAMES = {"cleaning": N_("Cleaning"), "sweeping": N_("Washing floors"), "cooking": N_("Cooking"), "dishes": N_("Dishes"),
              "stock": N_("Stock and goods"), "laundry": N_("Laundry"), "cashier": N_("At the till"), "care": N_("Helping people"),
              "office": N_("Office work"), "garden": N_("Garden and plants"), "sewing": N_("Sewing"),
              "childcare": N_("Looking after children"), "reception": N_("Phone and reception"), "shop": N_("In the shop"),
              "packing": N_("Packing"), "ironing": N_("Ironing"), "food-serving": N_("Serving food"), "other": N_("Other work")}
#: The body map's regions (app/domain/body_map.py); left and right are hers.
BODY_REGIONS = {"head": N_("Head"), "neck": N_("Neck"), "right_shoulder": N_("Right shoulder"), "left_shoulder": N_("Left shoulder"),
                "chest": N_("Chest"), "upper_back": N_("Upper back"), "stomach": N_("Stomach"), "lower_back": N_("Lower back"),
                "right_arm": N_("Right arm"), "left_arm": N_("Left arm"), "right_hand": N_("Right hand"), "left_hand": N_("Left hand"),
                "right_leg": N_("Right leg"), "left_leg": N_("Left leg"), "right_foot": N_("Right foot"), "left_foot": N_("Left foot")}


@dataclass(frozen=True)
class Line:
    """One question and its answer: answers are messages (translated), numbers, or her own words."""

    question: str
    messages: tuple[str, ...] = ()
    number: float | None = None
    danish_text: str = ""  # e.g. a task's Danish label
    her_text: str = ""  # e.g. the task in her language, or her note as she wrote it


def entry_lines(entry: DayEntry, marks: dict[int, bool], tasks: dict[int, tuple[str, TaskView]], planned: float | None = None) -> list[Line]:
    """The questions she answered for the day, in the order of her form (`planned`: the day's planned hours, when known:
    a day her plan left free asked "did you work on this day?" and her hours)."""
    lines = []
    if entry.attendance == "full" and planned == 0:
        lines.append(Line(N_("Did you work on this day?"), (N_("Yes, I worked"),)))
        lines.append(Line(N_("How many hours did you work?"), number=entry.hours_worked))
    elif entry.attendance:
        lines.append(Line(N_("Were you at work?"), (ATTENDANCE[entry.attendance],)))
    if entry.attendance == "full" and entry.extra_hours:
        lines.append(Line(N_("Did you work longer than your plan? Write the extra hours (you do not have to)."), number=entry.extra_hours))
    if entry.attendance == "early":
        lines.append(Line(N_("How many hours did you work?"), number=entry.hours_worked))
        lines.append(Line(N_("Why did you go home early?"), tuple(EARLY_REASONS[c] for c in entry.early_reasons.split(",") if c)))
    if entry.attendance == "absent":
        lines.append(Line(N_("Why were you not at work?"), (ABSENCE_REASONS.get(entry.absence_reason or "other", N_("Other reason")),)))
        lines.append(Line(N_("Did you tell work before?"), (N_("Yes, I told them") if entry.told_in_advance else N_("No"),)))
    if entry.pain is not None:  # her "I can't come today" has none until she adds it
        lines.append(Line(N_("How much pain did you have that day?"), number=entry.pain))
    if entry.difficulty is not None:
        lines.append(Line(N_("How much did pain or your health make work hard that day?"), number=entry.difficulty))
    if hers(entry.breaks, "breaks", entry.untouched):
        lines.append(Line(N_("Did you need extra breaks?"), (BREAKS[entry.breaks],)))
    for task_id, hard in marks.items():
        danish, view = tasks.get(task_id, ("?", TaskView(task_id, "other", "?")))
        lines.append(Line(N_("What did you do that day?"), (N_("Hard"),) if hard else (), danish_text=danish, her_text=view.label))
    if entry.evening is not None:
        worked = entry.attendance in ("full", "early")  # the question she saw followed her answer, not the plan
        lines.append(Line(N_("How were you that evening, after work?") if worked else N_("How were you that evening?"),
                          (EVENING[entry.evening],)))
    if entry.body_regions:
        codes = body_map.decode(entry.body_regions)
        lines.append(Line(N_("Where did it hurt this week?"),
                          tuple(BODY_REGIONS.get(code, N_("It did not hurt anywhere")) for code in codes)))
    if entry.note:
        lines.append(Line(N_("Anything else? You can write in your own language."), her_text=entry.note))
    return lines
