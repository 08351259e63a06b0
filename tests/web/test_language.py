"""Her language follows her, not the browser, and the switcher is one tap away."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app.models import Citizen
from tests.helpers import csrf_token


def test_it_ignores_the_browser_language(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    html = client.get("/today", headers={"Accept-Language": "da-DK,da;q=0.9,en;q=0.8"}).get_data(as_text=True)
    assert 'lang="so"' in html


def test_it_offers_each_language_in_its_own_name(client: FlaskClient) -> None:
    html = client.get("/language").get_data(as_text=True)
    for name in ("Dansk", "العربية", "اردو", "Soomaali"):
        assert name in html
    assert re.search(r'lang="ar"\s+dir="rtl"', html) and re.search(r'lang="so"\s+dir="ltr"', html)


def test_it_stores_her_choice_on_her_profile_so_it_follows_her(app: Flask, db: Session, make_citizen: Callable[..., Citizen],
                                                               activate: Callable[..., None]) -> None:
    citizen = make_citizen(language="so")
    phone, tablet = app.test_client(), app.test_client()
    activate(phone, citizen)
    activate(tablet, citizen)
    response = phone.post("/language", data={"csrf_token": csrf_token(phone), "language": "ar", "next": "/week"})
    assert response.status_code == 303 and response.headers["Location"] == "/week"
    db.refresh(citizen)
    assert citizen.preferred_language == "ar"
    assert 'lang="ar" dir="rtl"' in tablet.get("/today").get_data(as_text=True)


def test_it_remembers_a_visitors_choice_for_the_visit(client: FlaskClient) -> None:
    client.post("/language", data={"csrf_token": csrf_token(client), "language": "ur"})
    assert 'lang="ur" dir="rtl"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_it_never_redirects_off_site(client: FlaskClient, target: str) -> None:
    response = client.post("/language", data={"csrf_token": csrf_token(client), "language": "da", "next": target})
    assert response.headers["Location"] == "/"


def test_it_rejects_a_language_we_do_not_have(client: FlaskClient) -> None:
    assert client.post("/language", data={"csrf_token": csrf_token(client), "language": "en"}).status_code == 400


@pytest.mark.parametrize(("language", "day", "time"), [
    ("da", "mandag d. 23. november", "15.45"),
    ("so", "Isniin, 23 Noofeembar", "15:45"),
    ("ar", "الاثنين، 23 نوفمبر", "15:45"),
    ("ur", "پیر، 23 نومبر", "15:45"),
])
def test_a_day_has_its_weekday_in_full_and_a_time_is_24_hour_in_every_language(app: Flask, language: str, day: str,
                                                                                  time: str) -> None:
    from datetime import date, datetime, timezone

    from flask_babel import force_locale

    from app.web.i18n import day_label, time_label

    with app.test_request_context(), force_locale(language):
        assert day_label(date(2026, 11, 23)) == day
        assert time_label(datetime(2026, 11, 23, 14, 45, tzinfo=timezone.utc)) == time  # 15:45 in Copenhagen
