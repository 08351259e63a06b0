"""Her next placement: the current one ends the day before with its reason, what the consultant chooses goes
along, her hours go on, and a placement that would share a day with another is refused, naming it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.domain.schedule import planned_hours
from app.models import AuditEvent, Citizen, Internship, Task, TaskLabel
from app.services import audit
from app.services.citizens import current_course, plan_versions
from app.services.placements import NextPlacement, PlacementError, placements, start_placement

START = date(2026, 11, 2)  # her first placement's first day (make_citizen)
MOVE = date(2026, 11, 23)


def _first(db: Session, citizen: Citizen) -> Internship:
    (first,) = placements(db, current_course(db, citizen.id).id)
    first.workplace = "Køkkenet, Bybo"
    first.accommodations = "standing_breaks"
    db.add(first)
    db.commit()
    return first


def test_the_next_placement_ends_the_current_one_the_day_before_and_takes_what_is_chosen(
        db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen(hours=(3, 0, 3, 0, 0, 0, 0))
    first = _first(db, citizen)
    course = current_course(db, citizen.id)
    shop = start_placement(db, audit.SYSTEM, course, NextPlacement(
        workplace="Netto Vestergade", kind="outside", trade="Detail", start=MOVE, planned_end=MOVE + timedelta(weeks=8),
        end_reason="workplace_closed"))
    db.refresh(first)
    assert (first.end, first.end_reason) == (MOVE - timedelta(days=1), "workplace_closed")
    assert [p.id for p in placements(db, course.id)] == [first.id, shop.id]
    assert (shop.kind, shop.trade, shop.accommodations, shop.end) == ("outside", "Detail", "standing_breaks", None)
    # Her tasks go along with their words in her language; the first placement keeps its own.
    (copied,) = db.exec(select(Task).where(Task.internship_id == shop.id)).all()
    assert copied.label_da == "Rengøring"
    assert db.exec(select(TaskLabel.text).where(TaskLabel.task_id == copied.id)).all() == ["Rengøring-so"]
    assert len(db.exec(select(Task).where(Task.internship_id == first.id)).all()) == 1
    # Her hours go on across the change: the same planned hours each side of it.
    plans = plan_versions(db, citizen.id)
    assert [planned_hours(plans, day) for day in (MOVE - timedelta(days=7), MOVE, MOVE + timedelta(days=2))] == [3.0, 3.0, 3.0]
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.action.startswith("placement."))).all()
    assert actions == ["placement.end", "placement.start"]


def test_nothing_is_copied_that_the_consultant_leaves_behind(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    _first(db, citizen)
    shop = start_placement(db, audit.SYSTEM, current_course(db, citizen.id), NextPlacement(
        workplace="Netto", kind="paid_job", start=MOVE, end_reason="moved", copy_tasks=False, copy_accommodations=False))
    assert db.exec(select(Task).where(Task.internship_id == shop.id)).all() == [] and shop.accommodations == ""


@pytest.mark.parametrize(("given", "refusal"), [
    (NextPlacement(workplace="Netto", kind="outside", start=MOVE), "Choose why %(workplace)s ends."),
    (NextPlacement(workplace="Netto", kind="outside", start=MOVE, end_reason="other"),
     "Write in a few words why %(workplace)s ends."),
    (NextPlacement(workplace="Netto", kind="outside", start=START, end_reason="moved"),
     "The new placement must start after %(workplace)s began (%(day)s)."),
    (NextPlacement(workplace="Netto", kind="outside", start=MOVE, planned_end=MOVE - timedelta(days=1), end_reason="moved"),
     "The planned end is before the start."),
    (NextPlacement(workplace=" ", kind="outside", start=MOVE, end_reason="moved"),
     "Write the workplace's name (at most 200 characters)."),
    (NextPlacement(workplace="Netto", kind="volunteer", start=MOVE, end_reason="moved"), "Choose what kind of placement it is."),
])
def test_bad_input_is_refused_with_its_reason_and_nothing_changes(
        db: Session, make_citizen: Callable[..., Citizen], given: NextPlacement, refusal: str) -> None:
    citizen = make_citizen()
    first = _first(db, citizen)
    with pytest.raises(PlacementError) as refused:
        start_placement(db, audit.SYSTEM, current_course(db, citizen.id), given)
    assert refused.value.message == refusal
    db.refresh(first)
    assert first.end is None and len(placements(db, first.course_id)) == 1


def test_a_placement_that_would_share_a_day_with_another_is_refused_naming_it(
        db: Session, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen()
    first = _first(db, citizen)  # open: she is still in the kitchen
    course = current_course(db, citizen.id)
    # A short placement recorded beside it (as an older record may be): the newest one is the one that ends.
    db.add(Internship(course_id=course.id, workplace="Netto", start=MOVE, end=MOVE + timedelta(days=20), end_reason="as_planned"))
    db.commit()
    with pytest.raises(PlacementError) as refused:
        start_placement(db, audit.SYSTEM, course, NextPlacement(workplace="Bageriet", kind="outside",
                                                                start=MOVE + timedelta(days=7), end_reason="moved"))
    assert refused.value.message == "These dates overlap with %(workplace)s (%(start)s to %(end)s)."
    assert refused.value.values["workplace"] == first.workplace
    assert len(placements(db, course.id)) == 2


def test_a_placement_agreed_to_start_later_is_not_current_until_it_starts(db: Session, make_citizen: Callable[..., Citizen]) -> None:
    from app.services.citizens import current_internship, set_schedule

    citizen = make_citizen(hours=(3, 0, 3, 0, 0, 0, 0))
    first = _first(db, citizen)
    later = start_placement(db, audit.SYSTEM, current_course(db, citizen.id), NextPlacement(
        workplace="Netto Vestergade", kind="outside", start=MOVE, end_reason="moved"))  # TODAY is 18 Nov: MOVE is ahead
    assert current_internship(db, citizen.id).id == first.id
    assert current_internship(db, citizen.id, MOVE).id == later.id
    # A change of hours from a day in the next placement belongs to it; one from today to where she is now.
    assert set_schedule(db, audit.SYSTEM, citizen.id, hours=(4, 0, 4, 0, 0, 0, 0), valid_from=MOVE + timedelta(days=7),
                        reason="Op").internship_id == later.id
    assert set_schedule(db, audit.SYSTEM, citizen.id, hours=(2, 0, 2, 0, 0, 0, 0), valid_from=date(2026, 11, 18),
                        reason="Ned").internship_id == first.id
