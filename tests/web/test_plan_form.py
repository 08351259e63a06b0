"""The consultant's plan form in every mode: saved as a new version, bad input answered on the form in Danish."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import Citizen, ScheduleVersion, StaffUser
from tests.helpers import csrf_token, translated


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    citizen = make_citizen(name="Amina Yusuf")
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    return citizen


def post(browser: FlaskClient, citizen: Citizen, data: dict[str, str]) -> object:
    token = csrf_token(browser, f"/c/citizens/{citizen.id}/setup")
    return browser.post(f"/c/citizens/{citizen.id}/schedule", data={"csrf_token": token, **data})


def versions(db: Session) -> list[ScheduleVersion]:
    return list(db.exec(select(ScheduleVersion).order_by(ScheduleVersion.id)).all())


def test_each_mode_is_saved_as_a_new_version_and_shown_in_the_history(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    assert post(browser, amina, {"valid_from": "2026-11-23", "mode": "weekly", "mon": "2", "fri": "2", "start_fri": "10:00",
                                 "paid_hours": "2", "paid_review_on": "2027-01-11", "reason": "Løntimer om fredagen"}).status_code == 303
    assert post(browser, amina, {"valid_from": "2026-11-30", "mode": "rotation", "mon": "3", "even_wed": "3",
                                 "reason": "Vagtplan"}).status_code == 303
    assert post(browser, amina, {"valid_from": "2026-12-07", "mode": "monthly", "monthly_hours": "26",
                                 "reason": "Timer efter helbred"}).status_code == 303
    weekly, rotation, monthly = versions(db)[-3:]
    assert (weekly.mode, weekly.hours_fri, weekly.start_fri, weekly.paid_hours, weekly.paid_review_on) == \
        ("weekly", 2, time(10), 2, date(2027, 1, 11))
    assert (rotation.mode, rotation.hours_mon, rotation.even_hours_wed, rotation.even_hours_mon) == ("rotation", 3, 3, 0)
    assert (monthly.mode, monthly.monthly_hours, monthly.hours_mon) == ("monthly", 26, 0)
    history = browser.get(f"/c/citizens/{amina.id}/setup").get_data(as_text=True).split('id="schedule"')[1]
    assert "26 timer om måneden, ingen faste dage" in history
    assert "Ulige uger:" in history and "(10.00)" in history  # the Friday's start time, Danish style
    assert "Løntimer: 2" in history


@pytest.mark.parametrize(("typed", "field", "message"), [
    ({"mode": "monthly", "monthly_hours": "0"}, "monthly_hours", "A monthly budget must be more than 0 hours."),
    ({"mode": "monthly", "monthly_hours": "161"}, "monthly_hours", "A monthly budget can be at most 160 hours."),
    ({"mode": "weekly", "fri": "4", "start_fri": "21:30"}, "start_fri", "With these hours the day would end after midnight. Check the start time."),
    ({"mode": "weekly", "mon": "2", "start_tue": "09:00"}, "start_tue", "A start time needs hours on that day."),
    ({"mode": "weekly", "mon": "2", "paid_hours": "3"}, "paid_hours", "The paid hours cannot be more than all the hours."),
])
def test_bad_plans_are_answered_in_danish_with_what_was_typed_kept(app: Flask, db: Session, browser: FlaskClient, amina: Citizen,
                                                                   typed: dict[str, str], field: str, message: str) -> None:
    before = len(versions(db))
    response = post(browser, amina, {"valid_from": "2026-11-23", "reason": "Ændring", **typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and len(versions(db)) == before
    assert translated(app, "da", message) in html and f'id="err-{field}"' in html
    for name, value in typed.items():
        if name != "mode":
            assert f'name="{name}"' in html and f'value="{value}"' in html  # kept as typed
    assert f'name="mode" value="{typed["mode"]}" checked' in html
