"""The review list is a query: a warm view reads stored readings; her phone, her plan and the day make hers stale."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import CallRequest, Citizen, FlagReading, FlagState, StaffUser
from tests.conftest import FROZEN_NOW as TODAY_NOON
from tests.conftest import TODAY
from tests.helpers import csrf_token, post_day
from tests.web.test_review_list import RECENT, woman


@pytest.fixture
def caseload(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> dict[str, Citizen]:
    return {
        "steady": woman(db, make_citizen, consultant, "Steady Sahra", lambda d: 4),
        "pain": woman(db, make_citizen, consultant, "Painful Pia", lambda d: 8 if d >= RECENT else 4),
    }


def page(browser: FlaskClient, path: str = "/c/") -> str:
    """The page without its per-request CSRF token, so two views can be compared."""
    response = browser.get(path)
    assert response.status_code == 200
    return re.sub(r'(name="csrf_token" value="|"X-CSRFToken": ")[^"]+', "", response.get_data(as_text=True))


def ids(*citizens: Citizen) -> list[int]:
    return sorted(c.id for c in citizens)


def test_a_warm_view_reads_stored_readings_and_shows_the_same(db: Session, browser: FlaskClient, caseload: dict[str, Citizen],
                                                              recomputed: list[list[int]]) -> None:
    cold = page(browser)
    assert recomputed == [ids(*caseload.values())]
    assert page(browser) == cold
    assert len(recomputed) == 1
    assert {r.as_of for r in db.exec(select(FlagReading)).all()} == {TODAY}
    # Her timeline and the flag actions read the same readings.
    page(browser, f"/c/citizens/{caseload['pain'].id}")
    assert len(recomputed) == 1


def test_with_readings_off_every_view_recomputes_and_keeps_nothing(app: Flask, db: Session, browser: FlaskClient,
                                                                   caseload: dict[str, Citizen], recomputed: list[list[int]]) -> None:
    app.config["FLAG_READINGS"] = False
    first = page(browser)
    assert page(browser) == first
    assert recomputed == [ids(*caseload.values())] * 2
    assert [r.as_of for r in db.exec(select(FlagReading)).all() if r.as_of is not None] == []
    app.config["FLAG_READINGS"] = True
    assert page(browser) == first  # the stored path shows what the recomputing one did


def test_her_entry_from_her_phone_recomputes_only_her(app: Flask, browser: FlaskClient, caseload: dict[str, Citizen],
                                                      activate: Callable[[FlaskClient, Citizen], None],
                                                      recomputed: list[list[int]]) -> None:
    page(browser)
    phone = app.test_client()
    activate(phone, caseload["steady"])
    assert post_day(phone, TODAY, {"attendance": "absent", "absence_reason": "ill_pain", "told_in_advance": "no",
                                   "pain": "9"}).status_code == 303
    recomputed.clear()
    page(browser)
    assert recomputed == [[caseload["steady"].id]]


def test_once_her_answer_is_sent_her_reading_is_recomputed_so_the_list_recomputes_nobody(
        app: Flask, db: Session, browser: FlaskClient, caseload: dict[str, Citizen],
        activate: Callable[[FlaskClient, Citizen], None], recomputed: list[list[int]]) -> None:
    sahra = caseload["steady"]
    page(browser)
    phone = app.test_client()
    activate(phone, sahra)
    response = post_day(phone, TODAY, {"attendance": "absent", "absence_reason": "ill_pain", "told_in_advance": "no",
                                       "pain": "9"})
    assert response.status_code == 303
    recomputed.clear()
    response.close()  # the server has sent her answer: now her reading is recomputed (call_on_close)
    assert recomputed == [[sahra.id]]
    db.expire_all()
    assert db.get(FlagReading, sahra.id).as_of == TODAY
    recomputed.clear()
    page(browser)
    assert recomputed == []  # the list is a query again


def test_an_erased_woman_gets_no_reading_back_after_the_request(
        app: Flask, db: Session, browser: FlaskClient, caseload: dict[str, Citizen], recomputed: list[list[int]]) -> None:
    from app.db import get_session
    from app.services import audit
    from app.services.rights import anonymise
    from app.web import fresh_readings

    sahra = caseload["steady"]
    with app.test_request_context("/"):
        anonymise(get_session(), audit.SYSTEM, sahra.id, TODAY_NOON)
        response = fresh_readings._after_request(app.response_class("ok"))
        response.close()
    assert recomputed == []
    db.expire_all()
    assert db.get(FlagReading, sahra.id) is None


def test_a_call_request_and_its_handling_each_recompute_her(app: Flask, db: Session, browser: FlaskClient,
                                                            caseload: dict[str, Citizen],
                                                            activate: Callable[[FlaskClient, Citizen], None],
                                                            recomputed: list[list[int]]) -> None:
    sahra = caseload["steady"]
    assert "Steady Sahra" not in page(browser).split('class="review review-now"')[1].split("</section>")[0]
    phone = app.test_client()
    activate(phone, sahra)
    token = csrf_token(phone, "/today")
    assert phone.post("/call-me", data={"csrf_token": token}).status_code == 303
    recomputed.clear()
    assert "Steady Sahra" in page(browser).split('class="review review-now"')[1].split("</section>")[0]
    assert recomputed == [[sahra.id]]
    call = db.exec(select(CallRequest).where(CallRequest.citizen_id == sahra.id)).one()
    token = csrf_token(browser, f"/c/citizens/{sahra.id}")
    assert browser.post(f"/c/citizens/{sahra.id}/calls/{call.id}/handled", data={"csrf_token": token}).status_code == 303
    recomputed.clear()
    assert "Steady Sahra" not in page(browser).split('class="review review-now"')[1].split("</section>")[0]
    assert recomputed == [[sahra.id]]


def test_an_acknowledgement_on_the_list_recomputes_nothing(browser: FlaskClient, caseload: dict[str, Citizen],
                                                           recomputed: list[list[int]]) -> None:
    pia = caseload["pain"]
    assert f'id="flag-{pia.id}-R2"' in page(browser)
    response = browser.post(f"/c/citizens/{pia.id}/flags/R2/acknowledge", data={"csrf_token": csrf_token(browser, "/c/"),
                                                                                 "reason": "known_flare"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    now = page(browser).split('class="review review-now"')[1].split("</section>")[0]
    assert f'id="flag-{pia.id}-R2"' not in now
    assert recomputed == [ids(*caseload.values())]


def test_the_next_day_recomputes_everyone_once(browser: FlaskClient, caseload: dict[str, Citizen], frozen_clock: object,
                                               consultant: StaffUser, sign_in: Callable[..., FlaskClient],
                                               recomputed: list[list[int]]) -> None:
    page(browser)
    frozen_clock.advance(days=1)  # type: ignore[attr-defined]
    tomorrow = sign_in(consultant)
    page(tomorrow)
    page(tomorrow)
    assert recomputed == [ids(*caseload.values())] * 2


def test_a_search_computes_only_the_women_it_finds(browser: FlaskClient, caseload: dict[str, Citizen],
                                                   recomputed: list[list[int]]) -> None:
    html = page(browser, "/c/?q=pia")
    assert "Painful Pia" in html and "Steady Sahra" not in html
    assert recomputed == [[caseload["pain"].id]]


def test_a_new_plan_version_recomputes_her(db: Session, browser: FlaskClient, caseload: dict[str, Citizen],
                                           recomputed: list[list[int]]) -> None:
    from app.services import audit
    from app.services.citizens import set_schedule

    page(browser)
    set_schedule(db, audit.SYSTEM, caseload["pain"].id, hours=(3, 0, 3, 0, 3, 0, 0), valid_from=TODAY - timedelta(days=1))
    recomputed.clear()
    page(browser)
    assert recomputed == [[caseload["pain"].id]]


def test_a_woman_with_several_open_flags_is_one_row_with_each_flag_and_its_acknowledgement(
        db: Session, browser: FlaskClient, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> None:
    # Her row, her stored reading and her open episodes come in one statement, a line per episode: still one row.
    tired = woman(db, make_citizen, consultant, "Tired Tove", lambda d: 9 if d >= RECENT else 2,
                  lambda d: "early" if d >= RECENT else "full", lambda d: 5 if d >= RECENT else 2)
    page(browser)  # the first view opens her episodes
    episodes = db.exec(select(FlagState).where(FlagState.citizen_id == tired.id, FlagState.cleared_on.is_(None))).all()
    assert len(episodes) >= 3
    acknowledged = episodes[0]
    response = browser.post(f"/c/citizens/{tired.id}/flags/{acknowledged.rule}/acknowledge",
                            data={"csrf_token": csrf_token(browser), "reason": "known_flare"})
    assert response.status_code in (200, 303)
    html = page(browser)
    table = html[html.index('<table class="caseload">'):]
    assert table.count("<bdi>Tired Tove</bdi>") == 1
    # Each flag once, however many lines her episodes made; the acknowledged one stays quiet (it is no worse).
    cards = re.findall(rf'id="flag-{tired.id}-(R\d)"', html)
    assert sorted(cards) == sorted(e.rule for e in episodes if e.rule != acknowledged.rule)
    db.refresh(acknowledged)
    assert acknowledged.acknowledged_at is not None
