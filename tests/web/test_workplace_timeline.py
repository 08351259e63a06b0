"""The workplace's account on her timeline (issue 21): its status of each day, "accounts differ" where her entry and its
account put her in different places, attendance the consultant recorded with its source, pace per week with "cannot say
yet" apart, and each task's level by week; read in a fixed number of statements."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.domain.timeline import build_timeline
from app.domain.workplace_account import DayAccount, PaceWeek, TaskRating, WorkplaceAccount, pace_runs, task_levels
from app.domain.placements import Span
from app.models import (AttendanceRecord, Citizen, DayEntry, Internship, PlacementContact, StaffUser, Task, WorkplaceAccess,
                        WorkplaceDay, WorkplacePace, WorkplaceTaskRating)
from app.services import audit
from app.services.citizens import add_task
from app.web.charts.workplace import workplace_chart
from tests.conftest import FROZEN_NOW
from tests.helpers import translated, translated_plural
from tests.web.test_placement_boundaries import statements  # noqa: F401 - a fixture
from tests.web.test_placements import amina  # noqa: F401 - a fixture

SVG = "{http://www.w3.org/2000/svg}"
CONTACT = "Hanne Køkkenleder"
WENT_WELL = "Hun var god til opvasken"
DAY_NOTE = "Ringede kl. 9 og sagde hun var syg"


def _access(db: Session, placement: Internship, consultant: StaffUser, contact: PlacementContact | None, n: int) -> WorkplaceAccess:
    access = WorkplaceAccess(internship_id=placement.id, contact_id=contact.id if contact else None, token_hash=f"{n:064d}",
                             created_at=FROZEN_NOW, created_by_id=consultant.id, expires_at=FROZEN_NOW + timedelta(days=7),
                             used_at=FROZEN_NOW)
    db.add(access)
    db.flush()
    return access


def _entry(db: Session, citizen: Citizen, day: date, attendance: str, hours: float | None = None) -> None:
    db.add(DayEntry(citizen_id=citizen.id, day=day, attendance=attendance, hours_worked=hours, pain=3,
                    absence_reason="ill_pain" if attendance == "absent" else None, told_in_advance=attendance == "absent" or None,
                    idempotency_key=f"k{day}", payload_hash="x", created_at=FROZEN_NOW, updated_at=FROZEN_NOW))


def _day(db: Session, placement: Internship, access: WorkplaceAccess, day: date, status: str, note: str = "") -> None:
    db.add(WorkplaceDay(internship_id=placement.id, day=day, status=status, note=note, written_by_id=access.id,
                        idempotency_key=f"d{day}", created_at=FROZEN_NOW, updated_at=FROZEN_NOW))


def _pace(db: Session, placement: Internship, access: WorkplaceAccess, week: date, percent: int | None, **words: str) -> None:
    db.add(WorkplacePace(internship_id=placement.id, week=week, percent=percent, written_by_id=access.id,
                         idempotency_key=f"p{week}", created_at=FROZEN_NOW, updated_at=FROZEN_NOW, **words))


def _rate(db: Session, placement: Internship, access: WorkplaceAccess, task: Task, week: date, level: str) -> None:
    db.add(WorkplaceTaskRating(internship_id=placement.id, week=week, task_id=task.id, level=level, written_by_id=access.id))


def log_her_days(db: Session, citizen: Citizen) -> None:
    """Her own entries of write_account's table."""
    for day, attendance, hours in ((date(2026, 11, 2), "full", None), (date(2026, 11, 4), "full", None),
                                   (date(2026, 11, 9), "early", 1.5), (date(2026, 11, 11), "absent", None)):
        _entry(db, citizen, day, attendance, hours)
    db.commit()


def write_account(db: Session, amina: Citizen, consultant: StaffUser) -> Citizen:  # noqa: F811 - the fixture above
    """Amina at Køkkenet, Bybo (Mon and Wed, 3 h, from 2 November), two tasks. Her entries and the workplace's account:

    2 Nov  she: all of it          workplace: came
    4 Nov  she: all of it          workplace: did not come  <- accounts differ
    9 Nov  she: went home early    workplace: came late     (no difference: "late" fits both)
    11 Nov she: absent             workplace: day off       (no difference)
    16 Nov she: nothing            workplace: came; the consultant recorded "all of it", told by her on the phone
    Pace: week of 2 Nov cannot say yet, 9 Nov 25 %, 16 Nov 50 %. Rengøring: not yet, with some help, with some help;
    Opvask: with some help, then alone (week of 16 Nov)."""
    placement = db.exec(select(Internship)).one()
    add_task(db, audit.SYSTEM, amina.id, icon="dishes", label_da="Opvask", translations={})
    cleaning, dishes = db.exec(select(Task).order_by(Task.position, Task.id)).all()
    contact = PlacementContact(internship_id=placement.id, name=CONTACT)
    db.add(contact)
    db.flush()
    access = _access(db, placement, consultant, contact, 1)
    for day, status, note in ((date(2026, 11, 2), "came", ""), (date(2026, 11, 4), "absent", DAY_NOTE),
                              (date(2026, 11, 9), "late", ""), (date(2026, 11, 11), "day_off", ""), (date(2026, 11, 16), "came", "")):
        _day(db, placement, access, day, status, note)
    db.add(AttendanceRecord(citizen_id=amina.id, day=date(2026, 11, 16), attendance="full", source="her_by_phone",
                            recorded_by_id=consultant.id, created_at=FROZEN_NOW))
    _pace(db, placement, access, date(2026, 11, 2), None)
    _pace(db, placement, access, date(2026, 11, 9), 25, went_well=WENT_WELL)
    _pace(db, placement, access, date(2026, 11, 16), 50)
    for week, clean, dish in ((date(2026, 11, 2), "not_yet", "some_help"), (date(2026, 11, 9), "some_help", "some_help"),
                              (date(2026, 11, 16), "some_help", "alone")):
        _rate(db, placement, access, cleaning, week, clean)
        _rate(db, placement, access, dishes, week, dish)
    db.commit()
    return amina


@pytest.fixture
def rated(db: Session, amina: Citizen, consultant: StaffUser) -> Citizen:  # noqa: F811 - the fixture above
    """Amina with her entries and the workplace's account of write_account."""
    log_her_days(db, amina)
    return write_account(db, amina, consultant)


def _workplace_part(page: str) -> str:
    return page.split('class="chart chart-workplace"')[1].split("</figure>")[0]


def test_it_draws_the_workplace_row_with_a_symbol_and_words_for_every_day(app: Flask, browser: FlaskClient, rated: Citizen) -> None:
    page = browser.get(f"/c/citizens/{rated.id}?weeks=4").get_data(as_text=True)
    figure = _workplace_part(page)
    svg = ET.fromstring(figure[figure.index("<svg"):figure.index("</svg>") + 6])
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title").text or ""  # type: ignore[union-attr]
    assert title == svg.get("aria-label")
    # Every day the workplace answered is a mark with a symbol (never colour alone), and the words say the counts.
    marks = [g for g in svg.iter(f"{SVG}g") if (g.get("class") or "").startswith("wp-day ")]
    assert [m.get("class") for m in marks] == ["wp-day wp-came", "wp-day wp-absent wp-differs", "wp-day wp-late",
                                               "wp-day wp-day_off", "wp-day wp-came"]
    assert [m.find(f"{SVG}text").text for m in marks] == ["✓", "✕", "↗", "–", "✓"]  # type: ignore[union-attr]
    counts = translated(app, "da", "came as agreed %(came)s, came late %(late)s, left early %(early)s, did not come %(absent)s, not agreed (day off) %(off)s days.",
                        came="2", late="1", early="0", absent="1", off="1")
    assert counts in title
    assert translated_plural(app, "da", "Accounts differ on %(num)s day.", "Accounts differ on %(num)s days.", 1).replace("%(num)s", "1") in title
    # Pace per week: "cannot say yet" is its own hatched mark, not a bar of 0 %.
    assert translated(app, "da", "Pace in the week of %(day)s: %(pace)s.", day="man. 2. nov.", pace=translated(app, "da", "cannot say yet")) in title
    assert translated(app, "da", "Pace in the week of %(day)s: %(pace)s.", day="man. 9. nov.", pace="25 %") in title
    assert figure.count('class="wp-pace-unknown"') == 1 and figure.count('class="wp-pace"') == 2 + 1  # two bars and the legend's key
    assert 'fill="url(#wp-hatch-unknown)"' in figure
    # The legend names each symbol in words.
    for word in ("came as agreed", "came late", "left early", "did not come", "not agreed (day off)", "cannot say yet"):
        assert translated(app, "da", word) in figure


def test_it_marks_where_the_accounts_differ_and_who_wrote_it(app: Flask, browser: FlaskClient, rated: Citizen) -> None:
    page = browser.get(f"/c/citizens/{rated.id}?weeks=4").get_data(as_text=True)
    figure = _workplace_part(page)
    assert figure.count(">≠</text>") == 1  # only 4 November: "came late" fits her early day, a day off her absence
    detail = page.split('id="workplace"')[1].split("</section>")[0]
    differ = detail.split(translated(app, "da", "Accounts differ"))[1].split("</ul>")[0]
    assert "4. nov." in differ and "9. nov." not in differ and "11. nov." not in differ
    assert translated(app, "da", "her entry: %(hers)s; the workplace: %(theirs)s.", hers=translated(app, "da", "attended"),
                      theirs=translated(app, "da", "did not come")) in differ
    assert CONTACT in detail and DAY_NOTE in detail and WENT_WELL in detail


def test_it_shows_a_resolved_difference_with_the_consultants_note(app: Flask, db: Session, browser: FlaskClient, rated: Citizen,
                                                                  consultant: StaffUser) -> None:
    fourth = db.exec(select(WorkplaceDay).where(WorkplaceDay.day == date(2026, 11, 4))).one()
    fourth.resolved_by_id, fourth.resolved_at, fourth.resolution_note = consultant.id, FROZEN_NOW, "Hun kom kl. 11 efter lægen"
    db.add(fourth)
    db.commit()
    page = browser.get(f"/c/citizens/{rated.id}?weeks=4").get_data(as_text=True)
    assert 'class="wp-day wp-absent wp-differs wp-resolved"' in _workplace_part(page)
    differ = page.split('id="workplace"')[1].split(translated(app, "da", "Accounts differ"))[1].split("</ul>")[0]
    assert translated(app, "da", "resolved by the consultant") in differ and "Hun kom kl. 11 efter lægen" in differ


def test_it_shows_attendance_the_consultant_recorded_with_its_source(app: Flask, browser: FlaskClient, rated: Citizen,
                                                                     consultant: StaffUser) -> None:
    page = browser.get(f"/c/citizens/{rated.id}?weeks=4").get_data(as_text=True)
    figure = _workplace_part(page)
    assert figure.count('class="wp-recorded wp-recorded-full"') == 1
    recorded = page.split('id="workplace"')[1].split(translated(app, "da", "Attendance recorded by the consultant"))[1].split("</ul>")[0]
    assert "16. nov." in recorded
    assert translated(app, "da", "Source: %(source)s. Recorded by %(name)s.", source=translated(app, "da", "she told it by phone"),
                      name=consultant.name) in recorded


def test_it_marks_a_recorded_day_that_differs_from_the_entry_she_wrote_later(app: Flask, db: Session, browser: FlaskClient,
                                                                          rated: Citizen) -> None:
    _entry(db, rated, date(2026, 11, 16), "absent")  # recorded "all of it" from her call; she writes "absent" later
    db.commit()
    page = browser.get(f"/c/citizens/{rated.id}?weeks=4").get_data(as_text=True)
    figure = _workplace_part(page)
    assert figure.count(">≠</text>") == 2 and 'class="wp-recorded wp-recorded-full wp-differs"' in figure
    differ = page.split('id="workplace"')[1].split(translated(app, "da", "Accounts differ"))[1].split("</ul>")[0]
    absent = translated(app, "da", "absent")
    assert translated(app, "da", "her entry: %(hers)s; the workplace: %(theirs)s.", hers=absent,
                      theirs=translated(app, "da", "came as agreed")) in differ
    assert translated(app, "da", "her entry: %(hers)s; recorded by the consultant (source: %(source)s): %(theirs)s.", hers=absent,
                      source=translated(app, "da", "she told it by phone"), theirs=translated(app, "da", "attended")) in differ


def test_it_tabulates_each_task_level_by_week(app: Flask, browser: FlaskClient, rated: Citizen) -> None:
    page = browser.get(f"/c/citizens/{rated.id}?weeks=4").get_data(as_text=True)
    table = page.split('class="compact workplace-tasks"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert "Rengøring" in rows[0] and "Opvask" in rows[1]
    alone, help_, not_yet = (translated(app, "da", w) for w in ("does it alone", "with some help", "not yet"))
    assert rows[0].index(not_yet) < rows[0].index(help_) and alone not in rows[0]
    assert rows[1].count(help_) == 2 and rows[1].count(alone) == 1


def test_it_says_the_workplace_wrote_nothing_when_it_did_not(app: Flask, browser: FlaskClient, amina: Citizen) -> None:  # noqa: F811
    page = browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)
    assert translated(app, "da", "The workplace has given no account in this period.") in page
    assert translated(app, "da", "Nothing written yet.") in _workplace_part(page)


def test_it_names_the_workplace_when_the_link_named_nobody(app: Flask, db: Session, browser: FlaskClient, amina: Citizen,  # noqa: F811
                                                           consultant: StaffUser) -> None:
    placement = db.exec(select(Internship)).one()
    _day(db, placement, _access(db, placement, consultant, None, 2), date(2026, 11, 2), "came")
    db.commit()
    detail = browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True).split('id="workplace"')[1].split("</section>")[0]
    assert translated(app, "da", "the workplace") in detail


def test_it_reads_the_account_in_the_same_statements_however_much_was_written(
        db: Session, browser: FlaskClient, amina: Citizen, consultant: StaffUser, statements: list[str]) -> None:  # noqa: F811
    log_her_days(db, amina)
    browser.get(f"/c/citizens/{amina.id}?weeks=4")
    statements.clear()
    browser.get(f"/c/citizens/{amina.id}?weeks=4")
    silent = len(statements)
    write_account(db, amina, consultant)  # five days, three weeks of pace, six task ratings, a recorded day
    browser.get(f"/c/citizens/{amina.id}?weeks=4")
    statements.clear()
    page = browser.get(f"/c/citizens/{amina.id}?weeks=4").get_data(as_text=True)
    assert len(statements) == silent and CONTACT in page


def test_it_keeps_cannot_say_yet_apart_from_a_low_pace_and_merges_equal_weeks() -> None:
    span = Span(1, "Køkkenet", date(2026, 11, 2))
    paces = (PaceWeek(date(2026, 11, 2), None, ""), PaceWeek(date(2026, 11, 9), 25, "Hanne"), PaceWeek(date(2026, 11, 16), 25, "Hanne"),
             PaceWeek(date(2026, 11, 30), 25, "Hanne"))
    runs = pace_runs(paces)
    assert [(r.first_week, r.last_week, r.percent, r.weeks) for r in runs] == [
        (date(2026, 11, 2), date(2026, 11, 2), None, 1), (date(2026, 11, 9), date(2026, 11, 16), 25, 2),
        (date(2026, 11, 30), date(2026, 11, 30), 25, 1)]  # a week without an estimate breaks the run
    account = WorkplaceAccount(span, {date(2026, 11, 2): DayAccount(date(2026, 11, 2), "came", "", "")}, paces)
    chart = workplace_chart(build_timeline(plans=[], entries={}, today=date(2026, 11, 18), weeks=4), [account], {}, {})
    unknown, *bars = [p for p in chart.paces if p.week >= date(2026, 11, 2)]
    assert unknown.unknown and unknown.bar.height < bars[0].bar.height and [b.percent for b in bars] == [25, 25]
    assert not chart.narrow  # four weeks leave room for the symbols; eight draw them smaller
    assert workplace_chart(build_timeline(plans=[], entries={}, today=date(2026, 11, 18), weeks=8), [account], {}, {}).narrow


def test_it_gives_each_task_its_latest_level_and_how_it_moved() -> None:
    ratings = [TaskRating(1, "Opvask", 0, date(2026, 11, 2), "not_yet", "H"), TaskRating(1, "Opvask", 0, date(2026, 11, 9), "not_yet", "H"),
               TaskRating(1, "Opvask", 0, date(2026, 11, 16), "alone", "H"), TaskRating(2, "Kasse", 1, date(2026, 11, 9), "some_help", "H")]
    first, second = task_levels(ratings)
    assert (first.label, first.level, first.week, first.moved) == ("Opvask", "alone", date(2026, 11, 16), True)
    assert first.moves == ((date(2026, 11, 2), "not_yet"), (date(2026, 11, 16), "alone"))
    assert (second.label, second.level, second.moved) == ("Kasse", "some_help", False)


def test_the_page_stays_csp_clean(browser: FlaskClient, rated: Citizen, make_citizen: Callable[..., Citizen]) -> None:
    html = browser.get(f"/c/citizens/{rated.id}").get_data(as_text=True)
    assert " style=" not in html and "<script>" not in html
