"""Input models for the consultant's forms, validated with SQLModel (pydantic) before any service runs."""

from __future__ import annotations

from datetime import date, time
from typing import Literal, Mapping, Sequence, get_origin

from pydantic import ValidationError, field_validator
from sqlmodel import Field, SQLModel

from app.domain.accommodations import COMMON_ACCOMMODATIONS, COMMON_AIDS
from app.domain.activities import REFERRED_HOURS
from app.domain.same_day import BENEFITS
from app.domain.schedule import MONTHLY, NO_HOURS, NO_STARTS, ROTATION, PlanVersion
from app.models import ScheduleVersion

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class CitizenInput(SQLModel):
    """Create or edit a citizen with her course and current internship."""

    display_name: str = Field(min_length=1, max_length=120)
    preferred_language: Literal["da", "ar", "ur", "so"]
    phone: str = Field(default="", max_length=32, regex=r"^[0-9 +()-]*$")
    course_start: date
    planned_end: date | None = None
    extended_to: date | None = None
    purpose: Literal["job", "clarify"]
    referred_hours: float | None = None  # 12 or 4 a week as referred (REFERRED_HOURS), or not given
    # What she lives on (app/domain/same_day.py BENEFITS); "" not given. On kontanthjælp or integrationsydelse her phone
    # reminds her to call the job centre too when she cannot come.
    benefit: str = ""
    course_change_reason: str = Field(default="", max_length=500)
    workplace: str = Field(default="", max_length=200)
    contact_person: str = Field(default="", max_length=200)
    internship_start: date | None = None
    accommodations: list[str] = []
    accommodations_other: str = Field(default="", max_length=2000)
    aids: list[str] = []
    aids_other: str = Field(default="", max_length=2000)
    # Ticked at the second submit when the name looks like another woman's (app/domain/text.py).
    confirm_name: bool = False

    @field_validator("referred_hours")
    @classmethod
    def _referred(cls, value: float | None) -> float | None:
        if value is not None and value not in REFERRED_HOURS:
            raise ValueError("referred for 12 or 4 hours a week")
        return value

    @field_validator("benefit")
    @classmethod
    def _known_benefit(cls, value: str) -> str:
        if value and value not in BENEFITS:
            raise ValueError("unknown benefit")
        return value

    @field_validator("accommodations")
    @classmethod
    def _known_accommodations(cls, value: list[str]) -> list[str]:
        if any(code not in COMMON_ACCOMMODATIONS for code in value):
            raise ValueError("unknown accommodation")
        return value

    @field_validator("aids")
    @classmethod
    def _known_aids(cls, value: list[str]) -> list[str]:
        if any(code not in COMMON_AIDS for code in value):
            raise ValueError("unknown aid")
        return value


class ScheduleInput(SQLModel):
    """A new plan version in any mode (app/domain/schedule.py); `plan_problems` checks what the fields cannot alone."""

    valid_from: date
    reason: str = Field(default="", max_length=500)
    mode: Literal["weekly", "rotation", "monthly"] = "weekly"
    mon: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    tue: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    wed: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    thu: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    fri: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    sat: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    sun: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    start_mon: time | None = None
    start_tue: time | None = None
    start_wed: time | None = None
    start_thu: time | None = None
    start_fri: time | None = None
    start_sat: time | None = None
    start_sun: time | None = None
    even_mon: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    even_tue: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    even_wed: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    even_thu: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    even_fri: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    even_sat: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    even_sun: float = Field(default=0, ge=0, le=12, multiple_of=0.5)
    even_start_mon: time | None = None
    even_start_tue: time | None = None
    even_start_wed: time | None = None
    even_start_thu: time | None = None
    even_start_fri: time | None = None
    even_start_sat: time | None = None
    even_start_sun: time | None = None
    monthly_hours: float | None = Field(default=None, ge=0, le=10000, multiple_of=0.5)
    paid_hours: float | None = Field(default=None, ge=0, le=10000, multiple_of=0.5)
    paid_review_on: date | None = None

    def hours(self) -> tuple[float, ...]:
        """Monday..Sunday (in a rotation: the odd weeks)."""
        return tuple(getattr(self, day) for day in WEEKDAYS)

    def plan(self) -> PlanVersion:
        """The version the consultant typed, as the domain reads it."""
        rotation = self.mode == ROTATION
        return PlanVersion(
            valid_from=self.valid_from, mode=self.mode, monthly_hours=self.monthly_hours or 0.0,
            hours=NO_HOURS if self.mode == MONTHLY else self.hours(),  # type: ignore[arg-type]
            starts=NO_STARTS if self.mode == MONTHLY else tuple(getattr(self, f"start_{d}") for d in WEEKDAYS),  # type: ignore[arg-type]
            even_hours=tuple(getattr(self, f"even_{d}") for d in WEEKDAYS) if rotation else NO_HOURS,  # type: ignore[arg-type]
            even_starts=tuple(getattr(self, f"even_start_{d}") for d in WEEKDAYS) if rotation else NO_STARTS,  # type: ignore[arg-type]
            paid_hours=self.paid_hours, paid_review_on=self.paid_review_on)


def plan_form_values(latest: ScheduleVersion | None, today: date) -> dict[str, str]:
    """The plan form filled from her latest version (a change usually starts from what she has), valid from today."""
    values = {name: "" for name in ScheduleInput.model_fields}
    values.update(valid_from=today.isoformat(), mode="weekly", reason="")
    if latest is None:
        return values
    values.update(mode=latest.mode, monthly_hours=_number(latest.monthly_hours), paid_hours=_number(latest.paid_hours),
                  paid_review_on=latest.paid_review_on.isoformat() if latest.paid_review_on else "")
    for day in WEEKDAYS:
        values[day] = _number(getattr(latest, f"hours_{day}"))
        values[f"even_{day}"] = _number(getattr(latest, f"even_hours_{day}"))
        for prefix in ("", "even_"):
            start = getattr(latest, f"{prefix}start_{day}")
            values[f"{prefix}start_{day}"] = start.strftime("%H:%M") if start else ""
    return values


def _number(value: float | None) -> str:
    """A stored number as the form's input shows it: 4 not 4.0, empty for none."""
    return "" if value is None else f"{value:g}"


class TaskInput(SQLModel):
    """An agreed task: Danish label, icon, and her-language label."""

    label_da: str = Field(min_length=1, max_length=120)
    icon: str = Field(min_length=1, max_length=40, regex=r"^[a-z-]+$")
    label_translated: str = Field(default="", max_length=120)


class FollowUpInput(SQLModel):
    """The five points of a follow-up and her own observations."""

    day: date
    attendance: str = Field(default="", max_length=4000)
    tasks: str = Field(default="", max_length=4000)
    motivation: str = Field(default="", max_length=4000)
    accommodations: str = Field(default="", max_length=4000)
    views: str = Field(default="", max_length=4000)
    observations: str = Field(default="", max_length=4000)


def _is_list(model: type[SQLModel], name: str) -> bool:
    """Whether the model's field takes every value given (checkboxes), not just the first.
    Asked of the model, not the name: "accommodations" is a list on the profile and text on a follow-up."""
    return get_origin(model.model_fields[name].annotation) is list


def parse_form(model: type[SQLModel], form: Mapping[str, Sequence[str]]) -> tuple[SQLModel | None, dict[str, str]]:
    """Validate a posted form against `model`: (instance, {}) or (None, {field: message}).

    Empty strings mean "not given"; unknown fields (other than the CSRF token) are an error.
    """
    fields = set(model.model_fields)
    data: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, values in form.items():
        if name == "csrf_token":
            continue
        if name not in fields:
            errors[name] = "unknown"
            continue
        if _is_list(model, name):
            data[name] = [v for v in values if v]
        elif values and values[0].strip() != "":
            data[name] = values[0].strip()
    if errors:
        return None, errors
    try:
        return model.model_validate(data), {}
    except ValidationError as error:
        for problem in error.errors():
            errors.setdefault(str(problem["loc"][0]) if problem["loc"] else "form", problem["type"])
        return None, errors


class PlacementInput(SQLModel):
    """Her next placement, and why the current one ends (app/services/placements.py checks the rest)."""

    workplace: str = Field(default="", max_length=200)
    kind: Literal["internal", "outside", "paid_job"] = "outside"
    trade: str = Field(default="", max_length=120)
    address: str = Field(default="", max_length=300)
    start: date
    planned_end: date | None = None
    end_reason: str = Field(default="", max_length=20)
    end_reason_text: str = Field(default="", max_length=500)
    copy_tasks: bool = False
    copy_accommodations: bool = False
    copy_goals: bool = False
