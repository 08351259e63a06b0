"""A placement's page: contact persons, training goals with sub-goals and support, each form without JavaScript,
refusals on the form with what was typed kept, and another woman's placement as if it did not exist."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlmodel import Session, select

from app.models import Citizen, Internship, PlacementContact, StaffUser, TrainingGoal, WorkplaceSupport
from app.services import audit
from app.services import placement_details as details
from tests.conftest import TODAY
from tests.helpers import csrf_token, translated


@pytest.fixture
def amina(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    citizen = make_citizen(name="Amina")
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    return citizen


@pytest.fixture
def kitchen(db: Session, amina: Citizen) -> Internship:
    placement = db.exec(select(Internship)).one()
    placement.workplace = "Køkkenet, Bybo"
    db.add(placement)
    db.commit()
    return placement


def _page(citizen: Citizen, placement: Internship) -> str:
    return f"/c/citizens/{citizen.id}/placements/{placement.id}"


def _post(browser: FlaskClient, citizen: Citizen, placement: Internship, path: str, **fields: str) -> tuple[int, str]:
    """Post a form of the placement's page like the browser; the page it ends on (or the refusal)."""
    page = _page(citizen, placement)
    response = browser.post(page + path, data={"csrf_token": csrf_token(browser, page), **fields})
    if response.status_code == 303:
        assert response.headers["Location"].split("#")[0].endswith(page)
        return 303, browser.get(page).get_data(as_text=True)
    return response.status_code, response.get_data(as_text=True)


def test_the_placements_page_links_to_each_placements_own_page(browser: FlaskClient, amina: Citizen, kitchen: Internship) -> None:
    history = browser.get(f"/c/citizens/{amina.id}/placements").get_data(as_text=True)
    assert f'href="{_page(amina, kitchen)}"' in history
    page = browser.get(_page(amina, kitchen))
    assert page.status_code == 200 and "Køkkenet, Bybo" in page.get_data(as_text=True)


def test_contacts_are_added_corrected_and_removed_and_the_first_one_is_on_the_report(
        app: Flask, db: Session, browser: FlaskClient, amina: Citizen, kitchen: Internship) -> None:
    status, page = _post(browser, amina, kitchen, "/contacts", name="Lise Holm", role="Køkkenleder", phone="+45 20 30 40 50",
                         email="lise@bybo.dk")
    assert status == 303 and 'value="Lise Holm"' in page and 'value="lise@bybo.dk"' in page
    status, page = _post(browser, amina, kitchen, "/contacts", name="Ole Berg")
    (lise, ole) = db.exec(select(PlacementContact).order_by(PlacementContact.id)).all()
    status, page = _post(browser, amina, kitchen, f"/contacts/{lise.id}", name="Lise Holm-Jensen", role="Køkkenleder",
                         action="save")
    assert status == 303 and 'value="Lise Holm-Jensen"' in page
    report = browser.get(f"/c/citizens/{amina.id}/report?start=2026-11-02&end=2026-11-18").get_data(as_text=True)
    assert "Lise Holm-Jensen" in report.split('id="r-1"')[1].split("</section>")[0]
    status, page = _post(browser, amina, kitchen, f"/contacts/{lise.id}", action="remove")
    assert status == 303 and "Lise Holm" not in page and 'value="Ole Berg"' in page
    db.refresh(kitchen)
    assert kitchen.contact_person == "Ole Berg"


@pytest.mark.parametrize(("fields", "message", "marked"), [
    ({"name": " ", "email": "lise@bybo.dk"}, "Write the contact person's name (at most 200 characters).", "name"),
    ({"name": "Lise Holm", "email": "lise(at)bybo"}, "Write the e-mail as name@example.dk, or leave it empty.", "email"),
])
def test_a_contact_without_a_name_or_with_a_malformed_email_is_refused_on_its_form_with_what_was_typed(
        app: Flask, db: Session, browser: FlaskClient, amina: Citizen, kitchen: Internship, fields: dict[str, str],
        message: str, marked: str) -> None:
    status, page = _post(browser, amina, kitchen, "/contacts", role="Køkkenleder", **fields)
    assert status == 422
    assert 'role="alert" id="problem-contact-new"' in page and str(escape(translated(app, "da", message))) in page
    assert f'name="{marked}"' in page.split('aria-invalid="true"')[0].rsplit("<input", 1)[1]  # the field is marked
    assert 'value="Køkkenleder"' in page and f'value="{fields["email"]}"' in page
    assert db.exec(select(PlacementContact)).all() == []


def test_goals_and_sub_goals_take_a_dated_status_and_a_date_before_the_placement_is_refused(
        app: Flask, db: Session, browser: FlaskClient, amina: Citizen, kitchen: Internship) -> None:
    assert _post(browser, amina, kitchen, "/goals", text="Arbejde 3 timer i træk")[0] == 303
    goal = db.exec(select(TrainingGoal)).one()
    status, page = _post(browser, amina, kitchen, "/goals", text="Holde pause selv", parent_id=str(goal.id))
    assert status == 303 and "Holde pause selv" in page
    sub = db.exec(select(TrainingGoal).where(TrainingGoal.parent_id == goal.id)).one()
    status, page = _post(browser, amina, kitchen, f"/goals/{sub.id}", status="reached", status_on="2026-11-01")
    assert status == 422
    refusal = page.split(f'id="problem-status-{sub.id}">')[1].split("</p>")[0]
    assert translated(app, "da", "The date is before the placement began (%(day)s).", day="2. nov. 2026") in refusal
    assert 'value="2026-11-01"' in page and '<option value="reached" selected>' in page  # what was typed stays
    status, page = _post(browser, amina, kitchen, f"/goals/{sub.id}", status="reached", status_on="2026-11-16")
    assert status == 303
    db.refresh(sub)
    assert (sub.status, sub.status_on.isoformat()) == ("reached", "2026-11-16")
    assert translated(app, "da", "Reached") in page and "Karen Konsulent" in page  # who set it
    status, page = _post(browser, amina, kitchen, "/goals", text=" ")
    assert status == 422 and 'id="problem-goal-new"' in page


def test_support_is_added_and_removed(app: Flask, db: Session, browser: FlaskClient, amina: Citizen, kitchen: Internship) -> None:
    status, page = _post(browser, amina, kitchen, "/support", kind="side_by_side", person="Hanne Nielsen", note="Viser opvasken")
    assert status == 303 and "Hanne Nielsen" in page and translated(app, "da", "Side-by-side training") in page
    status, page = _post(browser, amina, kitchen, "/support", kind="mentor", person="", note="Uden navn")
    assert status == 422 and 'id="problem-support-new"' in page and 'value="Uden navn"' in page
    support = db.exec(select(WorkplaceSupport)).one()
    status, page = _post(browser, amina, kitchen, f"/support/{support.id}/remove")
    assert status == 303 and "Hanne Nielsen" not in page


def test_another_womans_placement_and_its_rows_are_not_found(db: Session, browser: FlaskClient, amina: Citizen,
                                                           kitchen: Internship, make_citizen: Callable[..., Citizen],
                                                           consultant: StaffUser) -> None:
    # Another woman of the same caseload: her placement's id under Amina's address is as if it did not exist.
    hodan = make_citizen(name="Hodan")
    hodan.consultant_id = consultant.id
    db.add(hodan)
    db.commit()
    hers = db.exec(select(Internship).where(Internship.id != kitchen.id)).one()
    karen = audit.Actor("staff", consultant.id, "consultant")
    contact = details.add_contact(db, karen, hers, details.ContactGiven("Hendes kontakt"))
    goal = details.add_goal(db, karen, hers, "Hendes mål", today=TODAY)
    support = details.add_support(db, karen, hers, details.SupportGiven("mentor", "Hendes mentor"))
    assert browser.get(f"/c/citizens/{amina.id}/placements/{hers.id}").status_code == 404
    assert browser.get(f"/c/citizens/{hodan.id}/placements/{hers.id}").status_code == 200
    token = csrf_token(browser, _page(amina, kitchen))
    for path, fields in ((f"/contacts/{contact.id}", {"name": "X", "action": "remove"}),
                         (f"/goals/{goal.id}", {"status": "reached", "status_on": "2026-11-16"}),
                         ("/goals", {"text": "Under hendes mål", "parent_id": str(goal.id)}),
                         (f"/support/{support.id}/remove", {})):
        response = browser.post(_page(amina, kitchen) + path, data={"csrf_token": token, **fields})
        assert response.status_code == 404, path
    response = browser.post(f"/c/citizens/{amina.id}/placements/{hers.id}/contacts", data={"csrf_token": token, "name": "X"})
    assert response.status_code == 404
    assert [c.name for c in details.details(db, hers).contacts] == ["Hendes kontakt"]
    assert details.details(db, hers).goals[0][0].status == "open" and details.details(db, kitchen).goals == []


def test_a_post_without_the_csrf_token_changes_nothing(db: Session, browser: FlaskClient, amina: Citizen,
                                                      kitchen: Internship) -> None:
    response = browser.post(_page(amina, kitchen) + "/contacts", data={"name": "Lise"})
    assert response.status_code == 400 and db.exec(select(PlacementContact)).all() == []


def test_starting_the_next_placement_takes_open_goals_when_ticked(db: Session, browser: FlaskClient, amina: Citizen,
                                                                 kitchen: Internship) -> None:
    assert _post(browser, amina, kitchen, "/goals", text="Tale dansk på arbejdet")[0] == 303
    assert _post(browser, amina, kitchen, "/contacts", name="Lise Holm")[0] == 303
    page = f"/c/citizens/{amina.id}/placements"
    response = browser.post(page, data={"csrf_token": csrf_token(browser, page), "workplace": "Netto", "kind": "outside",
                                        "start": "2026-11-16", "end_reason": "moved", "copy_goals": "1"})
    assert response.status_code == 303
    netto = db.exec(select(Internship).where(Internship.workplace == "Netto")).one()
    shown = browser.get(_page(amina, netto)).get_data(as_text=True)
    assert "Tale dansk på arbejdet" in shown and 'value="Lise Holm"' not in shown
