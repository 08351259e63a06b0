"""Axe on her timeline and report with the workplace's account filled in (issue 21): the chart's marks, the detail
section, its tables and the report's new tables hold WCAG 2.2 A/AA."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app import clock
from app.models import Citizen, StaffUser
from app.services.staff import start_session
from tests.browser.test_accessibility import _axe
from tests.web.test_placements import amina  # noqa: F401 - a fixture
from tests.web.test_workplace_timeline import CONTACT, rated  # noqa: F401 - rated is a fixture


def test_the_timeline_and_report_with_the_workplaces_account_pass_axe(playwright_chromium: Any, live_server: str, db: Session,
                                                                     consultant: StaffUser, rated: Citizen) -> None:  # noqa: F811
    context = playwright_chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "logbog_staff", "value": start_session(db, consultant, user_agent="axe", now=clock.utcnow()),
                          "url": live_server}])
    page = context.new_page()
    problems: list[str] = []
    try:
        for url in (f"/c/citizens/{rated.id}", f"/c/citizens/{rated.id}?weeks=4",
                    f"/c/citizens/{rated.id}/report?start=2026-11-02&end=2026-11-18"):
            response = page.goto(live_server + url)
            assert response is not None and response.status == 200, url
            assert CONTACT in page.content(), url
            if "report" not in url:
                page.locator("section#workplace details summary").first.click()  # every day of the account, open
            problems += [f"{url}: {v}" for v in _axe(page)]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
