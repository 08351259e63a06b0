"""Pictures for every answer: each answer she taps carries an icon beside its words, and the QR card's
three steps show the same pictures she then meets in the app."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app import clock
from app.models import Citizen
from app.services import audit
from app.services.activation import issue_code
from app.web import cards

CHOICE = re.compile(r'<label class="choice[^"]*">\s*<input type="(?:radio|checkbox)" name="([a-z_]+)" value="([^"]*)"[^>]*>\s*'
                    r'<span class="choice-face">(.*?)</span>\s*</label>', re.S)
#: Numbers are their own picture: the 0-10 scales (with their colours) and the hours she worked.
NUMBERS = {"pain", "difficulty", "hours_worked"}


def test_every_answer_she_taps_has_a_picture_beside_its_words(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client
    page = phone.get("/today").get_data(as_text=True)  # Wednesday: work day, tasks, body map, all follow-ups rendered
    choices = CHOICE.findall(page)
    questions = {name for name, _value, _face in choices}
    assert {"attendance", "early_reasons", "absence_reason", "told_in_advance", "breaks", "tasks", "evening", "body_regions"} <= questions
    without = [(name, value) for name, value, face in choices if name not in NUMBERS and 'class="icon"' not in face]
    assert without == []
    assert all('class="choice-label"' in face for _name, _value, face in choices)  # and words beside it
    # Each body region is a picture itself: a part of the drawn figure.
    assert page.count('class="region region-') == 16


def test_every_question_has_a_picture_beside_its_words(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    phone, _citizen = citizen_client
    page = phone.get("/today").get_data(as_text=True)  # every follow-up is rendered (hidden until asked)
    legends = re.findall(r"<legend>(.*?)</legend>", page, re.S)
    assert len(legends) >= 10
    assert [legend for legend in legends if not legend.lstrip().startswith('<svg class="icon"')] == []


def test_the_card_steps_show_the_pictures_of_the_app(app: Flask, db: Session, client: FlaskClient,
                                                     make_citizen: Callable[..., Citizen],
                                                     citizen_client: tuple[FlaskClient, Citizen]) -> None:
    newcomer = make_citizen(name="Hodan", consented=False)
    raw = issue_code(db, audit.SYSTEM, newcomer.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
    with app.test_request_context():
        steps = [name for name, _text in cards.card_texts("so", clock.utcnow() + timedelta(days=1)).steps]
    assert steps[0] == "scan"  # her phone's camera
    welcome = client.get(f"/a/{raw}").get_data(as_text=True)
    button = welcome.split('type="submit"')[1].split("</button>")[0]
    assert f"#i-{steps[1]}" in button  # "Press the button": the button's own picture
    phone, _citizen = citizen_client
    tab = phone.get("/today").get_data(as_text=True).split('href="/today"')[1].split("</a>")[0]
    assert f"#i-{steps[2]}" in tab  # "Write in the logbook every work day": the Today tab


def test_the_card_draws_under_its_last_step_the_answers_she_then_taps(app: Flask, make_citizen: Callable[..., Citizen],
                                                                     citizen_client: tuple[FlaskClient, Citizen]) -> None:
    citizen = make_citizen(name="Hodan", language="ur")
    expires = clock.utcnow() + timedelta(days=14)
    with app.test_request_context("/"):
        pictures = [cards.inline_icon(name) for name in cards.ANSWER_ICONS]
        printed = cards.render_card(citizen, "http://localhost/a/x", expires)
        on_screen = cards.render_screen_code(citizen, "http://localhost/a/x", expires)
    for page in (printed, on_screen):
        last_step = page.split('class="card-step"')[-1]
        assert all(str(picture) in last_step for picture in pictures)
    phone, _citizen = citizen_client
    day_form = phone.get("/today").get_data(as_text=True)
    assert all(f'value="{value}"' in day_form and f"#i-{name}" in day_form
               for value, name in zip(("full", "early", "absent"), cards.ANSWER_ICONS))
