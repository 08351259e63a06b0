"""The consultant's placements page: her history as the job centre reads it, and starting the next placement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import Citizen, Course, CourseChange, DayEntry, EntryTask, Internship, StaffUser, Task
from tests.conftest import FROZEN_NOW
from tests.helpers import csrf_token, translated


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    citizen = make_citizen(name="Amina")
    citizen.consultant_id = consultant.id
    first = db.exec(select(Internship)).one()
    first.workplace = "Køkkenet, Bybo"
    db.add_all([citizen, first])
    db.commit()
    return citizen


def _start(browser: FlaskClient, citizen: Citizen, **fields: str) -> tuple[int, str]:
    page = f"/c/citizens/{citizen.id}/placements"
    response = browser.post(page, data={"csrf_token": csrf_token(browser, page), **fields})
    return response.status_code, browser.get(page).get_data(as_text=True) if response.status_code == 303 else response.get_data(as_text=True)


def test_the_next_placement_starts_and_the_kitchen_stays_in_her_history_with_why_it_ended(
        app: Flask, db: Session, browser: FlaskClient, amina: Citizen) -> None:
    page = browser.get(f"/c/citizens/{amina.id}/placements").get_data(as_text=True)
    assert "Køkkenet, Bybo" in page and translated(app, "da", "Start a new placement") in page
    status, page = _start(browser, amina, workplace="Netto Vestergade", kind="outside", trade="Detail", start="2026-11-23",
                          end_reason="other", end_reason_text="Køkkenet lukker for vinteren", copy_tasks="1")
    assert status == 303
    history = page.split('id="history"')[1].split("</section>")[0]
    assert history.index("Netto Vestergade") < history.index("Køkkenet, Bybo")  # newest first
    assert translated(app, "da", "Other reason") in history and "<q>Køkkenet lukker for vinteren</q>" in history
    kitchen = db.exec(select(Internship).where(Internship.workplace == "Køkkenet, Bybo")).one()
    assert (kitchen.end.isoformat(), kitchen.end_reason) == ("2026-11-22", "other")


def test_a_refusal_says_why_in_danish_and_keeps_what_was_typed(app: Flask, db: Session, browser: FlaskClient,
                                                              amina: Citizen) -> None:
    status, page = _start(browser, amina, workplace="Netto Vestergade", kind="outside", start="2026-11-23", copy_tasks="1")
    assert status == 422
    refusal = translated(app, "da", "Choose why %(workplace)s ends.", workplace="Køkkenet, Bybo")
    assert f'role="alert" id="refusal">' in page and refusal in page
    assert 'value="Netto Vestergade"' in page and 'value="2026-11-23"' in page
    assert len(db.exec(select(Internship)).all()) == 1
    status, page = _start(browser, amina, workplace="Netto", kind="outside", start="2026-11-01", end_reason="moved")
    assert status == 422 and "Køkkenet, Bybo" in page.split('id="refusal">')[1].split("</p>")[0]  # starts before it began


def test_her_timeline_and_report_name_each_placement_and_where_one_ended(app: Flask, browser: FlaskClient,
                                                                         amina: Citizen) -> None:
    status, _page = _start(browser, amina, workplace="Netto Vestergade", kind="outside", start="2026-11-16",
                           end_reason="workplace_closed", copy_tasks="1")
    assert status == 303
    timeline = browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)
    facts = timeline.split('class="facts"')[1].split("</section>")[0]  # the placement boundary, with why the first ended
    assert "Netto Vestergade" in facts
    assert translated(app, "da", "%(workplace)s ended: %(reason)s", workplace="Køkkenet, Bybo",
                      reason=translated(app, "da", "The workplace closed")) in facts
    report = browser.get(f"/c/citizens/{amina.id}/report?start=2026-11-02&end=2026-11-18").get_data(as_text=True)
    header = report.split('id="r-1"')[1].split("</section>")[0]
    assert header.index("Køkkenet, Bybo") < header.index("Netto Vestergade")  # each placement of the period, oldest first


def test_her_profile_cannot_move_the_current_placement_into_an_earlier_one(db: Session, browser: FlaskClient,
                                                                           amina: Citizen) -> None:
    assert _start(browser, amina, workplace="Netto Vestergade", kind="outside", start="2026-11-16",
                  end_reason="moved", copy_tasks="1")[0] == 303
    page = f"/c/citizens/{amina.id}/edit"
    profile = {"display_name": "Amina", "preferred_language": "so", "course_start": "2026-11-02", "purpose": "clarify",
               "workplace": "Netto Vestergade", "internship_start": "2026-11-10"}  # inside the kitchen's days
    response = browser.post(page, data={"csrf_token": csrf_token(browser, page), **profile})
    assert response.status_code == 422 and 'id="err-internship_start"' in response.get_data(as_text=True)
    netto = db.exec(select(Internship).where(Internship.workplace == "Netto Vestergade")).one()
    db.refresh(netto)
    assert netto.start.isoformat() == "2026-11-16"
    response = browser.post(page, data={"csrf_token": csrf_token(browser, page), **profile, "internship_start": "2026-11-17"})
    assert response.status_code == 303  # a later start is a correction the history can take


def test_an_extension_is_kept_as_a_dated_version_with_why(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    page = f"/c/citizens/{amina.id}/edit"
    profile = {"display_name": "Amina", "preferred_language": "so", "course_start": "2026-11-02", "planned_end": "2027-05-03",
               "purpose": "clarify", "workplace": "Køkkenet, Bybo", "internship_start": "2026-11-02"}
    extended = {**profile, "extended_to": "2027-07-05"}
    response = browser.post(page, data={"csrf_token": csrf_token(browser, page), **extended})
    assert response.status_code == 422 and 'id="err-course_change_reason"' in response.get_data(as_text=True)
    assert db.exec(select(Course)).one().extended_to is None  # nothing saved without why
    response = browser.post(page, data={"csrf_token": csrf_token(browser, page), **extended,
                                        "course_change_reason": "Forlænget efter trepartsmøde: mere afklaring"})
    assert response.status_code == 303
    versions = db.exec(select(CourseChange).order_by(CourseChange.id)).all()
    assert [(v.extended_to and v.extended_to.isoformat(), v.reason) for v in versions] == [
        (None, ""), ("2027-07-05", "Forlænget efter trepartsmøde: mere afklaring")]
    history = browser.get(f"/c/citizens/{amina.id}/placements").get_data(as_text=True).split('id="course"')[1]
    assert "<q>Forlænget efter trepartsmøde: mere afklaring</q>" in history
    # Saving her profile again without a change of purpose or end adds no version.
    assert browser.post(page, data={"csrf_token": csrf_token(browser, page), **extended}).status_code == 303
    assert len(db.exec(select(CourseChange)).all()) == 2


def test_the_reports_tasks_are_named_by_the_placement_they_were_done_at(
        db: Session, browser: FlaskClient, amina: Citizen) -> None:
    assert _start(browser, amina, workplace="Netto Vestergade", kind="outside", start="2026-11-16",
                  end_reason="moved", copy_tasks="1")[0] == 303
    for day, workplace in ((date(2026, 11, 4), "Køkkenet, Bybo"), (date(2026, 11, 16), "Netto Vestergade")):
        task = db.exec(select(Task).join(Internship).where(Internship.workplace == workplace)).one()
        entry = DayEntry(citizen_id=amina.id, day=day, attendance="full", hours_worked=3.0, pain=3, idempotency_key=f"k{day}",
                         payload_hash="x", created_at=FROZEN_NOW, updated_at=FROZEN_NOW)
        db.add(entry)
        db.flush()
        db.add(EntryTask(entry_id=entry.id, task_id=task.id, hard=workplace == "Netto Vestergade"))
    db.commit()
    report = browser.get(f"/c/citizens/{amina.id}/report?start=2026-11-02&end=2026-11-18").get_data(as_text=True)
    tasks = report.split('id="r-6"')[1].split("</section>")[0]
    assert tasks.count("<table") == 2
    kitchen, netto = tasks.split("<caption>Køkkenet, Bybo</caption>")[1].split("<caption>Netto Vestergade</caption>")
    assert "<td>1</td><td>0</td>" in kitchen and "<td>1</td><td>1</td>" in netto  # each day under its own placement
