"""A placement's agreements as a service: what each copy states, one copy per language, every version kept with its
SHA-256, a placement without tasks refused with nothing stored, a clash of version numbers drawn again, downloads
scoped and audited, and erasure and the data export covering them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from app import clock
from app.domain.agreement import Agreement
from app.domain.schedule import MONTHLY, PlanVersion
from app.models import AuditEvent, Citizen, Internship, PlacementAgreement, StaffUser, Task
from app.services import agreements, audit, rights
from app.services import placement_details as details
from app.services.citizens import current_course, set_plan
from app.services.placements import NextPlacement, placements, start_placement
from tests.conftest import FROZEN_NOW, TODAY


@pytest.fixture
def karen(consultant: StaffUser) -> audit.Actor:
    return audit.Actor("staff", consultant.id, "consultant")


@pytest.fixture
def fatima(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    citizen = make_citizen(name="Fatima Haddad", language="ar", tasks=(("cooking", "Hjælp i køkkenet"), ("dishes", "Opvask")))
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    return citizen


@pytest.fixture
def kitchen(db: Session, fatima: Citizen, karen: audit.Actor) -> Internship:
    (placement,) = placements(db, current_course(db, fatima.id).id)
    placement.workplace, placement.address, placement.planned_end = "Skolekøkkenet", "Skolevej 4, 2450 København SV", date(2027, 1, 29)
    placement.accommodations, placement.aids = "#no_heavy_lifting\nMå sidde ned hver time", "#trolley"
    db.add(placement)
    db.commit()
    details.add_contact(db, karen, placement, details.ContactGiven("Birgitte Holm", "Køkkenleder", "+45 21 43 65 87"))
    goal = details.add_goal(db, karen, placement, "Arbejde 3 timer i træk", today=placement.start)
    details.add_goal(db, karen, placement, "Holde sin pause", today=placement.start, parent_id=goal.id)
    dropped = details.add_goal(db, karen, placement, "Løfte kasser", today=placement.start)
    details.set_goal_status(db, karen, placement, dropped.id, "dropped", TODAY, today=TODAY)
    details.add_support(db, karen, placement, details.SupportGiven("mentor", "Hanne Nielsen", "Fast makker"))
    return placement


class Drawn:
    """A stand-in for WeasyPrint: keeps each copy it is asked to draw and gives distinct bytes for it."""

    def __init__(self) -> None:
        self.copies: list[Agreement] = []

    def __call__(self, copy: Agreement) -> bytes:
        self.copies.append(copy)
        return f"%PDF {copy.version} {copy.language} {len(self.copies)}".encode()


def _make(db: Session, actor: audit.Actor, citizen: Citizen, placement: Internship, drawn: Drawn, today: date = TODAY) -> int:
    return agreements.make_agreement(db, actor, citizen, placement, today=today, now=clock.utcnow(), render=drawn)


def test_each_copy_states_the_placement_as_it_is_today(db: Session, karen: audit.Actor, fatima: Citizen, kitchen: Internship) -> None:
    set_plan(db, karen, fatima.id, PlanVersion(date(2026, 11, 16), hours=(3, 0, 3, 0, 0, 0, 0), starts=(time(9),) + (None,) * 6,
                                               paid_hours=2, paid_review_on=date(2027, 1, 11)))
    drawn = Drawn()
    assert _make(db, karen, fatima, kitchen, drawn) == 1
    danish, arabic = drawn.copies
    assert (danish.language, arabic.language) == ("da", "ar") and danish.facts == arabic.facts
    facts = danish.facts
    assert (facts.citizen_name, facts.consultant_name, facts.workplace, facts.address) == (
        "Fatima Haddad", "Karen Konsulent", "Skolekøkkenet", "Skolevej 4, 2450 København SV")
    assert (facts.purpose, facts.start, facts.planned_end) == ("clarify", date(2026, 11, 2), date(2027, 1, 29))
    assert [(g.text, [s.text for s in g.subs]) for g in facts.goals] == [("Arbejde 3 timer i træk", ["Holde sin pause"])]
    assert facts.accommodations.codes == ("no_heavy_lifting",) and facts.accommodations.typed == ("Må sidde ned hver time",)
    assert facts.aids.codes == ("trolley",)
    assert [(c.name, c.role, c.phone) for c in facts.contacts] == [("Birgitte Holm", "Køkkenleder", "+45 21 43 65 87")]
    assert [(s.kind, s.person) for s in facts.support] == [("mentor", "Hanne Nielsen")]
    # The plan in force today (18 November), not the first one: Monday from 9 and Wednesday, 2 of 6 hours paid.
    (week,) = facts.hours.weeks
    assert [(d.weekday, d.hours, d.start) for d in week.days] == [(0, 3, time(9)), (2, 3, None)]
    assert (facts.hours.paid, facts.hours.unpaid, facts.hours.paid_review_on) == (2, 4, date(2027, 1, 11))
    assert (facts.calls_every_weeks, facts.visits_every_weeks) == (1, 2)
    # Her tasks: in Arabic where a label exists (make_citizen gives Somali ones only), else Danish, marked.
    assert [(t.label, t.in_danish) for t in arabic.tasks] == [("Hjælp i køkkenet", True), ("Opvask", True)]
    assert [(t.label, t.in_danish) for t in danish.tasks] == [("Hjælp i køkkenet", False), ("Opvask", False)]


def test_every_copy_is_stored_with_its_sha256_and_every_version_is_kept(db: Session, karen: audit.Actor, fatima: Citizen,
                                                                        kitchen: Internship) -> None:
    drawn = Drawn()
    assert [_make(db, karen, fatima, kitchen, drawn) for _ in range(2)] == [1, 2]
    rows = db.exec(select(PlacementAgreement).order_by(PlacementAgreement.id)).all()
    assert [(r.version, r.language) for r in rows] == [(1, "da"), (1, "ar"), (2, "da"), (2, "ar")]
    assert all(r.sha256 == hashlib.sha256(r.pdf).hexdigest() and r.made_by_id == karen.id and r.made_on == TODAY for r in rows)
    assert rows[0].pdf == b"%PDF 1 da 1"  # the first version, untouched by the second
    listed = agreements.versions(db, kitchen)
    assert [(v.version, v.made_by, v.created_on, [c.language for c in v.copies]) for v in listed] == [
        (2, "Karen Konsulent", TODAY, ["da", "ar"]), (1, "Karen Konsulent", TODAY, ["da", "ar"])]
    made = db.exec(select(AuditEvent).where(AuditEvent.action == "placement_agreement.create")).all()
    assert sorted(e.object_id for e in made) == [r.id for r in rows] and {e.citizen_id for e in made} == {fatima.id}


def test_a_danish_speaking_woman_gets_the_danish_copy_only(db: Session, karen: audit.Actor, make_citizen: Callable[..., Citizen]) -> None:
    birgitte = make_citizen(name="Birgitte", language="da")
    (placement,) = placements(db, current_course(db, birgitte.id).id)
    drawn = Drawn()
    _make(db, karen, birgitte, placement, drawn)
    assert [c.language for c in drawn.copies] == ["da"]
    assert db.exec(select(PlacementAgreement.language)).all() == ["da"]


def test_a_placement_without_tasks_is_refused_and_nothing_is_drawn_or_stored(db: Session, karen: audit.Actor, fatima: Citizen,
                                                                            kitchen: Internship) -> None:
    db.exec(update(Task).values(active=False))  # retired tasks are not hers to do
    db.commit()
    drawn = Drawn()
    with pytest.raises(agreements.AgreementRefused) as refused:
        _make(db, karen, fatima, kitchen, drawn)
    assert "no work tasks" in refused.value.message
    assert drawn.copies == [] and db.exec(select(PlacementAgreement)).all() == []


def test_an_ended_placement_states_the_plan_it_ended_with(db: Session, karen: audit.Actor, fatima: Citizen, kitchen: Internship) -> None:
    set_plan(db, karen, fatima.id, PlanVersion(date(2026, 11, 9), mode=MONTHLY, monthly_hours=26))
    canteen = start_placement(db, karen, current_course(db, fatima.id), NextPlacement(
        workplace="Kantinen", kind="outside", start=date(2026, 11, 16), end_reason="workplace_closed"))
    set_plan(db, karen, fatima.id, PlanVersion(date(2026, 11, 16), hours=(4, 0, 0, 0, 0, 0, 0)))
    drawn = Drawn()
    _make(db, karen, fatima, kitchen, drawn)
    facts = drawn.copies[0].facts
    assert (facts.workplace, facts.hours.mode, facts.hours.monthly_hours) == ("Skolekøkkenet", "monthly", 26)
    _make(db, karen, fatima, canteen, drawn)
    assert drawn.copies[-1].facts.hours.weeks[0].hours == 4
    assert drawn.copies[-1].facts.contacts == ()  # the kitchen's contact stays with the kitchen
    assert [(v.version, len(v.copies)) for v in agreements.versions(db, canteen)] == [(1, 2)]  # each placement counts its own


def test_a_version_number_taken_while_drawing_is_drawn_again_as_the_next(db: Session, karen: audit.Actor, fatima: Citizen,
                                                                         kitchen: Internship, engine: object) -> None:
    class Raced(Drawn):
        """Another consultant stores version 1 while this one draws it."""

        def __call__(self, copy: Agreement) -> bytes:
            if not self.copies:
                with Session(engine) as other:  # type: ignore[arg-type]
                    other.add(PlacementAgreement(internship_id=kitchen.id, version=1, language="da", made_on=TODAY, created_at=FROZEN_NOW,
                                                 pdf=b"%PDF other", sha256=hashlib.sha256(b"%PDF other").hexdigest()))
                    other.commit()
            return super().__call__(copy)

    drawn = Raced()
    assert _make(db, karen, fatima, kitchen, drawn) == 2
    assert [(c.version, c.language) for c in drawn.copies] == [(1, "da"), (1, "ar"), (2, "da"), (2, "ar")]
    assert [(r.version, r.language, r.pdf[:10]) for r in db.exec(select(PlacementAgreement).order_by(PlacementAgreement.id)).all()] == [
        (1, "da", b"%PDF other"), (2, "da", b"%PDF 2 da "), (2, "ar", b"%PDF 2 ar ")]


def test_a_copy_is_sent_only_for_its_own_placement_and_every_download_is_audited(
        db: Session, karen: audit.Actor, fatima: Citizen, kitchen: Internship, make_citizen: Callable[..., Citizen]) -> None:
    _make(db, karen, fatima, kitchen, Drawn())
    first = db.exec(select(PlacementAgreement).order_by(PlacementAgreement.id)).first()
    other = make_citizen(name="Hodan")
    (elsewhere,) = placements(db, current_course(db, other.id).id)
    assert agreements.copy_to_send(db, karen, other.id, elsewhere, first.id) is None
    sent = agreements.copy_to_send(db, karen, fatima.id, kitchen, first.id)
    assert sent is not None and sent.pdf == b"%PDF 1 da 1"
    events = db.exec(select(AuditEvent).where(AuditEvent.action == "placement_agreement.download").order_by(AuditEvent.id)).all()
    assert [(e.citizen_id, e.object_id, e.outcome) for e in events] == [(other.id, first.id, "denied"), (fatima.id, first.id, "ok")]


def test_a_stored_pdf_that_no_longer_matches_its_sha256_is_not_sent(db: Session, karen: audit.Actor, fatima: Citizen,
                                                                    kitchen: Internship) -> None:
    _make(db, karen, fatima, kitchen, Drawn())
    row = db.exec(select(PlacementAgreement)).first()
    row.pdf = b"%PDF changed afterwards"
    db.add(row)
    db.commit()
    with pytest.raises(RuntimeError, match="does not match"):
        agreements.copy_to_send(db, karen, fatima.id, kitchen, row.id)


def test_her_export_lists_her_agreements_and_erasure_removes_them(db: Session, karen: audit.Actor, fatima: Citizen,
                                                                  kitchen: Internship) -> None:
    _make(db, karen, fatima, kitchen, Drawn())
    exported = rights.export(db, karen, fatima.id)["placement_agreements"]
    assert [(a["version"], a["language"]) for a in exported] == [(1, "da"), (1, "ar")] and "pdf" not in exported[0]
    assert exported[0]["sha256"] == hashlib.sha256(b"%PDF 1 da 1").hexdigest()
    rights.anonymise(db, karen, fatima.id, FROZEN_NOW + timedelta(days=1))
    assert db.exec(select(PlacementAgreement)).all() == []  # each PDF printed her name, workplace and goals
