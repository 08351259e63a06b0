"""A placement's contact persons, training goals and support: every write audited, every lookup through her
placement, the old contact column kept as the first contact's name, and open goals taken along on request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, Course, Internship, PlacementContact, StaffUser, TrainingGoal, WorkplaceSupport
from app.services import audit, rights
from app.services import placement_details as details
from app.services.citizens import current_course
from app.services.placements import NextPlacement, placements, start_placement
from tests.conftest import FROZEN_NOW, TODAY

START = date(2026, 11, 2)  # her first placement's first day (make_citizen)


@pytest.fixture
def kitchen(db: Session, make_citizen: Callable[..., Citizen]) -> Internship:
    citizen = make_citizen()
    (placement,) = placements(db, current_course(db, citizen.id).id)
    placement.workplace = "Køkkenet, Bybo"
    db.add(placement)
    db.commit()
    return placement


@pytest.fixture
def karen(consultant: StaffUser) -> audit.Actor:
    return audit.Actor("staff", consultant.id, "consultant")


def _actions(db: Session) -> list[str]:
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.outcome == "ok").order_by(AuditEvent.id)).all()
    return [action for action in actions if action.startswith(("placement_contact.", "training_goal.", "workplace_support."))]


def test_contacts_keep_the_old_column_as_the_first_ones_name(db: Session, kitchen: Internship, karen: audit.Actor) -> None:
    lise = details.add_contact(db, karen, kitchen, details.ContactGiven("  Lise  Holm ", "Køkkenleder", "+45 20 30 40 50",
                                                                      "lise@bybo.dk"))
    ole = details.add_contact(db, karen, kitchen, details.ContactGiven("Ole"))
    assert (lise.name, lise.phone, kitchen.contact_person) == ("Lise Holm", "+45 20 30 40 50", "Lise Holm")
    details.change_contact(db, karen, kitchen, lise.id, details.ContactGiven("Lise Holm-Jensen", "Køkkenleder"))
    assert kitchen.contact_person == "Lise Holm-Jensen"
    details.remove_contact(db, karen, kitchen, lise.id)
    db.refresh(kitchen)
    assert kitchen.contact_person == "Ole" and [c.id for c in details.details(db, kitchen).contacts] == [ole.id]
    details.remove_contact(db, karen, kitchen, ole.id)
    db.refresh(kitchen)
    assert kitchen.contact_person == ""
    assert _actions(db) == ["placement_contact.create", "placement_contact.create", "placement_contact.update",
                            "placement_contact.delete", "placement_contact.delete"]


def test_a_contact_the_profile_named_becomes_a_row_before_the_column_follows_the_rows(
        db: Session, kitchen: Internship, karen: audit.Actor) -> None:
    kitchen.contact_person = "Jens fra profilen"  # as the profile form writes it
    db.add(kitchen)
    db.commit()
    assert details.unlisted_contact(kitchen, []) == "Jens fra profilen"
    details.add_contact(db, karen, kitchen, details.ContactGiven("Mette"))
    assert [c.name for c in details.details(db, kitchen).contacts] == ["Jens fra profilen", "Mette"]
    assert kitchen.contact_person == "Jens fra profilen"
    # Typing the profile's name itself adds it once, not twice.
    other = details.add_contact(db, karen, kitchen, details.ContactGiven("Mette"))
    details.remove_contact(db, karen, kitchen, other.id)
    assert len(details.details(db, kitchen).contacts) == 2


@pytest.mark.parametrize(("given", "field", "message"), [
    (details.ContactGiven(" "), "name", "Write the contact person's name (at most 200 characters)."),
    (details.ContactGiven("Lise", email="lise@bybo"), "email", "Write the e-mail as name@example.dk, or leave it empty."),
    (details.ContactGiven("Lise", email="lise bybo.dk"), "email", "Write the e-mail as name@example.dk, or leave it empty."),
    (details.ContactGiven("Lise", phone="ring til køkkenet"), "phone", "A phone number has digits, spaces, +, ( ) and - only."),
])
def test_a_contact_without_a_name_or_with_a_malformed_email_or_phone_is_refused(
        db: Session, kitchen: Internship, karen: audit.Actor, given: details.ContactGiven, field: str, message: str) -> None:
    with pytest.raises(details.DetailError) as refused:
        details.add_contact(db, karen, kitchen, given)
    assert (refused.value.field, refused.value.message) == (field, message)
    db.rollback()
    assert db.exec(select(PlacementContact)).all() == [] and _actions(db) == []


def test_goals_have_sub_goals_one_level_deep_and_each_status_is_dated_and_audited(
        db: Session, kitchen: Internship, karen: audit.Actor, consultant: StaffUser) -> None:
    goal = details.add_goal(db, karen, kitchen, "Arbejde 3 timer i træk", today=TODAY)
    sub = details.add_goal(db, karen, kitchen, "Holde pause selv", today=TODAY, parent_id=goal.id)
    with pytest.raises(details.DetailError, match="sub-goals of its own"):
        details.add_goal(db, karen, kitchen, "For dybt", today=TODAY, parent_id=sub.id)
    assert (goal.status, goal.status_on, goal.changed_by_id) == ("open", TODAY, consultant.id)
    details.set_goal_status(db, karen, kitchen, sub.id, "reached", START + timedelta(days=7), today=TODAY)
    details.set_goal_status(db, karen, kitchen, goal.id, "dropped", TODAY, today=TODAY)
    found = details.details(db, kitchen)
    [(shown_goal, [shown_sub])] = found.goals
    assert (shown_goal.status, shown_sub.status, shown_sub.status_on) == ("dropped", "reached", date(2026, 11, 9))
    assert found.changed_by == {consultant.id: consultant.name}
    assert _actions(db) == ["training_goal.create", "training_goal.create", "training_goal.reached", "training_goal.dropped"]


@pytest.mark.parametrize(("status", "on", "field", "message"), [
    ("reached", START - timedelta(days=1), "status_on", "The date is before the placement began (%(day)s)."),
    ("reached", TODAY + timedelta(days=1), "status_on", "The date is in the future."),
    ("done", TODAY, "status", "Choose whether the goal is open, reached or dropped."),
])
def test_a_status_before_the_placement_began_in_the_future_or_unknown_is_refused(
        db: Session, kitchen: Internship, karen: audit.Actor, status: str, on: date, field: str, message: str) -> None:
    goal = details.add_goal(db, karen, kitchen, "Arbejde 3 timer i træk", today=TODAY)
    with pytest.raises(details.DetailError) as refused:
        details.set_goal_status(db, karen, kitchen, goal.id, status, on, today=TODAY)
    assert (refused.value.field, refused.value.message) == (field, message)
    db.rollback()
    db.refresh(goal)
    assert goal.status == "open"


def test_support_is_added_and_removed_and_its_kind_is_a_closed_list(db: Session, kitchen: Internship, karen: audit.Actor) -> None:
    mentor = details.add_support(db, karen, kitchen, details.SupportGiven("mentor", "Hanne", "Fast makker"))
    details.add_support(db, karen, kitchen, details.SupportGiven("side_by_side", "Ali"))
    for given, field in ((details.SupportGiven("buddy", "Ole"), "kind"), (details.SupportGiven("other", " "), "person")):
        with pytest.raises(details.DetailError) as refused:
            details.add_support(db, karen, kitchen, given)
        assert refused.value.field == field
    details.remove_support(db, karen, kitchen, mentor.id)
    assert [(s.kind, s.person) for s in details.details(db, kitchen).support] == [("side_by_side", "Ali")]
    assert _actions(db) == ["workplace_support.create", "workplace_support.create", "workplace_support.delete"]


def test_another_womans_placement_and_another_placements_rows_are_not_found(
        db: Session, kitchen: Internship, karen: audit.Actor, make_citizen: Callable[..., Citizen]) -> None:
    other = make_citizen(name="Hodan")
    (hers,) = placements(db, current_course(db, other.id).id)
    contact = details.add_contact(db, karen, hers, details.ContactGiven("Hendes kontakt"))
    goal = details.add_goal(db, karen, hers, "Hendes mål", today=TODAY)
    support = details.add_support(db, karen, hers, details.SupportGiven("mentor", "Hendes mentor"))
    amina = db.exec(select(Citizen.id).where(Citizen.display_name == "Amina")).one()
    assert details.placement_of(db, karen, amina, hers.id) is None
    assert details.placement_of(db, karen, other.id, hers.id) is not None
    for write in (lambda: details.change_contact(db, karen, kitchen, contact.id, details.ContactGiven("X")),
                  lambda: details.remove_contact(db, karen, kitchen, contact.id),
                  lambda: details.set_goal_status(db, karen, kitchen, goal.id, "reached", TODAY, today=TODAY),
                  lambda: details.add_goal(db, karen, kitchen, "Under hendes mål", today=TODAY, parent_id=goal.id),
                  lambda: details.remove_support(db, karen, kitchen, support.id)):
        with pytest.raises(details.RowNotFound):
            write()
    denied = db.exec(select(AuditEvent.action).where(AuditEvent.outcome == "denied").order_by(AuditEvent.id)).all()
    assert denied == ["placement.read", "placement_contact.read", "placement_contact.read", "training_goal.read",
                      "training_goal.read", "workplace_support.read"]
    assert [c.name for c in details.details(db, hers).contacts] == ["Hendes kontakt"]


def test_the_next_placement_takes_open_goals_when_chosen_but_never_contacts_or_support(
        db: Session, kitchen: Internship, karen: audit.Actor) -> None:
    open_goal = details.add_goal(db, karen, kitchen, "Tale dansk på arbejdet", today=START)
    reached_sub = details.add_goal(db, karen, kitchen, "Kende redskaberne", today=START, parent_id=open_goal.id)
    details.add_goal(db, karen, kitchen, "Spørge selv", today=START, parent_id=open_goal.id)
    done = details.add_goal(db, karen, kitchen, "Møde til tiden", today=START)
    details.set_goal_status(db, karen, kitchen, reached_sub.id, "reached", TODAY, today=TODAY)
    details.set_goal_status(db, karen, kitchen, done.id, "reached", TODAY, today=TODAY)
    details.add_contact(db, karen, kitchen, details.ContactGiven("Lise"))
    details.add_support(db, karen, kitchen, details.SupportGiven("mentor", "Hanne"))
    moved_on = TODAY - timedelta(days=1)
    shop = start_placement(db, karen, db.get(Course, kitchen.course_id), NextPlacement(
        workplace="Netto", kind="outside", start=moved_on, end_reason="moved", copy_goals=True))
    found = details.details(db, shop)
    assert [(g.text, g.status, g.status_on, [s.text for s in subs]) for g, subs in found.goals] == [
        ("Tale dansk på arbejdet", "open", moved_on, ["Spørge selv"])]
    assert found.contacts == [] and found.support == [] and shop.contact_person == ""
    # The kitchen keeps all it had.
    assert len(db.exec(select(TrainingGoal).where(TrainingGoal.internship_id == kitchen.id)).all()) == 4

    # Left unticked, nothing goes along.
    bakery = start_placement(db, karen, db.get(Course, kitchen.course_id), NextPlacement(
        workplace="Bageriet", kind="outside", start=TODAY, end_reason="moved"))
    assert details.details(db, bakery).goals == []


def test_her_data_export_holds_them_and_erasure_leaves_none(db: Session, kitchen: Internship, karen: audit.Actor) -> None:
    details.add_contact(db, karen, kitchen, details.ContactGiven("Lise Holm", email="lise@bybo.dk"))
    goal = details.add_goal(db, karen, kitchen, "Tale dansk på arbejdet", today=TODAY)
    details.add_goal(db, karen, kitchen, "Kende redskaberne", today=TODAY, parent_id=goal.id)
    details.add_support(db, karen, kitchen, details.SupportGiven("mentor", "Hanne"))
    course = db.get(Course, kitchen.course_id)
    exported = rights.export(db, karen, course.citizen_id)
    assert [c["name"] for c in exported["placement_contacts"]] == ["Lise Holm"]
    assert len(exported["training_goals"]) == 2 and exported["workplace_support"][0]["person"] == "Hanne"
    rights.anonymise(db, karen, course.citizen_id, FROZEN_NOW)
    for model in (PlacementContact, TrainingGoal, WorkplaceSupport):
        assert db.exec(select(model)).all() == []


def test_the_profiles_contact_person_is_the_first_contact_row(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    make_citizen()
    placement = db.exec(select(Internship)).first()
    details.name_first_contact(db, placement, "Lise Hansen")
    db.commit()
    details.name_first_contact(db, placement, "Lise Hansen-Berg")  # corrected on the profile: the same person renamed
    details.name_first_contact(db, placement, "")  # an emptied field removes no one
    db.commit()
    rows = db.exec(select(PlacementContact).where(PlacementContact.internship_id == placement.id)).all()
    assert [row.name for row in rows] == ["Lise Hansen-Berg"] and placement.contact_person == "Lise Hansen-Berg"
