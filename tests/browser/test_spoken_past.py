"""The words she hears are the words on her screen, in a real browser at 320 px: on a past day the Listen button
beside "How much pain did you have that day?" plays the past wording's clip (not today's); the evening question
asks "after work" only until she answers that she was not at work; and the consent screen she agrees to can be
listened to, paragraph by paragraph, before she has a session. No console errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable

import pytest
from flask import Flask
from sqlmodel import Session

from app import clock
from app.models import Citizen, StaffUser
from app.services import audit
from app.services.activation import issue_code
from app.services.audio import convert, save_clip
from tests.browser.conftest import Words, new_phone
from tests.conftest import TODAY
from tests.sound import tone

LANGUAGES = ("da", "ar", "ur", "so")


def _record(db: Session, recorder: audit.Actor, language: str, keys: tuple[str, ...]) -> dict[int, str]:
    """A short live clip for each key; returns clip id -> key."""
    sound = convert(tone(0.4))
    return {save_clip(db, recorder, key, language, sound, clock.utcnow()).id: key for key in keys}


def _heard(played: list[str], clips: dict[int, str]) -> list[str]:
    return [clips[int(url.rsplit("/audio/", 1)[1].split("-", 1)[0])] for url in played]


@dataclass
class Phone:
    """Her phone at 320 px, opened on her QR code's page: what it played, and any console error."""

    page: Any
    played: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def her_phone(browser: Any, live_server: str, db: Session, citizen: Citizen) -> Iterator[Phone]:
    raw = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
    context = new_phone(browser, "small")
    try:
        phone = Phone(context.new_page())
        phone.page.on("response", lambda response: phone.played.append(response.url)
                      if "/audio/" in response.url and response.status == 200 else None)
        phone.page.on("console", lambda message: phone.errors.append(message.text) if message.type == "error" else None)
        phone.page.on("pageerror", lambda error: phone.errors.append(str(error)))
        phone.page.goto(f"{live_server}/a/{raw}")
        yield phone
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 320
        assert phone.errors == []
    finally:
        context.close()


def _listened(page: Any, button: Any) -> None:
    button.click()
    page.locator('button.speak[aria-pressed="true"]').wait_for(state="detached", timeout=10_000)


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_past_day_listen_plays_the_past_wording_and_the_evening_follows_her_answer(
        playwright_chromium: Any, live_server: str, app: Flask, db: Session, make_citizen: Callable[..., Citizen],
        make_staff: Callable[..., StaffUser], language: str) -> None:
    citizen = make_citizen(name="Amina Yusuf", language=language, hours=(3, 3, 3, 3, 3, 0, 0))
    recorder = audit.Actor("staff", make_staff("admin").id, "admin")
    clips = _record(db, recorder, language, ("q.pain.today", "q.pain.past", "q.evening.after_work.past", "q.evening.past"))
    words = Words(app, language)
    with her_phone(playwright_chromium, live_server, db, citizen) as phone:
        page = phone.page
        page.get_by_role("button", name=words("Start")).click()
        page.wait_for_url("**/today")
        page.goto(f"{live_server}/day/{(TODAY - timedelta(days=1)).isoformat()}")
        pain = page.get_by_role("group", name=words("How much pain did you have that day?"))
        _listened(page, pain.get_by_role("button", name=words("Listen")))
        assert _heard(phone.played, clips) == ["q.pain.past"]
        # The evening: "after work" while she has not said she was away; plain once she answers "No".
        after_work = page.get_by_role("group", name=words("How were you that evening, after work?"))
        assert after_work.is_visible() and after_work.get_by_role("button", name=words("Listen")).count() == 1
        page.get_by_role("group", name=words("Were you at work?")).get_by_role("radio", name=words("No")).check()
        plain = page.get_by_role("group", name=words("How were you that evening?"), exact=True)
        plain.wait_for()
        assert page.get_by_role("group", name=words("How were you that evening, after work?")).count() == 0
        _listened(page, plain.get_by_role("button", name=words("Listen")))
        assert _heard(phone.played, clips) == ["q.pain.past", "q.evening.past"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_consent_screen_can_be_listened_to_before_she_has_a_session(
        playwright_chromium: Any, live_server: str, app: Flask, db: Session, make_citizen: Callable[..., Citizen],
        make_staff: Callable[..., StaffUser], language: str) -> None:
    citizen = make_citizen(name="Hodan Ali", language=language, consented=False)
    recorder = audit.Actor("staff", make_staff("admin").id, "admin")
    clips = _record(db, recorder, language, ("consent.why", "consent.who", "q.attendance"))
    words = Words(app, language)
    with her_phone(playwright_chromium, live_server, db, citizen) as phone:
        assert phone.page.get_by_role("button", name=words("Listen")).count() == 2  # only the paragraphs recorded in her language
        heading = phone.page.get_by_role("heading", name=words("Who sees it"))
        _listened(phone.page, heading.locator("xpath=following-sibling::button[1]"))
        assert _heard(phone.played, clips) == ["consent.who"]
