"""Her attendance page: days the consultant recorded for her (learned from the workplace, or from her on the phone),
and the days where her entry and another account differ, each resolved with a note.

Thin views: the rules are in app/services/attendance_records.py and accounts_differ.py. A refused form renders the
page again with the message on the form that was sent and what was typed kept (422). Lookups go through her
(`citizen_or_404`), then her record: another consultant's woman, or another woman's record, is 404.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable, Literal

from flask import abort, redirect, render_template, request, url_for
from flask_babel import format_date, gettext
from sqlmodel import Field, SQLModel
from werkzeug.wrappers import Response

from app.db import get_session
from app.domain.flags.model import N_
from app.domain.schedule import MAX_HOURS_IN_A_DAY
from app.domain.workplace import DAY_STATUSES, SOURCES
from app.models import Citizen
from app.services import accounts_differ
from app.services import attendance_records as records
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today
from app.web.consultant.forms import parse_form
from app.web.consultant.placement_details import Failed  # the refused form, as on a placement's page

#: How far back her page lists recorded days.
SHOWN_WEEKS = 12
SOURCE_NAMES = {"workplace": N_("The workplace"), "consultant": N_("I saw it myself"), "her_by_phone": N_("She told me by phone")}
ATTENDANCE_NAMES = {"full": N_("Attended all of it"), "early": N_("Went home early"), "absent": N_("Did not come")}
STATUS_NAMES = {"came": N_("Came as agreed"), "late": N_("Came late"), "left_early": N_("Left early"),
                "absent": N_("Did not come"), "day_off": N_("Not agreed (day off)")}
assert set(SOURCE_NAMES) == set(SOURCES) and set(STATUS_NAMES) == set(DAY_STATUSES)

Page = Response | tuple[str, int]


class RecordInput(SQLModel):
    """A day's attendance; `action` only on a listed record's form (save or remove), which keeps its day."""

    day: date | None = None
    attendance: str = Field(default="", max_length=10)
    hours: float | None = Field(default=None, ge=0, le=MAX_HOURS_IN_A_DAY)
    source: str = Field(default="", max_length=14)
    action: Literal["save", "remove"] = "save"


class ResolveInput(SQLModel):
    """The day whose accounts differ, and the note that resolves it."""

    day: date
    note: str = Field(default="", max_length=2000)


def attendance_page(citizen: Citizen, failed: Failed | None = None, status: int = 200) -> tuple[str, int]:
    """Her recorded days of the last weeks, and her open differences with their forms."""
    session, day = get_session(), today()
    return render_template("consultant/attendance.html", citizen=citizen, failed=failed, today=day,
                           records=records.records_between(session, citizen.id, day - timedelta(weeks=SHOWN_WEEKS), day),
                           differences=accounts_differ.differences(session, [citizen.id]).get(citizen.id, []),
                           weeks=SHOWN_WEEKS, source_names=SOURCE_NAMES, attendance_names=ATTENDANCE_NAMES,
                           status_names=STATUS_NAMES, most=MAX_HOURS_IN_A_DAY), status


def _given(data: SQLModel, day: date) -> records.RecordGiven:
    return records.RecordGiven(day=day, attendance=data.attendance, hours=data.hours, source=data.source)  # type: ignore[attr-defined]


def _write(citizen: Citizen, form: str, model: type[SQLModel], write: Callable[[SQLModel], object], section: str) -> Page:
    """Parse the form, run the write, and come back to her page (or show the refusal on the form, typed values kept)."""
    typed = {name: value for name, value in request.form.items() if name != "csrf_token"}
    data, errors = parse_form(model, request.form.to_dict(flat=False))
    if data is None:
        return attendance_page(citizen, Failed(form, gettext("Some fields need a look."), next(iter(errors), ""), typed), 422)
    try:
        write(data)
    except (records.RecordNotFound, accounts_differ.NothingToResolve):
        abort(404)
    except (records.RecordError, accounts_differ.ResolveError) as refused:
        values = {name: format_date(value) if isinstance(value, date) else value for name, value in refused.values.items()}
        return attendance_page(citizen, Failed(form, gettext(refused.message, **values), refused.field, typed), 422)
    return redirect(url_for("consultant.attendance", citizen_id=citizen.id, _anchor=section), code=303)


@bp.get("/citizens/<int:citizen_id>/attendance")
def attendance(citizen_id: int) -> tuple[str, int]:
    """Days recorded for her and days where the accounts differ, with the forms to record and resolve them."""
    return attendance_page(citizen_or_404(citizen_id, "attendance_record.read"))


@bp.post("/citizens/<int:citizen_id>/attendance")
def record_attendance(citizen_id: int) -> Page:
    """Record attendance for a day she did not log."""
    citizen = citizen_or_404(citizen_id, "attendance_record.create")

    def write(data: SQLModel) -> object:
        if data.day is None:  # type: ignore[attr-defined]
            raise records.RecordError("day", N_("Choose the day."))
        return records.record(get_session(), actor(), citizen.id, _given(data, data.day), today=today())  # type: ignore[attr-defined]

    return _write(citizen, "record-new", RecordInput, write, "recorded")


@bp.post("/citizens/<int:citizen_id>/attendance/<int:record_id>")
def change_attendance(citizen_id: int, record_id: int) -> Page:
    """Correct a recorded day (action=save) or remove one recorded by mistake (action=remove)."""
    citizen = citizen_or_404(citizen_id, "attendance_record.update")
    session = get_session()

    def write(data: SQLModel) -> object:
        if data.action == "remove":  # type: ignore[attr-defined]
            return records.delete(session, actor(), citizen.id, record_id)
        row = records.record_of(session, actor(), citizen.id, record_id)
        return records.correct(session, actor(), citizen.id, record_id, _given(data, row.day))

    return _write(citizen, f"record-{record_id}", RecordInput, write, "recorded")


@bp.post("/citizens/<int:citizen_id>/accounts-differ")
def resolve_accounts(citizen_id: int) -> Page:
    """Resolve a day where her entry and another account differ, with a note (both accounts stay)."""
    citizen = citizen_or_404(citizen_id, "accounts_differ.resolve")
    day = request.form.get("day", "")
    return _write(citizen, f"differ-{day[:10]}", ResolveInput,
                  lambda data: accounts_differ.resolve(get_session(), actor(), citizen.id, data.day, data.note),  # type: ignore[attr-defined]
                  "accounts-differ")
