"""Issue 17, security item 5: her phone can be signed out by her, and an optional PIN locks it.

The device session was the only lock on a phone a family may share. Now: "sign out of this phone"
ends the session on the server; with a PIN, every page of hers asks for it after 30 idle minutes;
5 wrong PINs (in any of the forms that ask for it) sign that phone out, whatever runs in parallel.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, DeviceSession
from app.web.pin_lock import OPEN_WHEN_LOCKED
from tests.conftest import TODAY, Clock
from tests.helpers import csrf_token


def _post(client: FlaskClient, path: str, **form: str) -> object:
    return client.post(path, data={"csrf_token": csrf_token(client, "/language"), **form})


def _devices(db: Session, citizen: Citizen) -> list[DeviceSession]:
    db.expire_all()
    return list(db.exec(select(DeviceSession).where(DeviceSession.citizen_id == citizen.id).order_by(DeviceSession.id)).all())


@pytest.fixture
def two_phones(app: Flask, make_citizen: Callable[..., Citizen], activate: Callable[..., None]) -> tuple[FlaskClient, FlaskClient, Citizen]:
    """Her two phones, signed in, with a PIN she chose on the first."""
    citizen = make_citizen()
    first, second = app.test_client(), app.test_client()
    activate(first, citizen)
    activate(second, citizen)
    assert _post(first, "/phone/pin", pin="4711", pin_again="4711").status_code == 303
    return first, second, citizen


def test_every_page_of_hers_asks_for_the_pin_after_idle_minutes(app: Flask, two_phones: tuple[FlaskClient, FlaskClient, Citizen],
                                                                frozen_clock: Clock) -> None:
    phone, _second, _citizen = two_phones
    frozen_clock.advance(minutes=31)
    pages = sorted(rule.rule for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("citizen.") and "GET" in rule.methods and rule.endpoint not in OPEN_WHEN_LOCKED)
    assert len(pages) >= 9
    for rule in pages:
        path = rule.replace("<raw_day>", TODAY.isoformat())
        response = phone.get(path)
        assert response.status_code == 303 and response.headers["Location"].startswith("/phone/unlock?next="), path
    # Asking to change or remove the PIN is a page of hers too: a locked phone cannot.
    for path in ("/phone/pin", "/phone/pin/remove", "/call-me"):
        response = _post(phone, path, pin="0000", pin_again="0000", current_pin="4711")
        if path == "/call-me":
            assert response.status_code == 303 and response.headers["Location"] == "/call-me"  # a forgotten PIN: "call me"
        else:
            assert response.headers["Location"].startswith("/phone/unlock"), path


def test_a_phone_left_for_hours_asks_for_the_pin_on_its_very_first_page(app: Flask, db: Session, frozen_clock: Clock,
                                                                          make_citizen: Callable[..., Citizen],
                                                                          activate: Callable[..., None]) -> None:
    """Resuming a long-idle session moves its last-seen time to now: the lock must not read that one (and a
    phone used only in its first minute has no other mark of use than its activation)."""
    citizen = make_citizen()
    chooser, idle_phone = app.test_client(), app.test_client()
    activate(idle_phone, citizen)
    activate(chooser, citizen)
    assert _post(chooser, "/phone/pin", pin="4711", pin_again="4711").status_code == 303
    frozen_clock.advance(hours=2)
    response = idle_phone.get("/today")
    assert response.status_code == 303 and response.headers["Location"].startswith("/phone/unlock")
    # A session from before the column (NULL) counts from its activation, not from its last-seen time.
    device = _devices(db, citizen)[0]
    device.last_active_at = None
    db.add(device)
    db.commit()
    frozen_clock.advance(hours=2)
    assert idle_phone.get("/week").headers["Location"].startswith("/phone/unlock")


def test_a_locked_phone_cannot_change_her_language(db: Session, two_phones: tuple[FlaskClient, FlaskClient, Citizen],
                                                  frozen_clock: Clock) -> None:
    phone, _second, citizen = two_phones
    frozen_clock.advance(minutes=31)
    response = _post(phone, "/language", language="ar")
    assert response.status_code == 303 and response.headers["Location"].startswith("/phone/unlock")
    db.refresh(citizen)
    assert citizen.preferred_language == "so"


def test_five_wrong_pins_in_any_form_sign_only_that_phone_out(db: Session, two_phones: tuple[FlaskClient, FlaskClient, Citizen],
                                                              frozen_clock: Clock) -> None:
    phone, second, citizen = two_phones
    assert _post(phone, "/phone/pin", current_pin="0001", pin="1234", pin_again="1234").status_code == 422
    assert _post(phone, "/phone/pin/remove", current_pin="0002").status_code == 422
    # Not four digits is a slip, not a guess: it takes no try.
    for slip in ("", "12", "12345", "x" * 5000):
        assert _post(phone, "/phone/pin/remove", current_pin=slip).status_code == 422
    assert _devices(db, citizen)[0].pin_failures == 2
    frozen_clock.advance(minutes=31)
    assert _post(phone, "/phone/unlock", current_pin="0003").status_code == 422
    assert _post(phone, "/phone/unlock", current_pin="0004").status_code == 422
    assert _post(phone, "/phone/unlock", current_pin="0005").status_code == 401  # the fifth: signed out

    first, other = _devices(db, citizen)
    assert first.revoked_at is not None and first.revoked_reason == "pin_lockout"
    assert other.revoked_at is None and other.pin_failures == 0
    # The right PIN is worth nothing on the signed-out phone; her other phone still opens with it.
    assert phone.get("/today").status_code == 401
    assert _post(second, "/phone/unlock", current_pin="4711").headers["Location"] == "/today"
    assert second.get("/today").status_code == 200
    db.expire_all()
    lockouts = db.exec(select(AuditEvent).where(AuditEvent.action == "device.pin_lockout")).all()
    assert [(row.citizen_id, row.object_id) for row in lockouts] == [(citizen.id, first.id)]


def test_a_try_is_taken_before_the_pin_is_checked(db: Session, two_phones: tuple[FlaskClient, FlaskClient, Citizen],
                                                  frozen_clock: Clock) -> None:
    """Guesses sent in parallel each take a try first (one conditional UPDATE): past the limit, even the right PIN fails."""
    phone, _second, citizen = two_phones
    frozen_clock.advance(minutes=31)
    device = _devices(db, citizen)[0]
    device.pin_failures = 5  # the last try already taken by a request running beside this one
    db.add(device)
    db.commit()
    assert _post(phone, "/phone/unlock", current_pin="4711").status_code == 401
    assert _devices(db, citizen)[0].revoked_reason == "pin_lockout"


def test_signing_out_ends_the_session_on_the_server_not_just_the_cookie(db: Session, two_phones: tuple[FlaskClient, FlaskClient, Citizen]) -> None:
    phone, second, citizen = two_phones
    cookie = phone.get_cookie("logbog_device").value
    assert phone.post("/phone/sign-out").status_code == 400  # CSRF: another site cannot sign her out
    assert _post(phone, "/phone/sign-out").status_code == 200
    phone.set_cookie("logbog_device", cookie)
    assert phone.get("/today").status_code == 401
    first, other = _devices(db, citizen)
    assert first.revoked_at is not None and other.revoked_at is None
    assert second.get("/today").status_code == 200
