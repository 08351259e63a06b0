"""Her "I can't come today" (issue 23) on her phone, without JavaScript: the button, one screen of three taps, the
day's entry saved once, what to do next; and the consultant's today lane as the clock moves."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.domain.schedule import PlanVersion
from app.models import AuditEvent, Citizen, Course, DayEntry, Internship, PlacementContact, StaffUser
from app.services import audit
from app.services.citizens import set_plan
from tests.conftest import TODAY, Clock
from tests.helpers import csrf_token, new_key, post_day, translated
from tests.web.test_placement_details import amina  # noqa: F401 - a fixture: a woman of the consultant's

CANT_COME = f"/day/{TODAY.isoformat()}/cant-come"


def _workplace(db: Session, citizen: Citizen, benefit: str | None = None) -> None:
    """Her placement with a contact person who has a phone, and what she lives on."""
    placement = db.exec(select(Internship)).first()
    placement.workplace = "Kantinen"
    db.add(placement)
    db.add(PlacementContact(internship_id=placement.id, name="Lone Andersen", role="Køkkenleder", phone="+45 20 30 40 50"))
    course = db.exec(select(Course).where(Course.citizen_id == citizen.id)).one()
    course.benefit = benefit
    db.add(course)
    db.commit()


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_three_taps_save_the_day_as_an_absence_without_pain_and_show_whom_to_call(
        app: Flask, db: Session, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, citizen = citizen_client
    _workplace(db, citizen, benefit="kontanthjaelp")
    app.config["JOB_CENTRE_PHONE"] = "70 11 22 33"
    today = client.get("/today").get_data(as_text=True)
    button = translated(app, "so", "I can't come today")
    assert 'href="/today/cant-come"' in today and button in today  # the big button, in her language
    page = client.get("/today/cant-come")  # tap 1
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f'action="{CANT_COME}"' in html and "data-outbox" in html
    assert translated(app, "so", "Why can't you come today?") in html
    assert translated(app, "so", "Have you told your workplace?") in html
    form = _hidden(html) | {"absence_reason": "ill_pain", "told_in_advance": "no"}  # taps 2 and 3
    response = client.post(CANT_COME, data=form)  # tap 4: Send
    assert response.status_code == 303 and response.headers["Location"] == f"{CANT_COME}/next"
    (entry,) = db.exec(select(DayEntry)).all()
    assert (entry.day, entry.attendance, entry.hours_worked, entry.absence_reason, entry.told_in_advance, entry.pain) == \
        (TODAY, "absent", 0.0, "ill_pain", False, None)
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "entry.create")).one().citizen_id == citizen.id
    steps = client.get(f"{CANT_COME}/next").get_data(as_text=True)
    assert "Lone Andersen" in steps and 'href="tel:+4520304050"' in steps
    assert translated(app, "so", "Tell your workplace that you cannot come") in steps  # she had not told them
    assert translated(app, "so", "Remember to call the job centre") in steps and 'href="tel:70112233"' in steps
    # The same tap again (a retry) stores nothing more; the button is gone from her today page.
    assert client.post(CANT_COME, data=form).status_code == 303
    assert len(db.exec(select(DayEntry)).all()) == 1
    assert 'href="/today/cant-come"' not in client.get("/today").get_data(as_text=True)
    assert client.get("/today/cant-come").headers["Location"] == "/today"


def test_no_job_centre_line_on_sygedagpenge_and_no_call_to_make_when_she_told_them(
        app: Flask, db: Session, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, citizen = citizen_client
    _workplace(db, citizen, benefit="sygedagpenge")
    form = _hidden(client.get("/today/cant-come").get_data(as_text=True)) | {"absence_reason": "family", "told_in_advance": "yes"}
    assert client.post(CANT_COME, data=form).status_code == 303
    steps = client.get(f"{CANT_COME}/next").get_data(as_text=True)
    assert translated(app, "so", "Remember to call the job centre") not in steps
    assert translated(app, "so", "Tell your workplace that you cannot come") not in steps and "Lone Andersen" in steps


def test_in_the_evening_she_completes_the_day_with_her_pain_and_the_day_form_asks_for_it(
        db: Session, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    form = _hidden(client.get("/today/cant-come").get_data(as_text=True)) | {"absence_reason": "ill_pain", "told_in_advance": "yes"}
    client.post(CANT_COME, data=form)
    html = client.get("/today").get_data(as_text=True)
    assert 'value="absent" checked' in html and 'value="ill_pain" checked' in html  # her notice, on the day's form
    # Without her pain the day's own form still refuses: only the morning's notice may wait for it.
    assert post_day(client, TODAY, {"attendance": "absent", "absence_reason": "ill_pain", "told_in_advance": "yes"}).status_code == 422
    assert post_day(client, TODAY, {"attendance": "absent", "absence_reason": "ill_pain", "told_in_advance": "yes", "pain": "7",
                                    "evening": "4"}).status_code == 303
    (entry,) = db.exec(select(DayEntry)).all()
    assert (entry.pain, entry.evening, entry.absence_reason) == (7, 4, "ill_pain")


def test_a_notice_sent_late_from_the_outbox_never_replaces_the_day_she_wrote(
        db: Session, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    assert post_day(client, TODAY, {"attendance": "full", "pain": "3"}).status_code == 303
    token = csrf_token(client, "/today")
    response = client.post(CANT_COME, data={"csrf_token": token, "idempotency_key": new_key(), "attendance": "absent",
                                            "absence_reason": "transport", "told_in_advance": "no"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.get_json() == {"saved": TODAY.isoformat(), "outcome": "kept"}
    (entry,) = db.exec(select(DayEntry)).all()
    assert (entry.attendance, entry.pain) == ("full", 3)


def test_what_is_missing_or_wrong_is_answered_on_the_form_with_her_taps_kept(
        app: Flask, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    form = _hidden(client.get("/today/cant-come").get_data(as_text=True)) | {"absence_reason": "family"}
    response = client.post(CANT_COME, data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="family" checked' in html and 'id="err-told_in_advance"' in html
    assert client.post(CANT_COME, data=form | {"told_in_advance": "no", "pain": "4"}).status_code == 400  # not this form's
    json = client.post(CANT_COME, data=form, headers={"Accept": "application/json"})
    assert json.status_code == 422 and json.get_json() == {"errors": {"told_in_advance": "required"}}
    assert client.post(f"/day/{(TODAY - timedelta(days=30)).isoformat()}/cant-come", data=form).status_code == 403


def test_the_button_shows_only_before_her_hours_are_over(
        app: Flask, db: Session, make_citizen: Callable[..., Citizen], activate: Callable[[FlaskClient, Citizen], None],
        frozen_clock: Clock) -> None:
    citizen = make_citizen()
    # From today, Wednesday: 3 hours from 9:00.
    set_plan(db, audit.SYSTEM, citizen.id, PlanVersion(TODAY, hours=(3, 0, 3, 0, 0, 0, 0), starts=(None, None, time(9, 0), None, None, None, None)))
    client = app.test_client()
    activate(client, citizen)
    assert 'href="/today/cant-come"' in client.get("/today").get_data(as_text=True)  # 11:00 in Copenhagen: her last hour
    frozen_clock.advance(hours=1)  # 12:00 in Copenhagen: 9 + 3 hours are over
    assert 'href="/today/cant-come"' not in client.get("/today").get_data(as_text=True)
    assert client.get("/today/cant-come").headers["Location"] == "/today"


def test_the_consultants_today_lane_lists_who_cannot_come_at_once_and_who_is_silent_from_noon(
        app: Flask, db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
        sign_in: Callable[[StaffUser], FlaskClient], activate: Callable[[FlaskClient, Citizen], None], frozen_clock: Clock) -> None:
    consultant = make_staff("consultant")
    amina, hodan, sara = make_citizen(name="Amina"), make_citizen(name="Hodan"), make_citizen(name="Sara")
    for woman in (amina, hodan, sara):
        woman.consultant_id = consultant.id
        db.add(woman)
    db.commit()
    phone = app.test_client()
    activate(phone, amina)
    form = _hidden(phone.get("/today/cant-come").get_data(as_text=True)) | {"absence_reason": "ill_pain", "told_in_advance": "no"}
    assert phone.post(CANT_COME, data=form).status_code == 303
    sara_phone = app.test_client()
    activate(sara_phone, sara)
    assert post_day(sara_phone, TODAY, {"attendance": "full", "pain": "2"}).status_code == 303
    browser = sign_in(consultant)
    heading = translated(app, "da", "Today: whom to call")
    html = browser.get("/c/").get_data(as_text=True)  # 11:00
    lane = html.split(heading)[1].split("</section>")[0]
    assert "Amina" in lane and translated(app, "da", "She has not told the workplace.") in lane
    assert "Hodan" not in lane and "Sara" not in lane  # Hodan's day has no start time: from noon
    frozen_clock.advance(hours=1, minutes=1)
    browser = sign_in(consultant)  # a staff session idles out after 30 minutes
    lane = browser.get("/c/").get_data(as_text=True).split(heading)[1].split("</section>")[0]
    assert "Amina" in lane and "Hodan" in lane and translated(app, "da", "No word today yet.") in lane and "Sara" not in lane
    assert lane.index("Amina") < lane.index("Hodan")  # her own word first


def test_the_profile_form_saves_what_she_lives_on_and_refuses_what_is_not_a_benefit(
        browser: FlaskClient, db: Session, amina: Citizen) -> None:  # noqa: F811
    page = f"/c/citizens/{amina.id}/edit"
    form = {"display_name": "Amina", "preferred_language": "so", "course_start": "2026-11-02", "planned_end": "2027-05-03",
            "purpose": "clarify", "workplace": "Køkkenet", "internship_start": "2026-11-02"}
    token = csrf_token(browser, page)
    assert browser.post(page, data={"csrf_token": token, "benefit": "integrationsydelse", **form}).status_code == 303
    course = db.exec(select(Course).where(Course.citizen_id == amina.id)).one()
    db.refresh(course)
    assert course.benefit == "integrationsydelse"
    assert '<option value="integrationsydelse" selected>' in browser.get(page).get_data(as_text=True)
    refused = browser.post(page, data={"csrf_token": token, "benefit": "holiday", **form})
    assert refused.status_code == 422 and 'value="Køkkenet"' in refused.get_data(as_text=True)
    assert browser.post(page, data={"csrf_token": token, "benefit": "", **form}).status_code == 303
    db.refresh(course)
    assert course.benefit is None
