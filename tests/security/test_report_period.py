"""Security item 6, last part (issue 17): a report's period is bounded to her course and today.

`?start=0001-01-01` raised OverflowError (a 500) and 1900-01-01 made the app count 46,000 days.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.domain.report import bounded_period
from app.models import Citizen, WorkReport
from tests.conftest import TODAY
from tests.helpers import csrf_token
from tests.web.test_report import START, fatima  # noqa: F401 - fatima is a fixture (her course starts on START)


def _period(html: str) -> tuple[str, str]:
    found = re.search(r'name="start" value="([^"]+)"><input type="hidden" name="end" value="([^"]+)"', html)
    assert found
    return found.group(1), found.group(2)


@pytest.mark.parametrize(("query", "period"), [
    ("start=0001-01-01", (START, TODAY)),
    ("start=0001-01-01&end=0001-01-01", (START, START)),
    ("start=1900-01-01&end=9999-12-31", (START, TODAY)),
    ("start=9999-12-31", (TODAY, TODAY)),
    ("end=9999-12-31", (START, TODAY)),
    ("start=2026-10-05&end=2026-10-25", (date(2026, 10, 5), date(2026, 10, 25))),
])
def test_the_period_is_moved_inside_her_course_and_never_past_today(browser: FlaskClient, fatima: Citizen, query: str,
                                                                    period: tuple[date, date]) -> None:
    response = browser.get(f"/c/citizens/{fatima.id}/report?{query}")
    assert response.status_code == 200
    assert _period(response.get_data(as_text=True)) == (period[0].isoformat(), period[1].isoformat())


@pytest.mark.parametrize("query", ["start=garbage", "end=2026-13-45", "start=%00", "start=2026-11-01&end=2026-10-01",
                                   "start=99999-01-01", "start=-0001-01-01"])
def test_garbage_and_reversed_periods_are_refused_not_a_crash(browser: FlaskClient, fatima: Citizen, query: str) -> None:
    assert browser.get(f"/c/citizens/{fatima.id}/report?{query}").status_code == 400


def test_a_saved_report_is_bounded_too(db: Session, browser: FlaskClient, fatima: Citizen) -> None:
    response = browser.post(f"/c/citizens/{fatima.id}/reports", data={
        "csrf_token": csrf_token(browser, "/c/"), "start": "0001-01-01", "end": "9999-12-31", "assessment": "Vurdering"})
    assert response.status_code == 303
    saved = db.exec(select(WorkReport)).one()
    assert (saved.period_start, saved.period_end) == (START, TODAY)
    assert browser.get(response.headers["Location"]).status_code == 200


def test_the_bounds_are_her_course_or_the_last_year_and_never_the_future() -> None:
    course = (date(2026, 5, 4), date(2026, 11, 2))
    assert bounded_period(date.min, date.max, course, TODAY) == course
    assert bounded_period(date.min, date.max, (date(2026, 9, 7), date(2027, 3, 8)), TODAY) == (date(2026, 9, 7), TODAY)
    assert bounded_period(date.min, date.max, None, TODAY) == (date(2025, 11, 19), TODAY)
    assert bounded_period(date.min, date.max, (date(2027, 1, 4), date(2027, 7, 5)), TODAY) == (TODAY, TODAY)  # not started yet
