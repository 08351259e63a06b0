"""Personas: every consultant screen shows a woman's data only to her own consultant.

Her consultant gets the page; another consultant, an interpreter without a grant and an
admin get 404 (and the denial is audited); her own phone and an anonymous browser are sent
to the staff sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app import clock
from app.models import AuditEvent, Citizen, DeviceSession, StaffUser, Task
from app.services import audit
from app.services.entries import request_call
from tests.helpers import csrf_token

PROFILE = {"display_name": "Amina Y", "preferred_language": "so", "course_start": "2026-11-02", "purpose": "job",
           "course_change_reason": "Målet er nu job"}  # a new purpose is kept with why


@dataclass
class World:
    """A woman, her consultant, and everyone else."""

    citizen: Citizen
    task_id: int
    device_id: int
    call_id: int
    browsers: dict[str, FlaskClient]


@pytest.fixture
def world(app: Flask, db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
          sign_in: Callable[[StaffUser], FlaskClient], activate: Callable[..., None]) -> World:
    mine, other, interpreter, admin = make_staff("consultant"), make_staff("consultant"), make_staff("interpreter"), make_staff("admin")
    citizen = make_citizen()
    citizen.consultant_id = mine.id
    db.add(citizen)
    db.commit()
    phone = app.test_client()
    activate(phone, citizen)
    call = request_call(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, clock.utcnow())
    return World(
        citizen=citizen, task_id=db.exec(select(Task)).first().id, device_id=db.exec(select(DeviceSession)).one().id,
        call_id=call.id,
        browsers={"her consultant": sign_in(mine), "another consultant": sign_in(other),
                  "interpreter without grant": sign_in(interpreter), "admin": sign_in(admin),
                  "the citizen": phone, "anonymous": app.test_client()},
    )


ROUTES = [
    ("GET", "/c/citizens/{cid}", None, 200),
    ("GET", "/c/citizens/{cid}?weeks=4", None, 200),
    ("GET", "/c/citizens/{cid}/edit", None, 200),
    ("GET", "/c/citizens/{cid}/setup", None, 200),
    ("POST", "/c/citizens/{cid}/edit", PROFILE, 303),
    ("POST", "/c/citizens/{cid}/schedule", {"valid_from": "2026-11-23", "mon": "2", "wed": "2", "reason": "Pain"}, 303),
    ("POST", "/c/citizens/{cid}/tasks", {"label_da": "Opvask", "icon": "dishes", "label_translated": "Weel"}, 303),
    ("POST", "/c/citizens/{cid}/tasks/{task}", {"label_da": "Rengøring", "icon": "cleaning", "action": "save"}, 303),
    ("POST", "/c/citizens/{cid}/card", {"format": "html"}, 200),
    ("POST", "/c/citizens/{cid}/screen-code", {}, 200),
    ("POST", "/c/citizens/{cid}/follow-ups", {"day": "2026-11-18", "attendance": "Stabil"}, 303),
    ("POST", "/c/citizens/{cid}/calls/{call}/handled", {}, 303),
    ("POST", "/c/citizens/{cid}/devices/{device}/sign-out", {}, 303),
]
OUTSIDERS = ("another consultant", "interpreter without grant", "admin")
SIGNED_OUT = ("the citizen", "anonymous")


def _call(world: World, browser: FlaskClient, method: str, path: str, data: dict[str, str] | None) -> object:
    url = path.format(cid=world.citizen.id, task=world.task_id, call=world.call_id, device=world.device_id)
    if method == "GET":
        return browser.get(url)
    return browser.post(url, data={"csrf_token": csrf_token(browser, "/staff/sign-in"), **(data or {})})


@pytest.mark.parametrize(("method", "path", "data", "expected"), ROUTES, ids=[f"{m} {p}" for m, p, _d, _e in ROUTES])
def test_it_shows_her_data_only_to_her_consultant(world: World, db: Session, method: str, path: str,
                                                  data: dict[str, str] | None, expected: int) -> None:
    for persona in (*OUTSIDERS, *SIGNED_OUT):
        response = _call(world, world.browsers[persona], method, path, data)
        if persona in OUTSIDERS:
            assert response.status_code == 404, (persona, response.status_code)
            assert world.citizen.display_name not in response.get_data(as_text=True)
        else:
            assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"], persona
    denied = db.exec(select(AuditEvent).where(AuditEvent.citizen_id == world.citizen.id, AuditEvent.outcome == "denied")).all()
    assert len(denied) >= 1  # the outsiders' attempts (the admin's and interpreter's are refused before any lookup)
    response = _call(world, world.browsers["her consultant"], method, path, data)
    assert response.status_code == expected, response.get_data(as_text=True)[-800:]


def test_it_lists_only_her_own_caseload(world: World, make_citizen: Callable[..., Citizen]) -> None:
    stranger = make_citizen(name="Somebody Else")  # no consultant
    mine = world.browsers["her consultant"].get("/c/").get_data(as_text=True)
    theirs = world.browsers["another consultant"].get("/c/").get_data(as_text=True)
    assert world.citizen.display_name in mine and stranger.display_name not in mine
    assert world.citizen.display_name not in theirs


@pytest.mark.parametrize("persona", ["interpreter without grant", "admin"])
def test_it_keeps_other_roles_out_of_the_caseload(world: World, persona: str) -> None:
    assert world.browsers[persona].get("/c/").status_code == 404


def test_it_keeps_consultants_out_of_admin_pages(world: World) -> None:
    for persona in ("her consultant", "interpreter without grant"):
        assert world.browsers[persona].get("/admin/").status_code == 404
    assert world.browsers["admin"].get("/admin/").status_code == 200


def test_it_shows_the_admin_names_but_no_health_data(world: World, db: Session) -> None:
    html = world.browsers["admin"].get("/admin/caseloads").get_data(as_text=True)
    assert world.citizen.display_name in html
    for health_word in ("pain", "Smerte", "attendance", "Fremmøde", "scale-"):
        assert health_word not in html


def test_it_gives_staff_no_way_into_the_citizen_pages(world: World) -> None:
    for persona in ("her consultant", "admin"):
        assert world.browsers[persona].get("/today").status_code == 401
