"""The course beyond the internship in Chromium: a teacher registers a session on a tablet, with one woman absent
and one late, and the consultant sees it on the woman's timeline and in the report's PDF."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any, Callable

from flask import Flask
from sqlmodel import Session

from app import clock
from app.models import ActivityGroup, ActivitySeries, ActivityVersion, Citizen, GroupLeader, GroupMember, StaffUser
from app.services.staff import start_session
from tests.browser.conftest import Words, saved_report_text
from tests.helpers import require_program

TABLET = {"viewport": {"width": 768, "height": 1024}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
MONDAY = date(2026, 11, 16)


def test_a_teacher_registers_a_session_on_a_tablet_and_the_consultant_sees_it_on_the_timeline_and_in_the_pdf(
        playwright_chromium: Any, live_server: str, app: Flask, db: Session, consultant: StaffUser,
        make_staff: Callable[..., StaffUser], make_citizen: Callable[..., Citizen], tmp_path: Path) -> None:
    pdftotext = require_program("pdftotext", "poppler-utils")
    words = Words(app, "da")
    teacher = make_staff("teacher", name="Mette Underviser")
    women = [make_citizen(name=name) for name in ("Amina Yusuf", "Hodan Ali", "Sahra Warsame")]
    for woman in women:
        woman.consultant_id = consultant.id
        db.add(woman)
    made = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
    group = ActivityGroup(name="Hold Nord", start_week=date(2026, 11, 2), created_at=made, created_by_id=consultant.id)
    db.add(group)
    db.flush()
    db.add(GroupLeader(group_id=group.id, staff_id=teacher.id))
    for woman in women:
        db.add(GroupMember(group_id=group.id, citizen_id=woman.id, joined_on=date(2026, 11, 2)))
    teaching = ActivitySeries(kind="teaching", group_id=group.id, first_day=date(2026, 11, 2), last_day=date(2026, 12, 18),
                              created_at=made, created_by_id=consultant.id)
    db.add(teaching)
    db.flush()
    db.add(ActivityVersion(series_id=teaching.id, valid_from=date(2026, 11, 2), weekdays="023", start_time=time(9),
                           end_time=time(11, 30), title="Jobsøgning og CV", place="Lokale 2", leader_id=teacher.id, created_at=made,
                           created_by_id=consultant.id))
    db.commit()

    tablet = playwright_chromium.new_context(**TABLET)
    tablet.set_default_timeout(15_000)
    tablet.add_cookies([{"name": "logbog_staff", "value": start_session(db, teacher, user_agent="tablet", now=clock.utcnow()),
                         "url": live_server}])
    desk = playwright_chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    desk.set_default_timeout(15_000)
    desk.add_cookies([{"name": "logbog_staff", "value": start_session(db, consultant, user_agent="desk", now=clock.utcnow()),
                       "url": live_server}])
    try:
        # The teacher finds Monday's session on her home and takes its register: everyone present but two.
        screen = tablet.new_page()
        screen.goto(f"{live_server}/t/")
        screen.locator(f"a[href$='/sessions/{teaching.id}/{MONDAY.isoformat()}']").click()
        rows = screen.locator("fieldset.register-row")
        assert rows.count() == 3
        hodan = rows.filter(has_text="Hodan")
        hodan.locator("label.choice").filter(has_text=words("Absent")).click()
        hodan.get_by_label(re.compile(re.escape(words("Reason, if known")))).select_option("ill")
        rows.filter(has_text="Sahra").locator("label.choice").filter(has_text=words("Late")).click()
        screen.get_by_role("button", name=words("Save the register")).click()
        screen.get_by_text(words("The register is saved.")).wait_for()
        assert screen.evaluate("document.documentElement.scrollWidth") <= 768

        # The consultant sees it on Hodan's timeline: the teaching attended 0 of 1 registered in that week.
        page = desk.new_page()
        page.goto(f"{live_server}/c/citizens/{women[1].id}")
        weeks = page.locator("#course-weeks + table, #course-weeks ~ table").first
        weeks.wait_for()
        row = weeks.locator("tr").filter(has_text=re.compile(r"16\.? ?nov", re.IGNORECASE))
        assert "0 / 1" in row.inner_text()
        # ... and in the report's PDF.
        text = saved_report_text(page, live_server, women[1].id, words, pdftotext, tmp_path / "report.pdf")
        activities = text.split(words("Attendance at the course's activities by week"))[1]
        assert re.search(r"16\. nov\. 0 ?/ ?1 ", activities), activities[:400]  # her week: 0 attended of 1 registered
    finally:
        tablet.close()
        desk.close()
