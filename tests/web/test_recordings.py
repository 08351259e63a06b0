"""Spoken questions on the web: recording them (interpreters in their languages, approved before women hear them;
admins), playing them (any signed-in phone), and the speaker button on her day form, shown only where a clip exists
in her language. Scope and approval are tested in tests/security/test_recording_scope.py."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app import clock
from app.models import AudioClip, Citizen, StaffUser
from app.services import audio, audit
from app.web.prompts import PROMPTS
from tests.helpers import csrf_token, translated
from tests.sound import tone


def _upload(browser: FlaskClient, language: str, prompt: str, sound: bytes, filename: str = "recording.webm") -> object:
    token = csrf_token(browser, f"/recordings/?lang={language}")
    return browser.post(f"/recordings/{language}/{prompt}", content_type="multipart/form-data",
                        data={"csrf_token": token, "clip": (io.BytesIO(sound), filename)})


@pytest.fixture
def interpreter(make_staff: Callable[..., StaffUser], sign_in: Callable[[StaffUser], FlaskClient]) -> FlaskClient:
    return sign_in(make_staff("interpreter", languages="da,ar,so"))


@pytest.fixture
def approve_all(db: Session, make_staff: Callable[..., StaffUser]) -> Callable[[], None]:
    """A consultant approves every recording waiting, as on the review page."""
    reviewer = audit.Actor("staff", make_staff("consultant").id, "consultant")

    def approve() -> None:
        for info in audio.clips(db, status=audio.PENDING):
            assert audio.approve_clip(db, reviewer, info.id, info.digest, clock.utcnow()) is not None
        db.expire_all()

    return approve


def test_the_recording_screen_lists_every_prompt_with_what_is_missing_per_language(interpreter: FlaskClient) -> None:
    response = interpreter.get("/recordings/?lang=so")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('class="prompt prompt-missing"') == len(PROMPTS) >= 70
    assert page.count('type="file" name="clip" accept="audio/*"') == len(PROMPTS)  # works without the recorder script
    assert "microphone=(self)" in response.headers["Permissions-Policy"]
    assert 'lang="so"' in page and 'dir="ltr"' in page
    assert 'lang="ar" dir="rtl"' in interpreter.get("/recordings/?lang=ar").get_data(as_text=True)


def test_a_recording_is_converted_kept_and_shown_as_recorded(app: Flask, db: Session, interpreter: FlaskClient,
                                                            approve_all: Callable[[], None]) -> None:
    response = _upload(interpreter, "so", "q.attendance", tone(2.0, "webm"))
    assert response.status_code == 302 and "saved=q.attendance" in response.headers["Location"]
    clip = db.exec(select(AudioClip)).one()
    assert (clip.prompt, clip.language, clip.mime_type, clip.status) == ("q.attendance", "so", "audio/mpeg", "pending")
    assert abs(clip.duration_ms - 2000) < 60
    waiting = interpreter.get("/recordings/?lang=so&saved=q.attendance").get_data(as_text=True)
    assert waiting.count('class="prompt prompt-missing"') == len(PROMPTS)  # not heard by women yet
    assert f'src="/audio/{clip.id}-{clip.digest[:16]}.mp3"' in waiting and 'name="which" value="pending"' in waiting
    approve_all()
    page = interpreter.get("/recordings/?lang=so").get_data(as_text=True)
    assert page.count('class="prompt prompt-missing"') == len(PROMPTS) - 1
    assert f'src="/audio/{clip.id}-{clip.digest[:16]}.mp3"' in page
    only_missing = interpreter.get("/recordings/?lang=so&show=missing").get_data(as_text=True)
    assert 'id="p-q.attendance"' not in only_missing and 'id="p-q.pain.today"' in only_missing


def test_a_second_recording_replaces_the_first_under_a_new_address(db: Session, interpreter: FlaskClient,
                                                                   approve_all: Callable[[], None]) -> None:
    _upload(interpreter, "ar", "q.pain.today", tone(1.0, "ogg"), "a.ogg")
    approve_all()
    first = db.exec(select(AudioClip)).one()
    first_id, first_digest = first.id, first.digest
    old_address = f"/audio/{first_id}-{first_digest[:16]}.mp3"
    _upload(interpreter, "ar", "q.pain.today", tone(1.5, "m4a"), "b.m4a")
    assert interpreter.get(old_address).status_code == 200  # the old one plays until the new one is approved
    approve_all()
    second = db.exec(select(AudioClip)).one()
    assert second.id != first_id and second.digest != first_digest
    assert interpreter.get(old_address).status_code == 404
    assert interpreter.get(f"/audio/{second.id}-{second.digest[:16]}.mp3").status_code == 200


@pytest.mark.parametrize(("sound", "filename", "message"), [
    (b"hello, this is text", "note.txt", "This is not a sound file we can use. Please record again."),
    ("long", "long.webm", "The recording is too long: at most %(seconds)s seconds."),
    ("short", "short.webm", "The recording is too short. Please record again."),
])
def test_an_upload_that_cannot_be_a_clip_is_refused_with_the_reason(app: Flask, db: Session, interpreter: FlaskClient,
                                                                    sound: object, filename: str, message: str) -> None:
    raw = tone(21.0) if sound == "long" else tone(0.1) if sound == "short" else sound
    response = _upload(interpreter, "da", "q.breaks", raw, filename)  # type: ignore[arg-type]
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert translated(app, "da", message).split("%")[0].strip() in page  # staff read Danish
    assert 'role="alert" id="err-q.breaks"' in page and 'aria-describedby="err-q.breaks"' in page
    assert db.exec(select(AudioClip)).all() == []


def test_an_upload_above_the_size_limit_is_refused_before_it_is_read(app: Flask, db: Session, interpreter: FlaskClient) -> None:
    app.config["AUDIO_MAX_BYTES"] = 100_000
    response = _upload(interpreter, "da", "q.breaks", tone(3.0, "wav"), "big.wav")  # 288 KB
    assert response.status_code == 413
    assert db.exec(select(AudioClip)).all() == []
    app.config["AUDIO_MAX_BYTES"] = 200_000  # past the request limit, not past the clip limit
    response = _upload(interpreter, "da", "q.breaks", tone(2.0, "wav")[:150_000], "cut.wav")
    assert response.status_code in (302, 422)


def test_only_interpreters_and_admins_record(db: Session, make_staff: Callable[..., StaffUser],
                                             sign_in: Callable[[StaffUser], FlaskClient],
                                             citizen_client: tuple[FlaskClient, Citizen]) -> None:
    consultant = sign_in(make_staff("consultant"))
    assert consultant.get("/recordings/").status_code == 404
    token = csrf_token(consultant, "/c/")
    refused = consultant.post("/recordings/da/q.pain.today", content_type="multipart/form-data",
                              data={"csrf_token": token, "clip": (io.BytesIO(tone(1.0)), "a.webm")})
    assert refused.status_code == 404
    phone, _citizen = citizen_client
    assert "/staff/sign-in" in phone.get("/recordings/").headers["Location"]
    admin = sign_in(make_staff("admin"))
    assert _upload(admin, "da", "q.pain.today", tone(1.0)).status_code == 302
    assert _upload(admin, "xx", "q.pain.today", tone(1.0)).status_code == 404
    assert _upload(admin, "da", "q.nothing", tone(1.0)).status_code == 404
    assert [clip.prompt for clip in db.exec(select(AudioClip)).all()] == ["q.pain.today"]


def test_a_citizen_plays_a_clip_and_her_phone_keeps_it(db: Session, interpreter: FlaskClient, client: FlaskClient,
                                                       citizen_client: tuple[FlaskClient, Citizen],
                                                       approve_all: Callable[[], None]) -> None:
    _upload(interpreter, "so", "q.pain.today", tone(1.0))
    approve_all()
    clip = db.exec(select(AudioClip)).one()
    address = f"/audio/{clip.id}-{clip.digest[:16]}.mp3"
    phone, _citizen = citizen_client
    played = phone.get(address)
    assert played.status_code == 200 and played.mimetype == "audio/mpeg" and played.data == clip.content
    assert played.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert played.headers["ETag"] == f'"{clip.digest[:16]}"'
    again = phone.get(address, headers={"If-None-Match": played.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get(address).status_code == 404  # nobody signed in
    assert phone.get(f"/audio/{clip.id}-{'0' * 16}.mp3").status_code == 404


def _speakers(page: str) -> dict[str, list[dict[str, str]]]:
    found = re.findall(r"data-speak='([^']*)' data-speak-name=\"([a-z_]+)\"", page)
    return {name: json.loads(html.unescape(playlist)) for playlist, name in found}


def test_the_speaker_button_appears_only_where_her_language_has_a_clip(db: Session, interpreter: FlaskClient,
                                                                       citizen_client: tuple[FlaskClient, Citizen],
                                                                       approve_all: Callable[[], None]) -> None:
    phone, citizen = citizen_client  # Somali, Monday and Wednesday (today) 3 hours
    assert 'class="speak"' not in phone.get("/today").get_data(as_text=True)
    for prompt in ("q.attendance", "a.attendance.full", "a.attendance.absent", "a.evening.4", "a.tasks.cleaning"):
        _upload(interpreter, "so", prompt, tone(1.0))
    _upload(interpreter, "ar", "q.pain.today", tone(1.0))  # another language: not on her phone
    approve_all()
    page = phone.get("/today").get_data(as_text=True)
    speakers = _speakers(page)
    assert set(speakers) == {"attendance", "evening", "tasks"}
    attendance = speakers["attendance"]
    assert [item.get("value") for item in attendance] == [None, "full", "absent"]  # question first, answers in form order
    assert all(item["src"].startswith("/audio/") for item in attendance)
    assert speakers["evening"] == [{"src": speakers["evening"][0]["src"], "value": "4"}]
    assert speakers["tasks"][0]["value"].isdigit()  # her own task, by its id
    # The evening question has two wordings on a planned day ("after work", or plainly when she was not at work),
    # each with its own button: CSS shows the one that fits her attendance answer.
    assert page.count('class="speak') == 4 and 'hidden>' in page.split('class="speak"')[1][:400]
    assert page.count('class="speak unless-absent"') == page.count('class="speak when-absent"') == 1
    assert "/static/js/speak.js" in page
