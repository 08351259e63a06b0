"""The workplace's account in the work-capacity report (issue 21): section 3 says for how many planned days the
workplace confirmed attendance, section 5 its pace estimates with their weeks and source beside her effective hours,
section 6 each task's latest level as the workplace rated it and how it moved; the PDF carries them; the data files
carry the workplace's rows; facts only, never a conclusion."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app.models import Citizen, StaffUser
from app.web.consultant.report_files import CSV_COLUMNS
from tests.helpers import csrf_token, require_program, translated
from tests.web.test_placement_boundaries import _move, statements  # noqa: F401 - statements is a fixture
from tests.web.test_placements import amina  # noqa: F401 - a fixture
from tests.web.test_workplace_timeline import CONTACT, log_her_days, rated, write_account  # noqa: F401 - rated is a fixture

PERIOD = "start=2026-11-02&end=2026-11-18"


def _section(page: str, number: int) -> str:
    return page.split(f'id="r-{number}"')[1].split("</section>")[0]


def _draft(browser: FlaskClient, citizen: Citizen) -> str:
    return browser.get(f"/c/citizens/{citizen.id}/report?{PERIOD}").get_data(as_text=True)


def _saved(browser: FlaskClient, citizen: Citizen) -> str:
    response = browser.post(f"/c/citizens/{citizen.id}/reports", data={
        "csrf_token": csrf_token(browser, "/c/"), "start": "2026-11-02", "end": "2026-11-18", "assessment": "Vurdering"})
    assert response.status_code == 303
    return response.headers["Location"]


def test_it_says_for_how_many_planned_days_the_workplace_confirmed_attendance(app: Flask, browser: FlaskClient,
                                                                            rated: Citizen) -> None:
    attendance = _section(_draft(browser, rated), 3)
    # Planned: Mon and Wed from 2 to 18 November, six days. The workplace answered five; "came" on the 2nd and 16th
    # and "came late" on the 9th confirm she was at work; "did not come" and "day off" do not.
    assert translated(app, "da", "The workplace confirmed that she was at work on %(confirmed)s of %(planned)s planned days; it answered for %(answered)s of them.",
                      confirmed=3, planned=6, answered=5) in attendance
    assert CONTACT in attendance


def test_it_shows_the_workplaces_pace_with_its_weeks_and_source_beside_the_effective_hours(app: Flask, browser: FlaskClient,
                                                                                        rated: Citizen) -> None:
    intensity = _section(_draft(browser, rated), 5)
    rows = intensity.split('class="r-table r-pace"')[1].split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    source = translated(app, "da", "%(name)s (the workplace's contact person)", name=CONTACT)
    week = lambda day: translated(app, "da", "week of %(day)s", day=day)  # noqa: E731
    assert [(week(d) in r, p in r, source in r) for r, d, p in zip(rows, ("man. 2. nov.", "man. 9. nov.", "man. 16. nov."),
                                                                   (translated(app, "da", "cannot say yet"), "25 %", "50 %"))] == [(True, True, True)] * 3
    # Her effective hours from D3 are still stated above, from her own answers.
    assert intensity.index('class="r-table r-pace"') > intensity.index(translated(app, "da", "She gave no answers about how hard work was in this period."))


def test_it_gives_each_task_its_latest_rating_and_how_it_moved(app: Flask, browser: FlaskClient, rated: Citizen) -> None:
    tasks = _section(_draft(browser, rated), 6)
    rows = tasks.split('class="r-table r-task-levels"')[1].split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    alone, help_, not_yet = (translated(app, "da", w) for w in ("does it alone", "with some help", "not yet"))
    cleaning, dishes = rows
    assert "Rengøring" in cleaning and f"{help_} ({translated(app, 'da', 'week of %(day)s', day='man. 16. nov.')})" in cleaning
    then = lambda before, after: translated(app, "da", "%(before)s, then %(after)s", before=before, after=after)  # noqa: E731
    assert then(f"{not_yet} (man. 2. nov.)", f"{help_} (man. 9. nov.)") in cleaning
    assert "Opvask" in dishes and then(f"{help_} (man. 2. nov.)", f"{alone} (man. 16. nov.)") in dishes


def test_it_names_a_placement_the_workplace_said_nothing_about(app: Flask, db: Session, browser: FlaskClient, rated: Citizen) -> None:
    _move(db, rated, on=date(2026, 11, 16), workplace="Netto Vestergade")
    db.commit()
    attendance = _section(_draft(browser, rated), 3)
    kitchen, netto = attendance.split('class="r-workplace"')[1].split("</ul>")[0].split("</li>")[:2]
    # The kitchen's planned days are now 2 to 11 November: four, all answered, "came" and "came late" confirm.
    assert "Køkkenet, Bybo" in kitchen and translated(
        app, "da", "The workplace confirmed that she was at work on %(confirmed)s of %(planned)s planned days; it answered for %(answered)s of them.",
        confirmed=2, planned=4, answered=4) in kitchen
    assert "Netto Vestergade" in netto and translated(app, "da", "The workplace has given no account in Logbog for this period.") in netto


def test_the_pdf_carries_the_workplaces_account(app: Flask, browser: FlaskClient, rated: Citizen, tmp_path: Path) -> None:
    location = _saved(browser, rated)
    response = browser.get(f"{location}/pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run([require_program("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert CONTACT in flat and "25 %" in flat and "50 %" in flat
    assert translated(app, "da", "cannot say yet") in flat
    assert "Rengøring" in flat and "Opvask" in flat
    assert translated(app, "da", "%(before)s, then %(after)s", before=translated(app, "da", "not yet") + " (man. 2. nov.)",
                      after=translated(app, "da", "with some help") + " (man. 9. nov.)") in flat
    assert translated(app, "da", "The workplace's estimate of her pace") in flat
    assert translated(app, "da", "Her tasks, as the workplace rated them") in flat


def test_the_data_files_carry_the_workplaces_rows(app: Flask, browser: FlaskClient, rated: Citizen) -> None:
    location = _saved(browser, rated)
    document = browser.get(f"{location}/json").get_json()
    (kitchen,) = document["workplace"]
    assert kitchen["placement"]["workplace"] == "Køkkenet, Bybo"
    assert [(d["day"], d["status"]) for d in kitchen["days"]][:2] == [("2026-11-02", "came"), ("2026-11-04", "absent")]
    assert {d["written_by"] for d in kitchen["days"]} == {CONTACT}
    assert [(p["week"], p["percent"]) for p in kitchen["pace"]] == [("2026-11-02", None), ("2026-11-09", 25), ("2026-11-16", 50)]
    assert {(r["week"], r["task"], r["level"]) for r in kitchen["task_ratings"]} >= {("2026-11-16", "Opvask", "alone")}
    body = browser.get(f"{location}/csv").data.decode("utf-8-sig").splitlines()
    header, rows = body[0].split(";"), [line.split(";") for line in body[1:]]
    column = header.index(translated(app, "da", CSV_COLUMNS[-1]))
    assert [r[0] for r in rows] == ["2026-11-02", "2026-11-04", "2026-11-09", "2026-11-11"]
    assert [r[column] for r in rows] == [translated(app, "da", w) for w in ("came as agreed", "did not come", "came late", "not agreed (day off)")]


def test_it_states_no_conclusion(browser: FlaskClient, rated: Citizen) -> None:
    location = _saved(browser, rated)
    document = browser.get(f"{location}/print").get_data(as_text=True).lower()
    for word in ("fleksjob", "flexible job", "ressourceforløb", "resource course", "førtidspension", "early retirement"):
        assert word not in document


def test_it_reads_the_account_in_the_same_statements_however_much_was_written(
        db: Session, browser: FlaskClient, amina: Citizen, consultant: StaffUser, statements: list[str]) -> None:  # noqa: F811
    url = f"/c/citizens/{amina.id}/report?{PERIOD}"
    log_her_days(db, amina)
    browser.get(url)
    statements.clear()
    browser.get(url)
    silent = len(statements)
    write_account(db, amina, consultant)  # five days, three weeks of pace, six task ratings
    browser.get(url)
    statements.clear()
    page = browser.get(url).get_data(as_text=True)
    assert len(statements) == silent and "50 %" in _section(page, 5)


def test_the_consultant_of_another_woman_sees_none_of_it(rated: Citizen, make_staff: object, sign_in: object) -> None:
    other = sign_in(make_staff("consultant"))  # type: ignore[operator]
    assert other.get(f"/c/citizens/{rated.id}/report?{PERIOD}").status_code == 404
