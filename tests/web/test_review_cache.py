"""The review list's kept rows and review items (app/web/fragment_cache.py) draw the very bytes of a fresh render.

Each test reads the page with fragments kept (after an earlier view filled them) and again with `RENDER_CACHE` off,
and asserts the two equal: after a new entry, an acknowledgement, a verdict, another page language and the next day.
A key that missed any of those would serve the fragment of before, and the two pages would differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import Template
from sqlmodel import Session, select

from app.models import Citizen, DayEntry, FlagState, StaffUser
from app.web.consultant.review_views import IdUrls, RespondUrls
from tests.conftest import FROZEN_NOW, TODAY
from tests.helpers import csrf_token, translated, translated_plural
from tests.web.test_review_list import RECENT, woman


@pytest.fixture
def varied(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> dict[str, Citizen]:
    """Women with flags of every level the list draws, an acknowledged one shown again as worse, one silent, one
    without entries and one who speaks Arabic."""
    women = {
        "steady": woman(db, make_citizen, consultant, "Steady Sahra", lambda d: 4),
        "pain": woman(db, make_citizen, consultant, "Painful Pia", lambda d: 8 if d >= RECENT else 4),
        "absent": woman(db, make_citizen, consultant, "Absent Asha", lambda d: 5,
                        lambda d: "absent" if d >= RECENT else "full"),
        "tired": woman(db, make_citizen, consultant, "Tired Tove", lambda d: 9 if d >= RECENT else 2,
                       lambda d: "early" if d >= RECENT else "full", lambda d: 5 if d >= RECENT else 2),
        "silent": woman(db, make_citizen, consultant, "Silent Sara", lambda d: 4, until=TODAY - timedelta(days=15)),
        "arabic": woman(db, make_citizen, consultant, "سارة Arabic", lambda d: 7 if d >= RECENT else 3),
    }
    women["arabic"].preferred_language = "ar"
    empty = make_citizen(name="Empty Emma", language="da")
    empty.consultant_id = consultant.id
    for citizen in (women["arabic"], empty):
        db.add(citizen)
    db.commit()
    women["empty"] = empty
    return women


@pytest.fixture
def kept(app: Flask) -> Iterator[Flask]:
    """Fragments kept, as in production (tests run without auto-reload, so the cache is on)."""
    app.config["RENDER_CACHE"] = True
    yield app
    app.config["RENDER_CACHE"] = True


def _page(browser: FlaskClient, **headers: str) -> str:
    response = browser.get("/c/", headers=headers)
    assert response.status_code == 200
    return re.sub(r'(name="csrf_token" value="|"X-CSRFToken": ")[^"]*"', r'\1"', response.get_data(as_text=True))


def both(app: Flask, browser: FlaskClient, **headers: str) -> str:
    """The page with fragments kept and drawn afresh; asserted equal, byte for byte."""
    cached = _page(browser, **headers)
    app.config["RENDER_CACHE"] = False
    try:
        fresh = _page(browser, **headers)
    finally:
        app.config["RENDER_CACHE"] = True
    assert cached == fresh
    return cached


def _kept(app: Flask) -> int:
    return len(app.extensions["fragment_cache"][0])


def _row(html: str, name: str) -> str:
    table = html.split('<table class="caseload">')[1]
    return next(row for row in table.split("<tr>") if f"<bdi>{name}</bdi>" in row)


def _item(html: str, name: str) -> str:
    return "".join(item for item in html.split('<div class="review-item">')[1:] if f"<bdi>{name}</bdi>" in item.split("</h3>")[0])


def test_the_kept_page_is_the_fresh_page(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen],
                                        db: Session) -> None:
    first = both(kept, browser)  # fills the cache
    assert _kept(kept) >= len(varied)
    for css in ("red", "amber", "contact"):
        assert f'<article class="flag flag-{css}"' in first
    again = both(kept, browser)  # every row and item now comes from the cache (and each woman, read fresh, is kept whole)
    assert again == first
    kept_now = _kept(kept)
    assert both(kept, browser) == first and _kept(kept) == kept_now  # nothing drawn again
    assert both(kept, browser, **{"HX-Request": "true"}) in first  # the table alone, as a search types it
    assert translated(kept, "da", "No entries yet") in _row(first, "Empty Emma")
    assert "العربية" in _row(first, "سارة Arabic")
    lane = first.split('id="today-lane"')[1].split("</section>")[0]  # the today lane's lines are kept fragments too
    assert "Absent Asha" in lane and "Steady Sahra" not in lane
    review = first.split('class="review review-now"')[1].split('<table class="caseload">')[0]
    assert "csrf_token" not in review and "csrf_token" not in first.split('<table class="caseload">')[1]  # nothing of the viewer kept


def test_a_card_asking_for_a_reason_is_drawn_for_her_page_alone(kept: Flask, browser: FlaskClient,
                                                                varied: dict[str, Citizen]) -> None:
    pia = varied["pain"]
    both(kept, browser)
    asking = browser.get(f"/c/?reason_needed=flag-{pia.id}-R2").get_data(as_text=True)
    assert '<details class="flag-respond" open>' in _item(asking, "Painful Pia") and 'name="csrf_token"' in asking
    assert '<details class="flag-respond" open>' not in _item(_page(browser), "Painful Pia")  # not kept


def test_a_kept_template_module_gives_each_request_its_own_token(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen],
                                                                  consultant: StaffUser, sign_in: Callable[..., FlaskClient]) -> None:
    """The macros' modules are kept across requests: what a macro reads of the request it is called in (the CSRF token
    of the viewer's session) comes from that request, not from the one that made the module."""
    pia = varied["pain"]
    asking = f"/c/?reason_needed=flag-{pia.id}-R2"
    token = lambda html: re.search(r'name="csrf_token" value="([^"]+)"', _item(html, "Painful Pia")).group(1)  # noqa: E731
    first = token(browser.get(asking).get_data(as_text=True))  # makes the review item's module, and keeps it
    other = sign_in(consultant)
    second = token(other.get(asking).get_data(as_text=True))  # drawn with the kept module
    assert second != first
    response = other.post(f"/c/citizens/{pia.id}/flags/R2/acknowledge", data={"csrf_token": second, "reason": "holiday"})
    assert response.status_code == 303


def test_a_page_with_one_woman_changed_draws_her_without_making_a_module(
        kept: Flask, browser: FlaskClient, varied: dict[str, Citizen], db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    make_module = Template.make_module
    with monkeypatch.context() as patch:
        patch.setattr(Template, "make_module", lambda self, *a, **k: made.append(self.name) or make_module(self, *a, **k))
        _page(browser)
        assert "consultant/_caseload_row.html" in made and "consultant/_review_item.html" in made
        made.clear()
        _page(browser)
        unchanged = list(made)  # the page's own imports
        sahra = varied["steady"]
        for entry in db.exec(select(DayEntry).where(DayEntry.citizen_id == sahra.id, DayEntry.day >= RECENT)).all():
            entry.pain = 9
            db.add(entry)
        db.commit()
        made.clear()
        _page(browser)
        assert made == unchanged  # her row and item drawn with the modules the first view made
    both(kept, browser)  # and the page is the fresh page


def test_an_acknowledgement_and_a_verdict_change_her_card(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen],
                                                          db: Session) -> None:
    before = both(kept, browser)
    pia, asha = varied["pain"], varied["absent"]
    # Acknowledged at a lower severity: shown again as worse, with the acknowledgement on the card.
    state = db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).one()
    state.ack_reason, state.ack_level, state.ack_severity = "holiday", state.level, 0.0
    state.acknowledged_at = FROZEN_NOW - timedelta(days=1)
    db.add(state)
    db.commit()
    response = browser.post(f"/c/citizens/{asha.id}/flags/R1/verdict",
                            data={"csrf_token": csrf_token(browser, "/c/"), "useful": "1"})
    assert response.status_code == 303
    after = both(kept, browser)
    assert _item(after, "Painful Pia") != _item(before, "Painful Pia")
    assert translated(kept, "da", "Holiday") in _item(after, "Painful Pia")
    assert translated(kept, "da", "You marked this flag as useful.") in _item(after, "Absent Asha")
    assert translated(kept, "da", "You marked this flag as useful.") not in _item(before, "Absent Asha")
    assert _item(after, "Tired Tove") == _item(before, "Tired Tove")  # the others as they were


def test_a_new_entry_changes_her_row(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen], db: Session) -> None:
    before = both(kept, browser)
    sahra = varied["steady"]
    for entry in db.exec(select(DayEntry).where(DayEntry.citizen_id == sahra.id, DayEntry.day >= RECENT)).all():
        entry.pain, entry.hours_worked, entry.attendance = 7, 1.0, "early"
        db.add(entry)
    db.commit()
    after = both(kept, browser)
    assert _row(after, "Steady Sahra") != _row(before, "Steady Sahra")
    assert _row(after, "Painful Pia") == _row(before, "Painful Pia")


def test_a_new_name_or_workplace_draws_her_again(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen],
                                                 db: Session) -> None:
    """Her whole part of the page is kept by what the listing read of her: her name and workplace are part of it."""
    before = both(kept, browser)
    pia = varied["pain"]
    pia.display_name = "Pia Renamed"
    db.add(pia)
    db.commit()
    after = both(kept, browser)
    assert "<bdi>Pia Renamed</bdi>" in _row(after, "Pia Renamed") and _item(after, "Pia Renamed")
    assert "Painful Pia" not in after
    assert _row(after, "Tired Tove") == _row(before, "Tired Tove")


def test_another_page_language_draws_its_own(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    danish = both(kept, browser)
    monkeypatch.setattr(kept.extensions["babel"], "locale_selector", lambda: "ar")
    arabic = both(kept, browser)
    assert _row(arabic, "Empty Emma") != _row(danish, "Empty Emma")
    assert translated(kept, "ar", "No entries yet") in _row(arabic, "Empty Emma")
    monkeypatch.setattr(kept.extensions["babel"], "locale_selector", lambda: "da")
    assert both(kept, browser) == danish


def test_the_next_day_draws_her_row_again(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen],
                                          frozen_clock: object, consultant: StaffUser,
                                          sign_in: Callable[..., FlaskClient]) -> None:
    before = both(kept, browser)  # her last entry is today's
    ago = lambda n: translated_plural(kept, "da", "%(num)s day ago", "%(num)s days ago", n)  # noqa: E731
    assert ago(0) in _row(before, "Steady Sahra")
    frozen_clock.advance(days=1)  # type: ignore[attr-defined]
    after = both(kept, sign_in(consultant))
    assert ago(1) in _row(after, "Steady Sahra") and ago(0) not in _row(after, "Steady Sahra")


def test_off_while_templates_may_change(kept: Flask, browser: FlaskClient, varied: dict[str, Citizen]) -> None:
    kept.jinja_env.auto_reload = True
    try:
        both(kept, browser)
        assert "fragment_cache" not in kept.extensions
    finally:
        kept.jinja_env.auto_reload = False


def test_the_urls_put_together_are_url_fors(kept: Flask) -> None:
    from flask import url_for

    with kept.test_request_context("/", base_url="http://localhost/prefix-9876543210"):
        for citizen_id in (1, 42, 987654321, 10**12):
            assert IdUrls("consultant.timeline")(citizen_id) == url_for("consultant.timeline", citizen_id=citizen_id)
            assert RespondUrls()["R4"](citizen_id) == url_for("consultant.respond_to_flag", citizen_id=citizen_id, rule="R4")
