"""The report's data files: the raw log for Danish Excel (CSV) and for programs (JSON).

The CSV is for a person in a Danish job centre who double-clicks it: semicolons between cells
(Danish Excel reads the comma as the decimal mark), UTF-8 with a byte-order mark (or Excel guesses
a Windows code page and breaks æ, ø, å and her Arabic), a decimal comma, and Danish words for the
columns and answers. Those words come from the message catalog under `force_locale("da")`: the
same catalog, and for answers the same messages, as the report itself, so a reason or a body
region reads alike in the PDF and in the spreadsheet, and the Danish catalog is the one place
where the wording is kept. Every text cell goes through `spreadsheet_text` (no live formulas).

The JSON is for programs: stable English keys and the stored codes, never translated.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from babel.dates import format_datetime
from babel.numbers import format_decimal
from flask_babel import force_locale, get_locale, gettext

from app.domain import body_map
from app.domain.activities import TREATMENT, Session as ActivitySession
from app.domain.entry import hers
from app.domain.flags.model import N_
from app.domain.placements import Span
from app.domain.spreadsheet import spreadsheet_text
from app.domain.workplace_account import WorkplaceAccount
from app.models import DayEntry, WorkReport
from app.services.report_export import ExportRow
from app.web.answers import ABSENCE_REASONS, BODY_REGIONS, BREAKS, EARLY_REASONS

TIMEZONE = "Europe/Copenhagen"
CSV_COLUMNS = (
    N_("Date"), N_("Attendance"), N_("Hours worked"), N_("Reasons for going home early"), N_("Reason for absence"),
    N_("Told work in advance"), N_("Reason in her own words"), N_("Pain (0–10)"), N_("Pain or health made work hard (0–10)"),
    N_("Extra breaks"), N_("Evening after work (1 = good, 5 = exhausted)"), N_("Where it hurt this week"), N_("Tasks done"),
    N_("Tasks that were hard"), N_("Her note"), N_("Language of the note"), N_("The note in Danish"), N_("Filled in by"),
    N_("Confirmed by her"), N_("Last changed"),
    N_("Placement"),  # last: a column added later moves none of the columns a reader's spreadsheet already points at
    N_("Hours beyond the plan"),
    N_("The workplace's account of the day"),
)
#: The report's own words for attendance (section 3).
ATTENDANCE = {"full": N_("All of it"), "early": N_("Left early"), "absent": N_("Absent")}
#: The workplace's status of a day (issue 21), in the words of her timeline.
WORKPLACE_STATUS = {"came": N_("came as agreed"), "late": N_("came late"), "left_early": N_("left early"),
                    "absent": N_("did not come"), "day_off": N_("not agreed (day off)")}
ENTERED_BY = {"self": N_("Herself"), "interpreter": N_("Interpreter"), "consultant": N_("Consultant")}


class DanishExcel(csv.excel):
    """Danish Excel's list separator is the semicolon."""

    delimiter = ";"


def language_name(code: str | None) -> str:
    """A language's name in the current locale ("urdu" in Danish), or its code when Babel has none."""
    locale = get_locale()
    return (locale.languages.get(code, code) if locale is not None and code else code) or ""


def untranslated_marking(entry: DayEntry) -> str:
    """The words put before an untranslated note in an export, naming the language it is written in."""
    if entry.note_language:
        return gettext("[Not translated – original in %(language)s:]", language=language_name(entry.note_language))
    return gettext("[Not translated – original:]")


class _Figure(str):
    """A number already written as Danish Excel reads it: the one kind of cell not escaped as text."""


def _number(value: float | None) -> str:
    """A number as Danish Excel reads it (1,5)."""
    return _Figure("" if value is None else format_decimal(value, format="0.##", locale="da"))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else gettext("Yes") if value else gettext("No")


def _words(codes: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(gettext(names.get(code, N_("Other reason"))) for code in codes)


def _answer(entry: DayEntry, question: str, cell: str) -> str:
    """The cell of an answer she may skip: "not answered" where the question was hers to answer
    (the work questions on a day she worked, the evening on any day), blank where it was not asked.
    Tasks stay blank: a day with none ticked may be a woman with no agreed tasks."""
    asked = question == "evening" or entry.attendance in ("full", "early")
    return cell if cell or not asked else gettext("not answered")


def _row(row: ExportRow, marked: bool) -> list[str]:
    entry = row.entry
    breaks = hers(entry.breaks, "breaks", entry.untouched)
    regions = body_map.decode(entry.body_regions) if entry.body_regions else ()
    if row.translation is not None:
        danish = row.translation.text_da
    elif row.untranslated and marked:
        danish = f"{untranslated_marking(entry)} {entry.note}"
    else:
        danish = ""
    return [
        entry.day.isoformat(), gettext(ATTENDANCE[entry.attendance]) if entry.attendance in ATTENDANCE else "",
        _number(entry.hours_worked), _words([c for c in entry.early_reasons.split(",") if c], EARLY_REASONS),
        _words([entry.absence_reason], ABSENCE_REASONS) if entry.absence_reason else "", _yes_no(entry.told_in_advance),
        entry.reason_text, _number(entry.pain), _answer(entry, "difficulty", _number(entry.difficulty)),
        _answer(entry, "breaks", gettext(BREAKS[breaks]) if breaks in BREAKS else ""),
        _answer(entry, "evening", _number(entry.evening)),
        ", ".join(gettext(BODY_REGIONS.get(code, N_("It did not hurt anywhere"))) for code in regions),
        ", ".join(name for _id, name, _hard in row.tasks),
        ", ".join(name for _id, name, hard in row.tasks if hard),
        entry.note, language_name(entry.note_language) if entry.note else "", danish,
        gettext(ENTERED_BY.get(entry.entered_by, entry.entered_by)), _yes_no(entry.confirmed_by_citizen),
        format_datetime(entry.updated_at, "yyyy-MM-dd HH:mm", tzinfo=TIMEZONE, locale="da"),
        row.placement.name if row.placement else "",
        _number(entry.extra_hours),
        gettext(WORKPLACE_STATUS[row.workplace]) if row.workplace in WORKPLACE_STATUS else "",
    ]


def log_csv(rows: Sequence[ExportRow], *, marked: bool) -> bytes:
    """The period's log for Danish Excel; `marked`: untranslated notes carry their marking in the Danish column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=DanishExcel)
    with force_locale("da"):
        writer.writerow([spreadsheet_text(gettext(name)) for name in CSV_COLUMNS])
        # Every cell but a number is text, hers or not: none may start a formula (docs/security.md).
        writer.writerows([cell if isinstance(cell, _Figure) else spreadsheet_text(cell) for cell in _row(row, marked)] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _note(row: ExportRow) -> dict[str, object] | None:
    entry = row.entry
    if not entry.note:
        return None
    return {"text": entry.note, "language": entry.note_language,
            "danish": row.translation.text_da if row.translation is not None else None,
            "translation_status": "translated" if row.translation is not None else "untranslated" if row.untranslated else "not_needed"}


def _utc(moment: datetime) -> str:
    """ISO 8601 in UTC (times are stored in UTC; a database may hand them back without their zone)."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="seconds").replace("+00:00", "Z")


def _workplace(account: WorkplaceAccount) -> dict[str, object]:
    """One placement's account of the period: the stored codes; `written_by` the contact person's name, null when the
    sign-in link named nobody."""
    return {
        "placement": {"id": account.placement.id, "workplace": account.placement.name},
        "days": [{"day": d.day.isoformat(), "status": d.status, "note": d.note, "written_by": d.writer or None}
                 for d in sorted(account.days.values(), key=lambda d: d.day)],
        "pace": [{"week": p.week.isoformat(), "percent": p.percent, "went_well": p.went_well, "was_hard": p.was_hard,
                  "suggested_task": p.suggested_task, "written_by": p.writer or None} for p in account.paces],
        "task_ratings": [{"week": r.week.isoformat(), "task_id": r.task_id, "task": r.label, "level": r.level,
                          "written_by": r.writer or None} for r in account.ratings],
    }


def _activity(one: ActivitySession, mark: str | None) -> dict[str, object]:
    treatment = one.kind == TREATMENT  # her own appointment: that it was, not what it was
    return {"day": one.day.isoformat(), "kind": one.kind, "start": one.start.strftime("%H:%M"), "end": one.end.strftime("%H:%M"),
            "title": None if treatment else one.title, "place": None if treatment else one.place, "course_hours": one.course_hours,
            "mark": mark}


def log_json(rows: Sequence[ExportRow], report: WorkReport, generated: datetime, placements: Sequence[Span] = (),
             workplace: Sequence[WorkplaceAccount] = (), activities: Sequence[tuple[ActivitySession, str | None]] = ()) -> str:
    """The period's log for programs: stable English keys, stored codes, numbers as numbers, times in UTC; each
    placement of the period with its days (`end` null while she is still there), and each day's placement; the
    workplace's account of each placement that gave one (`percent` null is "cannot say yet"); her sessions of the
    course's activities with her mark (null: no register taken; treatment by its kind only, never its title or place)."""
    document = {
        "format": "logbog-report-log", "version": 1, "citizen_id": report.citizen_id, "report_id": report.id,
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "generated_at": _utc(generated),
        "placements": [{"id": p.id, "workplace": p.name, "start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None}
                       for p in placements],
        "entries": [{
            "day": row.entry.day.isoformat(),
            "placement": {"id": row.placement.id, "workplace": row.placement.name} if row.placement else None,
            "attendance": row.entry.attendance, "hours_worked": row.entry.hours_worked, "extra_hours": row.entry.extra_hours,
            "early_reasons": [c for c in row.entry.early_reasons.split(",") if c], "absence_reason": row.entry.absence_reason,
            "told_in_advance": row.entry.told_in_advance, "reason_text": row.entry.reason_text, "pain": row.entry.pain,
            "difficulty": row.entry.difficulty, "breaks": hers(row.entry.breaks, "breaks", row.entry.untouched), "evening": row.entry.evening,
            "body_regions": list(body_map.decode(row.entry.body_regions)) if row.entry.body_regions else None,
            "tasks": [{"id": task_id, "name": name, "hard": hard} for task_id, name, hard in row.tasks],
            "note": _note(row), "entered_by": row.entry.entered_by, "confirmed_by_citizen": row.entry.confirmed_by_citizen,
            "updated_at": _utc(row.entry.updated_at),
        } for row in rows],
        "workplace": [_workplace(account) for account in workplace if not account.empty],
        "activities": [_activity(one, mark) for one, mark in activities],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)

