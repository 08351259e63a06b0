"""Signing out of her phone in a real browser: days still waiting on the phone are named first, and
after signing out nothing of hers stays on it (issue 17, security item 5)."""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask
from flask_babel import force_locale, ngettext
from sqlmodel import Session, select

from app.models import Citizen, DayEntry, DeviceSession
from tests.browser.conftest import Words
from tests.browser.test_offline import _activate, _tap, _waiting
from tests.conftest import Clock

UNSENT = "[data-unsent]:not([hidden])"
#: Entries in the phone's outbox and its copies of her days, read without outbox.js (the signed-out page does not load it).
_OUTBOX_SIZE = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("logbog");
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const tx = opening.result.transaction(["outbox", "days"]);
    const entries = tx.objectStore("outbox").count(), days = tx.objectStore("days").count();
    tx.oncomplete = () => { opening.result.close(); resolve(entries.result + days.result); };
  };
})"""


def test_with_a_day_waiting_the_sign_out_page_warns_and_signing_out_empties_the_outbox(
        phone: Any, live_server: str, app: Flask, db: Session, make_citizen: Callable[..., Citizen], frozen_clock: Clock) -> None:
    citizen = make_citizen(language="ar")
    words = Words(app, citizen.preferred_language)
    page = _activate(phone, live_server, db, citizen)

    page.goto(f"{live_server}/phone/sign-out")  # nothing waits: no warning
    page.wait_for_function("document.querySelector('[data-unsent]') && window.LogbogOutbox")
    page.wait_for_timeout(300)
    assert page.locator(UNSENT).count() == 0

    page.goto(f"{live_server}/phone/pin")  # she chooses a PIN
    page.locator('input[name="pin"]').fill("2580")
    page.locator('input[name="pin_again"]').fill("2580")
    page.get_by_role("button", name=words("Save PIN")).click()
    page.wait_for_url("**/phone?done=set")

    # She fills in today's page, leaves it for 31 minutes, then saves: the server wants her PIN first,
    # so the day waits on the phone and she is taken to the PIN page.
    page.goto(f"{live_server}/today")
    _tap(page, "attendance", "full")
    _tap(page, "pain", "4")
    page.wait_for_load_state("networkidle")  # the follow-up questions came while she was still active
    frozen_clock.advance(minutes=31)
    page.locator("#day-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/phone/unlock?next=" in url)
    page.wait_for_function("window.LogbogOutbox")
    assert _waiting(page) == 1
    label = page.evaluate("LogbogOutbox.waiting(document.body.dataset.outboxOwner).then(items => items[0].label)")

    # She forgot her PIN: she signs out of this phone, and is told what she would lose.
    page.get_by_role("link", name=words("Sign out of this phone")).click()
    page.wait_for_url("**/phone/sign-out")
    page.wait_for_selector(UNSENT)
    with app.test_request_context("/"), force_locale(citizen.preferred_language):
        sentence = ngettext("%(num)s day is not sent yet. If you sign out, it is deleted from this phone.",
                            "%(num)s days are not sent yet. If you sign out, they are deleted from this phone.", 1)
    assert page.locator(f"{UNSENT} p:visible").first.inner_text() == sentence
    assert page.locator(f"{UNSENT} [data-unsent-list] li").all_inner_texts() == [label]

    assert page.evaluate(_OUTBOX_SIZE) == 2  # the waiting day, and the copy of her answers for the offline page
    page.get_by_role("button", name=words("Sign out"), exact=True).click()
    page.get_by_role("heading", name=words("You are signed out of this phone")).wait_for()
    assert page.evaluate(_OUTBOX_SIZE) == 0
    assert page.evaluate("caches.open('logbog-shell').then(c => c.match('/offline')).then(r => !r)")  # her offline page is gone
    assert phone.cookies() == [] or all(cookie["name"] != "logbog_device" for cookie in phone.cookies())

    db.expire_all()
    [device] = db.exec(select(DeviceSession).where(DeviceSession.citizen_id == citizen.id)).all()
    assert device.revoked_at is not None
    assert db.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id)).all() == []
    assert page.goto(f"{live_server}/today").status == 401
