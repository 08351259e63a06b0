"""The weekly body map on her phone (asked once a week, optional, saved with the day) and on the
consultant's timeline (which regions hurt in which weeks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import Citizen, DayEntry, EntryRevision, StaffUser
from tests.conftest import TODAY
from tests.helpers import post_day, translated

MONDAY = TODAY - timedelta(days=2)  # her plan: Monday and Wednesday (today), 3 hours each
WORKDAY = {"attendance": "full", "pain": "5"}


def _asks(phone: FlaskClient, day: date) -> bool:
    return 'name="body_regions"' in phone.get(f"/day/{day.isoformat()}", follow_redirects=True).get_data(as_text=True)


def test_it_is_asked_on_her_last_work_day_of_the_week_not_on_the_others(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client
    assert _asks(phone, TODAY)
    assert not _asks(phone, MONDAY)
    assert not _asks(phone, MONDAY - timedelta(days=6))  # last Tuesday: before last week's Wednesday
    assert _asks(phone, MONDAY - timedelta(days=3))  # last Friday: she did not answer on Wednesday, so it is still asked


def test_it_is_optional_and_saved_with_the_day_once_per_week(db: Session, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, citizen = citizen_client
    assert post_day(phone, TODAY, WORKDAY).status_code == 303  # no answer: fine
    entry = db.exec(select(DayEntry)).one()
    assert entry.body_regions is None
    response = post_day(phone, TODAY, {**WORKDAY, "body_regions": ["lower_back", "right_shoulder", "left_hand"]})
    assert response.status_code == 303
    db.expire_all()
    entry = db.exec(select(DayEntry)).one()
    assert entry.body_regions == "right_shoulder,lower_back,left_hand"
    # The correction kept the old version; the form comes back with her regions ticked.
    assert db.exec(select(EntryRevision)).one().old_values.count('"body_regions": null') == 1
    page = phone.get("/today").get_data(as_text=True)
    assert 'value="lower_back" checked' in page and 'value="neck">' in page


def test_answered_on_one_day_the_other_days_of_the_week_do_not_ask_again(
        db: Session, make_citizen: Callable[..., Citizen], activate: Callable[..., None], app: Flask) -> None:
    citizen = make_citizen(name="Hodan", hours=(3, 3, 0, 0, 0, 0, 0))  # Monday and Tuesday: asked from Tuesday
    phone = app.test_client()
    activate(phone, citizen)
    tuesday = MONDAY + timedelta(days=1)
    assert _asks(phone, TODAY)  # she missed Tuesday: Wednesday catches up
    post_day(phone, tuesday, {**WORKDAY, "body_regions": ["none"]})
    assert _asks(phone, tuesday) and not _asks(phone, TODAY)


def test_nowhere_and_a_region_together_or_an_unknown_region_are_refused(db: Session, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client
    assert post_day(phone, TODAY, {**WORKDAY, "body_regions": ["none", "neck"]}).status_code == 422
    assert post_day(phone, TODAY, {**WORKDAY, "body_regions": ["elbow"]}).status_code == 422
    assert db.exec(select(DayEntry)).all() == []


def test_the_setting_moves_or_stops_the_question(app: Flask, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client
    app.config["BODY_MAP_DAY"] = "monday"
    assert _asks(phone, MONDAY)
    app.config["BODY_MAP_DAY"] = "off"
    assert not _asks(phone, TODAY) and not _asks(phone, MONDAY)


def test_each_region_is_a_big_labelled_checkbox_named_from_her_side(app: Flask, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client
    page = phone.get("/today").get_data(as_text=True)
    assert page.count('name="body_regions"') == 17  # 16 regions and "nowhere"
    assert translated(app, "so", "Left shoulder") in page and translated(app, "so", "Your left") in page
    assert '<div class="figures" dir="ltr">' in page  # the drawing never mirrors


def test_the_timeline_shows_the_regions_week_by_week(app: Flask, db: Session, make_citizen: Callable[..., Citizen],
                                                     consultant: StaffUser, browser: FlaskClient,
                                                     activate: Callable[..., None]) -> None:
    citizen = make_citizen(name="Amina Yusuf")
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    phone = app.test_client()
    activate(phone, citizen)
    before = browser.get(f"/c/citizens/{citizen.id}").get_data(as_text=True)
    assert translated(app, "da", "She has not answered the body map in this period.") in before
    post_day(phone, TODAY - timedelta(days=7), {**WORKDAY, "body_regions": ["lower_back", "left_knee"]})  # refused: no knee
    post_day(phone, TODAY - timedelta(days=7), {**WORKDAY, "body_regions": ["lower_back", "left_leg"]})
    post_day(phone, TODAY, {**WORKDAY, "body_regions": ["lower_back"]})
    page = browser.get(f"/c/citizens/{citizen.id}").get_data(as_text=True)
    section = page.split('id="body-map"')[1].split("</section>")[0]
    lower_back = section.split(translated(app, "da", "Lower back"))[1].split("</tr>")[0]
    left_leg = section.split(translated(app, "da", "Left leg"))[1].split("</tr>")[0]
    assert lower_back.count('class="hurt"') == 2 and left_leg.count('class="hurt"') == 1
    assert translated(app, "da", "Head") not in section  # only regions that hurt get a row
    assert section.index(translated(app, "da", "Lower back")) < section.index(translated(app, "da", "Left leg"))  # head to feet
