"""The review list: who needs her now, suggestions apart, acknowledge and verdict in place; flags on the timeline."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert
from sqlmodel import Session, select

from app import clock
from app.models import AuditEvent, Citizen, DayEntry, FlagState, StaffUser
from app.services import audit
from app.services.entries import request_call
from tests.conftest import FROZEN_NOW, TODAY
from tests.helpers import csrf_token, translated


def woman(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser, name: str,
          pains: Callable[[date], int], attendance: Callable[[date], str] = lambda d: "full",
          evenings: Callable[[date], int] = lambda d: 2, until: date = TODAY, days_off: tuple[date, ...] = ()) -> Citizen:
    """A woman on Mon/Wed 3 h since 7 Sep with every planned day logged up to `until` (and the `days_off` she wrote about)."""
    citizen = make_citizen(name=name, valid_from=date(2026, 9, 7))
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    rows, day = [], date(2026, 9, 7)
    while day <= until:
        if day.weekday() in (0, 2):
            state = attendance(day)
            rows.append(_entry(citizen, day, state, {"full": 3.0, "early": 1.0, "absent": 0.0}[state], pains(day), evenings(day)))
        day += timedelta(days=1)
    rows += [_entry(citizen, day, None, None, pains(day), evenings(day)) for day in days_off]
    db.execute(insert(DayEntry), rows)
    db.commit()
    return citizen


def _entry(citizen: Citizen, day: date, attendance: str | None, hours: float | None, pain: int, evening: int) -> dict[str, object]:
    return {"citizen_id": citizen.id, "day": day, "attendance": attendance, "hours_worked": hours, "early_reasons": "",
            "reason_text": "", "pain": pain, "evening": evening, "note": "", "entered_by": "self", "confirmed_by_citizen": True,
            "idempotency_key": f"{citizen.id}-{day}", "payload_hash": "x", "created_at": FROZEN_NOW, "updated_at": FROZEN_NOW}


RECENT = TODAY - timedelta(days=9)


@pytest.fixture
def caseload(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> dict[str, Citizen]:
    return {
        "steady": woman(db, make_citizen, consultant, "Steady Sahra", lambda d: 4),
        "pain": woman(db, make_citizen, consultant, "Painful Pia", lambda d: 8 if d >= RECENT else 4),
        "absent": woman(db, make_citizen, consultant, "Absent Asha", lambda d: 5,
                        lambda d: "absent" if d >= RECENT else "full"),
    }


def test_it_sorts_by_the_most_serious_flag_and_keeps_suggestions_apart(browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    html = browser.get("/c/").get_data(as_text=True)
    now = html.split('class="review review-now"')[1].split("</section>")[0]
    assert now.index("Absent Asha") < now.index("Painful Pia")  # red before amber
    assert "Steady Sahra" not in now
    suggestions = html.split('class="review review-suggestions"')[1].split("</section>")[0]
    assert "Steady Sahra" in suggestions and 'class="flag flag-suggestion"' in suggestions
    assert 'class="flag flag-red"' in now and 'class="flag flag-amber"' in now


def test_it_explains_each_flag_with_its_numbers(app: Flask, browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    from flask_babel import force_locale

    from app.domain.flags import Sentence
    from app.web.i18n import explain

    html = browser.get("/c/").get_data(as_text=True)
    # Mon/Wed: 4 work days in 14, but measures.md reads her last 5 logged days: "4 of the last 5", never "4 of the last 4".
    pain = Sentence.counted(("Pain higher than usual: %(pain)s on %(count)s of the last %(total)s work day.",
                             "Pain higher than usual: %(pain)s on %(count)s of the last %(total)s work days."),
                            {"pain": 8, "count": 4, "total": 5}, n="total")
    with app.test_request_context("/c/"), force_locale("da"):
        expected = explain([pain])
    assert expected in html.replace("&#39;", "'")
    assert translated(app, "da", "Red") in html


def test_it_shows_a_call_request_as_red_at_once(db: Session, browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    request_call(db, audit.Actor("citizen", caseload["steady"].id, "citizen"), caseload["steady"].id, clock.utcnow())
    now = browser.get("/c/").get_data(as_text=True).split('class="review review-now"')[1].split("</section>")[0]
    assert "Steady Sahra" in now


def test_it_acknowledges_in_place_and_stays_quiet_until_worse(db: Session, browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    pia = caseload["pain"]
    browser.get("/c/")  # the episode opens
    state = db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).one()
    assert state.since == TODAY and state.cleared_on is None
    response = browser.post(f"/c/citizens/{pia.id}/flags/R2/acknowledge", data={"csrf_token": csrf_token(browser, "/c/"),
                                                                                 "reason": "known_flare"}, headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert 'name="reason"' not in fragment and '<details class="flag-respond" open>' in fragment  # the verdict is left, still open
    db.refresh(state)
    assert (state.ack_reason, state.ack_level) == ("known_flare", state.level)
    now = browser.get("/c/").get_data(as_text=True).split('class="review review-now"')[1].split("</section>")[0]
    assert f'id="flag-{pia.id}-R2"' not in now
    assert browser.post(f"/c/citizens/{pia.id}/flags/R2/acknowledge",
                        data={"csrf_token": csrf_token(browser, "/c/"), "reason": "because"}).status_code == 404


def test_it_keeps_the_verdict_for_tuning(db: Session, browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    asha = caseload["absent"]
    browser.get("/c/")
    response = browser.post(f"/c/citizens/{asha.id}/flags/R1/verdict", data={"csrf_token": csrf_token(browser, "/c/"), "useful": "0"})
    assert response.status_code == 303
    state = db.exec(select(FlagState).where(FlagState.citizen_id == asha.id, FlagState.rule == "R1")).one()
    assert state.verdict == "not_useful" and state.verdict_by_id is not None


def test_it_closes_the_episode_when_the_flag_clears(db: Session, browser: FlaskClient, caseload: dict[str, Citizen],
                                                    frozen_clock: object, consultant: StaffUser,
                                                    sign_in: Callable[..., FlaskClient]) -> None:
    pia = caseload["pain"]
    browser.get("/c/")
    frozen_clock.advance(days=30)  # type: ignore[attr-defined]
    assert sign_in(consultant).get("/c/").status_code == 200  # a month later: a new sign-in
    db.expire_all()  # the app changed the row in its own session
    state = db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).one()
    assert state.cleared_on == TODAY + timedelta(days=30)


def test_it_marks_the_days_behind_each_flag_on_her_timeline(browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    html = browser.get(f"/c/citizens/{caseload['pain'].id}").get_data(as_text=True)
    assert 'id="flags"' in html and html.count("cal-flagged") >= 3


def test_it_keeps_flags_of_other_caseloads_out_of_reach(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient],
                                                        caseload: dict[str, Citizen]) -> None:
    other = sign_in(make_staff("consultant"))
    pia = caseload["pain"]
    for action, data in (("acknowledge", {"reason": "other"}), ("verdict", {"useful": "1"})):
        assert other.post(f"/c/citizens/{pia.id}/flags/R2/{action}", data={"csrf_token": csrf_token(other, "/c/"), **data}).status_code == 404
    for headers in ({"HX-Request": "true"}, {}):
        assert other.get(f"/c/citizens/{pia.id}/flags/R2", headers=headers).status_code == 404
    assert "Painful Pia" not in other.get("/c/").get_data(as_text=True)


def test_a_flag_that_clears_and_returns_the_same_day_goes_on_as_one_episode(db: Session, browser: FlaskClient,
                                                                             caseload: dict[str, Citizen]) -> None:
    """Corrections of today's entry can clear a flag and bring it back within the day (found by the load test)."""
    pia = caseload["pain"]
    browser.get("/c/")
    recent = DayEntry.citizen_id == pia.id, DayEntry.day >= RECENT

    def set_recent_pain(pain: int) -> None:
        for entry in db.exec(select(DayEntry).where(*recent)).all():
            entry.pain = pain
            db.add(entry)
        db.commit()

    set_recent_pain(4)
    assert browser.get("/c/").status_code == 200
    db.expire_all()
    [cleared] = db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).all()
    assert cleared.cleared_on == TODAY
    set_recent_pain(8)
    assert browser.get("/c/").status_code == 200
    db.expire_all()
    [state] = db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).all()
    assert (state.id, state.cleared_on, state.since) == (cleared.id, None, TODAY)


def _episode(db: Session, citizen: Citizen, rule: str, since: date, acknowledged_days_ago: int | None = None) -> None:
    """An open episode of `rule` that began on `since` (acknowledged at a lower severity, so shown again as worse)."""
    state = FlagState(citizen_id=citizen.id, rule=rule, level=4, severity=0.0, since=since)
    if acknowledged_days_ago is not None:
        state.ack_reason, state.ack_level, state.ack_severity = "known_flare", 4, 0.0
        state.acknowledged_at = FROZEN_NOW - timedelta(days=acknowledged_days_ago)
    db.add(state)
    db.commit()


def test_it_orders_women_of_the_same_level_by_silence_domains_and_how_new_the_episode_is(
        db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser, browser: FlaskClient) -> None:
    def make(name: str, **kwargs: object) -> Citizen:
        return woman(db, make_citizen, consultant, name, **kwargs)  # type: ignore[arg-type]

    def high(d: date) -> int:
        return 8 if d >= RECENT else 4

    def tired(d: date) -> int:
        return 4 if d >= RECENT else 2

    make("Sofie five days quiet", pains=lambda d: 4, until=RECENT - timedelta(days=5), days_off=(TODAY - timedelta(days=5),))
    karen = make("Karen known", pains=high, evenings=tired)  # pain and tiredness, acknowledged a month ago, worse now
    _episode(db, karen, "R2", TODAY - timedelta(days=30), acknowledged_days_ago=20)
    _episode(db, karen, "R3", TODAY - timedelta(days=30), acknowledged_days_ago=20)
    _episode(db, make("Olga old", pains=high), "R2", TODAY - timedelta(days=20))
    _episode(db, make("Pia new", pains=high), "R2", TODAY - timedelta(days=2))
    make("Tove two domains", pains=high, evenings=tired)
    make("Qamar nine days quiet", pains=lambda d: 4, until=RECENT)  # her last entry: Monday 9 Nov

    now = browser.get("/c/").get_data(as_text=True).split('class="review review-now"')[1].split("</section>")[0]
    names = re.findall(r"<bdi>([^<]+)</bdi>", now)
    assert names == ["Qamar nine days quiet", "Tove two domains", "Pia new", "Olga old", "Karen known", "Sofie five days quiet"]
    qamar = now.split("Qamar nine days quiet")[1].split('class="review-item"')[0]
    assert 'class="flag flag-contact"' in qamar  # ranked with the reds, shown in her own colour


def test_it_folds_each_flags_controls_and_draws_none_of_them_in_the_list(browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    pia = caseload["pain"]
    html = browser.get("/c/").get_data(as_text=True)
    flag = html.split(f'id="flag-{pia.id}-R2"')[1].split("</article>")[0]
    url = f"/c/citizens/{pia.id}/flags/R2"
    # Folded until she asks for them; level, sentence and strip stay in view. Unfolding fetches them once (htmx);
    # without JavaScript the fold holds a link to the same controls on a page of their own.
    assert f'<details class="flag-respond" hx-get="{url}" hx-trigger="toggle once"' in flag
    assert flag.index('class="flag-text"') < flag.index("<details") and flag.index('class="flag-strip"') < flag.index("<details")
    assert f'<a href="{url}" aria-describedby="flag-{pia.id}-R2-head">' in flag.split("<details")[1]
    review = html.split('class="review review-now"')[1].split('<h2>')[0]
    assert "<form" not in review and 'name="reason"' not in review and "csrf_token" not in review


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_it_offers_the_reasons_with_none_chosen(app: Flask, db: Session, browser: FlaskClient, caseload: dict[str, Citizen],
                                                htmx: bool) -> None:
    pia = caseload["pain"]
    browser.get("/c/")  # the episode opens
    response = browser.get(f"/c/citizens/{pia.id}/flags/R2", headers={"HX-Request": "true"} if htmx else {})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    if htmx:  # only the controls, for the fold they are swapped into
        assert html.lstrip().startswith('<div class="flag-actions">') and "<html" not in html
        controls = html
    else:  # the flag with its controls open, on a page of its own
        assert translated(app, "da", "Respond") in html.split("<title>")[1].split("</title>")[0]
        controls = html.split(f'id="flag-{pia.id}-R2"')[1].split("</article>")[0]
        assert '<details class="flag-respond" open>' in controls and "hx-get" not in controls
    radios = re.findall(r'<input type="radio" name="reason"[^>]*>', controls)
    assert len(radios) == 4 and all("required" in r and "checked" not in r for r in radios)
    assert "<select" not in controls and "selected" not in controls
    assert f'action="/c/citizens/{pia.id}/flags/R2/acknowledge"' in controls and f'action="/c/citizens/{pia.id}/flags/R2/verdict"' in controls
    assert controls.count('name="csrf_token"') == 2
    read = db.exec(select(AuditEvent).where(AuditEvent.action == "flag.read")).all()
    assert [(e.citizen_id, e.outcome) for e in read] == [(pia.id, "ok")]  # read from her health data: audited


def test_it_answers_404_for_the_controls_of_no_such_flag(browser: FlaskClient, caseload: dict[str, Citizen]) -> None:
    pia = caseload["pain"]
    for rule in ("R9", "R5"):  # no such rule; a rule she has no flag of
        for headers in ({"HX-Request": "true"}, {}):
            assert browser.get(f"/c/citizens/{pia.id}/flags/{rule}", headers=headers).status_code == 404, (rule, headers)


@pytest.mark.parametrize("data", [{"reason": ""}, {"reason": "  "}, {}], ids=["blank", "spaces", "missing"])
def test_it_records_nothing_without_a_reason_and_says_so_in_the_flag(app: Flask, db: Session, browser: FlaskClient,
                                                                      caseload: dict[str, Citizen], data: dict[str, str]) -> None:
    pia = caseload["pain"]
    token = csrf_token(browser, "/c/")
    url = f"/c/citizens/{pia.id}/flags/R2/acknowledge"
    message = translated(app, "da", "Choose a reason first. Nothing was recorded.")

    response = browser.post(url, data={"csrf_token": token, **data}, headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 422  # base.html's htmx config swaps 422 in place
    assert fragment.lstrip().startswith("<article") and f'id="flag-{pia.id}-R2"' in fragment
    assert message in fragment and "<details class=\"flag-respond\" open>" in fragment

    response = browser.post(url, data={"csrf_token": token, **data})  # without JavaScript
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/c/?reason_needed=flag-{pia.id}-R2#flag-{pia.id}-R2")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    flag = page.split(f'id="flag-{pia.id}-R2"')[1].split("</article>")[0]
    assert message in flag and 'class="flag-respond" open' in flag
    assert page.count(message) == 1  # only the flag she answered

    state = db.exec(select(FlagState).where(FlagState.citizen_id == pia.id, FlagState.rule == "R2")).one()
    assert state.acknowledged_at is None and state.ack_reason is None
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "flag.acknowledge", AuditEvent.object_type == "flag_state")).all() == []


def test_it_still_answers_404_for_an_unknown_rule_or_no_such_flag_without_a_reason(browser: FlaskClient,
                                                                                    caseload: dict[str, Citizen]) -> None:
    pia = caseload["pain"]
    token = csrf_token(browser, "/c/")
    for rule in ("R9", "R5"):  # no such rule; a rule she has no flag of
        for headers in ({"HX-Request": "true"}, {}):
            response = browser.post(f"/c/citizens/{pia.id}/flags/{rule}/acknowledge", data={"csrf_token": token, "reason": ""},
                                    headers=headers)
            assert response.status_code == 404, (rule, headers)
