"""She is told what is collected, who sees it and for how long, and agrees before the first entry."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen
from tests.helpers import csrf_token


def _without_consent(db: Session, citizen: Citizen) -> None:
    """A phone that got in without agreeing (the welcome page's button normally records it)."""
    db.refresh(citizen)  # activation agreed through the app's own session
    citizen.consent_at = None
    db.add(citizen)
    db.commit()


def test_it_asks_for_agreement_before_the_first_entry(app: Flask, db: Session, make_citizen: Callable[..., Citizen],
                                                      activate: Callable[..., None]) -> None:
    citizen = make_citizen(language="ur", consented=False)
    phone = app.test_client()
    activate(phone, citizen)
    _without_consent(db, citizen)
    assert phone.get("/today").headers["Location"] == "/my-data"
    page = phone.get("/my-data").get_data(as_text=True)
    assert 'lang="ur" dir="rtl"' in page
    assert page.count("<h2>") == 6  # why, what, who, how long, rights, and her workplace (issue 21)
    assert "12" in page or "۱۲" in page  # the retention period
    response = phone.post("/my-data", data={"csrf_token": csrf_token(phone, "/my-data")})
    assert response.headers["Location"] == "/today"
    db.refresh(citizen)
    assert citizen.consent_at is not None
    consents = db.exec(select(AuditEvent).where(AuditEvent.action == "citizen.consent").order_by(AuditEvent.id)).all()
    assert [event.citizen_id for event in consents] == [citizen.id, citizen.id]  # at activation, and again here
    assert phone.get("/today").status_code == 200


def test_it_lets_her_ask_for_a_call_before_agreeing(app: Flask, db: Session, make_citizen: Callable[..., Citizen],
                                                    activate: Callable[..., None]) -> None:
    phone = app.test_client()
    citizen = make_citizen(consented=False)
    activate(phone, citizen)
    _without_consent(db, citizen)
    response = phone.post("/call-me", data={"csrf_token": csrf_token(phone, "/my-data")})
    assert response.status_code == 303


def test_it_shows_the_information_again_without_asking_twice(app: Flask, make_citizen: Callable[..., Citizen],
                                                             activate: Callable[..., None]) -> None:
    phone = app.test_client()
    activate(phone, make_citizen())
    page = phone.get("/my-data").get_data(as_text=True)
    assert page.count("<h2>") == 6  # the five, and her workplace: who there looked or wrote (issue 21)
    assert 'action="/my-data"' not in page
