"""The report on its way out: her untranslated notes, empty sections, saved reports told apart,
the word about saving first, and week labels that do not run into each other."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from babel.dates import format_datetime
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app import clock
from app.domain.timeline import monday_of
from app.models import AuditEvent, Citizen, DayEntry, StaffUser
from app.services import audit
from app.services.grants import make_grant
from app.web.consultant.report_files import CSV_COLUMNS
from tests.conftest import TODAY, Clock
from tests.helpers import csrf_token, translated
from tests.web.test_report import ARABIC, END, START, URDU, fatima, save  # noqa: F401 - fatima is a fixture

KINDS = ("print", "pdf", "csv", "json")


def _csv(browser: FlaskClient, url: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(browser.get(url).data.decode("utf-8-sig")), delimiter=";"))


def _danish_column(app: Flask, rows: list[list[str]], note: str) -> str:
    column = [translated(app, "da", name) for name in CSV_COLUMNS]
    row = next(r for r in rows[1:] if r[column.index(translated(app, "da", "Her note"))] == note)
    return row[column.index(translated(app, "da", "The note in Danish"))]


def test_before_export_it_lists_her_untranslated_notes_and_offers_both_ways(app: Flask, db: Session, browser: FlaskClient,
                                                                           fatima: Citizen) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    page = browser.get(location).get_data(as_text=True)
    panel = page.split('class="untranslated-notes"')[1].split("</section>")[0]
    assert ARABIC in panel and URDU in panel and "arabisk" in panel and "urdu" in panel
    assert f'href="/c/citizens/{fatima.id}/setup#grants"' in panel  # send them for translation: an interpreter's grant
    for kind in KINDS:  # or export anyway, marked; there is no unmarked export while notes wait
        assert f'{location}/{kind}?untranslated=mark"' in panel
        assert f'{location}/{kind}"' not in page
    for kind in KINDS:  # a direct link gets the same list and the same choice, and nothing leaves
        response = browser.get(f"{location}/{kind}")
        assert response.status_code == 409 and URDU in response.get_data(as_text=True), kind
    assert not db.exec(select(AuditEvent).where(AuditEvent.action.startswith("report.export."))).all()


def test_exported_anyway_each_untranslated_note_is_marked(app: Flask, browser: FlaskClient, fatima: Citizen) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    document = browser.get(f"{location}/print?untranslated=mark").get_data(as_text=True)
    notes = document.split('id="r-11"')[1].split("</section>")[0]
    arabic = translated(app, "da", "[Not translated – original in %(language)s:]") % {"language": "arabisk"}
    urdu = translated(app, "da", "[Not translated – original in %(language)s:]") % {"language": "urdu"}
    assert notes.index(arabic) < notes.index(ARABIC) < notes.index(urdu) < notes.index(URDU)
    assert translated(app, "da", "Not translated yet") not in document  # "Ikke oversat endnu" went out before
    rows = _csv(browser, f"{location}/csv?untranslated=mark")
    assert _danish_column(app, rows, ARABIC) == f"{arabic} {ARABIC}" and _danish_column(app, rows, URDU) == f"{urdu} {URDU}"
    notes_json = [e["note"] for e in browser.get(f"{location}/json?untranslated=mark").get_json()["entries"] if e["note"]]
    assert [n["translation_status"] for n in notes_json] == ["untranslated", "untranslated"]


def test_sent_for_translation_the_translations_go_out_and_no_marking(app: Flask, db: Session, browser: FlaskClient, fatima: Citizen,
                                                                   consultant: StaffUser, make_staff: Callable[..., StaffUser],
                                                                   sign_in: Callable[..., FlaskClient]) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    interpreter = make_staff("interpreter", name="Tolk Tariq")
    make_grant(db, audit.Actor("staff", consultant.id, "consultant"), fatima.id, interpreter_id=interpreter.id, language="ar",
               hours=8, max_hours=72, now=clock.utcnow())
    panel = browser.get(location).get_data(as_text=True).split('class="untranslated-notes"')[1].split("</section>")[0]
    assert "Tolk Tariq" in panel  # who will pick them up
    # The interpreter finds them on the translation list and translates them there.
    tolk = sign_in(interpreter)
    queue = tolk.get(f"/i/citizens/{fatima.id}/translate").get_data(as_text=True)
    assert ARABIC in queue and URDU in queue
    token = csrf_token(tolk, f"/i/citizens/{fatima.id}/translate")
    for entry, danish in ((_entry(db, ARABIC), "Min ryg gør meget ondt efter arbejdet"), (_entry(db, URDU), "Min ryg gør ondt efter arbejde")):
        assert tolk.post(f"/i/citizens/{fatima.id}/notes/{entry.id}", data={"csrf_token": token, "text_da": danish}).status_code == 303
    page = browser.get(location).get_data(as_text=True)
    assert 'class="untranslated-notes"' not in page and f'{location}/csv"' in page
    for kind in KINDS:
        assert browser.get(f"{location}/{kind}").status_code == 200, kind
    document = browser.get(f"{location}/print").get_data(as_text=True)
    assert "Min ryg gør meget ondt efter arbejdet" in document and 'class="r-untranslated"' not in document
    assert _danish_column(app, _csv(browser, f"{location}/csv"), ARABIC) == "Min ryg gør meget ondt efter arbejdet"


def _entry(db: Session, note: str) -> DayEntry:
    return db.exec(select(DayEntry).where(DayEntry.note == note)).one()


def test_the_final_document_marks_empty_sections_in_black_not_with_the_red_placeholder(app: Flask, browser: FlaskClient,
                                                                                     fatima: Citizen) -> None:
    location = save(browser, fatima, assessment="Vurdering")
    placeholder = translated(app, "da", "To be written by the consultant.")
    assert placeholder == "Udfyldes af konsulenten."
    assert placeholder in browser.get(location).get_data(as_text=True)  # the editor's preview still asks for it
    document = browser.get(f"{location}/print?untranslated=mark").get_data(as_text=True)
    assert placeholder not in document and 'class="missing"' not in document
    for section in ("r-2", "r-5", "r-10"):
        assert '<p class="r-not-filled">Ikke udfyldt</p>' in document.split(f'id="{section}"')[1].split("</section>")[0], section
    assert "Vurdering" in document.split('id="r-13"')[1]
    css = (Path(app.static_folder or "") / "css" / "report.css").read_text()
    rule = re.search(r"\.r-not-filled \{([^}]*)\}", css)
    assert rule and "color: #111" in rule.group(1)  # black, like the text around it


def test_saved_reports_are_told_apart_by_their_save_time(app: Flask, browser: FlaskClient, fatima: Citizen,
                                                         frozen_clock: Clock) -> None:
    first = save(browser, fatima, summary="Udkast")
    saved_first = frozen_clock.now
    frozen_clock.advance(minutes=17)  # within the staff session's 30 idle minutes
    second = save(browser, fatima, summary="Udkast")
    page = browser.get(second).get_data(as_text=True)
    labels = [html.unescape(label) for label in re.findall(r'<a href="/c/citizens/\d+/reports/\d+"[^>]*>([^<]+)</a>', page)]
    assert len(labels) == 2 and labels[0] != labels[1]

    def when(moment: object) -> str:
        return format_datetime(moment, "short", tzinfo="Europe/Copenhagen", locale="da")

    assert when(frozen_clock.now) in labels[0] and when(saved_first) in labels[1]  # newest first
    assert when(saved_first) == "18.11.2026 11.00"  # Copenhagen time, not UTC
    assert first != second


def test_the_page_says_the_report_must_be_saved_before_it_can_be_exported(app: Flask, browser: FlaskClient, fatima: Citizen) -> None:
    page = browser.get(f"/c/citizens/{fatima.id}/report?start={START}&end={END}").get_data(as_text=True)
    hint = translated(app, "da", "The report must be saved before it can be printed or exported (PDF, CSV, JSON). "
                                 "Exports also need your assessment (section 13).")
    form = page.split('class="report-form"')[1].split("</form>")[0]
    assert 'aria-describedby="save-hint"' in form and html.unescape(form.split('id="save-hint">')[1]).strip().startswith(hint)
    saved = browser.get(save(browser, fatima, summary="Udkast")).get_data(as_text=True)
    assert translated(app, "da", "Print, PDF, CSV and JSON show the report as last saved: save your changes before you export.") \
        in html.unescape(saved)


def _label_width(text: str, size: float) -> float:
    """The label's width at `size` in the widest font the charts name (DejaVu Sans), else a generous estimate."""
    try:
        from PIL import ImageFont

        font = ImageFont.truetype("DejaVuSans.ttf", 100)
    except (ImportError, OSError):
        return len(text) * 0.6 * size
    return font.getlength(text) * size / 100


@pytest.mark.parametrize("weeks", [26, 12, 4])
def test_the_week_labels_of_the_report_charts_do_not_run_into_each_other(app: Flask, db: Session, browser: FlaskClient,
                                                                        make_citizen: Callable[..., Citizen], consultant: StaffUser,
                                                                        weeks: int) -> None:
    start = monday_of(TODAY) - timedelta(weeks=weeks)
    her = make_citizen(name="Hodan", hours=(2, 0, 2, 0, 2, 0, 0), valid_from=start)
    her.consultant_id = consultant.id
    db.add(her)
    db.commit()
    page = browser.get(f"/c/citizens/{her.id}/report?start={start}&end={start + timedelta(weeks=weeks, days=-1)}").get_data(as_text=True)
    charts = re.findall(r'<svg class="chart-svg".*?</svg>', page, re.S)
    assert len(charts) == 2
    for chart in charts:
        labels = [(float(x), html.unescape(text)) for x, text in re.findall(r'<text class="ch-week-label" x="([\d.]+)"[^>]*>([^<]+)</text>', chart)]
        assert len(chart.split('class="ch-week"')) - 2 == weeks  # every week keeps its separator
        assert len(labels) >= min(weeks, 6)
        for (x1, first), (x2, second) in zip(labels, labels[1:]):
            # The PDF's label size (8 px) is the largest of the report's; centred labels need half of each width.
            assert x2 - x1 >= (_label_width(first, 8) + _label_width(second, 8)) / 2 + 1, (weeks, first, second)
