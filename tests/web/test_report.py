"""The work-capacity report: the draft states the log's facts, her assessment is required, every export audited."""

from __future__ import annotations

import csv
import re
import io
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, DayEntry, StaffUser
from app.services import audit
from app.services.citizens import set_schedule
from tests.conftest import FROZEN_NOW
from app.web.consultant.report_files import CSV_COLUMNS
from tests.helpers import csrf_token, require_program, translated

START = date(2026, 9, 7)  # a Monday; ten weeks to 15 November
END = date(2026, 11, 15)
ARABIC = "ظهري يؤلمني كثيرا بعد العمل"
URDU = "کام کے بعد میری کمر میں بہت درد ہوتا ہے"


@pytest.fixture
def fatima(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    """6 h a week over 3 days; pain rising and sick days for four weeks; then 2 x 2 h, steady."""
    citizen = make_citizen(name="Fatima", language="ar", hours=(2, 0, 2, 0, 2, 0, 0), valid_from=START)
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    set_schedule(db, audit.SYSTEM, citizen.id, hours=(2, 0, 2, 0, 0, 0, 0), valid_from=START + timedelta(weeks=4), reason="Flere smerter")
    rows = []
    for week in range(10):
        monday = START + timedelta(weeks=week)
        for n, offset in enumerate((0, 2, 4) if week < 4 else (0, 2)):
            day = monday + timedelta(days=offset)
            absent = week < 4 and (week, n) in ((2, 1), (3, 0))
            rows.append({"citizen_id": citizen.id, "day": day, "attendance": "absent" if absent else "full",
                         "hours_worked": 0.0 if absent else 2.0, "early_reasons": "", "absence_reason": "ill_pain" if absent else None,
                         "told_in_advance": True if absent else None, "reason_text": "", "pain": 4 + week if week < 4 else 4,
                         "difficulty": None if absent else 3, "breaks": None if absent else "none", "evening": 4 if week in (2, 3) else 2,
                         "note": ARABIC if (week, n) == (1, 0) else URDU if (week, n) == (6, 1) else "",
                         "note_language": "ur" if (week, n) == (6, 1) else "ar", "entered_by": "self", "confirmed_by_citizen": True,
                         "body_regions": "right_shoulder,lower_back" if n == 1 and week < 3 else None,
                         "idempotency_key": f"k{day}", "payload_hash": "x", "created_at": FROZEN_NOW, "updated_at": FROZEN_NOW})
    db.execute(insert(DayEntry), rows)
    db.commit()
    return citizen


def save(browser: FlaskClient, citizen: Citizen, **texts: str) -> str:
    response = browser.post(f"/c/citizens/{citizen.id}/reports", data={
        "csrf_token": csrf_token(browser, "/c/"), "start": START.isoformat(), "end": END.isoformat(), **texts})
    assert response.status_code == 303
    return response.headers["Location"]


def test_the_draft_states_the_figures_of_the_log(browser: FlaskClient, fatima: Citizen) -> None:
    html = browser.get(f"/c/citizens/{fatima.id}/report?start={START}&end={END}").get_data(as_text=True)
    hours_table = html.split('id="r-4"')[1].split("</table>")[0]
    assert hours_table.count("<tr>") == 3  # the header and the two plans: 6 h, then 2 x 2 h
    assert "<td>6</td>" in hours_table and "<td>4</td>" in hours_table
    assert "20 / 24" in hours_table and "24 / 24" in hours_table  # 4 weeks at 6 h with two sick days; 6 weeks at 4 h held
    attendance = html.split('id="r-3"')[1].split("</table>")[0]
    assert attendance.count("<tr>") == 1 + 10 + 1  # header, ten weeks, total
    assert "44 / 48" in attendance
    assert ARABIC in html and URDU in html
    health = html.split('id="r-8"')[1].split("</section>")[0]  # the weekly body map, in Danish
    assert "svaret i 3 af 10 uger" in health and "Højre skulder: 3 uger; Nederste del af ryggen: 3 uger." in health


def test_it_exports_nothing_until_her_assessment_is_written(db: Session, browser: FlaskClient, fatima: Citizen) -> None:
    location = save(browser, fatima, summary="Kort opsummering")
    for kind in ("print", "pdf", "csv", "json"):
        assert browser.get(f"{location}/{kind}?untranslated=mark").status_code == 409
    save_again = browser.post(location, data={"csrf_token": csrf_token(browser, "/c/"), "start": START.isoformat(),
                                              "end": END.isoformat(), "assessment": "Kan holde 4 timer om ugen."})
    assert save_again.status_code == 303
    for kind in ("print", "pdf", "csv", "json"):  # her two notes go out marked as not translated (test_report_exports.py)
        assert browser.get(f"{location}/{kind}?untranslated=mark").status_code == 200, kind
    exports = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.action.startswith("report.export.")).order_by(AuditEvent.id)).all()]
    assert exports == ["report.export.print", "report.export.pdf", "report.export.csv", "report.export.json"]


def test_the_csv_is_the_raw_log_of_the_period_for_danish_excel(app: Flask, browser: FlaskClient, fatima: Citizen) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    body = browser.get(f"{location}/csv?untranslated=mark").data
    assert body.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark, or Excel guesses a code page
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    header, rows = rows[0], rows[1:]
    column = {translated(app, "da", name): index for index, name in enumerate(CSV_COLUMNS)}
    assert header == list(column) and header[0] == translated(app, "da", "Date") and header[1] == "Fremmøde"
    assert len(rows) == 4 * 3 + 6 * 2
    assert [r[column[translated(app, "da", "Attendance")]] for r in rows].count("Fraværende") == 2
    assert [r[1] for r in rows].count("Fuldt fremmøde") == 22
    assert any(r[column[translated(app, "da", "Her note")]] == ARABIC and r[column[translated(app, "da", "Language of the note")]] == "arabisk"
               for r in rows)
    regions = [r[column[translated(app, "da", "Where it hurt this week")]] for r in rows]
    assert regions.count("Højre skulder, Nederste del af ryggen") == 3
    absent = next(r for r in rows if r[1] == "Fraværende")
    assert absent[column[translated(app, "da", "Reason for absence")]] == translated(app, "da", "Ill: pain")
    assert absent[column[translated(app, "da", "Told work in advance")]] == translated(app, "da", "Yes")


def test_the_json_is_the_raw_log_with_stable_english_keys(db: Session, browser: FlaskClient, fatima: Citizen) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    response = browser.get(f"{location}/json?untranslated=mark")
    assert response.mimetype == "application/json" and "attachment" in response.headers["Content-Disposition"]
    document = response.get_json()
    assert document["format"] == "logbog-report-log" and document["period"] == {"start": START.isoformat(), "end": END.isoformat()}
    entries = document["entries"]
    assert len(entries) == 4 * 3 + 6 * 2 and [e["attendance"] for e in entries].count("absent") == 2
    assert set(entries[0]) == {"day", "placement", "attendance", "hours_worked", "extra_hours", "early_reasons", "absence_reason", "told_in_advance", "reason_text",
                               "pain", "difficulty", "breaks", "evening", "body_regions", "tasks", "note", "entered_by",
                               "confirmed_by_citizen", "updated_at"}
    arabic = next(e["note"] for e in entries if e["note"] and e["note"]["text"] == ARABIC)
    assert arabic == {"text": ARABIC, "language": "ar", "danish": None, "translation_status": "untranslated"}
    assert [e["body_regions"] for e in entries].count(["right_shoulder", "lower_back"]) == 3
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "report.export.json")).one().object_id == document["report_id"]


def test_the_document_states_no_conclusion(browser: FlaskClient, fatima: Citizen) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    document = browser.get(f"{location}/print?untranslated=mark").get_data(as_text=True).lower()
    for word in ("fleksjob", "flexible job", "ressourceforløb", "resource course", "førtidspension", "early retirement"):
        assert word not in document


def _tool(name: str) -> str:
    return require_program(name, "poppler-utils")


def test_the_pdf_carries_her_arabic_and_urdu_words(browser: FlaskClient, fatima: Citizen, tmp_path: Path) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    response = browser.get(f"{location}/pdf?untranslated=mark")
    assert response.headers["Content-Type"] == "application/pdf" and response.data.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # The Arabic comes back word for word.
    assert all(word in text for word in ARABIC.split())
    # Nastaliq draws whole words as ligature glyphs and poppler maps some of them back to fewer letters
    # (measured: 25 of 30 letters of this sentence come back, in order; the drawing itself is complete,
    # which the font check below proves). The Urdu must come back in order, at least 80 % of it.
    assert _in_order_share(URDU, text) >= 0.80
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Logbog-Naskh-Arabic" in fonts and "Logbog-Nastaliq-Urdu" in fonts
    # No glyph is missing: every letter of her words is in the font the PDF embeds for it.
    from fontTools.ttLib import TTFont

    static = Path(__file__).resolve().parents[2] / "static" / "vendor" / "noto-nastaliq-urdu-5.3.0" / "noto-nastaliq-urdu-400.woff2"
    nastaliq = TTFont(static).getBestCmap()
    assert {ch for ch in URDU if not ch.isspace()} <= {chr(code) for code in nastaliq}
    naskh_path = static.parents[1] / "noto-naskh-arabic-4.5.12" / "noto-naskh-arabic-arabic-400-normal.woff2"
    naskh = TTFont(naskh_path).getBestCmap()
    assert {ch for ch in ARABIC if not ch.isspace()} <= {chr(code) for code in naskh}


def _in_order_share(original: str, text: str) -> float:
    """How many of the original's letters come back in order (longest common subsequence / length)."""
    wanted = [ch for ch in original if ch.isalpha()]
    found = [ch for ch in text if "\u0600" <= ch <= "\u06ff"]
    previous = [0] * (len(found) + 1)
    for letter in wanted:
        current = [0]
        for index, other in enumerate(found):
            current.append(previous[index] + 1 if letter == other else max(previous[index + 1], current[index]))
        previous = current
    return previous[-1] / len(wanted)


def test_her_report_is_for_her_consultant_only(fatima: Citizen, make_staff: Callable[..., StaffUser],
                                               sign_in: Callable[..., FlaskClient], browser: FlaskClient) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    for other in (sign_in(make_staff("consultant")), sign_in(make_staff("interpreter")), sign_in(make_staff("admin"))):
        assert other.get(f"/c/citizens/{fatima.id}/report").status_code == 404
        assert other.get(f"{location}/pdf").status_code == 404


def test_the_pdf_charts_carry_their_own_resolved_styles(app: Flask) -> None:
    from app.web.consultant.report import _with_chart_styles

    html = '<p>x</p><svg class="chart-svg" viewBox="0 0 10 10"><rect class="ch-bar-planned"/></svg><svg class="chart-key"></svg>'
    with app.app_context():
        styled = _with_chart_styles(html)
    assert styled.count("<style>") == 2 and "var(" not in styled and ".ch-bar-planned" in styled


def test_an_answer_she_never_gave_counts_as_not_answered_in_the_timeline_and_every_export(
        app: Flask, db: Session, browser: FlaskClient, fatima: Citizen) -> None:
    # Five workdays from before: the form had pre-selected "no extra breaks" then (marked untouched
    # by the migration); on two she skipped how hard work was, and on one the evening.
    worked = db.exec(select(DayEntry).where(DayEntry.citizen_id == fatima.id, DayEntry.attendance == "full")
                     .order_by(DayEntry.day)).all()
    for entry in worked[-5:]:
        entry.untouched = "breaks"
    for entry in worked[-2:]:
        entry.difficulty = None
    worked[-1].evening = None
    db.add_all(worked)
    db.commit()
    html = browser.get(f"/c/citizens/{fatima.id}/report?start={START}&end={END}").get_data(as_text=True)
    section_7 = html.split('id="r-7"')[1].split("</section>")[0]
    assert "ingen 17, 1–2 ekstra 0, mange 0, ikke besvaret 5." in section_7  # 22 days worked, 5 untouched
    assert "På 20 af de 22 dage, hun arbejdede, svarede hun" in html.split('id="r-5"')[1].split("</section>")[0]
    assert "ikke besvaret: 1." in html.split('id="r-8"')[1].split("</section>")[0]  # 23 of 24 evenings
    location = save(browser, fatima, assessment="Vurdering")
    rows = list(csv.reader(io.StringIO(browser.get(f"{location}/csv?untranslated=mark").data.decode("utf-8-sig")), delimiter=";"))
    breaks = rows[0].index(translated(app, "da", "Extra breaks"))
    assert [r[breaks] for r in rows[1:]].count("ikke besvaret") == 5
    assert [r[breaks] for r in rows[1:] if r[1] == "Fraværende"] == ["", ""]  # not asked on a day she was absent
    entries = browser.get(f"{location}/json?untranslated=mark").get_json()["entries"]
    assert [e["breaks"] for e in entries].count(None) == 2 + 5 and [e["breaks"] for e in entries].count("none") == 17
    # Her timeline says how often she answered what she may skip, over its 8 weeks (14 days worked, 15 logged).
    timeline = browser.get(f"/c/citizens/{fatima.id}").get_data(as_text=True).split('id="answers"')[1].split("</section>")[0]
    assert translated(app, "da", "Questions she may skip") in timeline
    cells = [cell.strip() for cell in re.findall(r"<td>([^<]*)", timeline)]
    assert cells == [translated(app, "da", "%(answered)s of %(asked)s days", answered=12, asked=14), "2",  # how hard work was
                     translated(app, "da", "%(answered)s of %(asked)s days", answered=9, asked=14), "5",  # extra breaks
                     translated(app, "da", "%(answered)s of %(asked)s days", answered=14, asked=15), "1"]  # the evening


def test_a_monthly_budget_with_paid_hours_and_hours_beyond_the_plan_read_as_facts(db: Session, browser: FlaskClient,
                                                                                  fatima: Citizen) -> None:
    from app.domain.schedule import MONTHLY, PlanVersion
    from app.services.citizens import set_plan

    set_plan(db, audit.SYSTEM, fatima.id, PlanVersion(START + timedelta(weeks=8), mode=MONTHLY, monthly_hours=26, paid_hours=8),
             "Timer efter helbred")
    saturday = START + timedelta(weeks=8, days=5)
    db.execute(insert(DayEntry), [{"citizen_id": fatima.id, "day": saturday, "attendance": "full", "hours_worked": 3.5,
                                   "early_reasons": "", "reason_text": "", "pain": 4, "evening": 2, "note": "", "entered_by": "self",
                                   "confirmed_by_citizen": True, "idempotency_key": "budget-day", "payload_hash": "x",
                                   "created_at": FROZEN_NOW, "updated_at": FROZEN_NOW}])
    db.commit()
    html = browser.get(f"/c/citizens/{fatima.id}/report?start={START}&end={END}").get_data(as_text=True)
    hours_table = html.split('id="r-4"')[1].split("</table>")[0]
    assert "26 om måneden (ca. 6 om ugen)" in hours_table and "heraf løntimer: 8" in hours_table
    attendance = html.split('id="r-3"')[1].split("</section>")[0]
    assert "hver dags andel af månedens timer tælles som planlagt" in attendance
    # On the budget no day is fixed: her four weekday entries of weeks 9-10 (2 h each) and the Saturday (3.5 h).
    assert "Arbejdsdage, som planen ikke fastlagde: 5 dage, 11,5 timer" in attendance
