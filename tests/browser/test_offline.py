"""Offline-first, in a real browser: an entry typed without a connection reaches the server exactly once, and a day
she already wrote shows her answers offline (or says plainly that the phone does not have them), never a blank form."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, Callable

import pytest
from flask import Flask
from sqlmodel import Session, select

from app import clock
from app.domain.entry import parse_entry
from app.models import Citizen, DayEntry
from app.services import audit
from app.services.activation import issue_code
from app.services.entries import Provenance, save_entry
from app.web.day_form import limits_from
from bench.cutting_proxy import CuttingProxy
from tests.browser.conftest import Words
from tests.conftest import FROZEN_NOW, TODAY

QUEUED = '[data-state="queued"]:not([hidden])'
SENT = '[data-state="sent"]:not([hidden])'
LANGUAGES = ("da", "ar", "ur", "so")
#: The kept offline page's own form for a day she had written when the phone kept it.
KEPT_WRITTEN = "caches.open('logbog-shell').then(c => c.match('/offline')).then(r => r.text()).then(t => /<form[^>]*data-written[\\s>]/.test(t))"


def _activate(phone: Any, base: str, db: Session, citizen: Citizen) -> Any:
    """Scan her card and agree, then wait until the service worker keeps her offline page."""
    raw = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
    page = phone.new_page()
    page.clock.set_fixed_time(FROZEN_NOW)  # the phone's date is the server's frozen date
    page.goto(f"{base}/a/{raw}")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/today")
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("caches.open('logbog-shell').then(c => c.match('/offline')).then(r => !!r)")
    return page


def _tap(page: Any, name: str, value: str) -> None:
    page.locator("label.choice", has=page.locator(f'input[name="{name}"][value="{value}"]')).click()


def _waiting(page: Any) -> int:
    return page.evaluate("LogbogOutbox.waiting(document.body.dataset.outboxOwner).then(items => items.length)")


def _checked(page: Any, name: str) -> list[str]:
    return page.eval_on_selector_all(f'#offline-day input[name="{name}"]:checked', "inputs => inputs.map(i => i.value)")


def _entries(db: Session, citizen: Citizen) -> list[DayEntry]:
    db.expire_all()
    return list(db.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id)).all())


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_opened_offline_she_logs_today_and_it_is_sent_once_when_online(
        phone: Any, live_server: str, db: Session, make_citizen: Callable[..., Citizen], language: str) -> None:
    citizen = make_citizen(language=language)
    page = _activate(phone, live_server, db, citizen)
    errors: list[str] = []  # its scripts' own errors (offline, a failed fetch is expected and logged by Chromium)
    page.on("pageerror", lambda error: errors.append(str(error)))

    phone.set_offline(True)
    page.goto(f"{live_server}/today")  # opened with no connection: the kept page, today's form
    assert page.evaluate("document.body.hasAttribute('data-offline-shell')")
    assert page.locator("html").get_attribute("dir") == "rtl"
    if language == "ur":  # the Nastaliq font was kept when her page first used it
        page.evaluate("document.fonts.ready")
        assert page.evaluate("""[...document.fonts].some(f => f.family.includes('Noto Nastaliq Urdu') && f.status === 'loaded')""")
    form = page.locator("#offline-day form[data-outbox]")
    assert form.get_attribute("data-day") == TODAY.isoformat()

    page.locator(".call-button").click()  # "call me" needs the connection: she is told, not left waiting
    assert page.locator("[data-call-offline]").is_visible()

    page.locator("#offline-day button[type=submit]").click()  # nothing chosen: the phone asks, keeps nothing
    assert page.locator("fieldset.is-missing").count() == 2  # attendance and pain
    assert _waiting(page) == 0

    _tap(page, "attendance", "full")
    _tap(page, "pain", "4")
    _tap(page, "evening", "2")
    page.locator("#offline-day button[type=submit]").click()
    page.wait_for_selector(QUEUED)
    assert form.is_hidden()
    assert page.locator("[data-list] li").all_inner_texts() == [form.get_attribute("data-day-label")]
    assert _waiting(page) == 1
    assert _entries(db, citizen) == []

    phone.set_offline(False)
    page.wait_for_selector(SENT)
    assert page.locator("[data-sent-list] li").all_inner_texts() == [form.get_attribute("data-day-label")]  # what was sent
    assert _waiting(page) == 0
    assert page.locator("[data-call-offline]").is_hidden() and page.locator(".offline-banner").is_hidden()
    [entry] = _entries(db, citizen)
    assert (entry.day, entry.attendance, entry.pain, entry.evening, entry.hours_worked) == (TODAY, "full", 4, 2, 3.0)
    assert errors == []


def test_an_answer_lost_on_the_way_keeps_the_entry_on_the_phone_and_it_is_stored_once(
        phone: Any, live_server: str, db: Session, make_citizen: Callable[..., Citizen]) -> None:
    """The server saved it but the answer never came back (a loopback proxy resets the connection)."""
    citizen = make_citizen()
    proxy = CuttingProxy(int(live_server.rsplit(":", 1)[1])).start()
    base = f"http://127.0.0.1:{proxy.port}"
    try:
        page = _activate(phone, base, db, citizen)
        page.goto(f"{base}/today")
        proxy.cut = lambda line: line.startswith(b"POST /day/")
        _tap(page, "attendance", "full")
        _tap(page, "pain", "6")
        page.locator("#day-form button[type=submit]").click()
        page.wait_for_selector(QUEUED)
        assert proxy.cuts >= 1 and _waiting(page) == 1
        key = page.evaluate("LogbogOutbox.waiting(document.body.dataset.outboxOwner).then(items => items[0].key)")
        [entry] = _entries(db, citizen)  # it did arrive
        assert (entry.pain, entry.idempotency_key) == (6, key)

        proxy.cut = lambda line: False
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_selector(SENT)
        assert _waiting(page) == 0
        [again] = _entries(db, citizen)  # sent again under the same key: still one entry, unchanged
        assert (again.id, again.pain, again.idempotency_key, again.updated_at) == (entry.id, 6, key, entry.updated_at)
    finally:
        proxy.stop()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_day_she_wrote_online_shows_her_answers_offline_and_her_change_is_sent_once(
        phone: Any, live_server: str, app: Flask, db: Session, make_citizen: Callable[..., Citizen], language: str) -> None:
    """The phone kept its offline page before she wrote today: the answers come from the phone's own copy."""
    citizen = make_citizen(language=language)
    words = Words(app, language)
    page = _activate(phone, live_server, db, citizen)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _tap(page, "attendance", "full")
    _tap(page, "pain", "4")
    _tap(page, "evening", "2")
    page.locator("#day-form button[type=submit]").click()  # saved online (htmx), shown her week
    page.locator("ul.days").wait_for()
    page.wait_for_function(f"LogbogOutbox.keptDay(document.body.dataset.outboxOwner, '{TODAY.isoformat()}')"
                           ".then(day => !!(day && day.answers))")
    assert _waiting(page) == 0
    [saved] = _entries(db, citizen)
    assert not page.evaluate(KEPT_WRITTEN)  # the kept page is older than her answers

    phone.set_offline(True)
    page.goto(f"{live_server}/today")
    assert page.evaluate("document.body.hasAttribute('data-offline-shell')")
    form = page.locator("#offline-day form[data-outbox]")
    form.wait_for()
    assert (_checked(page, "attendance"), _checked(page, "pain"), _checked(page, "evening")) == (["full"], ["4"], ["2"])
    assert page.get_by_text(words("You already wrote about this day. You can change your answers.")).is_visible()

    _tap(page, "pain", "6")  # she changes one answer; the others stay as she wrote them
    page.locator("#offline-day button[type=submit]").click()
    page.wait_for_selector(QUEUED)
    key = page.evaluate("LogbogOutbox.waiting(document.body.dataset.outboxOwner).then(items => items[0].key)")
    phone.set_offline(False)
    page.wait_for_selector(SENT)
    assert page.locator("[data-sent-list] li").all_inner_texts() == [form.get_attribute("data-day-label")]
    [entry] = _entries(db, citizen)  # one entry, changed once, under the key the phone made
    assert (entry.id, entry.attendance, entry.pain, entry.evening, entry.idempotency_key) == (saved.id, "full", 6, 2, key)
    assert errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_day_she_wrote_elsewhere_is_not_offered_blank_offline(
        phone: Any, live_server: str, app: Flask, db: Session, make_citizen: Callable[..., Citizen], language: str) -> None:
    """Written with her interpreter after her phone kept its page: her week showed the phone the day is written,
    but not her answers, so the offline page says so instead of a blank form that would replace them."""
    citizen = make_citizen(language=language)
    words = Words(app, language)
    page = _activate(phone, live_server, db, citizen)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    answers, _errors = parse_entry({"attendance": ["full"], "pain": ["5"]}, planned_hours=3, task_ids=set(),
                                   limits=limits_from(app.config))
    save_entry(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, TODAY, answers, str(uuid.uuid4()), today=TODAY,
               edit_days=app.config["ENTRY_EDIT_DAYS"], now=clock.utcnow(), provenance=Provenance(language=language))
    page.goto(f"{live_server}/week")
    page.wait_for_function(f"LogbogOutbox.keptDay(document.body.dataset.outboxOwner, '{TODAY.isoformat()}').then(day => !!day)")
    assert not page.evaluate(KEPT_WRITTEN)

    phone.set_offline(True)
    page.goto(f"{live_server}/today")
    notice = page.get_by_text(words("You already wrote about this day, but your answers are not on this phone. "
                                    "Please open Logbog again when you have internet to see or change them."))
    notice.wait_for()
    assert page.locator("#offline-day form").is_hidden() and page.locator("#offline-day button[type=submit]").count() == 1
    assert _waiting(page) == 0 and [e.pain for e in _entries(db, citizen)] == [5]
    assert errors == []
