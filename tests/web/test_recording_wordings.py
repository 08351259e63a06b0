"""The recording screen lists every wording of a question, each task label as her buttons show it, and the consent
screen's paragraphs, in each language; clips made by the demo's synthetic voice are marked so for staff."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlmodel import Session, select

from app import clock
from app.models import AudioClip, Citizen, StaffUser
from app.services import audio, demo_voice
from app.web.prompts import PROMPTS, task_label_key
from tests.helpers import csrf_token, require_program, translated
from tests.sound import tone


def _upload(browser: FlaskClient, language: str, prompt: str) -> int:
    token = csrf_token(browser, f"/recordings/?lang={language}")
    return browser.post(f"/recordings/{language}/{prompt}", content_type="multipart/form-data",
                        data={"csrf_token": token, "clip": (io.BytesIO(tone(1.0)), "a.webm")}).status_code


@pytest.fixture
def admin(make_staff: Callable[..., StaffUser], sign_in: Callable[[StaffUser], FlaskClient]) -> FlaskClient:
    return sign_in(make_staff("admin"))


@pytest.mark.parametrize("language", ["da", "ar", "ur", "so"])
def test_every_wording_is_listed_with_its_words(app: Flask, admin: FlaskClient, language: str) -> None:
    page = admin.get(f"/recordings/?lang={language}").get_data(as_text=True)
    for key in ("q.pain.today", "q.pain.past", "q.difficulty.today", "q.difficulty.past", "q.tasks.today", "q.tasks.past",
                "q.evening.after_work.today", "q.evening.after_work.past", "q.evening.today", "q.evening.past",
                "consent.why", "consent.how_long", "consent.optional"):
        assert f'id="p-{key}"' in page
    for message in ("How much pain did you have that day?", "How were you that evening?", "How are you this evening, after work?"):
        assert str(escape(translated(app, language, message))) in page
    assert 'id="p-q.pain"' not in page and 'id="p-q.evening"' not in page  # the old one-clip keys are gone
    assert page.count('class="prompt prompt-missing"') == len(PROMPTS)


def test_a_task_label_is_recorded_in_the_words_her_button_shows(app: Flask, db: Session, admin: FlaskClient,
                                                                make_citizen: Callable[..., Citizen]) -> None:
    make_citizen(language="so", tasks=(("laundry", "Foldning af håndklæder"),))  # Somali label "Foldning af håndklæder-so"
    somali = admin.get("/recordings/?lang=so").get_data(as_text=True)
    key = task_label_key("Foldning af håndklæder-so")
    assert f'id="p-{key}"' in somali and "Foldning af håndklæder-so" in somali
    assert "Foldning af håndklæder</span>" in somali  # the Danish label beside it, for the reviewer
    assert translated(app, "da", "Her tasks, in the words on her buttons") in somali
    assert _upload(admin, "so", key) == 302
    assert _upload(admin, "da", key) == 404  # in Danish her button says "Foldning af håndklæder": another key
    assert _upload(admin, "da", task_label_key("Foldning af håndklæder")) == 302
    assert _upload(admin, "so", task_label_key("A label nobody has")) == 404
    assert {(clip.prompt, clip.language) for clip in db.exec(select(AudioClip)).all()} == {
        (key, "so"), (task_label_key("Foldning af håndklæder"), "da")}


def test_synthetic_clips_are_marked_for_staff(app: Flask, db: Session, admin: FlaskClient, tmp_path: Path) -> None:
    require_program("espeak-ng", "espeak-ng")
    seeded = demo_voice.seed_voice(db, {"da": {"q.attendance": "Var du på arbejde?"}, "so": {"q.attendance": "Ma shaqada joogtay?"}},
                                   clock.utcnow(), tmp_path)
    assert seeded.clips == {"da": 1} and "no voice" in seeded.missing["so"]
    clip = db.exec(select(AudioClip)).one()
    assert clip.recorded_by in audio.synthetic_voices(db) and clip.mime_type == "audio/mpeg" and clip.duration_ms > 300
    page = admin.get("/recordings/?lang=da").get_data(as_text=True)
    assert page.count(translated(app, "da", "Synthetic demo voice (a computer, not a person): please record a real voice.")) == 1
    again = demo_voice.seed_voice(db, {"da": {"q.attendance": "Var du på arbejde?"}}, clock.utcnow(), tmp_path)
    assert again.clips == {"da": 0}  # a clip that exists is never replaced
    assert len(list(tmp_path.glob("*.mp3"))) == 1  # and the sound was kept for the next demo


def test_without_espeak_the_demo_seeds_no_clips_and_says_why(db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_voice.shutil, "which", lambda name: None)
    seeded = demo_voice.seed_voice(db, {"da": {"q.attendance": "Var du på arbejde?"}, "so": {}}, clock.utcnow(), tmp_path)
    assert seeded.clips == {} and "not installed" in seeded.missing["da"] and "no voice" in seeded.missing["so"]
    assert db.exec(select(AudioClip)).all() == []


def test_a_reviewer_sees_the_task_label_a_new_recording_should_say(make_staff: Callable[..., StaffUser],
                                                                   sign_in: Callable[[StaffUser], FlaskClient],
                                                                   make_citizen: Callable[..., Citizen]) -> None:
    make_citizen(language="so", tasks=(("laundry", "Foldning af håndklæder"),))
    interpreter = sign_in(make_staff("interpreter", languages="so"))
    assert _upload(interpreter, "so", task_label_key("Foldning af håndklæder-so")) == 302
    page = sign_in(make_staff("consultant")).get("/recordings/review/").get_data(as_text=True)
    assert '<q lang="so" dir="ltr">Foldning af håndklæder-so</q>' in page
    assert '<span class="gloss" lang="da">Foldning af håndklæder</span>' in page

