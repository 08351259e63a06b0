"""Her phone shows her activities beside her internship days: on "My course" (the next 7 days) and on her today page,
each with its kind in words beside an icon, its time, and its title and place big; treatment as "Your appointment".
The fixed words have Listen clips; titles and places are data. The workplace's contact person never sees any of it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app import clock
from app.config import LANGUAGES
from app.models import Citizen, Internship, StaffUser
from app.services import audit
from app.services.workplace_access import invite
from app.web.i18n import clock_label
from tests.activity_rows import group, series
from tests.conftest import TODAY
from tests.helpers import csrf_token, translated
from tests.web.test_citizen_course import _in, _page, _playlists, _section, _words, phone_of  # noqa: F401 - phone_of: a fixture
from tests.web.test_placement_details import kitchen  # noqa: F401 - a fixture (her placement, named)
from tests.web.test_spoken_wording import record_all

THURSDAY, FRIDAY = TODAY + timedelta(days=1), TODAY + timedelta(days=2)  # TODAY is a Wednesday


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    """Mon/Wed at work; teaching with her group Wed/Thu 9-11:30 and her own physiotherapy on Fridays."""
    citizen = make_citizen(name="Amina Hassan", language="so")
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    team = group(db, consultant, "Hold A", [citizen], date(2026, 11, 2))
    series(db, consultant, "teaching", date(2026, 11, 2), date(2026, 12, 20), {2, 3}, time(9), time(11, 30), "Jobsøgning og CV",
           "Lokale 2, Jobcentret", group=team)
    series(db, consultant, "treatment", date(2026, 11, 2), date(2026, 12, 20), {4}, time(13), time(14), "Fysioterapi hos Mette",
           "Sundhedshuset", citizen=citizen)
    return citizen


def _days_with(page: str) -> dict[str, str]:
    """Each day of her week ahead that holds an activity: its date label -> its text."""
    items = re.findall(r'<li class="day-ahead ahead-[a-z]+ ahead-sessions">(.*?)</li>', page, re.S)
    return {_words(re.search(r'<span class="day-date">(.*?)</span>\s*<', item, re.S).group(1)): _words(item) for item in items}


def test_her_week_ahead_shows_her_teaching_and_her_appointment_with_times_and_places(
        app: Flask, amina: Citizen, phone_of: Callable[[Citizen], FlaskClient]) -> None:  # noqa: F811
    page = _page(phone_of(amina))
    ahead = _words(_section(page, "ahead"))
    assert translated(app, "so", "Your activities") in ahead
    assert ahead.count("Jobsøgning og CV") == 2  # Wednesday (today) and Thursday: seven days end on Tuesday
    assert ahead.count("Fysioterapi hos Mette") == 1 and "Sundhedshuset" in ahead and "Lokale 2, Jobcentret" in ahead
    assert translated(app, "so", "Your appointment") in ahead and translated(app, "so", "Teaching") in ahead
    nine, half_past = _in(app, "so", lambda: clock_label(time(9))), _in(app, "so", lambda: clock_label(time(11, 30)))
    assert translated(app, "so", "from %(start)s o'clock to %(end)s o'clock", start=nine, end=half_past) in ahead
    assert 'class="session session-treatment"' in page and "#i-reason-appointment" in page
    # Friday is a free day of her plan, but not free: her appointment is shown instead of "Free day".
    friday = [text for text in _days_with(page).values() if "Fysioterapi" in text]
    assert friday and translated(app, "so", "Free day") not in friday[0]


def test_her_today_page_shows_todays_activities_below_her_entry(app: Flask, amina: Citizen,
                                                               phone_of: Callable[[Citizen], FlaskClient]) -> None:  # noqa: F811
    today = phone_of(amina).get("/today").get_data(as_text=True)
    shown = _words(_section(today, "activities"))
    assert "Jobsøgning og CV" in shown and "Lokale 2, Jobcentret" in shown and "Fysioterapi" not in shown  # Friday's


def test_a_day_without_activities_reads_as_before(db: Session, make_citizen: Callable[..., Citizen],
                                                 phone_of: Callable[[Citizen], FlaskClient]) -> None:  # noqa: F811
    phone = phone_of(make_citizen(name="Hodan"))
    assert 'id="activities"' not in _page(phone) and 'id="activities"' not in phone.get("/today").get_data(as_text=True)


def test_the_listen_button_says_the_fixed_words_and_each_kind_she_has(
        app: Flask, db: Session, amina: Citizen, phone_of: Callable[[Citizen], FlaskClient],  # noqa: F811
        make_staff: Callable[..., StaffUser]) -> None:
    keys = ["course.week", "course.activities", *(f"course.kind.{k}" for k in ("teaching", "workshop", "treatment"))]
    addresses = record_all(db, make_staff("admin"), "so", keys)
    played = [[addresses[src] for src in playlist] for playlist in _playlists(_page(phone_of(amina)))]
    assert ["course.activities", "course.kind.teaching", "course.kind.treatment"] in played  # no workshop this week: no clip


@pytest.mark.parametrize("language", LANGUAGES)
def test_her_week_reads_in_each_language(app: Flask, db: Session, amina: Citizen, language: str,
                                         phone_of: Callable[[Citizen], FlaskClient]) -> None:  # noqa: F811
    amina.preferred_language = language
    db.add(amina)
    db.commit()
    page = _page(phone_of(amina))
    assert translated(app, language, "Your appointment") in _words(page) and "Fysioterapi hos Mette" in page


def test_the_workplace_never_sees_her_activities_or_her_treatment(
        app: Flask, db: Session, amina: Citizen, kitchen: Internship, consultant: StaffUser) -> None:  # noqa: F811
    raw = invite(db, audit.Actor("staff", consultant.id, "consultant"), kitchen, None, now=clock.utcnow(), lifetime=timedelta(days=14))
    phone = app.test_client()
    response = phone.post(f"/w/{raw}", data={"csrf_token": csrf_token(phone, f"/w/{raw}")})
    assert response.status_code == 303
    for week in ("", "?week=2026-11-16", "?week=2026-11-23"):
        page = phone.get(f"/w/{week}").get_data(as_text=True)
        assert "Fysioterapi" not in page and "Sundhedshuset" not in page and "Jobsøgning" not in page
