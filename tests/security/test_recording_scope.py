"""An interpreter records spoken questions only in her languages, and what she records reaches the women only
after an admin or a consultant has listened to it and approved it; until then the old clip keeps playing."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask.testing import FlaskClient, FlaskCliRunner
from sqlmodel import Session, select

from app import clock
from app.models import AuditEvent, AudioClip, Citizen, StaffUser
from app.services import audio, audit
from app.services.audio import convert
from tests.helpers import csrf_token
from tests.sound import tone


def _upload(browser: FlaskClient, language: str, prompt: str, sound: bytes) -> object:
    token = csrf_token(browser, "/language")
    return browser.post(f"/recordings/{language}/{prompt}", content_type="multipart/form-data",
                        data={"csrf_token": token, "clip": (io.BytesIO(sound), "clip.webm")})


def _address(clip: AudioClip) -> str:
    return f"/audio/{clip.id}-{clip.digest[:16]}.mp3"


def _denied(db: Session, action: str) -> int:
    return len(db.exec(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.outcome == "denied")).all())


def test_an_interpreter_records_only_in_her_languages(db: Session, make_staff: Callable[..., StaffUser],
                                                      sign_in: Callable[[StaffUser], FlaskClient]) -> None:
    interpreter = sign_in(make_staff("interpreter", languages="ar"))  # no grant for any woman: none is needed to record
    assert interpreter.get("/recordings/").status_code == 200
    assert interpreter.get("/recordings/?lang=so").status_code == 404
    assert _denied(db, "audio.read") == 1
    assert _upload(interpreter, "so", "q.pain.today", tone(1.0)).status_code == 404
    assert _upload(interpreter, "da", "q.pain.today", tone(1.0)).status_code == 404
    assert _denied(db, "audio.record") == 2
    assert db.exec(select(AudioClip)).all() == []
    assert _upload(interpreter, "ar", "q.pain.today", tone(1.0)).status_code == 302
    page = interpreter.get("/recordings/?lang=ar").get_data(as_text=True)
    assert 'href="/recordings/?lang=so' not in page and 'href="/recordings/?lang=ar' in page  # tabs: her languages only
    nobody = sign_in(make_staff("interpreter"))  # no language set yet
    page = nobody.get("/recordings/").get_data(as_text=True)
    assert nobody.get("/recordings/").status_code == 200 and 'type="file"' not in page
    assert _upload(nobody, "ar", "q.note", tone(1.0)).status_code == 404


def test_a_new_recording_waits_and_the_old_one_plays_until_a_consultant_approves(
        db: Session, make_staff: Callable[..., StaffUser], sign_in: Callable[[StaffUser], FlaskClient],
        citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _her = citizen_client  # Somali
    admin = make_staff("admin")
    old = audio.save_clip(db, audit.Actor("staff", admin.id, "admin"), "q.pain.today", "so", convert(tone(1.0, hertz=300)), clock.utcnow())
    old_address = _address(old)
    recorder = make_staff("interpreter", languages="so")
    interpreter = sign_in(recorder)
    assert _upload(interpreter, "so", "q.pain.today", tone(1.5, hertz=600)).status_code == 302
    new = db.exec(select(AudioClip).where(AudioClip.status == "pending")).one()
    assert phone.get(old_address).status_code == 200  # the women still hear the old one
    assert phone.get(_address(new)).status_code == 404  # and never the one waiting
    assert old_address in phone.get("/today").get_data(as_text=True)
    assert interpreter.get(_address(new)).status_code == 200  # she may listen to her own
    assert sign_in(make_staff("interpreter", languages="so")).get(_address(new)).status_code == 404
    # She cannot take the live one away either: that too would change what every woman hears.
    token = csrf_token(interpreter, "/language")
    assert interpreter.post("/recordings/so/q.pain.today/delete", data={"csrf_token": token, "which": "live"}).status_code == 404
    assert _denied(db, "audio.delete") == 1 and phone.get(old_address).status_code == 200
    assert sign_in(recorder).get("/recordings/review/").status_code == 404  # interpreters do not review

    consultant = sign_in(make_staff("consultant"))
    review = consultant.get("/recordings/review/").get_data(as_text=True)
    assert _address(new) in review and old_address in review and f"/recordings/review/{new.id}/approve" in review
    assert consultant.get(_address(new)).status_code == 200  # she listens first
    token = csrf_token(consultant, "/recordings/review/")
    # The interpreter records again after the consultant listened: her "approve" is not for a sound she never heard.
    heard = new.digest
    assert _upload(interpreter, "so", "q.pain.today", tone(1.6, hertz=650)).status_code == 302
    db.expire_all()
    new = db.exec(select(AudioClip).where(AudioClip.status == "pending")).one()
    assert new.digest != heard and f'name="digest" value="{new.digest}"' in consultant.get("/recordings/review/").get_data(as_text=True)
    stale = consultant.post(f"/recordings/review/{new.id}/approve", data={"csrf_token": token, "digest": heard})
    assert "done=gone" in stale.headers["Location"] and phone.get(old_address).status_code == 200
    approved = consultant.post(f"/recordings/review/{new.id}/approve", data={"csrf_token": token, "digest": new.digest})
    assert approved.status_code == 303 and "done=approved" in approved.headers["Location"]
    db.expire_all()
    live = db.exec(select(AudioClip)).one()
    assert (live.id, live.status) == (new.id, "live")
    assert phone.get(old_address).status_code == 404 and phone.get(_address(live)).status_code == 200
    today = phone.get("/today").get_data(as_text=True)
    assert _address(live) in today and old_address not in today
    assert [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.action.startswith("audio.approve"))).all()] == ["audio.approve"]
    again = consultant.post(f"/recordings/review/{new.id}/approve", data={"csrf_token": token, "digest": new.digest})
    assert "done=gone" in again.headers["Location"]  # someone decided already


def test_an_admin_rejects_and_the_old_clip_stays(db: Session, make_staff: Callable[..., StaffUser],
                                                 sign_in: Callable[[StaffUser], FlaskClient]) -> None:
    admin_user = make_staff("admin")
    old = audio.save_clip(db, audit.Actor("staff", admin_user.id, "admin"), "q.note", "ar", convert(tone(1.0)), clock.utcnow())
    interpreter = sign_in(make_staff("interpreter", languages="ar"))
    _upload(interpreter, "ar", "q.note", tone(1.2, hertz=700))
    pending = db.exec(select(AudioClip).where(AudioClip.status == "pending")).one()
    admin = sign_in(admin_user)
    token = csrf_token(admin, "/recordings/review/")
    rejected = admin.post(f"/recordings/review/{pending.id}/reject", data={"csrf_token": token, "digest": pending.digest})
    assert rejected.status_code == 303 and "done=rejected" in rejected.headers["Location"]
    db.expire_all()
    assert [(c.id, c.status) for c in db.exec(select(AudioClip)).all()] == [(old.id, "live")]
    assert admin.get(_address(old)).status_code == 200
    assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "audio.reject")).all()) == 1
    # Another interpreter of the language cannot withdraw it; the interpreter withdraws her own.
    _upload(interpreter, "ar", "q.note", tone(1.3))
    colleague = sign_in(make_staff("interpreter", languages="ar"))
    colleague.post("/recordings/ar/q.note/delete", data={"csrf_token": csrf_token(colleague, "/language"), "which": "pending"})
    db.expire_all()
    assert sorted(c.status for c in db.exec(select(AudioClip)).all()) == ["live", "pending"]
    token = csrf_token(interpreter, "/language")
    assert interpreter.post("/recordings/ar/q.note/delete", data={"csrf_token": token, "which": "pending"}).status_code == 302
    db.expire_all()
    assert [c.status for c in db.exec(select(AudioClip)).all()] == ["live"]


def test_the_admin_sets_an_interpreters_languages(db: Session, make_staff: Callable[..., StaffUser], mailbox: object,
                                                  sign_in: Callable[[StaffUser], FlaskClient], runner: FlaskCliRunner) -> None:
    admin = sign_in(make_staff("admin"))
    token = csrf_token(admin, "/admin/")
    made = admin.post("/admin/staff", data={"csrf_token": token, "name": "Tolk", "email": "tolk@example.dk", "role": "interpreter",
                                            "languages": ["ur", "so", "xx"]})
    assert made.status_code == 200
    user = db.exec(select(StaffUser).where(StaffUser.email == "tolk@example.dk")).one()
    assert user.languages == "ur,so"
    assert admin.post(f"/admin/staff/{user.id}/languages", data={"csrf_token": token, "languages": ["ar"]}).status_code == 303
    db.expire_all()
    assert db.get(StaffUser, user.id).languages == "ar"
    consultant = make_staff("consultant")
    assert admin.post(f"/admin/staff/{consultant.id}/languages", data={"csrf_token": token, "languages": ["ar"]}).status_code == 404
    assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "staff.languages")).all()) == 2
    result = runner.invoke(args=["staff", "create", "--email", "t2@example.dk", "--name", "T", "--role", "interpreter",
                                 "--languages", "so,ar"])
    assert result.exit_code == 0, result.output
    assert db.exec(select(StaffUser).where(StaffUser.email == "t2@example.dk")).one().languages == "ar,so"
    bad = runner.invoke(args=["staff", "create", "--email", "t3@example.dk", "--name", "T", "--role", "interpreter",
                              "--languages", "en"])
    assert bad.exit_code != 0
