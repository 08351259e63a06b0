"""The consultant's morning in a real browser: password and authenticator code, the review list,
a woman's timeline, a follow-up note, a new QR card for her phone. Staff pages are in Danish."""

from __future__ import annotations

from typing import Any, Callable

import pyotp
from flask import Flask
from sqlmodel import Session, select

from app.models import Citizen, FollowUpNote, StaffUser
from tests.browser.conftest import Words
from tests.conftest import FROZEN_NOW, STAFF_PASSWORD
from tests.web.test_review_list import RECENT, woman

def test_sign_in_review_list_timeline_follow_up_and_a_new_card(
        playwright_chromium: Any, live_server: str, app: Flask, db: Session, consultant: StaffUser,
        make_citizen: Callable[..., Citizen]) -> None:
    words = Words(app, "da")
    pia = woman(db, make_citizen, consultant, "Painful Pia", lambda d: 8 if d >= RECENT else 4)
    woman(db, make_citizen, consultant, "Steady Sahra", lambda d: 4)
    context = playwright_chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/c/")
        page.wait_for_url("**/staff/sign-in**")  # not signed in: the sign-in page first
        page.get_by_label(words("E-mail")).fill(consultant.email)
        page.get_by_label(words("Password")).fill(STAFF_PASSWORD)
        page.get_by_role("button", name=words("Next")).click()
        page.get_by_label(words("The 6 digits your authenticator app shows")).fill(pyotp.TOTP(consultant.totp_secret).at(FROZEN_NOW))
        page.get_by_role("button", name=words("Sign in")).click()

        # The review list: Pia's rising pain needs her now, explained with its numbers.
        page.get_by_role("heading", name=words("Needs you now")).wait_for()
        needs_now = page.locator("section").filter(has=page.get_by_role("heading", name=words("Needs you now")))
        assert "Painful Pia" in needs_now.inner_text() and "Steady Sahra" not in needs_now.inner_text()

        # Her flag's controls come when "Respond" is unfolded; acknowledging answers in place, the verdict left open.
        flag = page.locator(f"#flag-{pia.id}-R2")
        assert flag.get_by_role("button", name=words("Acknowledge")).count() == 0  # not drawn until asked for
        flag.locator("summary").click()
        flag.get_by_label(words("Known flare-up")).check()
        flag.get_by_role("button", name=words("Acknowledge")).click()
        flag.get_by_text(words("Acknowledged: %(reason)s. It stays quiet until it gets worse.", reason=words("Known flare-up"))).wait_for()
        assert flag.get_by_role("button", name=words("Useful"), exact=True).is_visible()
        assert page.url.endswith("/c/")  # in place: no page load
        needs_now.get_by_role("link", name="Painful Pia").click()

        # Her timeline: the charts are images with names, and her flag is there too.
        page.get_by_role("heading", name="Painful Pia").first.wait_for()
        assert page.get_by_role("img").count() >= 3
        page.get_by_text(words("Write a follow-up note")).click()
        page.get_by_label(words("1. Attendance")).fill("Møder stabilt, men smerterne er steget de sidste uger.")
        page.get_by_label(words("My own observations")).fill("Aftalt at tale med lægen.")
        page.get_by_role("button", name=words("Save the note")).click()
        page.get_by_text("Aftalt at tale med lægen.").wait_for()

        # A new QR card for her phone opens in a new tab, ready to print.
        page.get_by_role("link", name=words("Plan, tasks and QR code")).click()
        with context.expect_page() as opened:
            page.get_by_role("button", name=words("New card to print")).click()
        card = opened.value
        card.wait_for_load_state()
        card.get_by_role("img", name=Words(app, pia.preferred_language)("QR code")).wait_for()
        assert "Painful Pia" in card.get_by_role("heading", level=1).inner_text()
    finally:
        context.close()

    db.expire_all()
    [note] = db.exec(select(FollowUpNote).where(FollowUpNote.citizen_id == pia.id)).all()
    assert note.observations == "Aftalt at tale med lægen."
