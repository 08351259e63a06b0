"""The same day, not days later (issue 23): her "I can't come today", and whom the consultant has not heard from yet.

Providers secure attendance by calling a woman who does not turn up. So the consultant's caseload starts with a
"today" lane: women who reported an absence today, and women with a planned day who have neither logged it nor
been confirmed by the workplace by a set time. The lane is information for the call routine, never a flag of
worse health: it says nothing of her pain, and it empties when the day is accounted for.

Pure rules only. Each woman's word of today is worked out with her stored flag reading (app/services/readings.py: it
goes stale on every write the word depends on, and a reading is of one day), so the list reads it with her row;
app/web/cant_come.py shows her side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.domain.schedule import PlanVersion

#: What she lives on during the course (Course.benefit), in the order the consultant's form lists them.
BENEFITS: tuple[str, ...] = ("kontanthjaelp", "integrationsydelse", "sygedagpenge", "other")
#: On these an absence is reported to the job centre too (domain.md): her phone reminds her to call it.
CALLS_JOB_CENTRE: frozenset[str] = frozenset({"kontanthjaelp", "integrationsydelse"})
#: Without a start time, the workplace's day is taken to have begun by noon.
NOON = time(12, 0)
#: "Has not logged by": this long after her planned start (settings: TODAY_LANE_GRACE_MINUTES).
DEFAULT_GRACE = timedelta(hours=1)


def calls_job_centre(benefit: str | None) -> bool:
    """Whether her benefit asks her to tell the job centre too when she cannot come."""
    return benefit in CALLS_JOB_CENTRE


def can_report_absence(planned_hours: float, start: time | None, now: time, has_entry: bool) -> bool:
    """Whether her today page offers "I can't come today": on a planned day she has not written about yet,
    before her hours are over (all day when her plan gives no start time)."""
    if planned_hours <= 0 or has_entry:
        return False
    if start is None:
        return True
    end = datetime.combine(date.min, start) + timedelta(hours=planned_hours)
    return now < end.time() or end.date() > date.min  # a day that ends after midnight is never "over" today


def not_heard_after(start: time | None, grace: timedelta = DEFAULT_GRACE) -> time:
    """When a planned day with no word from her or the workplace goes into the today lane."""
    if start is None:
        return NOON
    moment = datetime.combine(date.min, start) + grace
    return moment.time() if moment.date() == date.min else time.max


@dataclass(frozen=True)
class DayWord:
    """What is known of one woman's today, as the lane reads it."""

    citizen_id: int
    planned_hours: float
    start: time | None
    attendance: str | None = None  # her entry's answer today, if she wrote one
    absence_reason: str | None = None
    told_workplace: bool | None = None
    reported_at: datetime | None = None  # when she wrote it
    confirmed_elsewhere: bool = False  # the workplace's account or attendance the consultant recorded


@dataclass(frozen=True)
class LaneItem:
    """One woman in the today lane: she reported an absence, or nobody has heard from her since `due`."""

    citizen_id: int
    kind: str  # "absent" or "not_heard"
    absence_reason: str | None = None
    told_workplace: bool | None = None
    reported_at: datetime | None = None
    due: time | None = None
    start: time | None = None


def day_word(citizen_id: int, plan: PlanVersion | None, today: date, *, attendance: str | None = None,
             absence_reason: str | None = None, told_workplace: bool | None = None, reported_at: datetime | None = None,
             confirmed_elsewhere: bool = False) -> DayWord | None:
    """What is known of her `today` from the plan version in force and her entry of today (if any); None when the lane
    can have nothing to say of her today (she wrote nothing and has no planned hours, or someone else accounted for it)."""
    planned = plan.planned_on(today) if plan is not None else 0.0
    if attendance is None and (planned <= 0 or confirmed_elsewhere):
        return None
    start = plan.start_on(today) if plan is not None else None
    return DayWord(citizen_id, planned, start, attendance=attendance, absence_reason=absence_reason,
                   told_workplace=told_workplace, reported_at=reported_at, confirmed_elsewhere=confirmed_elsewhere)


def lane_item(word: DayWord, now: time, grace: timedelta = DEFAULT_GRACE) -> LaneItem | None:
    """Her place in today's lane, if any."""
    if word.attendance == "absent":
        return LaneItem(word.citizen_id, "absent", word.absence_reason, word.told_workplace, word.reported_at, start=word.start)
    if word.attendance is not None or word.confirmed_elsewhere or word.planned_hours <= 0:
        return None
    due = not_heard_after(word.start, grace)
    if now < due:
        return None
    return LaneItem(word.citizen_id, "not_heard", due=due, start=word.start)


def today_lane(words: list[DayWord], now: time, grace: timedelta = DEFAULT_GRACE) -> list[LaneItem]:
    """The lane: reported absences first, newest report first; then the women not heard from, earliest due first
    (ties by who was added to the app first, so the lane reads the same on every view)."""
    items = [item for word in words if (item := lane_item(word, now, grace)) is not None]
    absent = sorted((i for i in items if i.kind == "absent"), key=lambda i: (i.reported_at or datetime.min, -i.citizen_id),
                    reverse=True)
    silent = sorted((i for i in items if i.kind == "not_heard"), key=lambda i: (i.due or time.min, i.citizen_id))
    return absent + silent
