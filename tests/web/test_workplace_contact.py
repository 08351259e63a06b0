"""The workplace contact person: invited by e-mail (a real local SMTP server), a link that a GET only shows and a POST
redeems once, a session for one placement until its end + 14 days or a revoke, the weekly form at its word (refusals
keep the input, a retried POST writes once), nothing of her health on any page or in any mail, and every read and write
audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app import clock
from app.models import (AuditEvent, Citizen, DayEntry, Internship, PlacementContact, StaffUser, Task, WorkplaceAccess, WorkplaceDay,
                        WorkplaceDayRevision, WorkplacePace, WorkplaceTaskRating)
from app.services import audit
from app.domain.entry import parse_entry
from app.services.entries import Provenance, save_entry
from app.web.day_form import limits_from
from app.services.placement_details import ContactGiven, add_contact
from app.services.workplace_access import invite
from tests.conftest import Clock
from tests.helpers import csrf_token, translated
from tests.smtp import Mailbox
from tests.web.test_placement_details import kitchen  # noqa: F401 - a fixture (her placement, named; on this module's amina)


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    citizen = make_citizen(name="Amina Hassan", tasks=(("cleaning", "Rengøring"), ("dishes", "Opvask")))
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    return citizen


@pytest.fixture
def bo(db: Session, kitchen: Internship) -> PlacementContact:
    return add_contact(db, audit.SYSTEM, kitchen, ContactGiven(name="Bo Larsen", role="Køkkenleder", phone="", email="bo@bybo.example"))


def _page(citizen: Citizen, placement: Internship) -> str:
    return f"/c/citizens/{citizen.id}/placements/{placement.id}"


def _link(db: Session, consultant: StaffUser, placement: Internship, contact: PlacementContact | None = None, days: int = 14) -> str:
    return invite(db, audit.Actor("staff", consultant.id, "consultant"), placement, contact, now=clock.utcnow(),
                  lifetime=timedelta(days=days))


def _signed_in(app: Flask, raw: str) -> FlaskClient:
    phone = app.test_client()
    response = phone.post(f"/w/{raw}", data={"csrf_token": csrf_token(phone, f"/w/{raw}")})
    assert response.status_code == 303 and response.headers["Location"].endswith("/w/")
    return phone


def _week_form(phone: FlaskClient, week: str = "2026-11-16", **fields: str) -> dict[str, str]:
    html = phone.get(f"/w/?week={week}").get_data(as_text=True)
    key = re.search(r'name="key" value="([^"]+)"', html).group(1)
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1), "key": key, "week": week, **fields}


def test_the_consultant_invites_a_contact_by_e_mail_and_the_mail_holds_the_link_and_nothing_of_her_health(
        app: Flask, db: Session, browser: FlaskClient, mailbox: Mailbox, amina: Citizen, kitchen: Internship, bo: PlacementContact) -> None:
    page = _page(amina, kitchen)
    response = browser.post(page + "/workplace/invite", data={"csrf_token": csrf_token(browser, page), "contact_id": bo.id})
    assert response.status_code == 303 and "done=sent" in response.headers["Location"]
    [mail] = mailbox.messages
    assert mail.recipients == ["bo@bybo.example"] and "Køkkenet, Bybo" in mail.message["Subject"]
    assert "Amina" in mail.body and "Hassan" not in mail.body  # her first name only
    url = re.search(r"https?://\S+/w/(\S+)", mail.body)
    assert url and db.exec(select(WorkplaceAccess)).one().token_hash != url.group(1)  # only the hash is kept
    for health in ("pain", "smerte", "aften", "træt"):
        assert health not in mail.body.lower()
    listed = browser.get(page).get_data(as_text=True)
    assert translated(app, "da", "Not used yet") in listed and translated(app, "da", "The link was sent.") not in listed
    # The link's GET shows a page and uses nothing; its POST signs in once.
    phone = app.test_client()
    assert phone.get(f"/w/{url.group(1)}").status_code == 200 and phone.get(f"/w/{url.group(1)}").status_code == 200
    _signed_in(app, url.group(1))
    again = app.test_client()
    refused = again.post(f"/w/{url.group(1)}", data={"csrf_token": csrf_token(again, "/language")})
    assert refused.status_code == 410


def test_a_used_an_expired_a_revoked_and_an_unknown_link_give_the_same_danish_page(
        app: Flask, db: Session, consultant: StaffUser, kitchen: Internship, frozen_clock: Clock) -> None:
    used = _link(db, consultant, kitchen)
    _signed_in(app, used)
    expired = _link(db, consultant, kitchen, days=1)
    revoked = _link(db, consultant, kitchen)
    access = db.exec(select(WorkplaceAccess).order_by(WorkplaceAccess.id.desc())).first()
    access.revoked_at = clock.utcnow()
    db.add(access)
    db.commit()
    frozen_clock.advance(days=2)
    pages = set()
    for raw in (used, expired, revoked, "x" * 43):
        response = app.test_client().get(f"/w/{raw}")
        assert response.status_code == 410
        pages.add(response.get_data(as_text=True).split('name="csrf_token"')[0].split("<main")[1])
    assert len(pages) == 1
    [page] = pages
    assert translated(app, "da", "This link does not work") in page and "Køkkenet" not in page


def test_the_contact_sees_her_first_name_planned_days_and_tasks_and_never_her_log(
        app: Flask, db: Session, consultant: StaffUser, amina: Citizen, kitchen: Internship, bo: PlacementContact) -> None:
    answers, _errors = parse_entry({"attendance": ["full"], "pain": ["8"], "evening": ["4"], "note": ["Ondt i ryggen"]},
                                   planned_hours=3, task_ids=set(), limits=limits_from(app.config))
    save_entry(db, audit.Actor("citizen", amina.id, "citizen"), amina.id, date(2026, 11, 16), answers, "k-1",
               today=date(2026, 11, 18), edit_days=14, now=clock.utcnow(), provenance=Provenance(language="so"))
    phone = _signed_in(app, _link(db, consultant, kitchen, bo))
    html = phone.get("/w/").get_data(as_text=True)
    assert "Amina" in html and "Hassan" not in html and "Køkkenet, Bybo" in html
    assert "Rengøring" in html and "Opvask" in html
    assert 'name="day-2026-11-16"' in html and 'name="day-2026-11-18"' in html  # Monday and Wednesday (today)
    assert 'name="day-2026-11-17"' not in html  # not planned
    for hers in ("Ondt i ryggen", "smerte", "Smerte", "aften"):
        assert hers not in html
    assert db.exec(select(AuditEvent).where(AuditEvent.actor_kind == "workplace", AuditEvent.action == "workplace.read",
                                            AuditEvent.citizen_id == amina.id)).first() is not None


def test_a_week_is_saved_once_even_when_the_post_is_sent_twice_and_a_correction_keeps_the_old_account(
        app: Flask, db: Session, consultant: StaffUser, amina: Citizen, kitchen: Internship, bo: PlacementContact) -> None:
    phone = _signed_in(app, _link(db, consultant, kitchen, bo))
    task = db.exec(select(Task).where(Task.internship_id == kitchen.id).order_by(Task.id)).first()
    form = _week_form(phone, **{"day-2026-11-16": "came", "day-2026-11-18": "left_early", "note-2026-11-18": "Gik kl. 11",
                                "pace": "50", f"task-{task.id}": "some_help", "went_well": "Godt humør",
                                "suggested_task": "Kaffe"})
    first = phone.post("/w/", data=form)
    assert first.status_code == 303 and "saved=1" in first.headers["Location"]
    assert phone.post("/w/", data=form).status_code == 303  # the same key again: nothing more is written
    assert len(db.exec(select(WorkplacePace)).all()) == 1 and len(db.exec(select(WorkplaceDay)).all()) == 2
    pace = db.exec(select(WorkplacePace)).one()
    assert (pace.week, pace.percent, pace.went_well, pace.suggested_task) == (date(2026, 11, 16), 50, "Godt humør", "Kaffe")
    assert db.exec(select(WorkplaceTaskRating)).one().level == "some_help"
    assert db.exec(select(WorkplaceDay).where(WorkplaceDay.day == date(2026, 11, 18))).one().note == "Gik kl. 11"
    shown = phone.get("/w/?week=2026-11-16&saved=1").get_data(as_text=True)
    assert translated(app, "da", "Thank you. Your answers are saved.") in shown and "Godt humør" in shown
    # A new form for the same week corrects it; the old account is kept as a revision.
    correction = _week_form(phone, **{"day-2026-11-16": "late", "day-2026-11-18": "left_early", "note-2026-11-18": "Gik kl. 11",
                                      "pace": "unknown"})
    assert phone.post("/w/", data=correction).status_code == 303
    db.expire_all()
    assert db.exec(select(WorkplacePace)).one().percent is None  # "cannot say yet"
    [revision] = db.exec(select(WorkplaceDayRevision)).all()
    assert revision.status == "came"
    writes = db.exec(select(AuditEvent).where(AuditEvent.actor_kind == "workplace", AuditEvent.action == "workplace.write")).all()
    assert len(writes) == 2 and {event.citizen_id for event in writes} == {amina.id}


@pytest.mark.parametrize("field, value", [("pace", "300"), ("pace", ""), ("day-2026-11-17", "came"), ("day-2026-10-26", "came"),
                                          ("day-2026-11-16", "asleep"), ("task-999999", "alone")])
def test_an_impossible_answer_is_refused_on_the_form_with_what_was_typed_kept(
        app: Flask, db: Session, consultant: StaffUser, kitchen: Internship, field: str, value: str) -> None:
    phone = _signed_in(app, _link(db, consultant, kitchen))
    form = _week_form(phone, **{"pace": "75", "went_well": "Hun var glad", "day-2026-11-18": "came"})
    form[field] = value
    response = phone.post("/w/", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Hun var glad" in html and translated(app, "da", "Please look at the answers marked in red below.") in html
    if field in ("pace", "day-2026-11-16"):  # on the form: the question itself is marked
        assert f'aria-describedby="err-{field}"' in html
    assert db.exec(select(WorkplacePace)).first() is None


def test_a_task_of_another_placement_is_refused(app: Flask, db: Session, consultant: StaffUser, kitchen: Internship,
                                                 make_citizen: Callable[..., Citizen]) -> None:
    other = make_citizen(name="Hodan")
    theirs = db.exec(select(Task).join(Internship).where(Internship.id != kitchen.id)).first()
    assert theirs is not None and other.id
    phone = _signed_in(app, _link(db, consultant, kitchen))
    response = phone.post("/w/", data=_week_form(phone, pace="50", **{f"task-{theirs.id}": "alone"}))
    assert response.status_code == 422 and db.exec(select(WorkplaceTaskRating)).first() is None


def test_the_session_ends_14_days_after_the_placement_and_at_once_when_revoked(
        app: Flask, db: Session, sign_in: Callable[[StaffUser], FlaskClient], consultant: StaffUser, amina: Citizen,
        kitchen: Internship, frozen_clock: Clock) -> None:
    phone = _signed_in(app, _link(db, consultant, kitchen))
    kitchen.end = date(2026, 11, 20)
    db.add(kitchen)
    db.commit()
    frozen_clock.advance(days=16)  # 4 December: the end + 14 days
    assert phone.get("/w/").status_code == 200
    frozen_clock.advance(days=1)
    assert phone.get("/w/").status_code == 401
    kitchen.end = None
    db.add(kitchen)
    db.commit()
    assert phone.get("/w/").status_code == 200
    access = db.exec(select(WorkplaceAccess)).one()
    page, browser = _page(amina, kitchen), sign_in(consultant)
    stop = browser.post(f"{page}/workplace/{access.id}/revoke", data={"csrf_token": csrf_token(browser, page)})
    assert stop.status_code == 303 and "done=stopped" in stop.headers["Location"]
    out = phone.get("/w/")
    assert out.status_code == 401 and translated(app, "da", "You are not signed in") in out.get_data(as_text=True)


def test_a_printed_qr_is_a_link_shown_once(app: Flask, db: Session, browser: FlaskClient, amina: Citizen, kitchen: Internship,
                                            bo: PlacementContact) -> None:
    page = _page(amina, kitchen)
    response = browser.post(page + "/workplace/print", data={"csrf_token": csrf_token(browser, page), "contact_id": bo.id})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<svg" in html and "Bo Larsen" in html
    raw = re.search(r"/w/([A-Za-z0-9_-]{40,})", html).group(1)
    _signed_in(app, raw)
    assert db.exec(select(WorkplaceAccess)).one().contact_id == bo.id


def test_signing_out_ends_the_session_on_this_phone(app: Flask, db: Session, consultant: StaffUser, kitchen: Internship) -> None:
    phone = _signed_in(app, _link(db, consultant, kitchen))
    response = phone.post("/w/sign-out", data={"csrf_token": csrf_token(phone, "/w/")})
    assert response.status_code == 200
    assert phone.get("/w/").status_code == 401
    assert db.exec(select(WorkplaceAccess)).one().session_hash is None


def test_a_contact_of_placement_a_never_reaches_placement_b(app: Flask, db: Session, consultant: StaffUser, kitchen: Internship,
                                                             make_citizen: Callable[..., Citizen]) -> None:
    hodan = make_citizen(name="Hodan Ali")
    other = db.exec(select(Internship).where(Internship.id != kitchen.id)).one()
    assert hodan.id
    phone = _signed_in(app, _link(db, consultant, kitchen))
    html = phone.get("/w/?week=2026-11-16").get_data(as_text=True)
    assert "Hodan" not in html
    form = _week_form(phone, pace="50")
    form["internship_id"] = str(other.id)
    assert phone.post("/w/", data=form).status_code == 303
    assert {row.internship_id for row in db.exec(select(WorkplacePace)).all()} == {kitchen.id}


def test_the_reminder_goes_on_the_chosen_weekday_once_with_a_fresh_link_and_nothing_of_her_health(
        app: Flask, db: Session, browser: FlaskClient, mailbox: Mailbox, amina: Citizen, kitchen: Internship,
        bo: PlacementContact, frozen_clock: Clock) -> None:
    page = _page(amina, kitchen)
    browser.post(page + "/workplace/invite", data={"csrf_token": csrf_token(browser, page), "contact_id": bo.id})
    chosen = browser.post(page + "/workplace/reminder", data={"csrf_token": csrf_token(browser, page), "contact_id": bo.id,
                                                               "weekday": "4"})
    assert chosen.status_code == 303
    db.expire_all()
    assert db.get(PlacementContact, bo.id).reminder_weekday == 4  # Friday
    runner = app.test_cli_runner()
    assert "Sent 0 " in runner.invoke(args=["workplace-reminders"]).output  # Wednesday: not today
    frozen_clock.advance(days=2)  # Friday 20 November
    assert "Sent 1 " in runner.invoke(args=["workplace-reminders"]).output
    assert "Sent 0 " in runner.invoke(args=["workplace-reminders"]).output  # once a day
    invitation, reminder = mailbox.messages
    assert reminder.recipients == ["bo@bybo.example"] and "Amina" in reminder.body
    for health in ("pain", "smerte", "aften", "træt"):
        assert health not in reminder.body.lower()
    fresh = re.search(r"/w/(\S+)", reminder.body).group(1)
    assert fresh != re.search(r"/w/(\S+)", invitation.body).group(1)
    phone = _signed_in(app, fresh)
    assert phone.get("/w/").status_code == 200
    made = db.exec(select(WorkplaceAccess).order_by(WorkplaceAccess.id)).all()
    assert [access.created_by_id for access in made] == [amina.consultant_id] * 2


def test_a_reminder_weekday_out_of_range_or_another_placements_contact_is_refused(
        db: Session, browser: FlaskClient, amina: Citizen, kitchen: Internship, bo: PlacementContact) -> None:
    page = _page(amina, kitchen)
    assert browser.post(page + "/workplace/reminder", data={"csrf_token": csrf_token(browser, page), "contact_id": bo.id,
                                                             "weekday": "9"}).status_code == 422
    assert browser.post(page + "/workplace/reminder", data={"csrf_token": csrf_token(browser, page), "contact_id": "999999",
                                                             "weekday": "1"}).status_code == 404


def test_her_my_data_and_her_export_say_who_at_the_workplace_saw_or_wrote_what(
        app: Flask, db: Session, browser: FlaskClient, activate: Callable[[FlaskClient, Citizen], None], consultant: StaffUser,
        amina: Citizen, kitchen: Internship, bo: PlacementContact) -> None:
    contact_phone = _signed_in(app, _link(db, consultant, kitchen, bo))
    assert contact_phone.post("/w/", data=_week_form(contact_phone, pace="75")).status_code == 303
    her_phone = app.test_client()
    activate(her_phone, amina)
    mine = her_phone.get("/my-data").get_data(as_text=True)
    assert "Bo Larsen" in mine and "Køkkenet, Bybo" in mine
    with app.test_request_context("/"):
        from flask_babel import force_locale, ngettext

        with force_locale("so"):
            assert ngettext("Wrote about you %(num)s time, last on %(day)s.", "Wrote about you %(num)s times, last on %(day)s.", 1,
                            day="X").split("X")[0] in mine
    exported = browser.get(f"/c/citizens/{amina.id}/data.json").get_json()
    by_contact = [row for row in exported["access_log"] if row.get("workplace_contact") == "Bo Larsen"]
    assert {row["purpose"] for row in by_contact} >= {"workplace.redeem", "workplace.read", "workplace.write"}
    assert all(row["workplace"] == "Køkkenet, Bybo" for row in by_contact)


def test_a_workplace_that_changes_a_resolved_day_opens_it_again_for_the_consultant(
        app: Flask, db: Session, consultant: StaffUser, amina: Citizen, kitchen: Internship, bo: PlacementContact) -> None:
    phone = _signed_in(app, _link(db, consultant, kitchen, bo))
    assert phone.post("/w/", data=_week_form(phone, pace="50", **{"day-2026-11-16": "absent"})).status_code == 303
    day = db.exec(select(WorkplaceDay)).one()
    day.resolved_at, day.resolved_by_id, day.resolution_note = clock.utcnow(), consultant.id, "Aftalt med Bo"
    db.add(day)
    db.commit()
    assert phone.post("/w/", data=_week_form(phone, pace="50", **{"day-2026-11-16": "absent", "note-2026-11-16": "Syg"})).status_code == 303
    db.expire_all()
    assert db.get(WorkplaceDay, day.id).resolved_at is not None  # the same account, a word added: still resolved
    assert phone.post("/w/", data=_week_form(phone, pace="50", **{"day-2026-11-16": "came"})).status_code == 303
    db.expire_all()
    changed = db.get(WorkplaceDay, day.id)
    assert changed.resolved_at is None and changed.resolution_note == "Aftalt med Bo"
