"""The workplace's voice end to end in Chromium: the consultant invites the contact person, the e-mail arrives at a
local SMTP server, the contact person opens the link on a 320 px phone, confirms the week and rates pace and tasks,
and the consultant sees it on her timeline and in the report's PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from flask import Flask
from sqlmodel import Session, select

from app import clock
from app.models import Citizen, Course, Internship, StaffUser
from app.services import audit
from app.services import placement_details as details
from app.services.staff import start_session
from tests.browser.conftest import SMALL_PHONE, Words, saved_report_text
from tests.helpers import require_program
from tests.smtp import Mailbox


def test_invite_mail_a_week_confirmed_on_a_small_phone_and_the_consultant_sees_it_on_the_timeline_and_in_the_pdf(
        playwright_chromium: Any, live_server: str, app: Flask, db: Session, mailbox: Mailbox, consultant: StaffUser,
        make_citizen: Callable[..., Citizen], tmp_path: Path) -> None:
    pdftotext = require_program("pdftotext", "poppler-utils")
    words = Words(app, "da")
    amina = make_citizen(name="Amina Yusuf", tasks=(("cleaning", "Rengøring"), ("laundry", "Vasketøj")))
    amina.consultant_id = consultant.id
    db.add(amina)
    placement = db.exec(select(Internship).join(Course).where(Course.citizen_id == amina.id)).one()
    placement.workplace = "Plejecenter Solgården"
    db.add(placement)
    db.commit()
    details.add_contact(db, audit.Actor("staff", consultant.id, "consultant"), placement,
                        details.ContactGiven("Lone Andersen", "Leder af rengøringen", "", "lone@solgaarden.example"))

    staff = playwright_chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    staff.set_default_timeout(15_000)
    staff.add_cookies([{"name": "logbog_staff", "value": start_session(db, consultant, user_agent="test", now=clock.utcnow()),
                        "url": live_server}])
    desk = staff.new_page()
    phone = playwright_chromium.new_context(**SMALL_PHONE)
    phone.set_default_timeout(15_000)
    screen = phone.new_page()
    try:
        # The consultant sends the link from the placement's page; the mail reaches the SMTP server.
        desk.goto(f"{live_server}/c/citizens/{amina.id}/placements/{placement.id}")
        desk.locator("#workplace").get_by_role("button", name=words("Send sign-in link by e-mail")).click()
        desk.get_by_text(words("The link was sent.")).wait_for()
        [mail] = mailbox.messages
        assert mail.recipients == ["lone@solgaarden.example"]
        path = re.search(r"https?://[^/\s]+(/w/\S+)", mail.body).group(1)

        # Lone opens it on a 320 px phone, starts, and gives the week's account with a few taps.
        screen.goto(live_server + path)
        screen.get_by_role("button", name=words("Start on this phone")).click()
        screen.get_by_role("heading", name=re.compile("Amina")).wait_for()
        monday = screen.get_by_role("group", name=re.compile(r"16\.? november|16 Nov", re.IGNORECASE))
        monday.locator("label.choice").filter(has_text=words("Came as agreed")).click()
        wednesday = screen.get_by_role("group", name=re.compile(r"18\.? november|18 Nov", re.IGNORECASE))
        wednesday.locator("label.choice").filter(has_text=words("Left early")).click()
        screen.locator("label.choice").filter(has_text=words("About %(percent)s %%", percent=50)).click()
        screen.get_by_role("group", name="Rengøring").locator("label.choice").filter(has_text=words("With some help")).click()
        screen.get_by_label(words("What went well? (optional)")).fill("Mødte til tiden og spurgte, når hun var i tvivl")
        screen.get_by_role("button", name=words("Save the week")).click()
        screen.get_by_text(words("Thank you. Your answers are saved.")).wait_for()
        assert screen.evaluate("document.documentElement.scrollWidth") <= 320

        # The consultant sees the workplace's account on her timeline ...
        desk.goto(f"{live_server}/c/citizens/{amina.id}")
        account = desk.locator("section#workplace")
        account.wait_for()
        shown = account.inner_text()
        assert "Lone Andersen" in shown and "Mødte til tiden" in shown
        # ... and in the report's PDF: the pace with its source, the task's level, the confirmed days.
        text = saved_report_text(desk, live_server, amina.id, words, pdftotext, tmp_path / "report.pdf")
        assert "50 %" in text and "Lone Andersen" in text and "Rengøring" in text
    finally:
        phone.close()
        staff.close()
