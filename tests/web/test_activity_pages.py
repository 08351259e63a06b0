"""The consultant's groups and activities: a group made with its leaders, a woman added, a recurring series made in one
step, a day without a session, a change from a date on; refusals on the form with what was typed kept (422); another
consultant's group and woman as if they did not exist; the caseload filtered by group."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlmodel import Session, select

from app.models import ActivityGroup, ActivitySeries, Citizen, Course, StaffUser
from app.services import activity_setup as setup
from app.services.activities import her_sessions
from app.services.staff import staff_actor
from tests.helpers import csrf_token, translated
from tests.web.test_placement_boundaries import statements  # noqa: F401 - a fixture
from tests.web.test_placement_details import amina  # noqa: F401 - a fixture: a woman of the consultant's

MONDAY = date(2026, 11, 16)
TEACHING = {"kind": "teaching", "title": "Undervisning", "place": "Huset", "weekdays": ["0", "2", "3"], "start": "09:00",
            "end": "11:30", "first_day": "2026-11-16", "last_day": "2026-12-13"}


@pytest.fixture
def group(db: Session, consultant: StaffUser, amina: Citizen) -> ActivityGroup:  # noqa: F811
    made = setup.create_group(db, staff_actor(consultant), name="Hold A", start_week=MONDAY, leader_ids=[consultant.id])
    setup.add_member(db, staff_actor(consultant), made, amina, MONDAY)
    return made


def _post(browser: FlaskClient, page: str, path: str, **fields: object) -> tuple[int, str]:
    """Post a form of `page` like the browser; the page it ends on (or the refusal)."""
    response = browser.post(page + path, data={"csrf_token": csrf_token(browser, page), **fields})
    if response.status_code == 303:
        return 303, browser.get(response.headers["Location"]).get_data(as_text=True)
    return response.status_code, response.get_data(as_text=True)


def test_it_makes_a_group_with_its_leader_and_lists_it(browser: FlaskClient, consultant: StaffUser, db: Session) -> None:
    status, page = _post(browser, "/c/groups", "", name="Hold B", start_week="2026-11-23", leader_ids=str(consultant.id))
    assert status == 303 and "Hold B" in page
    listed = browser.get("/c/groups").get_data(as_text=True)
    assert "Hold B" in listed and "Karen Konsulent" in listed


def test_it_refuses_a_group_without_a_leader_with_the_input_kept(app: Flask, browser: FlaskClient, db: Session) -> None:
    status, page = _post(browser, "/c/groups", "", name="Hold C", start_week="2026-11-23")
    assert status == 422 and str(escape(translated(app, "da", "A group needs at least one leader."))) in page
    assert 'value="Hold C"' in page and db.exec(select(ActivityGroup)).all() == []


def test_it_makes_a_recurring_series_in_one_step_and_a_day_without_session(browser: FlaskClient, db: Session, amina: Citizen,  # noqa: F811
                                                                            group: ActivityGroup) -> None:
    page = f"/c/groups/{group.id}"
    status, shown = _post(browser, page, "/series", **TEACHING)
    assert status == 303 and "Undervisning" in shown
    series = db.exec(select(ActivitySeries)).one()
    assert len(her_sessions(db, amina.id, MONDAY, date(2026, 12, 13))) == 12
    status, _ = _post(browser, page, f"/series/{series.id}/exceptions", day="2026-11-25", reason="Lukket")
    assert status == 303 and date(2026, 11, 25) not in [s.day for s in her_sessions(db, amina.id, MONDAY, date(2026, 11, 29))]
    status, _ = _post(browser, page, f"/series/{series.id}/versions", valid_from="2026-11-30", weekdays="1", start="12:00",
                      end="14:00", title="Undervisning", place="Huset", reason="Nyt lokale")
    days = her_sessions(db, amina.id, MONDAY, date(2026, 12, 6))
    assert status == 303 and date(2026, 11, 23) in [s.day for s in days] and date(2026, 12, 1) in [s.day for s in days]
    her_page = browser.get(f"/c/citizens/{amina.id}/activities").get_data(as_text=True)
    assert "Undervisning" in her_page and "09:00" in her_page


def test_it_refuses_a_series_outside_her_course_with_the_input_kept(browser: FlaskClient, db: Session, group: ActivityGroup) -> None:
    status, page = _post(browser, f"/c/groups/{group.id}", "/series", **{**TEACHING, "last_day": "2027-09-01"})
    assert status == 422 and "Amina" in page and 'aria-invalid="true"' in page
    assert 'value="2027-09-01"' in page and 'value="Huset"' in page and db.exec(select(ActivitySeries)).all() == []


def test_it_refuses_overlapping_sessions_for_one_woman_naming_the_other(browser: FlaskClient, db: Session, amina: Citizen,  # noqa: F811
                                                                        group: ActivityGroup) -> None:
    _post(browser, f"/c/groups/{group.id}", "/series", **TEACHING)
    page = f"/c/citizens/{amina.id}/activities"
    status, shown = _post(browser, page, "", kind="treatment", title="Fysioterapi", weekdays="3", start="10:00", end="11:00",
                          first_day="2026-11-19", last_day="2026-12-31")
    assert status == 422 and "Undervisning" in shown and 'value="Fysioterapi"' in shown
    assert len(db.exec(select(ActivitySeries)).all()) == 1
    status, shown = _post(browser, page, "", kind="treatment", title="Fysioterapi", weekdays="3", start="12:00", end="13:00",
                          first_day="2026-11-19", last_day="2026-12-31")
    assert status == 303 and "Fysioterapi" in shown


def test_another_consultants_group_and_woman_are_not_found(browser: FlaskClient, db: Session, make_staff: Callable[..., StaffUser],
                                                           make_citizen: Callable[..., Citizen], group: ActivityGroup) -> None:
    other = make_staff("consultant")
    theirs = setup.create_group(db, staff_actor(other), name="Deres hold", start_week=MONDAY, leader_ids=[other.id])
    stranger = make_citizen(name="Fremmed")
    stranger.consultant_id = other.id
    db.add(stranger)
    db.commit()
    assert browser.get(f"/c/groups/{theirs.id}").status_code == 404
    assert "Deres hold" not in browser.get("/c/groups").get_data(as_text=True)
    assert browser.get(f"/c/citizens/{stranger.id}/activities").status_code == 404
    status, _ = _post(browser, f"/c/groups/{group.id}", "/members", citizen_id=str(stranger.id), joined_on="2026-11-18")
    assert status == 404


def test_it_filters_the_caseload_by_group(browser: FlaskClient, db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser,
                                          group: ActivityGroup) -> None:
    hodan = make_citizen(name="Hodan")
    hodan.consultant_id = consultant.id
    db.add(hodan)
    db.commit()
    everyone = browser.get("/c/").get_data(as_text=True)
    assert "Hodan" in everyone and "Amina" in everyone and "Hold A" in everyone
    filtered = browser.get(f"/c/?group={group.id}").get_data(as_text=True)
    assert "Amina" in filtered and "Hodan" not in filtered


def test_the_caseload_filtered_by_group_costs_the_same_statements_however_many_women(
        browser: FlaskClient, db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser, group: ActivityGroup,
        statements: list[str]) -> None:  # noqa: F811
    browser.get(f"/c/?group={group.id}")  # readings stored
    statements.clear()
    browser.get(f"/c/?group={group.id}")
    one = len(statements)
    for name in ("Hodan", "Sahra", "Ifrah"):
        woman = make_citizen(name=name)
        woman.consultant_id = consultant.id
        db.add(woman)
        db.commit()
        setup.add_member(db, staff_actor(consultant), group, woman, MONDAY)
    browser.get("/c/")  # their readings stored
    statements.clear()
    page = browser.get(f"/c/?group={group.id}").get_data(as_text=True)
    assert len(statements) == one and "Hodan" in page and "Ifrah" in page
    statements.clear()
    browser.get("/c/")
    assert len(statements) == one


def test_the_profile_form_saves_her_courses_referred_hours(browser: FlaskClient, db: Session, amina: Citizen) -> None:  # noqa: F811
    page = f"/c/citizens/{amina.id}/edit"
    form = {"display_name": "Amina", "preferred_language": "so", "course_start": "2026-11-02", "planned_end": "2027-05-03",
            "purpose": "clarify", "workplace": "Køkkenet", "internship_start": "2026-11-02"}
    status, _ = _post(browser, page, "", referred_hours="12", **form)
    course = db.exec(select(Course).where(Course.citizen_id == amina.id)).one()
    db.refresh(course)
    assert status == 303 and course.referred_hours == 12
    assert 'name="referred_hours" value="12" checked' in browser.get(page).get_data(as_text=True)
    status, shown = _post(browser, page, "", referred_hours="7", **form)
    assert status == 422 and 'value="Køkkenet"' in shown
    _post(browser, page, "", referred_hours="", **form)
    db.refresh(course)
    assert course.referred_hours is None
