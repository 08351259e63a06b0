"""The server's side of offline-first: the kept offline page, the outbox's JSON answers, manifest, worker."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import Citizen, DayEntry
from tests.conftest import TODAY
from tests.helpers import csrf_token, new_key

WORKDAY = {"attendance": "full", "pain": "4", "evening": "2", "breaks": "none"}


def _post_json(client: FlaskClient, day: str, answers: dict[str, str], key: str) -> object:
    token = csrf_token(client, "/today")
    return client.post(f"/day/{day}", data={**answers, "idempotency_key": key, "csrf_token": token},
                       headers={"Accept": "application/json"})


def test_the_offline_page_holds_a_plain_form_for_today_and_each_of_the_next_six_days(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    response = client.get("/offline")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Content-Language"] == "so"
    days = re.findall(r'<template data-day="([\d-]+)">', html)
    assert days == [(TODAY + timedelta(days=n)).isoformat() for n in range(7)]
    assert "data-offline-shell" in html and 'data-timezone="Europe/Copenhagen"' in html
    assert "hx-post" not in html.split("<main", 1)[1]  # the outbox sends these forms, never htmx
    # Her plan (Mon and Wed, 3 h): Wednesday 18th and Monday 23rd ask "were you at work?" (yes / early / no); the
    # other days only let her say she worked, with her hours (an unplanned day she worked).
    forms = dict(re.findall(r'<template data-day="([\d-]+)">(.*?)</template>', html, re.S))
    asks_attendance = {day for day, form in forms.items() if 'name="attendance" value="absent"' in form}
    assert asks_attendance == {"2026-11-18", "2026-11-23"}
    assert all('name="attendance" value="full"' in form and 'name="hours_worked"' in form for form in forms.values())
    assert all("data-required" in form and "data-missing-hint" in form for form in forms.values())
    assert len(set(re.findall(r'name="idempotency_key" value="([^"]+)"', html))) == 7


def test_the_offline_page_is_hers_only(client: FlaskClient) -> None:
    assert client.get("/offline").status_code == 401


def test_the_outbox_gets_json_answers_and_a_resend_is_stored_once(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    key = new_key()
    first = _post_json(client, TODAY.isoformat(), WORKDAY, key)
    again = _post_json(client, TODAY.isoformat(), WORKDAY, key)
    assert (first.status_code, first.json) == (200, {"saved": TODAY.isoformat(), "outcome": "created"})
    assert (again.status_code, again.json) == (200, {"saved": TODAY.isoformat(), "outcome": "replayed"})
    assert len(db.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id)).all()) == 1

    conflict = _post_json(client, TODAY.isoformat(), {**WORKDAY, "pain": "9"}, key)
    assert (conflict.status_code, conflict.json) == (409, {"error": "conflict"})
    invalid = _post_json(client, TODAY.isoformat(), {"attendance": "full"}, new_key())
    assert (invalid.status_code, invalid.json) == (422, {"errors": {"pain": "required"}})
    too_old = _post_json(client, (TODAY - timedelta(days=30)).isoformat(), WORKDAY, new_key())
    assert (too_old.status_code, too_old.json) == (403, {"error": "outside_window"})
    no_key = _post_json(client, TODAY.isoformat(), WORKDAY, "not-a-uuid")
    assert (no_key.status_code, no_key.json) == (400, {"error": "invalid"})


def test_her_pages_link_the_manifest_and_the_scripts_and_name_their_language(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, citizen = citizen_client
    response = client.get("/today")
    html = response.get_data(as_text=True)
    assert response.headers["Content-Language"] == "so"
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "/static/js/outbox.js" in html and "/static/js/offline.js" in html
    assert 'data-outbox-owner="' in html and "data-outbox " in html
    owner = re.search(r'data-outbox-owner="([0-9a-f]+)"', html).group(1)
    assert len(owner) == 20 and owner != str(citizen.id)


def test_the_manifest_makes_her_pages_installable(citizen_client: tuple[FlaskClient, Citizen], app: Flask) -> None:
    client, _citizen = citizen_client
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/manifest+json"
    assert (manifest["start_url"], manifest["scope"], manifest["display"], manifest["lang"]) == ("/today", "/", "standalone", "so")
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200 and image.mimetype == "image/png"


def test_the_service_worker_is_served_from_the_root_with_its_version(client: FlaskClient) -> None:
    response = client.get("/sw.js")
    script = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert re.search(r'const VERSION = "[0-9a-f]{12}";', script)
    assert 'const OFFLINE_URL = "/offline";' in script
    kept = json.loads(re.search(r"const ASSETS = (\[.*?\]);", script).group(1))
    on_use = json.loads(re.search(r"const ON_USE_ASSETS = (\[.*?\]);", script).group(1))
    assert not any(path.endswith(".woff2") for path in kept)  # the Urdu font only where it is used
    assert any(path.endswith(".woff2") for path in on_use)
    for path in kept + on_use:
        with client.get(path) as asset:
            assert asset.status_code == 200, path


def test_her_pages_tell_the_phone_which_days_she_wrote_so_its_offline_page_never_offers_them_blank(
        citizen_client: tuple[FlaskClient, Citizen]) -> None:
    """static/js/offline.js keeps a copy of a form marked data-written and notes the days her week list marks."""
    client, _citizen = citizen_client
    assert "data-written" not in client.get("/today").get_data(as_text=True)
    assert _post_json(client, TODAY.isoformat(), WORKDAY, new_key()).status_code == 200
    assert re.search(r"<form [^>]*data-written[\s>]", client.get("/today").get_data(as_text=True))
    forms = dict(re.findall(r'<template data-day="([\d-]+)">(.*?)</template>', client.get("/offline").get_data(as_text=True), re.S))
    assert [day for day, form in forms.items() if re.search(r"<form [^>]*data-written[\s>]", form)] == [TODAY.isoformat()]
    assert re.findall(r'data-written-day="([\d-]+)"', client.get("/week").get_data(as_text=True)) == [TODAY.isoformat()]
