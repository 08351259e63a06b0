"""The spoken question matches the screen: every question text the day form can show (today or a past day, a
planned day or not, each attendance answer) has exactly one clip key, and the Listen button beside a legend plays
the clip of the words in that legend. A task's answer plays the clip of its own label when one is recorded.

Which parts a given attendance answer shows is decided by CSS (static/css/app.css, the follow-ups and the evening
wording); `_shown` restates those rules, and tests/browser/test_spoken_past.py checks them in a real browser."""

from __future__ import annotations

import hashlib
import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
import tinyhtml5
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app import clock
from app.config import LANGUAGES
from app.models import AudioClip, Citizen, StaffUser
from app.services import audit
from app.services.activation import issue_code
from app.web.audio import DIGEST_LENGTH
from app.web.prompts import PROMPTS, task_label_key
from tests.conftest import TODAY
from tests.helpers import translated

_NS = "{http://www.w3.org/1999/xhtml}"
ATTENDANCE_ANSWERS = (None, "full", "early", "absent")


def record_all(db: Session, recorder: StaffUser, language: str, keys: list[str]) -> dict[str, str]:
    """A (silent, tiny) live clip for every key; returns each clip's address path -> its key."""
    addresses = {}
    for key in keys:
        digest = hashlib.sha256(f"{language}:{key}".encode()).hexdigest()
        clip = AudioClip(prompt=key, language=language, mime_type="audio/mpeg", content=b"\0", digest=digest, duration_ms=900,
                         recorded_by=recorder.id, recorded_at=clock.utcnow())
        db.add(clip)
        db.flush()
        addresses[f"/audio/{clip.id}-{digest[:DIGEST_LENGTH]}.mp3"] = key
    db.commit()
    return addresses


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _hidden_by(classes: set[str], attendance: str | None) -> bool:
    """static/css/app.css: what a checked attendance answer hides (nothing checked: only follow-ups and work questions)."""
    if "followup" in classes and not ((attendance == "early" and "if-early" in classes) or (attendance == "absent" and "if-absent" in classes)
                                      or (attendance == "full" and "if-full" in classes)):
        return True
    if "if-worked" in classes and attendance not in ("full", "early"):
        return True
    return ("when-absent" in classes and attendance != "absent") or ("unless-absent" in classes and attendance == "absent")


def _shown(element: ET.Element, parents: dict[ET.Element, ET.Element], attendance: str | None) -> bool:
    while element is not None:
        if _hidden_by(_classes(element), attendance):
            return False
        element = parents.get(element)
    return True


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def legends_and_speakers(page: str, attendance: str | None) -> Iterator[tuple[str, list[ET.Element]]]:
    """Each question shown for the attendance answer: its legend's shown words and the Listen buttons shown beside it."""
    root = tinyhtml5.parse(page)
    parents = {child: parent for parent in root.iter() for child in parent}
    form = next(el for el in root.iter() if el.get("id") == "day-form")
    for question in form.iter():
        if "question" not in _classes(question) or not _shown(question, parents, attendance):
            continue
        legend = next(el for el in question.iter() if el.tag == f"{_NS}legend" or "legend" in _classes(el))
        parts = [part for part in legend if part.tag == f"{_NS}span" and _classes(part) & {"when-absent", "unless-absent"}]
        words = " ".join(_text(part) for part in parts if _shown(part, parents, attendance)) if parts else _text(legend)
        speakers = [el for el in question if el.tag == f"{_NS}button" and "speak" in _classes(el) and _shown(el, parents, attendance)]
        yield words, speakers


def _first_clip(speaker: ET.Element) -> str:
    return json.loads(html.unescape(speaker.get("data-speak") or "[]"))[0]["src"]


@pytest.fixture
def recorder(make_staff: Callable[..., StaffUser]) -> StaffUser:
    return make_staff("admin")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_text_has_one_clip_and_its_listen_button_plays_it(app: Flask, db: Session, recorder: StaffUser,
                                                                         make_citizen: Callable[..., Citizen],
                                                                         activate: Callable[[FlaskClient, Citizen], None],
                                                                         language: str) -> None:
    addresses = record_all(db, recorder, language, list(PROMPTS))
    questions = {key for key in PROMPTS if key.startswith("q.")}
    first_words = {key: translated(app, language, str(PROMPTS[key].messages[0])) for key in questions}
    # Monday and Wednesday (today) planned; Tuesday not. A second woman works Monday and Tuesday: today is her day off.
    works_wednesday = make_citizen(name="Hodan", language=language, hours=(3, 0, 3, 0, 0, 0, 0))
    off_wednesday = make_citizen(name="Sahra", language=language, hours=(3, 3, 0, 0, 0, 0, 0))
    monday, tuesday = TODAY - timedelta(days=2), TODAY - timedelta(days=1)
    days: list[tuple[Citizen, str, tuple[str | None, ...]]] = [
        (works_wednesday, TODAY.isoformat(), ATTENDANCE_ANSWERS), (works_wednesday, monday.isoformat(), ATTENDANCE_ANSWERS),
        (works_wednesday, tuesday.isoformat(), (None, "full")), (off_wednesday, TODAY.isoformat(), (None, "full"))]
    cases = [(citizen, f"/day/{day}", answers) for citizen, day, answers in days]
    cases.append((works_wednesday, "/today/cant-come", ("absent",)))  # "I can't come today" asks in the present (issue 23)
    seen: set[str] = set()
    for citizen, path, answers in cases:
        phone = app.test_client()
        activate(phone, citizen)
        page = phone.get(path, follow_redirects=True).get_data(as_text=True)
        for attendance in answers:
            for words, speakers in legends_and_speakers(page, attendance):
                keys = [key for key in questions if first_words[key] == words]
                assert len(keys) == 1, (path, attendance, words, keys)  # exactly one clip key says these words
                assert len(speakers) == 1, (path, attendance, words)  # one Listen button shown beside them ...
                assert addresses[_first_clip(speakers[0])] == keys[0], (path, attendance, words)  # ... playing them
                seen.add(keys[0])
    assert seen == questions  # and every wording has its place on the form


def test_the_evening_asks_after_work_only_while_she_says_she_was_at_work(app: Flask, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client  # Somali; today is a planned day
    wordings = {key: translated(app, "so", str(prompt.messages[0])) for key, prompt in PROMPTS.items() if key.startswith("q.evening.")}

    def evening(path: str, attendance: str | None) -> str:
        page = phone.get(path).get_data(as_text=True)
        return next(key for words, _speakers in legends_and_speakers(page, attendance) for key, said in wordings.items() if said == words)

    assert {attendance: evening("/today", attendance) for attendance in ATTENDANCE_ANSWERS} == {
        None: "q.evening.after_work.today", "full": "q.evening.after_work.today", "early": "q.evening.after_work.today",
        "absent": "q.evening.today"}
    monday = f"/day/{(TODAY - timedelta(days=2)).isoformat()}"
    assert (evening(monday, "full"), evening(monday, "absent")) == ("q.evening.after_work.past", "q.evening.past")


def test_a_task_answer_plays_its_own_label_when_recorded_else_the_pictures_name(app: Flask, db: Session, recorder: StaffUser,
                                                                                citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client  # Somali, one task "Rengøring-so" with the cleaning picture
    generic = record_all(db, recorder, "so", ["q.tasks.today", "a.tasks.cleaning"])

    def task_clip() -> str:
        page = phone.get("/today").get_data(as_text=True)
        speaker = next(s for words, shown in legends_and_speakers(page, "full") for s in shown
                       if words == translated(app, "so", "What did you do today?"))
        playlist = json.loads(html.unescape(speaker.get("data-speak") or "[]"))
        return next(item["src"] for item in playlist if item.get("value", "").isdigit())

    assert generic[task_clip()] == "a.tasks.cleaning"
    own = record_all(db, recorder, "so", [task_label_key("Rengøring-so")])
    assert own[task_clip()] == task_label_key("Rengøring-so")


def test_each_consent_paragraph_has_a_listen_button_also_before_she_has_a_session(
        app: Flask, db: Session, recorder: StaffUser, client: FlaskClient, make_citizen: Callable[..., Citizen],
        activate: Callable[[FlaskClient, Citizen], None]) -> None:
    consent = [key for key in PROMPTS if key.startswith("consent.")]
    addresses = record_all(db, recorder, "ar", [*consent, "q.attendance"])
    by_key = {key: address for address, key in addresses.items()}
    citizen = make_citizen(language="ar", consented=False)
    raw = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
    welcome = client.get(f"/a/{raw}").get_data(as_text=True)  # the QR code's page, where she agrees
    # Her five paragraphs; the hint and her workplace's paragraph are on /my-data only.
    assert [by_key[key] in welcome for key in consent] == [True] * 5 + [False, False]
    assert "/static/js/speak.js" in welcome
    assert client.get(by_key["consent.why"]).status_code == 200  # no session yet: the consent words only
    assert client.get(by_key["q.attendance"]).status_code == 404
    activate(client, citizen)
    db.refresh(citizen)
    citizen.consent_at = None  # a phone that got in without agreeing: /my-data asks, with the "you do not have to" hint
    db.add(citizen)
    db.commit()
    page = client.get("/my-data").get_data(as_text=True)
    assert all(by_key[key] in page for key in consent) and page.count('class="speak"') == len(consent)
