"""Her phone's settings (issue 17, security item 5): sign out of this phone, and an optional PIN
asked after 30 idle minutes, with 5 wrong tries signing the phone out where her consultant sees it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, ngettext
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, DayEntry, DeviceSession, StaffUser
from app.web.i18n import day_short
from tests.conftest import TODAY, Clock
from tests.helpers import csrf_token, new_key, translated, translated_plural


def _device(db: Session, citizen: Citizen) -> DeviceSession:
    db.expire_all()
    return db.exec(select(DeviceSession).where(DeviceSession.citizen_id == citizen.id).order_by(DeviceSession.id.desc())).first()


def _actions(db: Session, citizen: Citizen) -> list[tuple[str, str, str]]:
    db.expire_all()
    rows = db.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen.id).order_by(AuditEvent.id)).all()
    return [(row.action, row.actor_kind, row.outcome) for row in rows]


def _post(client: FlaskClient, path: str, **form: str) -> object:
    token = csrf_token(client, "/language")
    return client.post(path, data={"csrf_token": token, **form})


def _choose(client: FlaskClient, pin: str = "2580") -> None:
    response = _post(client, "/phone/pin", pin=pin, pin_again=pin)
    assert response.status_code == 303, response.get_data(as_text=True)


def test_her_pages_link_to_her_phone_settings(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    assert 'href="/phone"' in client.get("/today").get_data(as_text=True)
    page = client.get("/phone").get_data(as_text=True)
    assert 'href="/phone/sign-out"' in page and 'href="/phone/pin"' in page


def test_sign_out_ends_the_device_session_audited_and_clears_the_cookie(
        app: Flask, citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    confirm = client.get("/phone/sign-out")
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert 'action="/phone/sign-out"' in html and "js/sign_out.js" in html
    cookie = client.get_cookie("logbog_device").value

    response = _post(client, "/phone/sign-out")
    assert response.status_code == 200
    assert translated(app, citizen.preferred_language, "You are signed out of this phone") in response.get_data(as_text=True)
    assert any(h.startswith("logbog_device=;") for h in response.headers.getlist("Set-Cookie"))
    assert client.get_cookie("logbog_device") is None
    device = _device(db, citizen)
    assert device.revoked_at is not None
    assert ("device.revoke", "citizen", "ok") in _actions(db, citizen)

    assert client.get("/today").status_code == 401
    client.set_cookie("logbog_device", cookie)  # the old cookie is worth nothing: the session is gone on the server
    assert client.get("/today").status_code == 401


def test_she_chooses_changes_and_removes_her_pin_and_only_a_hash_is_kept(
        app: Flask, citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    page = client.get("/phone/pin").get_data(as_text=True)
    assert 'inputmode="numeric"' in page and page.count('class="pin-input"') == 2  # typed twice, no current PIN yet

    assert _post(client, "/phone/pin", pin="2580", pin_again="2581").status_code == 422  # not the same
    assert _post(client, "/phone/pin", pin="258", pin_again="258").status_code == 422  # not four numbers
    assert _post(client, "/phone/pin", pin="abcd", pin_again="abcd").status_code == 422
    db.refresh(citizen)
    assert citizen.pin_hash is None

    response = _post(client, "/phone/pin", pin="2580", pin_again="2580")
    assert response.status_code == 303 and response.headers["Location"] == "/phone?done=set"
    db.refresh(citizen)
    assert citizen.pin_hash.startswith("$argon2") and "2580" not in citizen.pin_hash
    assert PasswordHasher().verify(citizen.pin_hash, "2580")
    assert translated(app, citizen.preferred_language, "Your PIN is saved.") in client.get("/phone?done=set").get_data(as_text=True)

    # Changing needs the PIN she has now.
    assert client.get("/phone/pin").get_data(as_text=True).count('class="pin-input"') == 3
    wrong = _post(client, "/phone/pin", current_pin="0000", pin="1357", pin_again="1357")
    assert wrong.status_code == 422 and translated_plural(app, citizen.preferred_language, "Wrong PIN. You can try %(num)s more time.", "Wrong PIN. You can try %(num)s more times.", 4) in wrong.get_data(as_text=True)
    assert _post(client, "/phone/pin", current_pin="2580", pin="1357", pin_again="1357").headers["Location"] == "/phone?done=changed"
    db.refresh(citizen)
    assert PasswordHasher().verify(citizen.pin_hash, "1357")
    assert _device(db, citizen).pin_failures == 0  # the right PIN clears the wrong tries

    # Removing needs it too.
    assert _post(client, "/phone/pin/remove", current_pin="2580").status_code == 422
    response = _post(client, "/phone/pin/remove", current_pin="1357")
    assert response.headers["Location"] == "/phone?done=removed"
    db.refresh(citizen)
    assert citizen.pin_hash is None
    assert client.get("/phone/pin/remove").status_code == 303  # nothing to remove
    actions = [action for action, kind, outcome in _actions(db, citizen) if action.startswith("pin.") and kind == "citizen"]
    assert actions == ["pin.set", "pin.confirm", "pin.confirm", "pin.change", "pin.confirm", "pin.confirm", "pin.remove"]


def test_a_pin_typed_with_arabic_indic_digits_is_the_same_pin(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    _choose(client, "١٢٣٤")
    db.refresh(citizen)
    assert PasswordHasher().verify(citizen.pin_hash, "1234")


def test_her_pin_is_asked_after_30_idle_minutes_and_not_before(
        app: Flask, citizen_client: tuple[FlaskClient, Citizen], db: Session, frozen_clock: Clock) -> None:
    client, citizen = citizen_client
    _choose(client)
    frozen_clock.advance(minutes=29)
    assert client.get("/week").status_code == 200  # 29 minutes: no PIN, and she is active again
    frozen_clock.advance(minutes=29)
    assert client.get("/today").status_code == 200
    frozen_clock.advance(minutes=31)

    response = client.get("/week?saved=2026-11-18")
    assert response.status_code == 303
    assert response.headers["Location"] == "/phone/unlock?next=/week?saved%3D2026-11-18"
    for path in ("/today", "/phone", "/my-data", "/offline", f"/day/{TODAY.isoformat()}"):
        assert client.get(path).headers["Location"].startswith("/phone/unlock"), path
    page = client.get("/phone/unlock?next=/today")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="current_pin"' in html and 'inputmode="numeric"' in html and translated(app, citizen.preferred_language, "Call me") in html

    wrong = _post(client, "/phone/unlock", current_pin="1111", next="/week")
    assert wrong.status_code == 422 and translated_plural(app, citizen.preferred_language, "Wrong PIN. You can try %(num)s more time.", "Wrong PIN. You can try %(num)s more times.", 4) in wrong.get_data(as_text=True)
    right = _post(client, "/phone/unlock", current_pin="2580", next="/week?saved=2026-11-18")
    assert (right.status_code, right.headers["Location"]) == (303, "/week?saved=2026-11-18")
    assert client.get("/today").status_code == 200
    assert _device(db, citizen).pin_failures == 0
    assert ("pin.unlock", "citizen", "wrong") in _actions(db, citizen) and ("pin.unlock", "citizen", "ok") in _actions(db, citizen)


def test_without_a_pin_an_idle_phone_opens_as_before(citizen_client: tuple[FlaskClient, Citizen], frozen_clock: Clock) -> None:
    client, _citizen = citizen_client
    frozen_clock.advance(hours=6)
    assert client.get("/today").status_code == 200
    assert client.get("/phone/unlock?next=/week").headers["Location"] == "/week"


def test_a_locked_phone_keeps_entries_from_the_outbox_waiting_and_lets_her_ask_for_a_call(
        citizen_client: tuple[FlaskClient, Citizen], db: Session, frozen_clock: Clock) -> None:
    client, citizen = citizen_client
    _choose(client)
    token = csrf_token(client, "/today")
    frozen_clock.advance(minutes=20)
    day = {"csrf_token": token, "idempotency_key": new_key(), "attendance": "full", "pain": "3"}
    # Sent from the outbox in the background: accepted, but it is not her using the phone.
    assert client.post(f"/day/{TODAY.isoformat()}", data=day, headers={"Accept": "application/json"}).status_code == 200
    frozen_clock.advance(minutes=11)  # 31 minutes after she last used it

    later = {**day, "idempotency_key": new_key(), "pain": "4", "csrf_token": token}
    response = client.post(f"/day/{(TODAY - timedelta(days=1)).isoformat()}", data=later, headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()) == (423, {"error": "pin_required"})  # outbox.js: "wait", kept
    htmx = client.post(f"/day/{TODAY.isoformat()}", data=later, headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/today"})
    assert htmx.status_code == 423 and htmx.headers["HX-Redirect"] == "/phone/unlock?next=/today"
    assert client.get(f"/day/{TODAY.isoformat()}/followups", headers={"HX-Request": "true"}).status_code == 423
    db.expire_all()
    assert [entry.day for entry in db.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id)).all()] == [TODAY]

    # A forgotten PIN: "Call me" still works, and signing out.
    assert _post(client, "/call-me").status_code == 303
    assert client.get("/phone/sign-out").status_code == 200


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/%09/evil.example",
                                    "/staff/sign-in", "/phone/sign-out", "/no/such/page"])
def test_after_the_pin_she_goes_only_to_her_own_pages(citizen_client: tuple[FlaskClient, Citizen], frozen_clock: Clock,
                                                      target: str) -> None:
    client, _citizen = citizen_client
    _choose(client)
    frozen_clock.advance(minutes=31)
    response = _post(client, "/phone/unlock", current_pin="2580", next=target)
    assert response.headers["Location"] == "/today"


def test_five_wrong_pins_sign_the_phone_out_and_her_consultant_sees_it_and_removes_her_pin(
        app: Flask, citizen_client: tuple[FlaskClient, Citizen], db: Session, frozen_clock: Clock,
        consultant: StaffUser, sign_in: Callable[..., FlaskClient]) -> None:
    client, citizen = citizen_client
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    _choose(client)
    frozen_clock.advance(minutes=45)
    for left in (4, 3, 2, 1):
        response = _post(client, "/phone/unlock", current_pin="9999")
        assert response.status_code == 422 and translated_plural(app, citizen.preferred_language, "Wrong PIN. You can try %(num)s more time.", "Wrong PIN. You can try %(num)s more times.", left) in response.get_data(as_text=True)
    assert translated(app, citizen.preferred_language, "If it is wrong again, you are signed out on this phone.") in response.get_data(as_text=True)
    response = _post(client, "/phone/unlock", current_pin="9999")
    assert response.status_code == 401
    assert translated_plural(app, citizen.preferred_language, "The PIN was wrong %(num)s time. Your consultant can see this.",
                             "The PIN was wrong %(num)s times. Your consultant can see this.", 5) in response.get_data(as_text=True)
    assert client.get_cookie("logbog_device") is None

    device = _device(db, citizen)
    assert (device.revoked_reason, device.pin_failures) == ("pin_lockout", 5) and device.revoked_at is not None
    assert ("device.pin_lockout", "citizen", "ok") in _actions(db, citizen)
    assert client.get("/today").status_code == 401

    browser = sign_in(consultant)
    setup = browser.get(f"/c/citizens/{citizen.id}/setup").get_data(as_text=True)
    with app.test_request_context("/"), force_locale("da"):
        expected = ngettext("signed out after %(num)s wrong PIN try on %(day)s", "signed out after %(num)s wrong PIN tries on %(day)s",
                            5, day=day_short(device.revoked_at.date()))
    assert expected in setup and device.user_agent_summary in setup

    token = csrf_token(browser, f"/c/citizens/{citizen.id}/setup")
    response = browser.post(f"/c/citizens/{citizen.id}/pin/remove", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith("/setup#devices")
    db.refresh(citizen)
    assert citizen.pin_hash is None
    assert ("pin.remove", "staff", "ok") in _actions(db, citizen)


def test_another_consultant_cannot_remove_her_pin(citizen_client: tuple[FlaskClient, Citizen], db: Session,
                                                  make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient]) -> None:
    client, citizen = citizen_client
    citizen.consultant_id = make_staff("consultant").id
    db.add(citizen)
    db.commit()
    _choose(client)
    other = sign_in(make_staff("consultant"))
    response = other.post(f"/c/citizens/{citizen.id}/pin/remove", data={"csrf_token": csrf_token(other, "/c/")})
    assert response.status_code == 404
    db.refresh(citizen)
    assert citizen.pin_hash is not None
