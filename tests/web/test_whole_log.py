"""Her whole log from her phone: "my week" pages back to the start of her log (never before it, never into the
future), days too old to change are shown read-only, and "my data" is one tap away on her pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.domain.week import log_page
from app.models import AuditEvent, Citizen, Course, DayEntry
from tests.conftest import FROZEN_NOW, TODAY, Clock
from tests.helpers import post_day, translated

DAY = re.compile(r'<li class="day status-[^"]+"[^>]*>\s*<span class="day-date">([^<]+)</span>')
LATER = re.compile(r'<a class="pager-link pager-later" href="([^"]+)">')
EARLIER = re.compile(r'<a class="pager-link pager-earlier" href="([^"]+)">')


def _signed_in(app: Flask, activate: Callable[[FlaskClient, Citizen], None], citizen: Citizen) -> FlaskClient:
    client = app.test_client()
    activate(client, citizen)
    return client


def _page(client: FlaskClient, url: str) -> tuple[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.get_data(as_text=True)
    return html, DAY.findall(html)


def _day_labels(app: Flask, language: str, first: date, last: date) -> list[str]:
    """The row labels of these days, newest first, as her pages write them."""
    from flask_babel import force_locale

    from app.web.i18n import day_label

    with app.test_request_context("/"), force_locale(language):
        return [day_label(last - timedelta(days=n)) for n in range((last - first).days + 1)]


def test_the_pages_go_back_to_her_course_start_never_beyond_and_forward_to_today(
        app: Flask, make_citizen: Callable[..., Citizen], activate: Callable[[FlaskClient, Citizen], None],
        db: Session) -> None:
    start = date(2026, 9, 7)  # ten weeks and three days before today
    citizen = make_citizen(valid_from=start)
    client = _signed_in(app, activate, citizen)
    html, rows = _page(client, "/week")
    assert LATER.search(html) is None  # the newest page ends today
    seen, urls = list(rows), ["/week"]
    while match := EARLIER.search(html):
        urls.append(match.group(1).replace("&amp;", "&"))
        html, rows = _page(client, urls[-1])
        assert 1 <= len(rows) <= 14
        seen += rows
    # Every day from her start to today exactly once, newest first, and nothing before her start.
    assert seen == _day_labels(app, "so", start, TODAY)
    assert urls[1:] == ["/week?before=2026-11-05", "/week?before=2026-10-22", "/week?before=2026-10-08",
                        "/week?before=2026-09-24", "/week?before=2026-09-10"]
    assert len(rows) == 3  # the first page of her log: 7, 8 and 9 September
    # And forward again, page by page, to the newest page.
    forward = []
    while match := LATER.search(html):
        forward.append(match.group(1))
        html, _rows = _page(client, forward[-1])
    assert forward == ["/week?before=2026-09-24", "/week?before=2026-10-08", "/week?before=2026-10-22",
                       "/week?before=2026-11-05", "/week"]
    # Every page she read is audited like the week view, without anything she wrote.
    reads = db.exec(select(AuditEvent).where(AuditEvent.action == "entry.read", AuditEvent.citizen_id == citizen.id)).all()
    assert len(reads) == len(urls) + len(forward) and {r.object_type for r in reads} == {"week"}


def test_no_page_reaches_before_her_log_or_into_the_future(
        citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client  # her course started on 2 November
    newest = client.get("/week").get_data(as_text=True)
    for before in ("2026-11-19", "2027-06-01", "9999-12-31"):
        html, rows = _page(client, f"/week?before={before}")
        assert rows == DAY.findall(newest) and LATER.search(html) is None, before
    for before in ("2026-11-02", "2026-01-01", "0001-01-01"):
        html, rows = _page(client, f"/week?before={before}")
        assert len(rows) == 1 and EARLIER.search(html) is None, before  # her first day, and no page before it
    for bad in ("yesterday", "2026-02-30", "2026-11-18T00:00"):
        assert client.get(f"/week?before={bad}").status_code == 404


def test_her_log_starts_at_an_entry_older_than_her_course(
        citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    post_day(client, date(2026, 11, 11), {"attendance": "full", "pain": "2"})
    course = db.exec(select(Course).where(Course.citizen_id == citizen.id)).one()
    course.start = date(2026, 11, 16)  # moved later after she had logged
    db.add(course)
    db.commit()
    html, rows = _page(client, "/week")
    assert len(rows) == 8 and EARLIER.search(html) is None  # 11 to 18 November


def test_days_past_the_window_are_shown_read_only(
        app: Flask, citizen_client: tuple[FlaskClient, Citizen], db: Session, frozen_clock: Clock) -> None:
    client, citizen = citizen_client
    old, note = date(2026, 11, 4), "Ryggen gjorde ondt"
    frozen_clock.now = FROZEN_NOW - timedelta(days=14)  # she wrote it on the day itself
    assert post_day(client, old, {"attendance": "full", "pain": "6", "evening": "4", "note": note}).status_code == 303
    frozen_clock.now = FROZEN_NOW
    html, _rows = _page(client, "/week?before=2026-11-05")
    row = html.split('<li class="day')[1].split("</li>")[0]  # newest first: 4 November
    assert 'class="pain-chip scale-6"' in row and 'href="/day/2026-11-04"' in row
    assert "#i-eye" in row and "#i-edit" not in row  # to read, not to change
    # A planned day past the window that she never wrote about: not "not written yet", and why she cannot now.
    reason = translated(app, citizen.preferred_language,
                        "Too long ago to write about now. Tell your consultant if something is missing.")
    unwritten = [r.split("</li>")[0] for r in html.split('<li class="day')[1:] if reason in r]
    assert unwritten and all("#i-edit" not in r and "<a " not in r for r in unwritten)
    assert all(translated(app, citizen.preferred_language, "You wrote nothing") in r for r in unwritten)
    assert translated(app, citizen.preferred_language, "Not written yet") not in html
    # The day itself: her answers as her form showed them, every control disabled, nothing to send.
    response = client.get("/day/2026-11-04")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    main = page.split('<main id="main">')[1]
    assert '<fieldset class="readonly-answers" disabled>' in main and "<form" not in main
    assert 'name="csrf_token"' not in main and 'type="submit"' not in main
    assert re.search(r'name="pain" value="6" checked', main) and re.search(r'name="evening" value="4" checked', main)
    assert note in main and 'href="/week?before=2026-11-05"' in main
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "entry.read", AuditEvent.object_type == "day")).one()
    entry = db.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id, DayEntry.day == old)).one()
    assert (event.actor_kind, event.citizen_id, event.object_id) == ("citizen", citizen.id, entry.id)
    # Still no way to change it.
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/today").get_data(as_text=True)).group(1)
    refused = client.post("/day/2026-11-04", data={"csrf_token": token, "idempotency_key": "k" * 36, "attendance": "full", "pain": "1"})
    assert refused.status_code == 403
    # A day of her log with nothing written says so; before her log and in the future: as before, not hers to open.
    empty = client.get("/day/2026-11-03")
    assert empty.status_code == 200
    assert translated(app, citizen.preferred_language, "Nothing was written for this day.") in empty.get_data(as_text=True)
    assert client.get("/day/2026-11-01").status_code == 403
    assert client.get("/day/2026-11-19").status_code == 403
    # Inside the window the form stays a form.
    assert "<form" in client.get("/day/2026-11-16").get_data(as_text=True).split('<main id="main">')[1]


def test_older_pages_speak_her_language(app: Flask, make_citizen: Callable[..., Citizen],
                                        activate: Callable[[FlaskClient, Citizen], None]) -> None:
    from flask_babel import force_locale

    from app.web.i18n import day_label

    client = _signed_in(app, activate, make_citizen(language="ar", valid_from=date(2026, 10, 1)))
    html, _rows = _page(client, "/week?before=2026-11-05")
    with app.test_request_context("/"), force_locale("ar"):
        first, last = day_label(date(2026, 10, 22)), day_label(date(2026, 11, 4))
    assert "نوفمبر" in last and first in html and last in html
    assert 'dir="rtl"' in html


def test_my_data_is_one_tap_away_on_her_pages(app: Flask, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, citizen = citizen_client
    words = re.escape(translated(app, citizen.preferred_language, "My data"))
    for path in ("/today", "/week", "/week?before=2026-11-05", "/day/2026-11-16", "/call-me"):
        # Below every page, beside "PIN and sign out" (three tabs keep their words whole at 320 px).
        footer = client.get(path).get_data(as_text=True).split('<footer class="phone-footer">')[1].split("</footer>")[0]
        assert re.search(r'<a class="button" href="/my-data">\s*<svg class="icon"[^>]*>.*?#i-info.*?</svg><span>' + words + '</span></a>',
                         footer, re.S), path
    mine = client.get("/my-data").get_data(as_text=True)
    assert '<a class="button" href="/my-data" aria-current="page">' in mine


def test_a_page_holds_the_span_before_the_day_it_names() -> None:
    """The paging rule itself (app/domain/week.py)."""
    start, today = date(2026, 9, 7), TODAY
    newest = log_page(today=today, start=start, before=None, span=14)
    assert (newest.first, newest.last, newest.earlier, newest.later, newest.is_newest) == (
        date(2026, 11, 5), today, date(2026, 11, 5), None, True)
    older = log_page(today=today, start=start, before=date(2026, 11, 5), span=14)
    assert (older.first, older.last, older.earlier, older.later, older.is_newest) == (
        date(2026, 10, 22), date(2026, 11, 4), date(2026, 10, 22), None, False)  # the page after it is the newest
    assert log_page(today=today, start=start, before=date(2026, 10, 22), span=14).later == date(2026, 11, 5)
    # A course that starts next week: only today, nothing ahead.
    ahead = log_page(today=today, start=today + timedelta(days=7), before=None, span=14)
    assert (ahead.first, ahead.last, ahead.earlier, ahead.days) == (today, today, None, 1)
