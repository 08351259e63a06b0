"""Deny by default, proven: every route x principal x method against the matrix in matrix.py,
with the security headers on every response, CSRF on every unsafe method, and an audit row for
every access to a woman's data."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlmodel import Session, func, select

from app import clock
from app.models import (
    ActivitySeries, AttendanceRecord, AuditEvent, CallRequest, Citizen, Course, DayEntry, DeviceSession, FlagState, Internship, PlacementAgreement, StaffUser, Task,
    GroupLeader, GroupMember, WorkplaceAccess, WorkReport,
)
from app.services import audit, placement_details
from app.services.activation import issue_code
from app.services.audio import convert, save_clip
from app.services.caseload_moves import request_move
from app.services.entries import request_call
from app.services.grants import make_grant
from app.services.workplace_access import invite
from tests.conftest import TODAY
from tests.helpers import csrf_token, post_day
from tests.sound import tone
from tests.registers_world import personal_series, teaching_group
from tests.security.matrix import HER_CONSULTANT, HER_INTERPRETER, MATRIX, OWN_TEACHER, PRINCIPALS, PUBLIC, WORKPLACE

#: Enough form for an allowed request to reach its handler (a validation answer is still "allowed").
FORMS: dict[str, dict[str, str]] = {
    "consultant.new_citizen": {"display_name": "Ny", "preferred_language": "so", "course_start": "2026-11-02", "purpose": "job"},
    "consultant.edit_citizen": {"display_name": "Fatima", "preferred_language": "ar", "course_start": "2026-11-02", "purpose": "job"},
    "consultant.new_schedule": {"valid_from": "2026-11-18", "mon": "2", "reason": "test"},
    "consultant.new_task": {"label_da": "Opvask", "icon": "dishes"},
    "consultant.add_contact": {"name": "Lise Holm", "email": "lise@example.dk"},
    "consultant.change_contact": {"name": "Lise Holm", "action": "save"},
    "consultant.add_goal": {"text": "Arbejde 3 timer i træk"},
    "consultant.invite_contact": {"contact_id": "0"},
    "consultant.print_link": {"contact_id": "0"},
    "consultant.set_reminder": {"contact_id": "0", "weekday": "4"},
    "workplace.save": {"pace": "50"},
    "consultant.goal_status": {"status": "reached", "status_on": "2026-11-18"},
    "consultant.add_support": {"kind": "mentor", "person": "Hanne"},
    "consultant.change_task": {"label_da": "Rengøring", "icon": "cleaning", "action": "save"},
    "consultant.card": {"format": "html"},
    "consultant.add_note": {"day": "2026-11-18", "attendance": "ok"},
    "consultant.new_grant": {"interpreter_id": "0", "language": "ar", "hours": "2"},
    "consultant.acknowledge_flag": {"reason": "other"},
    "consultant.flag_verdict": {"useful": "1"},
    "consultant.save": {"start": "2026-11-02", "end": "2026-11-18", "assessment": "Vurdering"},
    "consultant.record_attendance": {"day": "2026-11-18", "attendance": "absent", "source": "workplace"},
    "consultant.change_attendance": {"attendance": "full", "source": "consultant", "action": "save"},
    "consultant.resolve_accounts": {"day": "2026-11-16", "note": "Talt med hende"},
    "interpreter.save_translation": {"text_da": "Oversat"},
    "interpreter.save_task_label": {"label": "تنظيف"},
    "admin.create": {"name": "X", "email": "x@example.dk", "role": "interpreter"},
    "consultant.erase": {"confirm_name": "not her name"},
    "admin.assign": {"consultant_id": "0"},
    "admin.toggle": {"active": "0"},
    "admin.languages": {"languages": "so"},
    "recordings.delete": {"which": "pending"},
    "public.set_language": {"language": "da"},
    "auth.sign_in": {"email": "nobody@example.dk", "password": "wrong"},
    "auth.code": {"code": "000000"},
    "auth.enrol": {"code": "000000"},
    "teacher.save_register": {"idempotency_key": "matrix-register-teacher"},
    "consultant.save_register": {"idempotency_key": "matrix-register-consultant"},
    "consultant.new_activity_group": {"name": "Hold M", "start_week": "2026-11-16"},
    "consultant.end_group_member": {"left_on": "2026-12-18"},
    "consultant.citizen_series_exception": {"day": "2026-12-16", "reason": "Ferie"},
}
#: Destructive actions last, so they cannot take away what later requests need.
LAST = ("consultant.revoke", "consultant.revoke_link", "consultant.sign_out_device", "admin.toggle", "citizen.sign_out",
        "workplace.sign_out_here", "activation.redeem", "auth.sign_out")


@dataclass
class World:
    """Every principal, and objects for every route parameter."""

    browsers: dict[str, FlaskClient]
    params: dict[str, dict[str, object]]
    her_id: int


@pytest.fixture
def world(app: Flask, db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
          sign_in: Callable[..., FlaskClient], activate: Callable[..., None]) -> World:
    own, other = make_staff("consultant"), make_staff("consultant")
    live, expired, none, admin = (make_staff("interpreter", languages="ar"), make_staff("interpreter"), make_staff("interpreter"),
                                  make_staff("admin"))
    spare_staff = make_staff("interpreter")
    spare_woman = make_citizen(name="Spare", language="so")  # the admin moves her, not Fatima
    # A move onto a new account, waiting for a second admin (another admin asked for it).
    move = request_move(db, make_staff("admin"), make_citizen(name="Moved", language="so"), make_staff("consultant"),
                        now=clock.utcnow(), new_days=14)
    her = make_citizen(name="Fatima", language="ar")
    her.consultant_id = own.id
    db.add(her)
    db.commit()
    phone, spare_phone, other_phone = app.test_client(), app.test_client(), app.test_client()
    activate(phone, her)
    activate(spare_phone, her)
    activate(other_phone, spare_woman)
    post_day(phone, TODAY - timedelta(days=2), {"attendance": "full", "pain": "5", "note": "ملاحظة"})
    actor = audit.Actor("staff", own.id, "consultant")
    now = clock.utcnow()
    make_grant(db, actor, her.id, interpreter_id=live.id, language="ar", hours=72, max_hours=72, now=now)
    old = make_grant(db, actor, her.id, interpreter_id=expired.id, language="ar", hours=1, max_hours=72, now=now - timedelta(hours=5))
    spare_grant = make_grant(db, actor, her.id, interpreter_id=spare_staff.id, language="ar", hours=2, max_hours=72, now=now)
    call = request_call(db, audit.Actor("citizen", her.id, "citizen"), her.id, now)
    db.add(CallRequest(citizen_id=her.id, created_at=now - timedelta(hours=3)))  # a second call keeps R4 open after one is handled
    db.add(FlagState(citizen_id=her.id, rule="R4", level=5, severity=1.0, since=TODAY))
    report = WorkReport(citizen_id=her.id, period_start=TODAY - timedelta(days=14), period_end=TODAY, assessment="Vurdering",
                        author_id=own.id, created_at=now, updated_at=now)
    db.add(report)
    db.commit()
    clip = save_clip(db, audit.Actor("staff", admin.id, "admin"), "q.attendance", "ar", convert(tone(1.0)), now)
    devices = db.exec(select(DeviceSession).where(DeviceSession.citizen_id == her.id).order_by(DeviceSession.id)).all()
    entry = db.exec(select(DayEntry)).one()
    placement = db.exec(select(Internship).join(Course).where(Course.citizen_id == her.id)).one()
    contact = placement_details.add_contact(db, actor, placement, placement_details.ContactGiven("Lise"))
    goal = placement_details.add_goal(db, actor, placement, "Arbejde 3 timer i træk", today=TODAY)
    support = placement_details.add_support(db, actor, placement, placement_details.SupportGiven("mentor", "Hanne"))
    agreement = PlacementAgreement(internship_id=placement.id, version=1, language="da", made_on=TODAY, created_at=now, made_by_id=own.id,
                                   pdf=b"%PDF-1.7 stored", sha256=hashlib.sha256(b"%PDF-1.7 stored").hexdigest())
    db.add(agreement)
    # Attendance recorded before she wrote the day, the other way: "accounts differ" is open for her consultant to resolve.
    record = AttendanceRecord(citizen_id=her.id, day=entry.day, attendance="absent", source="workplace", recorded_by_id=own.id,
                              created_at=entry.created_at - timedelta(days=1))
    db.add(record)
    db.commit()
    ids = {"citizen_id": her.id, "raw_day": TODAY.isoformat(), "task_id": db.exec(select(Task).order_by(Task.id.desc())).first().id,
           "call_id": call.id, "device_id": devices[-1].id, "grant_id": spare_grant.id, "rule": "R4", "report_id": report.id,
           "entry_id": entry.id, "staff_id": spare_staff.id, "clip_id": clip.id, "digest": clip.digest[:16],
           "language": "ar", "prompt": "a.breaks.many", "move_id": move.id, "placement_id": placement.id,
           "contact_id": contact.id, "goal_id": goal.id, "support_id": support.id, "agreement_id": agreement.id}
    for endpoint in ("consultant.invite_contact", "consultant.print_link", "consultant.set_reminder"):
        FORMS[endpoint]["contact_id"] = str(contact.id)
    workplace_phones, ids["access_id"] = _workplace_phones(app, db, actor, placement, spare_woman, make_citizen)
    ids["record_id"] = record.id
    # Teachers (issue 22): one leads the group Fatima is in (teaching on Mondays and Wednesdays, today too), one another group.
    teacher_own, teacher_other = make_staff("teacher"), make_staff("teacher")
    ids["series_id"] = teaching_group(db, "Hold A", [teacher_own.id], [her.id], own.id)[1].id
    teaching_group(db, "Hold B", [teacher_other.id], [spare_woman.id], other.id)
    for endpoint in ("teacher.save_register", "consultant.save_register"):
        FORMS[endpoint][f"mark-{her.id}"] = "absent"
    # Her group's set-up (Hold A, made by her consultant): its membership and leader; her own weekly treatment.
    ids["group_id"] = db.get(ActivitySeries, ids["series_id"]).group_id
    ids["member_id"] = db.exec(select(GroupMember.id).where(GroupMember.group_id == ids["group_id"])).first()
    ids["leader_id"] = db.exec(select(GroupLeader.id).where(GroupLeader.group_id == ids["group_id"])).first()
    her_series = {**ids, "series_id": personal_series(db, her.id, own.id).id}
    FORMS["consultant.new_grant"]["interpreter_id"] = str(live.id)
    FORMS["admin.assign"]["consultant_id"] = str(other.id)
    assert old.ends_at < now
    browsers = {"anonymous": app.test_client(), "citizen": phone, "citizen_other": other_phone, "consultant_own": sign_in(own), "consultant_other": sign_in(other),
                "interpreter_live": sign_in(live), "interpreter_expired": sign_in(expired), "interpreter_none": sign_in(none),
                "admin": sign_in(admin), "teacher_own": sign_in(teacher_own), "teacher_other": sign_in(teacher_other), **workplace_phones}
    return World(browsers, {"ids": ids, "admin.assign": {**ids, "citizen_id": spare_woman.id},
                            "consultant.citizen_series_exception": her_series, "consultant.change_citizen_series": her_series}, her.id)


def _workplace_phones(app: Flask, db: Session, actor: audit.Actor, hers: Internship, spare_woman: Citizen,
                      make_citizen: Callable[..., Citizen]) -> tuple[dict[str, FlaskClient], int]:
    """Contact persons signed in on their phones: of Fatima's placement, of another woman's, and of a placement that
    ended 20 days ago; and a spare link of Fatima's placement for the consultant to stop."""
    def signed_in(placement: Internship) -> FlaskClient:
        raw = invite(db, actor, placement, None, now=clock.utcnow(), lifetime=timedelta(days=14))
        phone = app.test_client()
        assert phone.post(f"/w/{raw}", data={"csrf_token": csrf_token(phone, f"/w/{raw}")}).status_code == 303
        return phone

    def placement_of(woman: Citizen) -> Internship:
        return db.exec(select(Internship).join(Course).where(Course.citizen_id == woman.id)).one()

    phones = {"workplace_own": signed_in(hers), "workplace_other": signed_in(placement_of(spare_woman))}
    ended = placement_of(make_citizen(name="Ended", language="so"))
    phones["workplace_ended"] = signed_in(ended)
    ended.end = TODAY - timedelta(days=20)
    db.add(ended)
    db.commit()
    invite(db, actor, hers, None, now=clock.utcnow(), lifetime=timedelta(days=14))
    return phones, db.exec(select(WorkplaceAccess.id).order_by(WorkplaceAccess.id.desc())).first()


def _rules(app: Flask) -> list[tuple[str, str, object]]:
    found = [(rule.endpoint, method, rule) for rule in app.url_map.iter_rules() for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(found, key=lambda item: (item[0] in LAST, LAST.index(item[0]) if item[0] in LAST else 0, item[0], item[1]))


def _url(app: Flask, db: Session, rule: object, ids: dict[str, object]) -> str:
    values = {name: ids[name] for name in rule.arguments if name in ids}  # type: ignore[attr-defined]
    if "code" in rule.arguments:  # type: ignore[attr-defined]
        values["code"] = issue_code(db, audit.SYSTEM, int(ids["citizen_id"]), purpose="screen", lifetime=timedelta(minutes=15),
                                    now=clock.utcnow())
    if "filename" in rule.arguments:  # type: ignore[attr-defined]
        values["filename"] = "css/app.css"
    with app.test_request_context():
        return url_for(rule.endpoint, **values)  # type: ignore[attr-defined]


def _outcome(response: object, endpoint: str, method: str) -> str:
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500, (endpoint, method, status)
    if status == 404:
        return "404"
    if (endpoint, method) in PUBLIC:
        return "ok"  # public pages may answer anything short of "not found", e.g. "sign in first"
    if status == 302 and "/staff/sign-in" in response.headers.get("Location", ""):  # type: ignore[attr-defined]
        return "login"
    if status == 401 and (endpoint, method) not in PUBLIC:
        return "401"
    assert status < 500, (endpoint, method, status)
    return "ok"


def _audit_rows(db: Session) -> int:
    return db.exec(select(func.count()).select_from(AuditEvent)).one()


def test_every_route_is_in_the_public_allowlist_or_the_matrix(app: Flask) -> None:
    rules = {(endpoint, method) for endpoint, method, _rule in _rules(app)}
    assert rules - set(MATRIX) == set(), "routes missing from tests/security/matrix.py"
    assert set(MATRIX) - rules == set(), "matrix rows for routes that no longer exist"


def test_every_principal_gets_what_the_matrix_says(app: Flask, db: Session, world: World) -> None:
    checked = 0
    for endpoint, method, rule in _rules(app):
        expected = MATRIX[(endpoint, method)]
        for principal in PRINCIPALS:
            browser = world.browsers[principal]
            url = _url(app, db, rule, world.params.get(endpoint, world.params["ids"]))
            before = _audit_rows(db)
            if method == "GET":
                response = browser.get(url)
            else:
                response = browser.post(url, data={"csrf_token": csrf_token(browser, "/language"), **FORMS.get(endpoint, {})})
            outcome = _outcome(response, endpoint, method)
            if principal == "citizen_other" and method == "GET" and response.status_code == 200 and response.mimetype.startswith("text/"):
                assert "ملاحظة" not in response.get_data(as_text=True)  # never Fatima's words on another woman's phone
            if (principal.startswith("workplace") and (endpoint, method) not in PUBLIC and response.status_code == 200
                    and response.mimetype.startswith("text/")):
                text = response.get_data(as_text=True)
                assert "ملاحظة" not in text and (principal == "workplace_own" or "Fatima" not in text)
            if (principal.startswith("teacher") and (endpoint, method) not in PUBLIC and response.status_code == 200
                    and response.mimetype.startswith("text/")):
                text = response.get_data(as_text=True)  # a teacher: at most her first name in a register, never her words
                assert "ملاحظة" not in text and (principal == "teacher_own" or "Fatima" not in text)
            if expected is OWN_TEACHER and principal == "teacher_own":
                assert _audit_rows(db) > before, ("no audit row", endpoint, method, principal)
            if expected is WORKPLACE and principal == "workplace_own":
                assert _audit_rows(db) > before, ("no audit row", endpoint, method, principal)
            assert outcome == expected[principal], (endpoint, method, principal, response.status_code)
            _assert_headers(response, url)
            if expected in (HER_CONSULTANT, HER_INTERPRETER) and outcome in ("ok", "404") and principal.startswith(("consultant", "interpreter", "admin")):
                assert _audit_rows(db) > before, ("no audit row", endpoint, method, principal)
            response.close()  # static files stream from disk
            checked += 1
    assert checked == len(PRINCIPALS) * len(_rules(app))  # every URL rule (61: one endpoint has two) x 8 principals


def _assert_headers(response: object, url: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    csp = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-" not in csp, url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") == "no-referrer", url
    if url.startswith("/audio/") and response.status_code == 200:  # type: ignore[attr-defined]
        # A spoken question: the same for everyone, kept by the phone; its address changes with it.
        assert headers.get("Cache-Control") == "private, max-age=31536000, immutable", url
    elif url == "/favicon.ico":  # the site's icon, the same for everyone, like a static file
        assert headers.get("Cache-Control") == "public, max-age=604800", url
    elif not url.startswith("/static/"):
        assert headers.get("Cache-Control") == "no-store", url


def test_every_unsafe_route_needs_a_csrf_token(app: Flask, db: Session, world: World) -> None:
    posts = [(endpoint, rule) for endpoint, method, rule in _rules(app) if method == "POST"]
    assert len(posts) >= 30
    for endpoint, rule in posts:
        expected = MATRIX[(endpoint, "POST")]
        principal = next(p for p in PRINCIPALS if expected[p] == "ok")
        response = world.browsers[principal].post(_url(app, db, rule, world.params.get(endpoint, world.params["ids"])),
                                                  data=FORMS.get(endpoint, {}))
        assert response.status_code == 400, (endpoint, principal, response.status_code)


