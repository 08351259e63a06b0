"""Activation by QR code: GET shows a welcome page, only POST redeems, once, before expiry."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app import clock
from app.models import ActivationToken, AuditEvent, Citizen, DeviceSession
from app.services import audit
from app.services.activation import issue_code
from app.services.tokens import hash_token
from tests.conftest import Clock
from tests.helpers import csrf_token, translated


def issue(db: Session, citizen: Citizen, purpose: str = "card", lifetime: timedelta = timedelta(days=14)) -> str:
    return issue_code(db, audit.SYSTEM, citizen.id, purpose=purpose, lifetime=lifetime, now=clock.utcnow())


def redeem(client: FlaskClient, raw: str) -> object:
    # The token comes from any page: a used code's page has no form to take it from.
    return client.post(f"/a/{raw}", data={"csrf_token": csrf_token(client)})


def test_it_stores_only_the_hash_of_a_256_bit_code(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    raw = issue(db, make_citizen())
    assert len(raw) >= 43  # 32 random bytes, URL-safe base64
    stored = db.exec(select(ActivationToken)).one()
    assert stored.token_hash == hash_token(raw)
    assert raw not in stored.token_hash


def test_it_welcomes_her_in_her_language_without_using_the_code(client: FlaskClient, db: Session,
                                                                 make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen(name="Fatima", language="ar")
    raw = issue(db, citizen)
    for _ in range(3):  # link previews and QR scanners may open the URL several times
        response = client.get(f"/a/{raw}")
        assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html
    assert "Fatima" in html
    assert html.count('type="submit"') == 1  # one big button
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert db.exec(select(ActivationToken)).one().used_at is None


def test_it_redeems_once_and_redirects_to_a_clean_url(app: Flask, db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen(consented=False)
    raw = issue(db, citizen)
    phone = app.test_client()
    response = redeem(phone, raw)
    assert response.status_code == 303
    assert response.headers["Location"] == "/today"
    assert raw not in response.headers["Location"]
    db.refresh(citizen)
    assert citizen.consent_at is not None  # the welcome page's one button is her agreement
    cookie = phone.get_cookie("logbog_device")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    device = db.exec(select(DeviceSession)).one()
    assert device.token_hash == hash_token(cookie.value)
    assert device.citizen_id == citizen.id
    assert db.exec(select(ActivationToken)).one().used_at is not None

    second_phone = app.test_client()
    again = redeem(second_phone, raw)
    assert again.status_code == 410
    assert translated(app, "so", "This code has already been used.") in again.get_data(as_text=True)
    assert second_phone.get_cookie("logbog_device") is None
    assert len(db.exec(select(DeviceSession)).all()) == 1


def test_it_tells_her_what_is_collected_before_she_agrees(client: FlaskClient, db: Session,
                                                         make_citizen: Callable[..., Citizen]) -> None:
    new = client.get(f"/a/{issue(db, make_citizen(consented=False))}").get_data(as_text=True)
    assert new.count("<h2>") == 5  # why, what, who sees it, for how long, her rights
    returning = client.get(f"/a/{issue(db, make_citizen(name='Nasra'))}").get_data(as_text=True)
    assert returning.count("<h2>") == 0  # a second phone: she agreed already


def test_it_refuses_an_expired_code_kindly_in_her_language(client: FlaskClient, db: Session, frozen_clock: Clock,
                                                           make_citizen: Callable[..., Citizen]) -> None:
    raw = issue(db, make_citizen(language="so"), purpose="screen", lifetime=timedelta(minutes=15))
    frozen_clock.advance(minutes=16)
    for response in (client.get(f"/a/{raw}"), redeem(client, raw)):
        assert response.status_code == 410
        html = response.get_data(as_text=True)
        assert 'lang="so"' in html
        assert "Traceback" not in html
    assert db.exec(select(DeviceSession)).first() is None


def test_it_stops_older_codes_when_a_new_one_is_issued(client: FlaskClient, db: Session,
                                                       make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    old = issue(db, citizen)
    new = issue(db, citizen)
    assert redeem(client, old).status_code == 410
    assert redeem(client, new).status_code == 303


@pytest.mark.parametrize("code", ["not-a-real-code", "x" * 200])
def test_it_treats_unknown_codes_as_not_found(client: FlaskClient, code: str) -> None:
    assert client.get(f"/a/{code}").status_code == 404
    assert redeem(client, code).status_code == 404 if len(code) < 100 else True


def test_it_needs_a_csrf_token_to_redeem(client: FlaskClient, db: Session, make_citizen: Callable[..., Citizen]) -> None:
    raw = issue(db, make_citizen())
    assert client.post(f"/a/{raw}").status_code == 400
    assert db.exec(select(ActivationToken)).one().used_at is None


def test_it_keeps_the_code_out_of_the_logs(app: Flask, db: Session, make_citizen: Callable[..., Citizen],
                                           caplog: pytest.LogCaptureFixture) -> None:
    raw = issue(db, make_citizen())
    logger = logging.getLogger("werkzeug")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logger.info('127.0.0.1 - - "GET /a/%s HTTP/1.1" 200 -', raw)
        logger.info(f'127.0.0.1 - - "POST /a/{raw} HTTP/1.1" 303 -')
    assert raw not in caplog.text
    assert "/a/[code]" in caplog.text
    assert not any(raw in (event.object_type + event.action) for event in db.exec(select(AuditEvent)).all())


def test_it_replaces_the_session_of_a_phone_that_activates_again(app: Flask, db: Session,
                                                                 make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    phone = app.test_client()
    redeem(phone, issue(db, citizen))
    first_cookie = phone.get_cookie("logbog_device").value
    redeem(phone, issue(db, citizen))
    sessions = db.exec(select(DeviceSession).order_by(DeviceSession.id)).all()
    assert len(sessions) == 2
    assert sessions[0].revoked_at is not None and sessions[1].revoked_at is None
    assert phone.get_cookie("logbog_device").value != first_cookie


def test_it_isolates_her_name_and_escapes_it(client: FlaskClient, db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen(name="<b>Khadija</b>", language="ar", consented=False)
    html = client.get(f"/a/{issue(db, citizen)}").get_data(as_text=True)
    assert "<bdi>&lt;b&gt;Khadija&lt;/b&gt;</bdi>" in html
