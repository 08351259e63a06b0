"""Today's entry and corrections: one screen, one request, never a second entry."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlmodel import Session, select

from app.models import Citizen, DayEntry, DeviceSession, EntryRevision, EntryTask
from tests.conftest import TODAY
from tests.helpers import csrf_token, form_key, new_key, post_day, translated

WORKDAY = {"attendance": "full", "pain": "4", "difficulty": "3", "evening": "2", "breaks": "none"}
MONDAY = date(2026, 11, 16)  # planned 3 h, within the correction window
TUESDAY = date(2026, 11, 17)  # not planned


def entries(db: Session) -> list[DayEntry]:
    return list(db.exec(select(DayEntry).order_by(DayEntry.day)).all())


def test_it_prefills_the_plan_and_shows_her_tasks_in_her_language(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    response = client.get("/today")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'lang="so"' in html
    assert "3 saac" in html.lower() or "3 " in html  # her plan: 3 hours on Wednesdays
    assert "Rengøring-so" in html  # the task label in Somali
    assert html.count('name="idempotency_key"') == 1
    assert response.headers["Cache-Control"] == "no-store"


def test_it_logs_a_typical_workday_in_five_taps_and_stores_only_what_she_answered(
        citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    html = client.get("/today").get_data(as_text=True)
    # Nothing is chosen for her: no answer on a new day's form is pre-selected.
    assert " checked" not in html.split('id="day-form"')[1]
    # What the browser sends: the hidden fields and the answers she tapped.
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    form.pop("next", None)
    taps = {"attendance": "full", "pain": "4", "evening": "2"}
    form.update(taps)
    response = client.post(f"/day/{TODAY.isoformat()}", data=form)  # Save
    assert 1 + len(taps) + 1 <= 5  # opening the page, her answers, Save
    assert response.status_code == 303
    assert response.headers["Location"] == f"/week?saved={TODAY.isoformat()}"
    (entry,) = entries(db)
    assert (entry.citizen_id, entry.day, entry.attendance, entry.hours_worked) == (citizen.id, TODAY, "full", 3.0)
    # The questions she skipped are not answered, not "no extra breaks".
    assert (entry.pain, entry.difficulty, entry.evening, entry.breaks) == (4, None, 2, None)
    assert entry.untouched == "" and not db.exec(select(EntryTask)).all()
    assert entry.entered_by == "self" and entry.note_language == "so"


def test_an_answer_the_form_once_chose_for_her_is_neither_shown_nor_kept_as_hers(
        citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    assert post_day(client, MONDAY, {**WORKDAY, "breaks": "none"}).status_code == 303
    (entry,) = entries(db)
    # An entry from before: "no extra breaks" was pre-selected then, so the migration marked it untouched.
    entry.untouched = "breaks"
    db.add(entry)
    db.commit()
    page = client.get(f"/day/{MONDAY.isoformat()}").get_data(as_text=True)
    assert 'name="breaks" value="none" checked' not in page and 'name="pain" value="4" checked' in page
    # She changes her pain only: the breaks answer she never gave is not saved again as hers.
    assert post_day(client, MONDAY, {"attendance": "full", "pain": "5", "difficulty": "3", "evening": "2"}).status_code == 303
    db.expire_all()
    (entry,) = entries(db)
    assert (entry.pain, entry.breaks, entry.untouched) == (5, None, "")
    revision = db.exec(select(EntryRevision).where(EntryRevision.entry_id == entry.id)).one()
    assert '"breaks": "none"' in revision.old_values and '"untouched": "breaks"' in revision.old_values  # nothing lost


def test_it_saves_in_one_round_trip_with_htmx(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    response = post_day(client, TODAY, WORKDAY, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == "/week"
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html  # a fragment for #main
    assert 'role="status"' in html
    assert len(entries(db)) == 1


def test_it_never_makes_a_second_entry_on_a_double_tap(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    key = new_key()
    first = post_day(client, TODAY, WORKDAY, key=key)
    second = post_day(client, TODAY, WORKDAY, key=key)
    assert first.status_code == second.status_code == 303
    assert len(entries(db)) == 1


def test_it_refuses_the_same_key_with_other_answers_and_keeps_what_she_typed(
        citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    key = new_key()
    post_day(client, TODAY, WORKDAY, key=key)
    response = post_day(client, TODAY, {**WORKDAY, "pain": "8", "note": "Ryggen"}, key=key)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'value="8" checked' in html and "Ryggen" in html
    assert form_key(html) != key  # saving again is a new submission
    assert entries(db)[0].pain == 4


def test_it_shows_errors_next_to_the_field_and_keeps_her_answers(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    response = post_day(client, TODAY, {"attendance": "early", "evening": "4", "note": "Jeg gik hjem"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field in ("pain", "hours_worked", "early_reasons"):
        assert f'id="err-{field}"' in html
        assert f'aria-describedby="err-{field}"' in html
    assert 'value="early" checked' in html and 'value="4" checked' in html and "Jeg gik hjem" in html
    assert "Please choose" not in html  # the message is in her language
    assert entries(db) == []


def test_it_records_an_early_departure_with_reasons_and_hard_tasks(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    task_id = re.search(r'name="tasks" value="(\d+)"', client.get("/today").get_data(as_text=True)).group(1)
    response = post_day(client, TODAY, {"attendance": "early", "hours_worked": "1.5", "early_reasons": ["pain", "tired"],
                                        "pain": "7", "difficulty": "6", "evening": "5", "breaks": "many",
                                        "tasks": task_id, "hard_tasks": task_id})
    assert response.status_code == 303
    (entry,) = entries(db)
    assert (entry.attendance, entry.hours_worked, entry.early_reasons) == ("early", 1.5, "pain,tired")
    assert db.exec(select(EntryTask)).one().hard is True


def test_it_records_an_absence_with_reason_and_notice(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    response = post_day(client, TODAY, {"attendance": "absent", "absence_reason": "family", "told_in_advance": "yes", "pain": "5"})
    assert response.status_code == 303
    (entry,) = entries(db)
    assert (entry.attendance, entry.hours_worked, entry.absence_reason, entry.told_in_advance) == ("absent", 0, "family", True)


def test_it_lets_her_correct_a_recent_day_and_keeps_the_old_version(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    post_day(client, MONDAY, WORKDAY)
    page = client.get(f"/day/{MONDAY.isoformat()}").get_data(as_text=True)
    assert 'name="pain" value="4" checked' in page  # her stored answers, ready to change
    response = post_day(client, MONDAY, {**WORKDAY, "attendance": "early", "hours_worked": "2", "early_reasons": "pain", "pain": "7"})
    assert response.status_code == 303
    (entry,) = entries(db)
    assert (entry.attendance, entry.pain) == ("early", 7)
    assert len(db.exec(select(EntryRevision)).all()) == 1


@pytest.mark.parametrize("day", [TODAY + timedelta(days=1), TODAY - timedelta(days=8), "2026-02-30", "yesterday"])
def test_it_keeps_days_outside_the_window_closed(citizen_client: tuple[FlaskClient, Citizen], db: Session, day: object) -> None:
    client, _citizen = citizen_client
    raw = day.isoformat() if isinstance(day, date) else day
    opened = client.get(f"/day/{raw}")
    if day == TODAY - timedelta(days=8):  # her log, too old to change: her answers to read, nothing to send (test_whole_log.py)
        assert opened.status_code == 200 and "<form" not in opened.get_data(as_text=True).split('<main id="main">')[1]
    else:
        assert opened.status_code in (403, 404)
    response = client.post(f"/day/{raw}", data={"csrf_token": csrf_token(client), "idempotency_key": new_key(), **WORKDAY})
    assert response.status_code in (403, 404)
    assert "Traceback" not in response.get_data(as_text=True)
    assert entries(db) == []


def test_a_day_off_asks_only_whether_she_worked_and_saves_pain_alone(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    html = client.get(f"/day/{TUESDAY.isoformat()}").get_data(as_text=True)
    assert 'name="pain"' in html and 'name="evening"' in html
    # Not "were you at work?": no early or absent answer on a day she was not expected.
    assert re.findall(r'name="attendance" value="([^"]*)"', html) == ["full", "none"]
    assert post_day(client, TUESDAY, {"pain": "6", "evening": "3"}).status_code == 303
    assert entries(db)[0].attendance is None
    assert post_day(client, TUESDAY, {"attendance": "none", "pain": "5"}).status_code == 303
    assert entries(db)[0].attendance is None and entries(db)[0].pain == 5


def test_an_unplanned_day_she_worked_keeps_her_hours_as_worked_not_planned(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    assert post_day(client, TUESDAY, {"attendance": "full", "hours_worked": "2,5", "pain": "3"}).status_code == 303
    entry = entries(db)[0]
    assert (entry.attendance, entry.hours_worked, entry.extra_hours) == ("full", 2.5, None)
    week = client.get("/week").get_data(as_text=True)
    assert "status-worked_unplanned" in week


@pytest.mark.parametrize("language", ["da", "ar", "ur", "so"])
def test_more_than_16_hours_in_a_day_is_refused_in_her_language(app: Flask, citizen_client: tuple[FlaskClient, Citizen],
                                                                db: Session, language: str) -> None:
    client, citizen = citizen_client
    citizen.preferred_language = language
    db.add(citizen)
    db.commit()
    refused = post_day(client, TUESDAY, {"attendance": "full", "hours_worked": "17", "pain": "3"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and entries(db) == []
    assert translated(app, language, "That is more than 16 hours in one day. Please check the number.") in html
    assert 'value="17"' in html  # what she typed stays
    # Her plan is 3 hours on Monday: 14 extra hours make 17.
    too_long = post_day(client, MONDAY, {**WORKDAY, "extra_hours": "14"})
    assert too_long.status_code == 422 and entries(db) == []
    assert translated(app, language, "That is more than 16 hours in one day. Please check the number.") in too_long.get_data(as_text=True)


def test_extra_hours_on_a_planned_day_are_kept_apart_from_the_plan(app: Flask, citizen_client: tuple[FlaskClient, Citizen],
                                                                   db: Session) -> None:
    client, _citizen = citizen_client
    assert post_day(client, MONDAY, {**WORKDAY, "extra_hours": "1.5"}).status_code == 303
    entry = entries(db)[0]
    assert (entry.attendance, entry.hours_worked, entry.extra_hours) == ("full", 3.0, 1.5)
    assert 'name="extra_hours" class="hours-input"' in client.get(f"/day/{MONDAY.isoformat()}").get_data(as_text=True)
    assert 'value="1.5"' in client.get(f"/day/{MONDAY.isoformat()}").get_data(as_text=True)
    # Her week: 4.5 hours worked of the 3 planned (Somali writes 4.5).
    assert translated(app, "so", "%(worked)s of %(planned)s hours", worked="4.5", planned="3") in client.get("/week").get_data(as_text=True)


def test_it_works_without_javascript(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    html = client.get("/today").get_data(as_text=True)
    # Every follow-up question is in the page; CSS shows those that fit, a plain POST saves.
    for name in ("hours_worked", "early_reasons", "absence_reason", "told_in_advance", "difficulty", "tasks"):
        assert f'name="{name}"' in html
    assert re.search(r'<form id="day-form"[^>]+method="post" action="/day/2026-11-18"', html)


def test_it_swaps_in_only_the_follow_ups_that_fit(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    early = client.get(f"/day/{TODAY.isoformat()}/followups?attendance=early", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'name="hours_worked"' in early and 'name="absence_reason"' not in early
    absent = client.get(f"/day/{TODAY.isoformat()}/followups?attendance=absent").get_data(as_text=True)
    assert 'name="absence_reason"' in absent and 'name="hours_worked"' not in absent
    full = client.get(f"/day/{TODAY.isoformat()}/followups?attendance=full").get_data(as_text=True)
    assert re.findall(r'name="([^"]+)"', full) == ["extra_hours"]  # only the optional extra hours
    # The hours offered are half hours below her plan of 3.
    assert re.findall(r'name="hours_worked" value="([^"]+)"', early) == ["2.5", "2", "1.5", "1", "0.5"]


def test_a_tap_on_an_answer_reads_her_session_and_her_plan_alone(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    # htmx asks for the follow-up questions at each tap: on PostgreSQL each statement is a round trip (issue 18).
    client, _citizen = citizen_client
    client.get(f"/day/{TODAY.isoformat()}/followups?attendance=early")
    seen: list[str] = []
    record = lambda _conn, _cursor, statement, *_rest: seen.append(statement)  # noqa: E731
    event.listen(db.get_bind(), "before_cursor_execute", record)
    try:
        early = client.get(f"/day/{TODAY.isoformat()}/followups?attendance=early").get_data(as_text=True)
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", record)
    assert re.findall(r'name="hours_worked" value="([^"]+)"', early) == ["2.5", "2", "1.5", "1", "0.5"]
    read = [re.search(r"\sFROM (\w+)", statement).group(1) for statement in seen if statement.startswith("SELECT")]
    assert sorted(read) == ["audio_clip", "device_session", "schedule_version"], seen


def test_it_rejects_unknown_fields(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    response = post_day(client, TODAY, {**WORKDAY, "citizen_id": "99"})
    assert response.status_code == 400
    assert entries(db) == []


def test_it_rejects_a_save_without_csrf_token(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    response = client.post(f"/day/{TODAY.isoformat()}", data={"idempotency_key": new_key(), **WORKDAY})
    assert response.status_code == 400
    assert entries(db) == []


def test_it_signs_out_a_revoked_phone_on_the_next_request(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, _citizen = citizen_client
    assert client.get("/today").status_code == 200
    device = db.exec(select(DeviceSession)).one()
    device.revoked_at = device.created_at
    db.add(device)
    db.commit()
    response = client.get("/today")
    assert response.status_code == 401
    assert 'name="pain"' not in response.get_data(as_text=True)


def test_it_shuts_out_a_phone_without_session(client: FlaskClient, make_citizen: Callable[..., Citizen]) -> None:
    make_citizen()
    for path in ("/today", "/week", f"/day/{MONDAY.isoformat()}"):
        response = client.get(path)
        assert response.status_code == 401
        assert "QR" in response.get_data(as_text=True)


def test_it_keeps_a_retired_task_on_a_day_that_holds_it(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    from app.models import Task

    client, _citizen = citizen_client
    task = db.exec(select(Task)).one()
    post_day(client, MONDAY, {**WORKDAY, "tasks": str(task.id)})
    task.active = False
    db.add(task)
    db.commit()
    assert f'name="tasks" value="{task.id}"' not in client.get("/today").get_data(as_text=True)
    monday = client.get(f"/day/{MONDAY.isoformat()}").get_data(as_text=True)
    assert f'name="tasks" value="{task.id}" checked' in monday and "Rengøring-so" in monday
    assert post_day(client, MONDAY, {**WORKDAY, "pain": "6", "tasks": str(task.id)}).status_code == 303
