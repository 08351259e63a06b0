""""My week": her last 14 days at a glance, in her language."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.config import PROJECT_ROOT
from app.models import AuditEvent, Citizen
from tests.conftest import TODAY
from tests.helpers import post_day

MONDAY, WEDNESDAY_BEFORE = date(2026, 11, 16), date(2026, 11, 11)


def test_it_shows_each_day_with_status_pain_and_hours(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    post_day(client, MONDAY, {"attendance": "early", "hours_worked": "1", "early_reasons": "pain", "pain": "7"})
    post_day(client, WEDNESDAY_BEFORE, {"attendance": "absent", "absence_reason": "ill_pain", "told_in_advance": "yes", "pain": "8"})
    html = client.get("/week").get_data(as_text=True)
    assert len(re.findall(r'<li class="day status-', html)) == 14
    assert 'class="day status-early"' in html and 'class="day status-absent"' in html
    assert html.count('class="day status-unknown"') == 2  # 9 and 18 November: planned, nothing written yet
    assert 'class="pain-chip scale-7"' in html and 'class="pain-chip scale-8"' in html
    assert 'lang="so"' in html


def test_it_thanks_her_after_saving_and_offers_changes_only_inside_the_window(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    response = post_day(client, MONDAY, {"attendance": "full", "pain": "3"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'role="status"' in html
    assert '/day/2026-11-16"' in html  # change Monday
    assert '/day/2026-11-09"' not in html  # nine days ago: too old to change
    assert 'href="/today"' in html


def test_it_audits_that_she_read_her_log(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    client.get("/week")
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "entry.read")).one()
    assert (event.actor_kind, event.actor_id, event.citizen_id) == ("citizen", citizen.id, citizen.id)


def test_it_shows_the_plan_not_zero_hours_for_a_day_not_written_yet(citizen_client: tuple[FlaskClient, Citizen], app: object) -> None:
    from tests.helpers import translated

    client, _citizen = citizen_client
    html = client.get("/week").get_data(as_text=True)
    unknown = html.split('class="day status-unknown"')[1].split("</li>")[0]
    plan = translated(app, "so", "Your plan: %(hours)s").split("%")[0]
    assert plan in unknown
    assert "0 " not in unknown.split("day-hours")[1][:20]


def test_a_day_before_today_belongs_to_my_week_and_today_to_today(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client

    def current(path: str) -> list[str]:
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        return re.findall(r'<a href="([^"]+)" aria-current="page">', html[html.index('<nav class="tabs"'):])

    assert current("/today") == ["/today"]
    assert current(f"/day/{TODAY.isoformat()}") == ["/today"]
    assert current(f"/day/{(TODAY - timedelta(days=1)).isoformat()}") == ["/week"]
    assert current("/week") == ["/week"]


@pytest.mark.parametrize(("language", "monday"), [
    ("da", "mandag d. 16. november"),
    ("so", "Isniin, 16 Noofeembar"),
    ("ar", "الاثنين، 16 نوفمبر"),
    ("ur", "پیر، 16 نومبر"),
])
def test_it_names_each_day_in_full_words_never_abbreviated(app: Flask, make_citizen: Callable[..., Citizen],
                                                            activate: Callable[[FlaskClient, Citizen], None],
                                                            language: str, monday: str) -> None:
    """"Mon 16 Nov" asks a reader with little schooling to know the abbreviations: her list says the whole words."""
    client = app.test_client()
    activate(client, make_citizen(language=language))
    html = client.get("/week").get_data(as_text=True)
    days = re.findall(r'<span class="day-date">([^<]+)</span>', html)
    assert len(days) == 14 and monday in days


def test_no_page_of_hers_writes_a_short_day() -> None:
    """The short form is for staff tables; a new citizen page reaching for it would bring the abbreviations back."""
    citizen_templates = (PROJECT_ROOT / "templates" / "citizen").glob("*.html")
    assert [path.name for path in citizen_templates if "day_short(" in path.read_text(encoding="utf-8")] == []
