"""Names and task labels are stored without bidi overrides or invisible characters, and a name that looks like
another woman's in the caseload (or mixes alphabets in a word) is saved only after the consultant confirms it."""

from __future__ import annotations

import html
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlmodel import Session, select

from app.models import Citizen, StaffUser, Task, TaskLabel
from tests.helpers import csrf_token, translated

PROFILE = {"preferred_language": "so", "course_start": "2026-11-02", "purpose": "job"}


def _post(browser: FlaskClient, url: str, data: dict[str, str]) -> object:
    return browser.post(url, data={"csrf_token": csrf_token(browser, "/c/"), **data})


def _names(db: Session) -> list[str]:
    db.expire_all()
    return sorted(c.display_name for c in db.exec(select(Citizen)).all())


def test_names_and_labels_lose_bidi_overrides_and_zero_width_characters(db: Session, consultant: StaffUser, browser: FlaskClient,
                                                                          runner: FlaskCliRunner) -> None:
    response = _post(browser, "/c/citizens/new", {"display_name": "\u202eHodan\u200b  \u2066Ali\u2069\ufeff", **PROFILE})
    assert response.status_code == 303
    citizen = db.exec(select(Citizen)).one()
    assert citizen.display_name == "Hodan Ali"
    task_form = {"label_da": "Op\u200bvask\u202e", "icon": "dishes", "label_translated": "Weel\u200d\u202bka\u202c  dhaq"}
    assert _post(browser, f"/c/citizens/{citizen.id}/tasks", task_form).status_code == 303
    task = db.exec(select(Task)).one()
    label = db.exec(select(TaskLabel).where(TaskLabel.task_id == task.id)).one()
    assert (task.label_da, label.text) == ("Opvask", "Weelka dhaq")
    # Only invisible characters is no label at all.
    refused = _post(browser, f"/c/citizens/{citizen.id}/tasks", {"label_da": "\u200b\u202e", "icon": "dishes"})
    assert refused.status_code == 422
    # The terminal takes the same road.
    made = runner.invoke(args=["citizens", "create", "--name", "Fa\u200btima\u202e", "--language", "ur", "--consultant", consultant.email])
    urdu = "برتن" + "\u200c" + "دھونا"  # ZWNJ between Arabic-script letters is spelling, and stays
    runner.invoke(args=["citizens", "task", made.output.strip(), "--icon", "dishes", "--label", "Op\u2067vask", "--ur", urdu + "\u200f"])
    assert "Fatima" in _names(db)
    db.expire_all()
    assert db.exec(select(TaskLabel).where(TaskLabel.language == "ur")).one().text == urdu


def test_a_staff_name_is_cleaned_too(db: Session, make_staff: Callable[..., StaffUser]) -> None:
    user = make_staff("interpreter", name="\u202eSara\u200b Tolk")
    assert user.name == "Sara Tolk"


def test_a_look_alike_name_warns_and_needs_a_confirmation(app: Flask, db: Session, consultant: StaffUser, browser: FlaskClient,
                                                          make_staff: Callable[..., StaffUser],
                                                          make_citizen: Callable[..., Citizen]) -> None:
    amina = make_citizen(name="Amina Hassan")
    amina.consultant_id = consultant.id
    elsewhere = make_citizen(name="Hodan Warsame")  # another consultant's woman: never named on this page
    elsewhere.consultant_id = make_staff("consultant").id
    db.add_all([amina, elsewhere])
    db.commit()
    spoof = "Аmina Наssan"  # Cyrillic А and Н
    first = _post(browser, "/c/citizens/new", {"display_name": spoof, **PROFILE})
    page = html.unescape(first.get_data(as_text=True))
    assert first.status_code == 200
    assert "Amina Hassan" in page and 'name="confirm_name"' in page and 'role="alert"' in page
    assert "Аmina" in page and translated(app, "da", "Cyrillic") in page  # the word that mixes alphabets, and which ones
    assert f'value="{spoof}"' in page  # what she typed is kept for the second submit
    assert _names(db) == ["Amina Hassan", "Hodan Warsame"]  # nothing saved yet
    second = _post(browser, "/c/citizens/new", {"display_name": spoof, "confirm_name": "1", **PROFILE})
    assert second.status_code == 303
    assert spoof in _names(db)

    # Renaming warns too, but never about a name from another caseload.
    hodan = _post(browser, "/c/citizens/new", {"display_name": "Fatima Ali", **PROFILE})
    assert hodan.status_code == 303, hodan.get_data(as_text=True)[-3000:]
    fatima = db.exec(select(Citizen).where(Citizen.display_name == "Fatima Ali")).one()
    renamed = _post(browser, f"/c/citizens/{fatima.id}/edit", {"display_name": "amína hassan", **PROFILE})
    assert renamed.status_code == 200 and "Amina Hassan" in html.unescape(renamed.get_data(as_text=True))
    other = _post(browser, f"/c/citizens/{fatima.id}/edit", {"display_name": "Hodan Warsame", **PROFILE})
    assert other.status_code == 303 and "Hodan Warsame" not in html.unescape(other.get_data(as_text=True))
    # Saving her again under her own name asks nothing.
    assert _post(browser, f"/c/citizens/{fatima.id}/edit", {"display_name": "Hodan Warsame", **PROFILE}).status_code == 303


def test_the_warning_escapes_what_was_typed(consultant: StaffUser, browser: FlaskClient) -> None:
    response = _post(browser, "/c/citizens/new", {"display_name": "<script>Аlert(1)</script>", **PROFILE})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<script>Аlert" not in body and "&lt;script&gt;Аlert" in body
