"""The report with the course's activities: section 1 names the course's referred hours and her groups; section 3 gives
her attendance at teaching (and the other kinds) by week from the registers, beside the internship; the JSON export
lists her sessions with her marks, her treatment by its kind only. Facts only."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app.domain.activities import Attendance, Session as ActivitySession
from app.domain.report import activity_facts
from app.models import Citizen, StaffUser
from app.services.citizens import current_course
from tests.activity_rows import group, register, series
from tests.helpers import translated, translated_plural
from tests.web.test_report import save

FIRST, LAST = date(2026, 11, 2), date(2026, 11, 18)


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    """Referred for 12 hours; in "Hold A" with teaching Tue/Thu 9-11:30 (registers on four of five sessions) and her own
    physiotherapy on Fridays."""
    citizen = make_citizen(name="Amina", language="so")
    citizen.consultant_id = consultant.id
    course = current_course(db, citizen.id)
    course.referred_hours = 12
    db.add_all([citizen, course])
    db.commit()
    team = group(db, consultant, "Hold A", [citizen], FIRST)
    teaching = series(db, consultant, "teaching", FIRST, date(2026, 11, 30), {1, 3}, time(9), time(11, 30), "Jobsøgning", "Lokale 2",
                      group=team)
    for day, mark in ((date(2026, 11, 3), "present"), (date(2026, 11, 5), "absent"), (date(2026, 11, 10), "late"),
                      (date(2026, 11, 12), "present")):
        register(db, consultant, teaching, day, {citizen.id: mark})
    series(db, consultant, "treatment", FIRST, date(2026, 11, 30), {4}, time(13), time(14), "Psykiatrisk behandling", "Psykiatrien",
           citizen=citizen)
    return citizen


def _section(html: str, number: int) -> str:
    return html.split(f'id="r-{number}"', 1)[1].split("</section>", 1)[0]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_section_1_names_the_referred_hours_and_her_groups(app: Flask, browser: FlaskClient, amina: Citizen) -> None:
    header = _text(_section(browser.get(f"/c/citizens/{amina.id}/report?start={FIRST}&end={LAST}").get_data(as_text=True), 1))
    assert translated(app, "da", "Referred hours a week") in header
    assert translated(app, "da", "%(hours)s hours a week (internship and the course's activities together)", hours="12") in header
    assert translated(app, "da", "Groups") in header and "Hold A" in header


def test_section_3_gives_attendance_at_teaching_by_week_beside_the_internship(app: Flask, browser: FlaskClient, amina: Citizen) -> None:
    html = browser.get(f"/c/citizens/{amina.id}/report?start={FIRST}&end={LAST}").get_data(as_text=True)
    section = _section(html, 3)
    assert section.index('class="r-table"') < section.index('id="r-3-activities"')  # beside the internship, after it
    table = section.split('class="r-table r-activities"', 1)[1].split("</table>", 1)[0]
    rows = [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert translated(app, "da", "Teaching") in rows[0] and translated(app, "da", "Treatment") not in rows[0]  # no column for her appointments
    body = rows[1:4]
    assert body[0].endswith("1 / 2 0 5") and body[1].endswith("2 / 2 0 5")  # late is attended
    assert body[2].endswith("– 1 2,5") or body[2].endswith("– 1 2.5")  # the 17th has no register: unknown, not missed
    assert rows[4].endswith("3 / 4 1 12,5") or rows[4].endswith("3 / 4 1 12.5")
    notes = _text(section)
    assert translated(app, "da", "Counted from the registers taken at each session: present or late is attended. A session without a register is not counted as absence.") in notes
    assert translated_plural(app, "da", "Her own appointments (treatment): %(num)s session, planned around and never counted as course hours or absence.",
                             "Her own appointments (treatment): %(num)s sessions, planned around and never counted as course hours or absence.", 2) % {"num": 2} in notes
    assert "Psykiatrisk behandling" not in html  # facts only: her treatment is counted, never named


def test_a_woman_without_activities_has_no_activity_table(app: Flask, browser: FlaskClient, db: Session, make_citizen: Callable[..., Citizen],
                                                          consultant: StaffUser) -> None:
    hodan = make_citizen(name="Hodan")
    hodan.consultant_id = consultant.id
    db.add(hodan)
    db.commit()
    html = browser.get(f"/c/citizens/{hodan.id}/report?start={FIRST}&end={LAST}").get_data(as_text=True)
    assert "r-activities" not in html and translated(app, "da", "Groups") not in _section(html, 1)


def test_the_json_lists_her_sessions_with_her_marks_and_her_treatment_by_kind_only(browser: FlaskClient, amina: Citizen) -> None:
    location = save(browser, amina, assessment="Vurdering")
    document = browser.get(f"{location}/json").get_json()
    teaching = [a for a in document["activities"] if a["kind"] == "teaching"]
    assert [a["mark"] for a in teaching] == ["present", "absent", "late", "present"]  # the period ends on the 15th
    assert teaching[0] | {"mark": None} == {"day": "2026-11-03", "kind": "teaching", "start": "09:00", "end": "11:30", "title": "Jobsøgning",
                                           "place": "Lokale 2", "course_hours": 2.5, "mark": None}
    treatment = [a for a in document["activities"] if a["kind"] == "treatment"]
    assert treatment and all(a["title"] is None and a["place"] is None and a["course_hours"] == 0 for a in treatment)


def test_it_counts_by_week_and_kind_only_the_sessions_with_a_register() -> None:
    def held(day: date, kind: str = "teaching") -> ActivitySession:
        return ActivitySession(1 if kind == "teaching" else 2, kind, day, time(9), time(12), "x", "")
    sessions = [held(date(2026, 11, 2)), held(date(2026, 11, 4)), held(date(2026, 11, 9)), held(date(2026, 11, 6), "treatment")]
    facts = activity_facts(sessions, {(1, date(2026, 11, 2)): "absent", (1, date(2026, 11, 9)): "present", (2, date(2026, 11, 6)): "absent"})
    assert facts.kinds == ["teaching"] and facts.total == Attendance({"teaching": 2}, {"teaching": 1})
    assert [(w.monday, w.cell("teaching"), w.unregistered, w.appointments, w.planned_hours) for w in facts.weeks] == [
        (date(2026, 11, 2), (0, 1), 1, 1, 6.0), (date(2026, 11, 9), (1, 1), 0, 0, 3.0)]


def test_the_timeline_gives_planned_course_hours_as_internship_and_activities_and_her_attendance_by_week(
        app: Flask, browser: FlaskClient, amina: Citizen) -> None:
    html = browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)
    table = html.split('class="compact course-weeks"', 1)[1].split("</table>", 1)[0]
    rows = [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert translated(app, "da", "Teaching") in rows[0]
    # Danish day labels ("man. 2. nov."), then internship, activities, course hours / referred, teaching attended / registered.
    assert rows[-3:] == ["man. 2. nov. 6 5 11 / 12 1 / 2",  # internship 6 + teaching 2 x 2,5 of the referred 12; missed one
                         "man. 9. nov. 6 5 11 / 12 2 / 2",
                         "man. 16. nov. 6 2,5 8,5 / 12 –"]  # up to today: Tuesday's session, no register taken
    assert rows[1] == "man. 28. sep. 0 0 0 / 12 –"  # before her course began
