"""Spoken questions in a real browser: an interpreter records one with the microphone, and on her
phone the speaker button plays it, then the answers' clips, outlining each answer as it is read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable

from flask import Flask
from sqlmodel import Session, select

from app import clock
from app.models import AudioClip, Citizen, StaffUser
from app.services import audit
from app.services.activation import issue_code
from app.services.audio import convert, save_clip
from app.services.staff import start_session
from tests.browser.conftest import Words, new_phone
from tests.sound import tone


def test_an_interpreter_records_a_question_with_the_microphone(playwright_chromium: Any, live_server: str, app: Flask,
                                                               db: Session, make_staff: Callable[..., StaffUser]) -> None:
    interpreter = make_staff("interpreter", languages="so")
    context = playwright_chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "logbog_staff", "value": start_session(db, interpreter, user_agent="e2e", now=clock.utcnow()),
                          "url": live_server}])
    words = Words(app, "da")
    try:
        page = context.new_page()
        page.goto(f"{live_server}/recordings/?lang=so")
        prompt = page.locator('[id="p-q.pain.today"]')
        prompt.get_by_role("button", name=words("Record")).click()
        stop = prompt.get_by_role("button", name=words("Stop"))
        stop.wait_for()
        page.wait_for_timeout(1500)  # the fake microphone beeps for a second and a half
        stop.click()
        prompt.locator("audio.preview").wait_for()  # she can listen before saving
        prompt.get_by_role("button", name=words("Save")).click()
        page.locator('[id="p-q.pain.today"] strong[role="status"]').wait_for()  # saved, waiting for approval
        clip = db.exec(select(AudioClip)).one()
        assert (clip.prompt, clip.language, clip.mime_type, clip.status) == ("q.pain.today", "so", "audio/mpeg", "pending")
        assert 1000 <= clip.duration_ms <= 4000
        assert page.locator('[id="p-q.pain.today"] audio[src^="/audio/"]').count() == 1
    finally:
        context.close()


def test_the_speaker_button_plays_the_question_then_the_answers(playwright_chromium: Any, live_server: str, app: Flask,
                                                                db: Session, make_citizen: Callable[..., Citizen],
                                                                make_staff: Callable[..., StaffUser]) -> None:
    citizen = make_citizen(name="Amina Yusuf", language="so", hours=(3, 3, 3, 3, 3, 0, 0))
    recorder = audit.Actor("staff", make_staff("admin").id, "admin")  # an admin's recordings are live at once
    for prompt in ("q.attendance", "a.attendance.full", "a.attendance.early"):
        save_clip(db, recorder, prompt, "so", convert(tone(0.6)), clock.utcnow())
    raw = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
    context = new_phone(playwright_chromium, "small")
    words = Words(app, "so")
    played: list[tuple[str, int]] = []
    try:
        page = context.new_page()
        page.on("response", lambda response: played.append((response.url, response.status)) if "/audio/" in response.url else None)
        page.goto(f"{live_server}/a/{raw}")
        page.get_by_role("button", name=words("Start")).click()
        page.wait_for_url("**/today")
        question = page.get_by_role("group", name=words("Were you at work?"))
        speaker = question.get_by_role("button", name=words("Listen"))
        assert speaker.is_visible() and page.get_by_role("button", name=words("Listen")).count() == 1  # only where a clip is
        speaker.click()
        # The page's security policy forbids eval, so the waits are on elements, not on script.
        page.locator('button.speak[aria-pressed="true"][data-state="playing"]').wait_for()
        full = question.get_by_role("radio", name=words("Yes, all of it")).locator("xpath=ancestor::label[1]")
        page.locator('label.speaking input[value="full"]').wait_for(state="attached")
        page.locator('label.speaking input[value="early"]').wait_for(state="attached")
        page.locator('button.speak[aria-pressed="false"]').wait_for(timeout=10_000)
        assert "speaking" not in (full.get_attribute("class") or "")
        assert len({url for url, status in played if status == 200}) == 3  # the question and the two answers
        # Nothing was chosen by listening.
        assert not question.get_by_role("radio", name=words("Yes, all of it")).is_checked()
    finally:
        context.close()
