"""A day's answers: the closed vocabularies of measures.md and server-side validation.

`parse_entry` turns submitted form fields into `EntryAnswers` or a set of error codes per
field. Follow-up answers that do not apply to the chosen attendance are dropped, not
rejected: without JavaScript the whole form is posted, and a woman who first chose
"went home early" and then "yes, all of it" must not be blocked by the reasons she ticked.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from dataclasses import asdict, dataclass
from typing import Mapping, Sequence, TypeVar

from app.domain import body_map
from app.domain.day import Attendance, is_planned
from app.domain.schedule import MAX_HOURS_IN_A_DAY

EARLY_REASONS: tuple[str, ...] = ("pain", "tired", "unwell", "too_hard", "family", "other")
ABSENCE_REASONS: tuple[str, ...] = ("ill_pain", "ill_other", "family", "appointment", "transport", "other")
BREAKS: tuple[str, ...] = ("none", "some", "many")
EVENING_STEPS: tuple[int, ...] = (1, 2, 3, 4, 5)  # 1 good, energy .. 5 exhausted
PAIN_SCALE = range(0, 11)
HOURS_STEP = 0.5
#: "No, I did not work" on a day her plan leaves free: the same as no answer, said plainly.
NOT_WORKED = "none"
#: No day holds more work than this (schedule.MAX_HOURS_IN_A_DAY): a larger figure is a typing slip.
MAX_DAY_HOURS = MAX_HOURS_IN_A_DAY
T = TypeVar("T")

SINGLE_FIELDS = frozenset({
    "attendance", "hours_worked", "extra_hours", "absence_reason", "told_in_advance", "reason_text",
    "pain", "difficulty", "breaks", "evening", "note", "idempotency_key",
})
MULTI_FIELDS = frozenset({"early_reasons", "tasks", "hard_tasks", "body_regions"})
#: Fields the form may carry besides the answers.
TRANSPORT_FIELDS = frozenset({"csrf_token"})
KNOWN_FIELDS = SINGLE_FIELDS | MULTI_FIELDS | TRANSPORT_FIELDS
#: "I can't come today" (parse_absence_notice): the answer "no", why, and whether she told the workplace.
NOTICE_FIELDS = frozenset({"attendance", "absence_reason", "told_in_advance", "idempotency_key"}) | TRANSPORT_FIELDS


def untouched_questions(raw: str) -> frozenset[str]:
    """The questions an entry holds an answer for that she never gave (DayEntry.untouched)."""
    return frozenset(name for name in raw.split(",") if name)


def hers(value: T, question: str, untouched: str) -> T | None:
    """`value` when she gave it, else None: an answer saved as the app showed it is not an answer.

    The form pre-selects nothing now, but older entries may hold the "no extra breaks" it once did.
    """
    return None if question in untouched_questions(untouched) else value


class UnknownFieldError(ValueError):
    """The submission carried a field the form does not have."""


@dataclass(frozen=True)
class Limits:
    """Length limits, from the settings."""

    note_max: int = 1000
    reason_text_max: int = 200


@dataclass(frozen=True)
class EntryAnswers:
    """One day's validated answers."""

    attendance: Attendance | None
    hours_worked: float | None
    early_reasons: tuple[str, ...]
    absence_reason: str | None
    told_in_advance: bool | None
    reason_text: str
    pain: int | None  # None only in her "I can't come today" (parse_absence_notice), until she adds it
    difficulty: int | None
    breaks: str | None
    tasks: tuple[tuple[int, bool], ...]  # (task id, hard), sorted by id
    evening: int | None
    note: str
    # The weekly body map (body_map.py): () when not answered that day.
    body_regions: tuple[str, ...] = ()
    # Hours she stayed beyond her plan on a planned day; None when she did not say.
    extra_hours: float | None = None

    def canonical(self) -> dict[str, object]:
        """A plain, stable form of the answers (JSON-ready).

        An unanswered body map is left out, so entries saved before it existed keep their hash.
        """
        data = asdict(self)
        data["attendance"] = self.attendance.value if self.attendance else None
        data["early_reasons"] = list(self.early_reasons)
        data["tasks"] = [[task_id, hard] for task_id, hard in self.tasks]
        if self.body_regions:
            data["body_regions"] = list(self.body_regions)
        else:
            del data["body_regions"]
        if self.extra_hours is None:
            del data["extra_hours"]  # entries saved before she could say so keep their hash
        return data

    def payload_hash(self, day_iso: str) -> str:
        """SHA-256 of the day and answers: the same key must always carry the same payload."""
        blob = json.dumps({"day": day_iso, **self.canonical()}, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


class _Problems(dict[str, str]):
    def add(self, field: str, code: str) -> None:
        self.setdefault(field, code)


def _single(form: Mapping[str, Sequence[str]], name: str, problems: _Problems) -> str:
    values = list(form.get(name, ()))
    if len(values) > 1:
        problems.add(name, "invalid")
        return ""
    return values[0].strip() if values else ""


def _is_small_number(raw: str) -> bool:
    # isdigit() alone accepts other scripts' digits ("０", "٣"), which int() would then parse.
    return raw.isascii() and raw.isdigit() and len(raw) <= 9


def _int_in(raw: str, allowed: Sequence[int] | range) -> int | None:
    if not _is_small_number(raw):
        return None
    value = int(raw)
    return value if value in allowed else None


def _clean_text(raw: str, limit: int, field: str, problems: _Problems) -> str:
    if "\x00" in raw:
        problems.add(field, "invalid")
        return ""
    if len(raw) > limit:
        problems.add(field, "too_long")
        return ""
    return raw


def _half_hours(raw: str, field: str, problems: _Problems, *, required: bool) -> float | None:
    """A number of hours in half hours, above 0 and at most a day's worth (MAX_DAY_HOURS)."""
    if not raw:
        if required:
            problems.add(field, "required")
        return None
    try:
        hours = float(raw.replace(",", "."))
    except ValueError:
        problems.add(field, "invalid")
        return None
    if not math.isfinite(hours) or hours <= 0 or not (hours / HOURS_STEP).is_integer():
        problems.add(field, "invalid")
        return None
    if hours > MAX_DAY_HOURS:
        problems.add(field, "over_a_day")
        return None
    return hours


def _parse_hours(raw: str, planned: float, problems: _Problems) -> float | None:
    try:
        hours = float(raw)
    except ValueError:
        problems.add("hours_worked", "required" if not raw else "invalid")
        return None
    if not math.isfinite(hours) or hours < 0 or hours >= planned or not (hours / HOURS_STEP).is_integer():
        problems.add("hours_worked", "hours_range")
        return None
    return hours


def _parse_tasks(form: Mapping[str, Sequence[str]], task_ids: set[int], problems: _Problems) -> tuple[tuple[int, bool], ...]:
    def ids(name: str) -> set[int]:
        found: set[int] = set()
        for raw in form.get(name, ()):
            if not _is_small_number(raw) or int(raw) not in task_ids:
                problems.add("tasks", "invalid")
                continue
            found.add(int(raw))
        return found

    done, hard = ids("tasks"), ids("hard_tasks")
    # Marking a task hard means she did it, even if the "did it" tick was missed.
    return tuple((task_id, task_id in hard) for task_id in sorted(done | hard))


def parse_key(raw: str) -> str | None:
    """A client-made idempotency key must be a UUID; returns it normalised or None."""
    try:
        return str(uuid.UUID(raw))
    except (ValueError, AttributeError, TypeError):
        return None


def _absence(form: Mapping[str, Sequence[str]], problems: _Problems) -> tuple[str | None, bool | None]:
    """D1b: why she did not go (one reason) and whether she told the workplace before."""
    absence_reason = _single(form, "absence_reason", problems) or None
    if absence_reason is None:
        problems.add("absence_reason", "required")
    elif absence_reason not in ABSENCE_REASONS:
        problems.add("absence_reason", "invalid")
        absence_reason = None
    told = _single(form, "told_in_advance", problems)
    if told not in ("yes", "no"):
        problems.add("told_in_advance", "required" if not told else "invalid")
        return absence_reason, None
    return absence_reason, told == "yes"


def parse_absence_notice(form: Mapping[str, Sequence[str]]) -> tuple[EntryAnswers | None, dict[str, str]]:
    """Her "I can't come today" (issue 23): the day's entry with why and whether she told the workplace, and no
    pain yet; she can add it and the rest in the evening with the day's own form.

    Raises UnknownFieldError when the submission has a field this form does not have.
    """
    unknown = set(form) - NOTICE_FIELDS
    if unknown:
        raise UnknownFieldError(", ".join(sorted(unknown)))
    problems = _Problems()
    if _single(form, "attendance", problems) != Attendance.ABSENT:  # the form says so itself, for her offline copy
        problems.add("attendance", "invalid")
    absence_reason, told_in_advance = _absence(form, problems)
    if problems:
        return None, dict(problems)
    return EntryAnswers(attendance=Attendance.ABSENT, hours_worked=0.0, early_reasons=(), absence_reason=absence_reason,
                        told_in_advance=told_in_advance, reason_text="", pain=None, difficulty=None, breaks=None, tasks=(),
                        evening=None, note=""), {}


def parse_entry(
    form: Mapping[str, Sequence[str]],
    *,
    planned_hours: float,
    task_ids: set[int],
    limits: Limits = Limits(),
) -> tuple[EntryAnswers | None, dict[str, str]]:
    """Validate a submitted day; returns (answers, {}) or (None, {field: error code}).

    Raises UnknownFieldError when the submission has a field the form does not have.
    """
    unknown = set(form) - KNOWN_FIELDS
    if unknown:
        raise UnknownFieldError(", ".join(sorted(unknown)))
    problems = _Problems()

    attendance: Attendance | None = None
    raw_attendance = _single(form, "attendance", problems)
    if is_planned(planned_hours):
        if not raw_attendance:
            problems.add("attendance", "required")
        elif raw_attendance not in Attendance._value2member_map_:
            problems.add("attendance", "invalid")
        else:
            attendance = Attendance(raw_attendance)
    elif raw_attendance == Attendance.FULL:
        attendance = Attendance.FULL  # "yes, I worked" on a day her plan left free: her hours, never planned ones
    elif raw_attendance and raw_attendance != NOT_WORKED:
        problems.add("attendance", "not_planned")

    hours_worked: float | None = None
    extra_hours: float | None = None
    early_reasons: tuple[str, ...] = ()
    absence_reason: str | None = None
    told_in_advance: bool | None = None
    reason_text = ""
    if attendance is Attendance.FULL and not is_planned(planned_hours):
        hours_worked = _half_hours(_single(form, "hours_worked", problems), "hours_worked", problems, required=True)
    elif attendance is Attendance.FULL:
        hours_worked = planned_hours
        extra_hours = _half_hours(_single(form, "extra_hours", problems), "extra_hours", problems, required=False)
        if extra_hours is not None and planned_hours + extra_hours > MAX_DAY_HOURS:
            problems.add("extra_hours", "over_a_day")
            extra_hours = None
    elif attendance is Attendance.EARLY:
        hours_worked = _parse_hours(_single(form, "hours_worked", problems), planned_hours, problems)
        reasons = list(dict.fromkeys(form.get("early_reasons", ())))
        if not reasons:
            problems.add("early_reasons", "required")
        elif any(reason not in EARLY_REASONS for reason in reasons):
            problems.add("early_reasons", "invalid")
        else:
            early_reasons = tuple(sorted(reasons, key=EARLY_REASONS.index))
    elif attendance is Attendance.ABSENT:
        hours_worked = 0.0
        absence_reason, told_in_advance = _absence(form, problems)
    if attendance in (Attendance.EARLY, Attendance.ABSENT):
        reason_text = _clean_text(_single(form, "reason_text", problems), limits.reason_text_max, "reason_text", problems)

    raw_pain = _single(form, "pain", problems)
    pain = _int_in(raw_pain, PAIN_SCALE)
    if pain is None:
        problems.add("pain", "required" if not raw_pain else "invalid")

    worked = attendance in (Attendance.FULL, Attendance.EARLY)
    difficulty: int | None = None
    breaks: str | None = None
    tasks: tuple[tuple[int, bool], ...] = ()
    if worked:
        raw_difficulty = _single(form, "difficulty", problems)
        if raw_difficulty:
            difficulty = _int_in(raw_difficulty, PAIN_SCALE)
            if difficulty is None:
                problems.add("difficulty", "invalid")
        breaks = _single(form, "breaks", problems) or None
        if breaks is not None and breaks not in BREAKS:
            problems.add("breaks", "invalid")
        tasks = _parse_tasks(form, task_ids, problems)

    raw_evening = _single(form, "evening", problems)
    evening = _int_in(raw_evening, EVENING_STEPS) if raw_evening else None
    if raw_evening and evening is None:
        problems.add("evening", "invalid")

    note = _clean_text(_single(form, "note", problems), limits.note_max, "note", problems)

    body_regions = body_map.parse_regions(form.get("body_regions", ()))
    if body_regions is None:
        problems.add("body_regions", "invalid")

    if problems or pain is None:
        return None, dict(problems)
    return EntryAnswers(
        attendance=attendance, hours_worked=hours_worked, early_reasons=early_reasons,
        absence_reason=absence_reason, told_in_advance=told_in_advance, reason_text=reason_text,
        pain=pain, difficulty=difficulty, breaks=breaks, tasks=tasks, evening=evening, note=note,
        body_regions=body_regions or (), extra_hours=extra_hours,
    ), {}
