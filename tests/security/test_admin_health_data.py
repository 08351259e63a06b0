"""Issue 17, item 3: an admin reached health data in three steps (make a consultant account and see its password,
sign in as it, move any woman onto it). Now the password goes to the new user by e-mail only, and a move onto a
new, never-used or self-made account waits for a second admin; every move is on a record nobody can change."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AuditEvent, CaseloadMove, Citizen, StaffUser
from app.services.staff import create_staff, staff_actor
from tests.conftest import FROZEN_NOW, STAFF_PASSWORD
from tests.helpers import csrf_token
from tests.smtp import Mailbox

#: Long enough ago that an account made then is no longer new (CASELOAD_MOVE_NEW_ACCOUNT_DAYS is 14).
LONG_AGO = FROZEN_NOW - timedelta(days=30)


def post(browser: FlaskClient, url: str, data: dict[str, object] | None = None) -> object:
    return browser.post(url, data={"csrf_token": csrf_token(browser, "/admin/"), **(data or {})})


def mailed_password(body: str) -> str:
    """The one-time password in the e-mail: the 16-character token on a line of its own (whatever the language)."""
    found = re.findall(r":\s*([A-Za-z0-9_-]{16})\s*$", body, re.MULTILINE)
    assert len(found) == 1, body
    return found[0]


def established(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient], role: str,
                name: str | None = None) -> tuple[StaffUser, FlaskClient]:
    """An account made a month ago that has signed in."""
    user = make_staff(role, name=name, created_at=LONG_AGO)
    return user, sign_in(user)


def test_the_three_step_path_to_her_data_is_closed(app: Flask, db: Session, mailbox: Mailbox, make_citizen: Callable[..., Citizen],
                                                  make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient]) -> None:
    old_consultant, _ = established(make_staff, sign_in, "consultant")
    her = make_citizen(name="Deeqa Warsame")
    her.consultant_id = old_consultant.id
    db.add(her)
    db.commit()
    first_admin, admin = established(make_staff, sign_in, "admin", name="Anna Admin")

    # Step 1: the admin makes a consultant account. The password goes to the new user; the admin never sees it.
    made = post(admin, "/admin/staff", {"name": "Ny Konsulent", "email": "ny@kommune.dk", "role": "consultant"})
    assert made.status_code == 200
    [mail] = mailbox.messages
    assert mail.recipients == ["ny@kommune.dk"] and mail.message["To"] == "ny@kommune.dk"
    password = mailed_password(mail.body)
    assert "Anna Admin" in mail.body and "http://localhost/staff/sign-in" in mail.body and "ny@kommune.dk" in mail.body
    html = made.get_data(as_text=True)
    assert password not in html and "ny@kommune.dk" in html
    assert password not in admin.get("/admin/").get_data(as_text=True)
    new = db.exec(select(StaffUser).where(StaffUser.email == "ny@kommune.dk")).one()
    assert new.must_change_password and new.totp_confirmed_at is None
    # The mailed password is the real one: it leads its owner to enrolment.
    owner = app.test_client()
    first = owner.post("/staff/sign-in", data={"csrf_token": csrf_token(owner, "/staff/sign-in"), "email": "ny@kommune.dk",
                                               "password": password})
    assert first.headers["Location"] == "/staff/enrol"

    # Step 2: moving a woman onto the new account waits for a second admin; she stays where she was.
    assert post(admin, f"/admin/caseloads/{her.id}", {"consultant_id": str(new.id)}).status_code == 303
    db.refresh(her)
    assert her.consultant_id == old_consultant.id
    move = db.exec(select(CaseloadMove)).one()
    assert (move.state, move.from_consultant_id, move.to_consultant_id, move.requested_by_id) == (
        "requested", old_consultant.id, new.id, first_admin.id)
    assert set(move.approval_reason.split(",")) == {"new", "never_signed_in", "made_by_requester"}
    page = admin.get("/admin/caseloads").get_data(as_text=True)
    assert f"/admin/moves/{move.id}/reject" in page and f"/admin/moves/{move.id}/approve" not in page

    # Step 3: she cannot approve her own request.
    assert post(admin, f"/admin/moves/{move.id}/approve").status_code == 403
    db.refresh(her)
    db.refresh(move)
    assert her.consultant_id == old_consultant.id and move.state == "requested"

    # A second, established admin sees the request and approves it: then it applies.
    second_admin, other = established(make_staff, sign_in, "admin", name="Birte Admin")
    assert f"/admin/moves/{move.id}/approve" in other.get("/admin/caseloads").get_data(as_text=True)
    assert post(other, f"/admin/moves/{move.id}/approve").status_code == 303
    db.refresh(her)
    db.refresh(move)
    assert her.consultant_id == new.id
    assert (move.state, move.decided_by_id) == ("applied", second_admin.id) and move.decided_at is not None
    steps = db.exec(select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.outcome)
                    .where(AuditEvent.object_type == "caseload_move").order_by(AuditEvent.id)).all()
    assert steps == [("caseload.move_request", first_admin.id, "pending"), ("caseload.move_approve", first_admin.id, "refused"),
                     ("caseload.move_approve", second_admin.id, "ok"), ("caseload.move_apply", second_admin.id, "ok")]


def test_a_new_admin_or_one_the_requester_made_cannot_approve(db: Session, make_citizen: Callable[..., Citizen],
                                                             make_staff: Callable[..., StaffUser],
                                                             sign_in: Callable[..., FlaskClient]) -> None:
    requester, admin = established(make_staff, sign_in, "admin")
    target = make_staff("consultant")  # new: made today
    her = make_citizen(name="Hodan")
    assert post(admin, f"/admin/caseloads/{her.id}", {"consultant_id": str(target.id)}).status_code == 303
    move = db.exec(select(CaseloadMove)).one()
    fresh = make_staff("admin")  # made today
    assert post(sign_in(fresh), f"/admin/moves/{move.id}/approve").status_code == 403
    # An account the requester made herself a month ago is no second pair of eyes either.
    puppet = create_staff(db, staff_actor(requester), name="Puppet", email="puppet@kommune.dk", role="admin",
                          password=STAFF_PASSWORD, must_change_password=False, now=LONG_AGO)
    puppet.totp_secret, puppet.totp_confirmed_at = pyotp.random_base32(), LONG_AGO
    db.add(puppet)
    db.commit()
    assert post(sign_in(puppet), f"/admin/moves/{move.id}/approve").status_code == 403
    db.refresh(move)
    db.refresh(her)
    assert move.state == "requested" and her.consultant_id is None
    # Any admin may reject, and the requester may withdraw: she stays where she is.
    assert post(admin, f"/admin/moves/{move.id}/reject").status_code == 303
    db.refresh(move)
    assert (move.state, move.decided_by_id) == ("rejected", requester.id)


def test_a_move_onto_an_established_account_applies_at_once_and_every_move_is_on_the_record(
        db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
        sign_in: Callable[..., FlaskClient]) -> None:
    _, admin = established(make_staff, sign_in, "admin", name="Anna Admin")
    _, other = established(make_staff, sign_in, "admin", name="Birte Admin")
    known, _ = established(make_staff, sign_in, "consultant", name="Kendt Konsulent")
    never = make_staff("consultant", name="Aldrig Logget Ind", created_at=LONG_AGO)  # old, but never signed in
    women = [make_citizen(name=name) for name in ("Amina", "Fatima", "Nasreen")]
    assert post(admin, f"/admin/caseloads/{women[0].id}", {"consultant_id": str(known.id)}).status_code == 303
    db.refresh(women[0])
    assert women[0].consultant_id == known.id  # at once
    for woman in women[1:]:
        assert post(admin, f"/admin/caseloads/{woman.id}", {"consultant_id": str(never.id)}).status_code == 303
    pending = db.exec(select(CaseloadMove).where(CaseloadMove.state == "requested").order_by(CaseloadMove.id)).all()
    assert [m.approval_reason for m in pending] == ["never_signed_in", "never_signed_in"]
    assert post(admin, f"/admin/caseloads/{women[1].id}", {"consultant_id": str(known.id)}).status_code == 409  # one at a time
    assert post(other, f"/admin/moves/{pending[0].id}/approve").status_code == 303
    assert post(other, f"/admin/moves/{pending[1].id}/reject").status_code == 303
    db.expire_all()
    states = {m.citizen_id: m.state for m in db.exec(select(CaseloadMove)).all()}
    assert states == {women[0].id: "applied", women[1].id: "applied", women[2].id: "rejected"}

    record = other.get("/admin/moves")
    assert record.status_code == 200
    html = record.get_data(as_text=True)
    for name in ("Amina", "Fatima", "Nasreen", "Kendt Konsulent", "Aldrig Logget Ind", "Anna Admin", "Birte Admin"):
        assert name in html
    assert html.count("<tr>") == 1 + 3  # the header and one row per move
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # nothing on it can be changed
    requests = db.exec(select(AuditEvent.action).where(AuditEvent.action.startswith("caseload.move_"))).all()
    assert sorted(requests) == sorted(["caseload.move_request"] * 3 + ["caseload.move_apply"] * 2
                                      + ["caseload.move_approve", "caseload.move_reject"])


def test_no_post_route_changes_a_move_after_its_decision(app: Flask, db: Session, make_citizen: Callable[..., Citizen],
                                                       make_staff: Callable[..., StaffUser],
                                                       sign_in: Callable[..., FlaskClient]) -> None:
    _, admin = established(make_staff, sign_in, "admin")
    _, other = established(make_staff, sign_in, "admin")
    fresh, spare = make_staff("consultant"), make_staff("consultant", created_at=LONG_AGO)
    women = [make_citizen(name=name) for name in ("Amina", "Fatima")]
    for woman in women:
        post(admin, f"/admin/caseloads/{woman.id}", {"consultant_id": str(fresh.id)})
    applied, rejected = db.exec(select(CaseloadMove).order_by(CaseloadMove.id)).all()
    assert post(other, f"/admin/moves/{applied.id}/approve").status_code == 303
    assert post(other, f"/admin/moves/{rejected.id}/reject").status_code == 303

    def snapshot() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        db.expire_all()
        moves = [(m.id, m.citizen_id, m.from_consultant_id, m.to_consultant_id, m.requested_by_id, m.requested_at, m.state,
                  m.decided_by_id, m.decided_at, m.approval_reason) for m in db.exec(select(CaseloadMove).order_by(CaseloadMove.id))]
        events = [(e.id, e.at, e.actor_id, e.action, e.citizen_id, e.object_id, e.outcome)
                  for e in db.exec(select(AuditEvent).order_by(AuditEvent.id))]
        return moves, events

    moves_before, events_before = snapshot()
    for move in (applied, rejected):
        for browser in (admin, other):
            assert post(browser, f"/admin/moves/{move.id}/approve").status_code == 409
            assert post(browser, f"/admin/moves/{move.id}/reject").status_code == 409
    # Every POST route of the app, as both admins, aimed at the decided moves and the women.
    adapter = app.url_map.bind("localhost")
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.endpoint == "auth.sign_out")
    for rule in rules:
        for move in (applied, rejected):
            values = {name: 1 for name in rule.arguments}
            values.update({k: v for k, v in {"move_id": move.id, "citizen_id": move.citizen_id, "staff_id": spare.id}.items()
                           if k in rule.arguments})
            url = adapter.build(rule.endpoint, values, method="POST")
            for browser in (admin, other):
                response = browser.post(url, data={"csrf_token": csrf_token(browser, "/language"), "consultant_id": str(spare.id),
                                                    "state": "requested", "decided_by_id": "", "to_consultant_id": str(spare.id)})
                assert response.status_code < 500, (rule.endpoint, response.status_code)
                response.close()
    moves_after, events_after = snapshot()
    assert moves_after == moves_before
    assert events_after[:len(events_before)] == events_before  # the audit log only grows
    db.refresh(women[0])
    db.refresh(women[1])
    assert (women[0].consultant_id, women[1].consultant_id) == (fresh.id, None)


def test_no_route_edits_or_deletes_moves_or_audit_rows(app: Flask) -> None:
    """The only routes that touch a move decide a waiting one; none mentions deleting or editing the record."""
    import re

    # "moves" as a word of the address (not "/pin/remove").
    move_routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if re.search(r"\bmoves?\b", rule.rule)
                   for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert move_routes == {("admin.approve", "POST"), ("admin.reject", "POST"), ("admin.moves", "GET")}
    audit_routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if "/audit" in rule.rule
                    for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert audit_routes and all(method == "GET" for _, method in audit_routes)


def test_no_admin_makes_another_admin_on_the_web(db: Session, mailbox: Mailbox, make_staff: Callable[..., StaffUser],
                                                 sign_in: Callable[..., FlaskClient]) -> None:
    """A second admin whose mail she reads would be her own second pair of eyes: admins come from the server's terminal."""
    _, admin = established(make_staff, sign_in, "admin")
    refused = post(admin, "/admin/staff", {"name": "Puppet", "email": "puppet@kommune.dk", "role": "admin"})
    assert refused.status_code == 422
    assert 'value="admin"' not in admin.get("/admin/").get_data(as_text=True)
    assert db.exec(select(StaffUser).where(StaffUser.email == "puppet@kommune.dk")).first() is None and mailbox.messages == []


def test_the_admin_who_made_the_consultant_account_cannot_approve_moves_onto_it(
        db: Session, mailbox: Mailbox, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
        sign_in: Callable[..., FlaskClient]) -> None:
    """She knows (or could have chosen the mailbox of) its first password: approving a move onto it is not four eyes."""
    maker_user, maker = established(make_staff, sign_in, "admin")
    _, other = established(make_staff, sign_in, "admin")
    assert post(maker, "/admin/staff", {"name": "Ny Konsulent", "email": "ny@kommune.dk", "role": "consultant"}).status_code == 200
    target = db.exec(select(StaffUser).where(StaffUser.email == "ny@kommune.dk")).one()
    her = make_citizen(name="Hodan")
    assert post(other, f"/admin/caseloads/{her.id}", {"consultant_id": str(target.id)}).status_code == 303
    move = db.exec(select(CaseloadMove)).one()
    assert move.state == "requested"
    assert post(maker, f"/admin/moves/{move.id}/approve").status_code == 403
    db.refresh(move)
    db.refresh(her)
    assert move.state == "requested" and her.consultant_id is None
    refused = db.exec(select(AuditEvent).where(AuditEvent.action == "caseload.move_approve")).one()
    assert (refused.actor_id, refused.outcome) == (maker_user.id, "refused")
