"""The consultant's screens: caseload, onboarding, plan versions, tasks, QR codes, devices, timeline, follow-ups."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app import clock
from app.models import ActivationToken, Citizen, Course, DayEntry, DeviceSession, FollowUpNote, Internship, ScheduleVersion, StaffUser, Task
from app.services import audit
from app.services.entries import request_call
from tests.helpers import csrf_token, post_day, translated


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    citizen = make_citizen(name="Amina Yusuf")
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    return citizen


def post(browser: FlaskClient, url: str, data: dict[str, object]) -> object:
    return browser.post(url, data={"csrf_token": csrf_token(browser, "/c/"), **data})


def test_it_lists_the_week_last_entry_pain_and_calls(app: Flask, db: Session, browser: FlaskClient, amina: Citizen,
                                                     activate: Callable[..., None]) -> None:
    phone = app.test_client()
    activate(phone, amina)
    post_day(phone, date(2026, 11, 16), {"attendance": "early", "hours_worked": "1", "early_reasons": "pain", "pain": "7"})
    post_day(phone, date(2026, 11, 18), {"attendance": "full", "pain": "5"})
    request_call(db, audit.Actor("citizen", amina.id, "citizen"), amina.id, clock.utcnow())
    table = browser.get("/c/").get_data(as_text=True).split('<table class="caseload">')[1]
    row = table.split("Amina Yusuf")[1].split("</tr>")[0]
    assert translated(app, "da", "This week: worked %(worked)s of %(planned)s h", worked="4", planned="6") in row  # 1 + 3 of 3 + 3
    assert "ons. 18. nov." in row
    assert translated(app, "da", "Asked to be called") in row


def test_it_gives_the_hours_of_both_weeks_in_one_form_and_never_a_bare_zero_of_zero(
        app: Flask, db: Session, browser: FlaskClient, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> None:
    """Mon/Wed 3 h; today is Wednesday 18 Nov: 6 h planned so far this week and 6 h last week."""
    def woman(name: str, written: tuple[date, ...], valid_from: date = date(2026, 11, 2)) -> None:
        citizen = make_citizen(name=name, valid_from=valid_from)
        citizen.consultant_id = consultant.id
        db.add(citizen)
        db.add_all(DayEntry(citizen_id=citizen.id, day=day, attendance="full", hours_worked=3.0, pain=4, evening=2, entered_by="self",
                            idempotency_key=f"{citizen.id}-{day}", payload_hash="x", created_at=clock.utcnow(),
                            updated_at=clock.utcnow()) for day in written)
        db.commit()

    woman("Hodan all written", (date(2026, 11, 9), date(2026, 11, 11), date(2026, 11, 16), date(2026, 11, 18)))
    woman("Amina Monday only", (date(2026, 11, 16),))
    woman("Nasra nothing written", ())
    woman("Sagal starts next week", (), valid_from=date(2026, 11, 23))
    table = browser.get("/c/").get_data(as_text=True).split('<table class="caseload">')[1].split("</table>")[0]

    def hours(name: str) -> str:
        cell = table.split(name)[1].split('<td class="hours">')[1].split("</td>")[0]
        return " ".join(re.sub(r"<[^>]+>", " ", cell).split())

    def da(message: str, **values: object) -> str:
        return translated(app, "da", message, **values)

    unwritten = "%(hours)s h planned not yet written"
    assert translated(app, "da", "Hours worked of planned") in table
    assert hours("Hodan all written") == " ".join([da("This week: worked %(worked)s of %(planned)s h", worked="6", planned="6"),
                                                   da("Last week: worked %(worked)s of %(planned)s h", worked="6", planned="6")])
    assert hours("Amina Monday only") == " ".join([da("This week: worked %(worked)s of %(planned)s h", worked="3", planned="3"),
                                                   da(unwritten, hours="3"), da("Last week: nothing written"), da(unwritten, hours="6")])
    assert hours("Nasra nothing written") == " ".join([da("This week: nothing written yet"), da(unwritten, hours="6"),
                                                       da("Last week: nothing written"), da(unwritten, hours="6")])
    assert hours("Sagal starts next week") == " ".join([da("This week: no hours planned yet"), da("Last week: no hours planned")])
    assert all(" / " not in cell.split("</td>")[0] for cell in table.split('<td class="hours">')[1:])


def test_it_searches_and_filters_the_caseload(db: Session, browser: FlaskClient, amina: Citizen,
                                              make_citizen: Callable[..., Citizen], consultant: StaffUser) -> None:
    other = make_citizen(name="Nasreen Akhtar", language="ur")
    other.consultant_id = consultant.id
    db.add(other)
    db.commit()
    html = browser.get("/c/?q=nasr").get_data(as_text=True)
    assert "Nasreen Akhtar" in html and "Amina Yusuf" not in html
    html = browser.get("/c/?language=so").get_data(as_text=True)
    assert "Amina Yusuf" in html and "Nasreen Akhtar" not in html
    fragment = browser.get("/c/?q=amina", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "Amina Yusuf" in fragment


def test_it_onboards_a_new_woman_with_course_internship_and_accommodations(db: Session, browser: FlaskClient,
                                                                            consultant: StaffUser) -> None:
    response = post(browser, "/c/citizens/new", {
        "display_name": "Hodan Ali", "preferred_language": "so", "phone": "+45 12 34 56 78", "course_start": "2026-11-23",
        "purpose": "clarify", "workplace": "Vaskeriet", "contact_person": "Lise", "accommodations": ["no_heavy_lifting", "calm_surroundings"],
        "accommodations_other": "Kan ikke tåle stærke dufte", "aids": ["trolley"]})
    assert response.status_code == 303
    citizen = db.exec(select(Citizen).where(Citizen.display_name == "Hodan Ali")).one()
    assert citizen.consultant_id == consultant.id and citizen.phone == "+45 12 34 56 78"
    course = db.exec(select(Course).where(Course.citizen_id == citizen.id)).one()
    assert (course.planned_end - course.start).days == 26 * 7
    internship = db.exec(select(Internship).where(Internship.course_id == course.id)).one()
    assert internship.accommodations.splitlines() == ["#no_heavy_lifting", "#calm_surroundings", "Kan ikke tåle stærke dufte"]
    assert internship.aids == "#trolley"
    edit = browser.get(f"/c/citizens/{citizen.id}/edit").get_data(as_text=True)
    assert 'value="no_heavy_lifting" checked' in edit and "Kan ikke tåle stærke dufte" in edit


def test_it_refuses_bad_profile_input_and_keeps_what_was_typed(browser: FlaskClient) -> None:
    response = post(browser, "/c/citizens/new", {"display_name": "Hodan", "preferred_language": "en", "course_start": "x",
                                                 "purpose": "job", "workplace": "Vaskeriet"})
    assert response.status_code == 422
    assert 'value="Vaskeriet"' in response.get_data(as_text=True)


def test_it_keeps_every_plan_version_and_asks_why_hours_change(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    url = f"/c/citizens/{amina.id}/schedule"
    assert post(browser, url, {"valid_from": "2026-11-23", "mon": "2", "wed": "2"}).status_code == 422  # no reason
    assert post(browser, url, {"valid_from": "2026-11-23", "mon": "2", "wed": "2", "reason": "Flere smerter"}).status_code == 303
    assert post(browser, url, {"valid_from": "2026-11-30", "mon": "2.25", "reason": "x"}).status_code == 422
    versions = db.exec(select(ScheduleVersion).order_by(ScheduleVersion.id)).all()
    assert [(v.valid_from, v.hours_mon, v.reason) for v in versions] == [(date(2026, 11, 2), 3, ""), (date(2026, 11, 23), 2, "Flere smerter")]
    history = browser.get(f"/c/citizens/{amina.id}/setup").get_data(as_text=True).split('id="schedule"')[1]
    assert history.index("Flere smerter") < history.index("2. nov.")  # newest first


def test_it_gives_her_tasks_in_her_language(app: Flask, db: Session, browser: FlaskClient, amina: Citizen,
                                            activate: Callable[..., None]) -> None:
    assert post(browser, f"/c/citizens/{amina.id}/tasks", {"label_da": "Opvask", "icon": "dishes", "label_translated": "Weel dhaqid"}).status_code == 303
    phone = app.test_client()
    activate(phone, amina)
    assert "Weel dhaqid" in phone.get("/today").get_data(as_text=True)
    task = db.exec(select(Task).where(Task.label_da == "Opvask")).one()
    assert post(browser, f"/c/citizens/{amina.id}/tasks/{task.id}", {"action": "retire"}).status_code == 303
    assert "Weel dhaqid" not in phone.get("/today").get_data(as_text=True)
    assert post(browser, f"/c/citizens/{amina.id}/tasks", {"label_da": "X", "icon": "<script>"}).status_code == 422


def test_it_prints_a_new_card_that_stops_older_codes(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    first = post(browser, f"/c/citizens/{amina.id}/card", {"format": "html"})
    assert first.status_code == 200 and "<svg" in first.get_data(as_text=True) and "Amina Yusuf" in first.get_data(as_text=True)
    pdf = post(browser, f"/c/citizens/{amina.id}/card", {"format": "pdf"})
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.data.startswith(b"%PDF")
    tokens = db.exec(select(ActivationToken).order_by(ActivationToken.id)).all()
    assert [t.revoked_at is None for t in tokens] == [False, True]
    assert all(t.purpose == "card" and (t.expires_at - t.issued_at).days == 14 for t in tokens)


def test_it_shows_a_short_lived_code_on_screen(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    response = post(browser, f"/c/citizens/{amina.id}/screen-code", {})
    assert response.status_code == 200 and "<svg" in response.get_data(as_text=True)
    token = db.exec(select(ActivationToken)).one()
    assert token.purpose == "screen" and (token.expires_at - token.issued_at).total_seconds() == 15 * 60


def test_it_signs_out_one_of_her_phones(app: Flask, db: Session, browser: FlaskClient, amina: Citizen,
                                        activate: Callable[..., None]) -> None:
    phone, tablet = app.test_client(), app.test_client()
    activate(phone, amina)
    activate(tablet, amina)
    setup = browser.get(f"/c/citizens/{amina.id}/setup").get_data(as_text=True)
    assert len(re.findall(r"/devices/\d+/sign-out", setup)) == 2
    device = db.exec(select(DeviceSession).order_by(DeviceSession.id)).first()
    assert post(browser, f"/c/citizens/{amina.id}/devices/{device.id}/sign-out", {}).status_code == 303
    assert phone.get("/today").status_code == 401
    assert tablet.get("/today").status_code == 200


def test_it_draws_the_timeline_from_her_log(app: Flask, browser: FlaskClient, amina: Citizen, activate: Callable[..., None]) -> None:
    phone = app.test_client()
    activate(phone, amina)
    post_day(phone, date(2026, 11, 16), {"attendance": "early", "hours_worked": "1", "early_reasons": ["pain", "tired"],
                                         "pain": "7", "evening": "5", "note": "Ryggen gjorde ondt"})
    post_day(phone, date(2026, 11, 11), {"attendance": "absent", "absence_reason": "family", "told_in_advance": "no", "pain": "4"})
    html = browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)
    assert html.count('role="img"') >= 4  # pain, attendance, hours, evening
    assert "Ryggen gjorde ondt" in html
    departures = html.split('id="follow-ups"')[0]
    assert "16. nov." in departures and "11. nov." in departures
    assert "<script>" not in html and " style=" not in html  # only the vendored htmx file, no inline script


def test_it_records_a_follow_up_with_the_five_points(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    url = f"/c/citizens/{amina.id}/follow-ups"
    assert post(browser, url, {"day": "2026-11-18"}).status_code == 422  # nothing written
    assert post(browser, url, {"day": "2026-11-30", "attendance": "x"}).status_code == 422  # in the future
    assert post(browser, url, {"day": "2026-11-18", "attendance": "Mødestabil", "views": "Arbejdsgiver tilfreds",
                               "observations": "Virker træt om fredagen"}).status_code == 303
    note = db.exec(select(FollowUpNote)).one()
    assert (note.attendance, note.views, note.day) == ("Mødestabil", "Arbejdsgiver tilfreds", date(2026, 11, 18))
    assert "Virker træt om fredagen" in browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)


def test_a_follow_up_with_some_points_left_empty_is_saved(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    """A browser sends every field, empty ones too; "accommodations" is text here, not the profile's list
    (the real browser test found this one refused)."""
    form = {"day": "2026-11-18", "attendance": "Mødestabil", "tasks": "", "motivation": "", "accommodations": "",
            "views": "", "observations": ""}
    assert post(browser, f"/c/citizens/{amina.id}/follow-ups", form).status_code == 303
    assert db.exec(select(FollowUpNote)).one().attendance == "Mødestabil"


def test_it_marks_a_call_as_done(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    call = request_call(db, audit.Actor("citizen", amina.id, "citizen"), amina.id, clock.utcnow())
    assert f"/calls/{call.id}/handled" in browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)
    assert post(browser, f"/c/citizens/{amina.id}/calls/{call.id}/handled", {}).status_code == 303
    assert f"/calls/{call.id}/handled" not in browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)
    assert post(browser, f"/c/citizens/{amina.id}/calls/{call.id}/handled", {}).status_code == 404
