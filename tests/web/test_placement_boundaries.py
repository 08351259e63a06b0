"""Where one placement ended and the next began, on every page that spans it: the report's sections 3 and 4 and its
data files, her timeline's calendar, and the caseload row (her figures of the last two weeks span two workplaces)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlmodel import Session

from app.models import Citizen, DayEntry, Internship, StaffUser
from app.services import audit
from app.services.caseload import caseload
from app.services.citizens import current_course
from app.services.placements import NextPlacement, start_placement
from app.web.consultant.report_files import CSV_COLUMNS
from app.web.i18n import day_short
from tests.conftest import FROZEN_NOW, TODAY
from tests.helpers import csrf_token, translated
from tests.web.test_placements import amina  # noqa: F401 - a fixture
from tests.web.test_review_cache import _row, both, kept  # noqa: F401 - kept is a fixture
from tests.web.test_review_list import RECENT, woman

START = date(2026, 11, 2)  # her course and first placement (make_citizen): Mon and Wed, 3 h
MOVE = date(2026, 11, 11)  # a Wednesday: the week of 9 November spans both placements


def _short(app: Flask, day: date) -> str:
    with app.test_request_context("/"):
        from flask_babel import force_locale
        with force_locale("da"):
            return day_short(day)


def _move(db: Session, citizen: Citizen, on: date = MOVE, workplace: str = "Netto Vestergade") -> Internship:
    return start_placement(db, audit.SYSTEM, current_course(db, citizen.id),  # type: ignore[arg-type]
                           NextPlacement(workplace=workplace, kind="outside", start=on, end_reason="workplace_closed"))


def _log(db: Session, citizen: Citizen, day: date, attendance: str, hours: float | None = None) -> None:
    db.add(DayEntry(citizen_id=citizen.id, day=day, attendance=attendance, hours_worked=hours, pain=3,
                    absence_reason="ill_pain" if attendance == "absent" else None, told_in_advance=attendance == "absent" or None,
                    idempotency_key=f"k{day}", payload_hash="x", created_at=FROZEN_NOW, updated_at=FROZEN_NOW))


@pytest.fixture
def moved(db: Session, amina: Citizen) -> Citizen:
    """Amina at Køkkenet, Bybo from 2 November (absent on the 4th), at Netto Vestergade from Wednesday 11 November
    (home early after 1 h that day)."""
    _move(db, amina)
    for day, attendance in ((START, "full"), (date(2026, 11, 4), "absent"), (date(2026, 11, 9), "full"),
                            (MOVE, "early"), (date(2026, 11, 16), "full"), (TODAY, "full")):
        _log(db, amina, day, attendance, 1.0 if attendance == "early" else None)
    db.commit()
    return amina


def _section(page: str, number: int) -> str:
    return page.split(f'id="r-{number}"')[1].split("</section>")[0]


def test_each_week_of_attendance_names_its_placement_and_each_placement_has_a_subtotal(
        app: Flask, browser: FlaskClient, moved: Citizen) -> None:
    page = browser.get(f"/c/citizens/{moved.id}/report?start=2026-11-02&end=2026-11-18").get_data(as_text=True)
    attendance = _section(page, 3)
    assert f'<th scope="col">{translated(app, "da", "Placement")}</th>' in attendance
    weeks = attendance.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert ['<td class="r-placement">Køkkenet, Bybo</td>' in weeks[0], "Køkkenet, Bybo / Netto Vestergade" in weeks[1],
            '<td class="r-placement">Netto Vestergade</td>' in weeks[2]] == [True, True, True]
    kitchen, netto = attendance.split('<tr class="r-subtotal">')[1:]
    # The kitchen: 2, 4 and 9 November (one absent), 6 of 9 h; Netto: 11 (1 h of 3), 16 and 18 November, 7 of 9 h.
    assert kitchen.startswith('<th scope="row" colspan="2">Køkkenet, Bybo')
    assert "<td>3</td><td>2</td><td>0</td><td>1</td><td>0</td><td>6 / 9</td><td>67 %</td>" in kitchen
    assert netto.startswith('<th scope="row" colspan="2">Netto Vestergade')
    assert "<td>3</td><td>2</td><td>1</td><td>0</td><td>0</td><td>7 / 9</td><td>78 %</td>" in netto
    hours = _section(page, 4)
    groups = hours.split('<tr class="r-placement-change">')[1:]
    assert len(groups) == 2 and "Køkkenet, Bybo" in groups[0]
    assert translated(app, "da", "New placement from %(day)s: %(workplace)s.", day=_short(app, MOVE),
                      workplace="Netto Vestergade") in groups[1]


def test_with_one_placement_in_the_period_the_report_looks_as_before(app: Flask, browser: FlaskClient, moved: Citizen) -> None:
    page = browser.get(f"/c/citizens/{moved.id}/report?start=2026-11-02&end=2026-11-10").get_data(as_text=True)
    attendance, hours = _section(page, 3), _section(page, 4)
    assert attendance.split("</thead>")[0].count("<th ") == 8  # no placement column
    assert "r-subtotal" not in attendance and "r-placement" not in attendance and "r-placement-change" not in hours


def _saved(browser: FlaskClient, citizen: Citizen) -> str:
    response = browser.post(f"/c/citizens/{citizen.id}/reports", data={
        "csrf_token": csrf_token(browser, "/c/"), "start": "2026-11-02", "end": "2026-11-18", "assessment": "Vurdering"})
    assert response.status_code == 303
    return response.headers["Location"]


def test_the_printed_report_and_the_data_files_name_each_days_placement(app: Flask, browser: FlaskClient, moved: Citizen) -> None:
    location = _saved(browser, moved)
    printed = browser.get(f"{location}/print").get_data(as_text=True)
    assert printed.count('<tr class="r-subtotal">') == 2 and printed.count('<tr class="r-placement-change">') == 2
    pdf = browser.get(f"{location}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO(browser.get(f"{location}/csv").data.decode("utf-8-sig")), delimiter=";"))
    column = [translated(app, "da", name) for name in CSV_COLUMNS].index(translated(app, "da", "Placement"))
    assert [(r[0], r[column]) for r in rows[1:]] == [
        ("2026-11-02", "Køkkenet, Bybo"), ("2026-11-04", "Køkkenet, Bybo"), ("2026-11-09", "Køkkenet, Bybo"),
        ("2026-11-11", "Netto Vestergade"), ("2026-11-16", "Netto Vestergade"), ("2026-11-18", "Netto Vestergade")]
    document = browser.get(f"{location}/json").get_json()
    assert [(p["workplace"], p["start"], p["end"]) for p in document["placements"]] == [
        ("Køkkenet, Bybo", "2026-11-02", "2026-11-10"), ("Netto Vestergade", "2026-11-11", None)]
    netto = document["placements"][1]["id"]
    assert [e["placement"] for e in document["entries"]][-3:] == [{"id": netto, "workplace": "Netto Vestergade"}] * 3


def test_her_timeline_marks_the_first_day_of_the_new_placement_on_the_calendar(
        app: Flask, browser: FlaskClient, moved: Citizen) -> None:
    page = browser.get(f"/c/citizens/{moved.id}").get_data(as_text=True)
    calendar = page.split('<figure class="chart chart-calendar">')[1].split("</figure>")[0]
    assert calendar.count('<line class="cal-placement"') == 1
    assert '<text class="cal-placement-label"' in calendar and ">Netto Vestergade</text>" in calendar
    assert translated(app, "da", "New placement from %(day)s: %(workplace)s.", day=_short(app, MOVE),
                      workplace="Netto Vestergade") in calendar.split("</title>")[0]  # said in words too
    assert translated(app, "da", "first day of a new placement") in calendar


@pytest.fixture
def pia(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    """On the review list (her pain rose lately), at one placement since 7 September."""
    citizen = woman(db, make_citizen, consultant, "Painful Pia", lambda d: 8 if d >= RECENT else 4)
    woman(db, make_citizen, consultant, "Steady Sahra", lambda d: 4)
    return citizen


def test_the_caseload_says_she_moved_lately_and_the_kept_row_is_drawn_again(
        app: Flask, kept: Flask, db: Session, browser: FlaskClient, pia: Citizen) -> None:
    before = both(kept, browser)  # rows kept from here on
    notice = translated(app, "da", "New placement since %(day)s: %(workplace)s", day=_short(app, MOVE), workplace="Netto Vestergade")
    assert "placement-new" not in before
    _move(db, pia)
    after = both(kept, browser)  # kept and fresh alike: her row is not the one kept from before the move
    assert notice in _row(after, "Painful Pia") and "Netto Vestergade" in _row(after, "Painful Pia")
    assert _row(after, "Steady Sahra") == _row(before, "Steady Sahra")
    review = after.split('class="review review-now"')[1].split('<table class="caseload">')[0]
    assert notice in review  # her flags' days span both workplaces too


def test_the_notice_is_for_a_change_in_the_last_two_weeks_and_never_for_a_coming_placement(
        db: Session, consultant: StaffUser, pia: Citizen) -> None:
    _move(db, pia, on=TODAY + timedelta(days=5), workplace="Føtex")  # agreed, not begun
    (row,) = [r for r in caseload(db, consultant.id, TODAY)[0] if r.citizen.id == pia.id]
    assert row.workplace != "Føtex" and row.placement_since is None
    (row,) = [r for r in caseload(db, consultant.id, TODAY + timedelta(days=5))[0] if r.citizen.id == pia.id]
    assert (row.workplace, row.placement_since) == ("Føtex", TODAY + timedelta(days=5))
    (row,) = [r for r in caseload(db, consultant.id, TODAY + timedelta(days=19))[0] if r.citizen.id == pia.id]
    assert (row.workplace, row.placement_since) == ("Føtex", None)  # two weeks on, her figures are Føtex's alone


@pytest.fixture
def statements(db: Session) -> Iterator[list[str]]:
    """Every SQL statement run on the test's connection while the list is recording."""
    seen: list[str] = []
    engine = db.get_bind()

    def record(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_the_placements_come_in_the_caseload_statement_not_one_per_woman(
        db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser, pia: Citizen,
        statements: list[str]) -> None:
    caseload(db, consultant.id, TODAY)  # her readings stored
    statements.clear()
    caseload(db, consultant.id, TODAY)
    one_move = len(statements)
    for name in ("Asha", "Tove", "Sara"):
        _move(db, woman(db, make_citizen, consultant, name, lambda d: 4))
    caseload(db, consultant.id, TODAY)
    statements.clear()
    rows, _found = caseload(db, consultant.id, TODAY)
    assert sum(r.placement_since == MOVE for r in rows) == 3
    assert len(statements) == one_move
