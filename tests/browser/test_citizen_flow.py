"""Her whole week in a real browser, in each of her four languages, on a 320 px phone and a Pixel 7.

Scan the card, agree, log a workday, a day she went home early, a day she was absent, correct
yesterday, look at "my week". Elements are found by role and accessible name in her language.
On the small phone every screen is saved to screenshots/ (ignored by git; the README's picture
is made from them by docs/make_screenshot.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Callable

import pytest
from flask import Flask
from sqlmodel import Session, select

from app import clock
from app.models import Citizen, DayEntry, EntryRevision
from app.services import audit
from app.services.activation import issue_code
from tests.browser.conftest import Words, new_phone
from tests.conftest import TODAY

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
YESTERDAY, MONDAY = TODAY - timedelta(days=1), TODAY - timedelta(days=2)
NAMES = {"da": "Leyla Demir", "ar": "فاطمة السيد", "ur": "نسرین اختر", "so": "Amina Yusuf"}


class Phone:
    """Her phone: taps counted, screens saved on the small phone."""

    def __init__(self, page: Any, words: Words, device: str) -> None:
        self.page, self.words, self.device, self.taps = page, words, device, 0

    def tap(self, locator: Any) -> None:
        locator.click()
        self.taps += 1

    def choose(self, name: str, group: str | None = None) -> None:
        """Tap the answer called `name` (a checkbox when it starts with "~"), inside the question `group`
        when names repeat. She taps the big label the (visually hidden) input sits in."""
        scope = self.page.get_by_role("group", name=group) if group else self.page
        role, name = ("checkbox", name[1:]) if name.startswith("~") else ("radio", name)
        control = scope.get_by_role(role, name=name, exact=True)
        self.tap(control.locator("xpath=ancestor::label[1]"))
        assert control.is_checked()

    def open(self, address: str) -> None:
        """Her tap on the home-screen icon (or a link) that opens the page."""
        self.page.goto(address)
        self.taps += 1

    def save(self) -> None:
        self.tap(self.page.get_by_role("button", name=self.words("Save")))
        self.page.get_by_text(self.words("Saved. Thank you!")).wait_for()

    def shoot(self, name: str) -> None:
        if self.device == "small":
            SCREENSHOTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / f"citizen-{self.words.language}-{name}.png"), full_page=True)


def _questions(words: Words) -> dict[str, str]:
    return {"pain": words("How much pain have you had today?"), "pain_then": words("How much pain did you have that day?"),
            "difficulty": words("How much did pain or your health make work hard today?")}


@pytest.mark.parametrize("device", ["small", "pixel7"])
@pytest.mark.parametrize("language", ["da", "ar", "ur", "so"])
def test_her_week_from_the_qr_code_to_my_week(playwright_chromium: Any, live_server: str, app: Flask, db: Session,
                                              make_citizen: Callable[..., Citizen], language: str, device: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    words = Words(app, language)
    citizen = make_citizen(name=NAMES[language], language=language, hours=(3, 3, 3, 3, 3, 0, 0), consented=False,
                           tasks=(("cleaning", "Rengøring"), ("dishes", "Opvask")))
    raw = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
    context = new_phone(playwright_chromium, device)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    errors: list[str] = []  # the page's own errors and what it logs as errors (an htmx attribute that finds nothing)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    phone = Phone(page, words, device)
    asked = _questions(words)
    try:
        # The QR code opens the welcome page in her language; one button agrees and signs the phone in.
        page.goto(f"{live_server}/a/{raw}")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language in ("ar", "ur") else "ltr")
        page.get_by_role("heading", name=words("Hello, %(name)s", name=NAMES[language])).wait_for()
        phone.shoot("1-welcome")
        page.get_by_role("button", name=words("I understand and agree")).click()
        page.wait_for_url("**/today")

        # A workday: five taps from the home-screen icon (it opens today's page) to "saved".
        phone.taps = 0
        phone.open(f"{live_server}/today")
        phone.shoot("2-today")
        screens = [page.evaluate("document.documentElement.scrollHeight")]
        phone.choose(words("Yes, all of it"))  # the questions about her work show only now
        screens.append(page.evaluate("document.documentElement.scrollHeight"))
        with capsys.disabled():
            print(f"\n[{language}, {device}] today's page: {screens[0]} px high when opened, {screens[1]} px with the work "
                  f"questions ({screens[1] / page.viewport_size['height']:.1f} screens of {page.viewport_size['height']} px)")
        phone.choose(words.number(4), asked["pain"])
        phone.choose(words("OK"))
        phone.save()
        assert phone.taps <= 5, f"{phone.taps} taps for a workday"
        phone.shoot("3-saved")

        # Yesterday she went home early: six taps, from the link on "my week" to "saved".
        phone.taps = 0
        phone.tap(page.get_by_role("listitem").filter(has_text=words.day_short(YESTERDAY)).get_by_role("link", name=words("Write")))
        phone.choose(words("Yes, but I went home early"))
        page.get_by_role("group", name=words("Why did you go home early?")).wait_for()
        phone.choose(words.hours(1.5))
        phone.choose("~" + words("Pain"))
        phone.choose(words.number(7), asked["pain_then"])
        phone.shoot("4-early")
        phone.save()
        assert phone.taps <= 6, f"{phone.taps} taps for a day she went home early"

        # Monday she was not at work.
        page.get_by_role("listitem").filter(has_text=words.day_short(MONDAY)).get_by_role("link", name=words("Write")).click()
        phone.choose(words("No"), words("Were you at work?"))
        page.get_by_role("group", name=words("Why were you not at work?")).wait_for()  # htmx swaps the questions in
        phone.choose(words("Ill: pain"))
        phone.choose(words("Yes, I told them"))
        phone.choose(words.number(8), asked["pain_then"])
        phone.shoot("5-absent")
        phone.save()

        # She corrects yesterday: the form comes back with her answers; she changes the pain.
        page.get_by_role("listitem").filter(has_text=words.day_short(YESTERDAY)).get_by_role("link", name=words("Change")).click()
        page.get_by_text(words("You already wrote about this day. You can change your answers.")).wait_for()
        assert page.get_by_role("checkbox", name=words("Pain"), exact=True).is_checked()
        phone.choose("~" + words("Tired"))
        phone.choose(words.number(6), asked["pain_then"])
        phone.save()

        # My week: the three days with their words and icons, the pain she gave.
        week = page.get_by_role("list").filter(has=page.get_by_role("listitem"))
        for day, status, pain in ((TODAY, "At work", 4), (YESTERDAY, "Went home early", 6), (MONDAY, "Not at work", 8)):
            row = week.get_by_role("listitem").filter(has_text=words.day_short(day))
            assert words(status) in row.inner_text() and words("Pain %(n)s", n=words.number(pain)) in row.inner_text()
        # Saved online: nothing waited on the phone, so no "saved on your phone" or "sent" notice.
        assert page.locator('[data-state="queued"]').is_hidden() and page.locator('[data-state="sent"]').is_hidden()
        phone.shoot("6-week")
    finally:
        context.close()

    assert errors == []
    # The 102 KB Nastaliq font travels only to Urdu phones.
    assert any(url.endswith(".woff2") for url in fetched) == (language == "ur")

    db.expire_all()
    entries = {e.day: e for e in db.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id)).all()}
    assert {day: (e.attendance, e.pain) for day, e in entries.items()} == {
        TODAY: ("full", 4), YESTERDAY: ("early", 6), MONDAY: ("absent", 8)}
    assert (entries[YESTERDAY].hours_worked, entries[YESTERDAY].early_reasons) == (1.5, "pain,tired")
    # Only what she answered: nothing about breaks, how hard work was or her evening on the days she skipped them.
    assert [(e.breaks, e.difficulty, e.untouched) for e in entries.values()] == [(None, None, "")] * 3
    assert (entries[TODAY].evening, entries[YESTERDAY].evening) == (2, None)
    assert (entries[MONDAY].absence_reason, entries[MONDAY].told_in_advance) == ("ill_pain", True)
    assert len(db.exec(select(EntryRevision).where(EntryRevision.entry_id == entries[YESTERDAY].id)).all()) == 1
