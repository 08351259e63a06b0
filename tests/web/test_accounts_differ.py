"""Her attendance page (days recorded for her) and the review list's "Accounts differ": information beside the flags,
naming the day and both accounts, until the consultant resolves it with a note; another consultant's woman is 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import insert
from sqlmodel import Session, select

from app.models import AttendanceRecord, AuditEvent, Citizen, DayEntry, Internship, StaffUser, WorkplaceAccess, WorkplaceDay
from app.services import attendance_records as records
from app.services.audit import Actor
from app.services.caseload import caseload
from tests.conftest import FROZEN_NOW, TODAY
from tests.helpers import csrf_token, translated
from tests.web.test_placement_boundaries import statements  # noqa: F401 - a fixture
from tests.web.test_placement_details import amina  # noqa: F401 - a fixture

MONDAY = TODAY - timedelta(days=2)


@pytest.fixture
def da(app: Flask) -> Callable[..., str]:
    """A message as the consultant's (Danish) pages render it."""
    return lambda message, **values: translated(app, "da", message, **values)


def her_entry(db: Session, citizen: Citizen, day: date, attendance: str, after_minutes: int = 0) -> None:
    db.execute(insert(DayEntry), [{
        "citizen_id": citizen.id, "day": day, "attendance": attendance, "hours_worked": 3.0 if attendance == "full" else 1.0,
        "early_reasons": "", "reason_text": "", "pain": 4, "evening": 2, "note": "", "entered_by": "self",
        "confirmed_by_citizen": True, "idempotency_key": f"{citizen.id}-{day}", "payload_hash": "x",
        "created_at": FROZEN_NOW + timedelta(minutes=after_minutes), "updated_at": FROZEN_NOW}])
    db.commit()


def workplace_says(db: Session, citizen: Citizen, consultant: StaffUser, day: date, status: str, note: str = "") -> WorkplaceDay:
    placement = db.exec(select(Internship)).first()
    assert placement is not None
    access = db.exec(select(WorkplaceAccess).where(WorkplaceAccess.internship_id == placement.id)).first()
    if access is None:
        access = WorkplaceAccess(internship_id=placement.id, token_hash=f"{placement.id:064d}", created_at=FROZEN_NOW,
                                 created_by_id=consultant.id, expires_at=FROZEN_NOW + timedelta(days=7))
        db.add(access)
        db.commit()
    row = WorkplaceDay(internship_id=placement.id, day=day, status=status, note=note, written_by_id=access.id,
                       idempotency_key=f"{day}", created_at=FROZEN_NOW, updated_at=FROZEN_NOW)
    db.add(row)
    db.commit()
    return row


def _page(citizen: Citizen) -> str:
    return f"/c/citizens/{citizen.id}/attendance"


def _post(browser: FlaskClient, citizen: Citizen, path: str, **fields: str) -> tuple[int, str]:
    """Post a form of her attendance page like the browser; the page it ends on (or the refusal)."""
    response = browser.post(_page(citizen) + path, data={"csrf_token": csrf_token(browser, _page(citizen)), **fields})
    if response.status_code == 303:
        assert response.headers["Location"].split("#")[0].endswith(_page(citizen))
        return 303, browser.get(_page(citizen)).get_data(as_text=True)
    return response.status_code, response.get_data(as_text=True)


def test_it_records_a_day_and_shows_who_recorded_it_and_when(db: Session, da: Callable[..., str], browser: FlaskClient, amina: Citizen) -> None:
    timeline = browser.get(f"/c/citizens/{amina.id}").get_data(as_text=True)
    assert f'href="{_page(amina)}"' in timeline
    status, page = _post(browser, amina, "", day=MONDAY.isoformat(), attendance="early", hours="1.5", source="her_by_phone")
    assert status == 303
    row = db.exec(select(AttendanceRecord)).one()
    assert (row.day, row.attendance, row.hours, row.source) == (MONDAY, "early", 1.5, "her_by_phone")
    assert "Karen Konsulent" in page and escape(da("She told me by phone")) in page


def test_it_keeps_the_input_of_a_refused_record(db: Session, browser: FlaskClient, amina: Citizen) -> None:
    her_entry(db, amina, MONDAY, "full")
    status, page = _post(browser, amina, "", day=MONDAY.isoformat(), attendance="absent", source="workplace")
    assert status == 422 and 'aria-invalid="true"' in page and f'value="{MONDAY.isoformat()}"' in page
    status, page = _post(browser, amina, "", day=TODAY.isoformat(), attendance="early", source="workplace")  # no hours
    assert status == 422 and 'name="hours"' in page and 'value="early" required checked' in page
    assert db.exec(select(AttendanceRecord)).all() == []


def test_it_corrects_and_removes_a_record(db: Session, browser: FlaskClient, amina: Citizen, consultant: StaffUser) -> None:
    row = records.record(db, Actor("staff", consultant.id, "consultant"), amina.id,
                         records.RecordGiven(MONDAY, "absent", None, "workplace"), today=TODAY)
    row_id = row.id
    status, _page_html = _post(browser, amina, f"/{row_id}", attendance="full", source="consultant", action="save")
    db.expire_all()
    assert status == 303 and db.get(AttendanceRecord, row_id).attendance == "full"  # type: ignore[union-attr]
    status, _page_html = _post(browser, amina, f"/{row_id}", action="remove")
    db.expire_all()
    assert status == 303 and db.get(AttendanceRecord, row_id) is None


def test_another_consultants_woman_and_her_records_are_404(db: Session, amina: Citizen, consultant: StaffUser,
                                                           make_staff: Callable[..., StaffUser],
                                                           sign_in: Callable[..., FlaskClient]) -> None:
    row = records.record(db, Actor("staff", consultant.id, "consultant"), amina.id,
                         records.RecordGiven(MONDAY, "absent", None, "workplace"), today=TODAY)
    other = sign_in(make_staff("consultant", name="Other"))
    assert other.get(_page(amina)).status_code == 404
    token = csrf_token(other, "/c/")
    assert other.post(f"{_page(amina)}/{row.id}", data={"csrf_token": token, "action": "remove"}).status_code == 404
    assert other.post(f"/c/citizens/{amina.id}/accounts-differ",
                      data={"csrf_token": token, "day": MONDAY.isoformat(), "note": "x"}).status_code == 404
    assert db.get(AttendanceRecord, row.id) is not None


def _review(browser: FlaskClient) -> str:
    html = browser.get("/c/").get_data(as_text=True)
    return html.split('id="accounts-differ"')[1].split("</section>")[0] if 'id="accounts-differ"' in html else ""


def test_the_review_list_shows_accounts_differ_as_information_until_resolved_with_a_note(
        db: Session, da: Callable[..., str], browser: FlaskClient, amina: Citizen, consultant: StaffUser) -> None:
    her_entry(db, amina, MONDAY, "full")
    workplace_day = workplace_says(db, amina, consultant, MONDAY, "absent", "Ringede ikke")
    her_entry(db, amina, TODAY, "early")
    workplace_says(db, amina, consultant, TODAY, "late")  # "came late" fits "went home early": no difference
    section = _review(browser)
    assert "Amina" in section and escape(da("The workplace wrote: %(theirs)s", theirs=da("Did not come"))) in section
    assert escape(da("she wrote: %(hers)s", hers=da("Attended all of it"))) in section
    assert "flag-red" not in section and "flag-amber" not in section  # information, not a flag
    rows, found = caseload(db, consultant.id, TODAY)
    assert not any(f.rule not in {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"} for f in found[amina.id].report.shown)
    page = browser.get(_page(amina)).get_data(as_text=True)
    assert "Ringede ikke" in page
    response = browser.post(f"/c/citizens/{amina.id}/accounts-differ",
                            data={"csrf_token": csrf_token(browser, _page(amina)), "day": MONDAY.isoformat(), "note": " "})
    assert response.status_code == 422  # an empty note never resolves and 'aria-invalid="true"' in response.get_data(as_text=True)
    response = browser.post(f"/c/citizens/{amina.id}/accounts-differ",
                            data={"csrf_token": csrf_token(browser, _page(amina)), "day": MONDAY.isoformat(),
                                  "note": "Hun var syg; arbejdspladsen har ret"})
    assert response.status_code == 303
    db.expire_all()
    resolved = db.get(WorkplaceDay, workplace_day.id)
    assert resolved is not None and resolved.resolved_by_id == consultant.id and resolved.resolved_at is not None
    assert (resolved.status, resolved.resolution_note) == ("absent", "Hun var syg; arbejdspladsen har ret")  # both accounts stay
    assert db.exec(select(DayEntry).where(DayEntry.day == MONDAY)).one().attendance == "full"
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "workplace_day.resolve")).one().object_id == workplace_day.id
    assert _review(browser) == ""
    again = browser.post(f"/c/citizens/{amina.id}/accounts-differ",
                         data={"csrf_token": csrf_token(browser, _page(amina)), "day": MONDAY.isoformat(), "note": "igen"})
    assert again.status_code == 404  # nothing open on the day


def test_a_record_made_before_she_wrote_the_day_differs_from_her_entry(db: Session, da: Callable[..., str], browser: FlaskClient, amina: Citizen,
                                                                        consultant: StaffUser) -> None:
    row = records.record(db, Actor("staff", consultant.id, "consultant"), amina.id,
                         records.RecordGiven(MONDAY, "absent", None, "workplace"), today=TODAY)
    her_entry(db, amina, MONDAY, "full", after_minutes=60)
    section = _review(browser)
    assert escape(da("Recorded before she wrote (%(source)s): %(theirs)s", source=da("The workplace"),
                             theirs=da("Did not come"))) in section
    response = browser.post(f"/c/citizens/{amina.id}/accounts-differ",
                            data={"csrf_token": csrf_token(browser, _page(amina)), "day": MONDAY.isoformat(), "note": "Talt med hende"})
    assert response.status_code == 303
    db.expire_all()
    kept = db.get(AttendanceRecord, row.id)
    assert kept is not None and kept.attendance == "absent" and kept.resolution_note == "Talt med hende"
    assert _review(browser) == ""


def test_the_review_list_keeps_every_womans_differences_with_her_reading(
        db: Session, browser: FlaskClient, amina: Citizen, consultant: StaffUser, make_citizen: Callable[..., Citizen],
        statements: list[str]) -> None:
    her_entry(db, amina, MONDAY, "full")
    workplace_says(db, amina, consultant, MONDAY, "absent")
    browser.get("/c/")  # readings stored
    statements.clear()
    browser.get("/c/")
    one = len(statements)
    for name in ("Asha", "Tove"):
        other = make_citizen(name=name)
        other.consultant_id = consultant.id
        db.add(other)
        db.commit()
        her_entry(db, other, MONDAY, "absent")
    browser.get("/c/")
    statements.clear()
    browser.get("/c/")
    # A warm view reads no other account: the open differences come with each stored reading, whatever her number.
    assert len(statements) == one and not [s for s in statements if "workplace_day" in s or "attendance_record" in s]
    section = _review(browser)
    assert amina.display_name in section and "Asha" not in section and "Tove" not in section
