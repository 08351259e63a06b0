"""Setting up groups and activities: a recurring series in one step, exceptions, changes from a date on with history
kept, and what is refused (outside her course, overlapping her sessions, a group without a leader), audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest
from sqlmodel import Session, select

from app.domain.activities import ActivityRefused
from app.models import ActivityVersion, AuditEvent, Citizen, StaffUser
from app.services import activity_setup as setup
from app.services.activities import her_sessions
from app.services.staff import staff_actor
from tests.web.test_placement_details import amina  # noqa: F401 - a fixture: a woman of the consultant's

MONDAY = date(2026, 11, 16)


@pytest.fixture
def group(db: Session, consultant: StaffUser, amina: Citizen):  # noqa: ANN201
    made = setup.create_group(db, staff_actor(consultant), name="Hold A", start_week=MONDAY, leader_ids=[consultant.id])
    setup.add_member(db, staff_actor(consultant), made, amina, MONDAY)
    return made


def _teaching(first: date = MONDAY, last: date = date(2026, 12, 13), days: frozenset[int] = frozenset({0, 2, 3}),
              start: time = time(9), end: time = time(11, 30), title: str = "Undervisning") -> setup.SeriesGiven:
    return setup.SeriesGiven(kind="teaching", first_day=first, last_day=last, weekdays=days, start=start, end=end, title=title,
                             place="Huset")


def test_it_makes_every_session_of_a_recurring_series_in_one_step(db: Session, consultant: StaffUser, amina: Citizen, group) -> None:  # noqa: ANN001
    setup.create_series(db, staff_actor(consultant), _teaching(), group=group)
    found = her_sessions(db, amina.id, MONDAY, date(2026, 12, 13))
    assert len(found) == 4 * 3 and {s.day.weekday() for s in found} == {0, 2, 3}
    assert found[0].start == time(9) and found[0].end == time(11, 30) and found[0].place == "Huset"
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "activity_series.create")).one()


def test_it_has_no_session_on_an_exception_day(db: Session, consultant: StaffUser, amina: Citizen, group) -> None:  # noqa: ANN001
    row = setup.create_series(db, staff_actor(consultant), _teaching(), group=group)
    setup.add_exception(db, staff_actor(consultant), row, date(2026, 11, 25), "Lukket")
    days = [s.day for s in her_sessions(db, amina.id, MONDAY, date(2026, 11, 29))]
    assert date(2026, 11, 25) not in days and date(2026, 11, 23) in days
    with pytest.raises(ActivityRefused):
        setup.add_exception(db, staff_actor(consultant), row, date(2026, 11, 25), "igen")


def test_it_keeps_the_earlier_sessions_when_the_series_changes_from_a_date(db: Session, consultant: StaffUser, amina: Citizen, group) -> None:  # noqa: ANN001
    row = setup.create_series(db, staff_actor(consultant), _teaching(), group=group)
    setup.change_series(db, staff_actor(consultant), row, _teaching(days=frozenset({1}), start=time(12), end=time(14)),
                        date(2026, 11, 30), date(2026, 11, 18), "Nyt lokale")
    found = her_sessions(db, amina.id, MONDAY, date(2026, 12, 6))
    before = [s for s in found if s.day < date(2026, 11, 30)]
    after = [s for s in found if s.day >= date(2026, 11, 30)]
    assert {s.day.weekday() for s in before} == {0, 2, 3} and all(s.start == time(9) for s in before)
    assert [s.day for s in after] == [date(2026, 12, 1)] and after[0].start == time(12)
    assert len(db.exec(select(ActivityVersion).where(ActivityVersion.series_id == row.id)).all()) == 2


def test_it_refuses_a_series_outside_her_course(db: Session, consultant: StaffUser, amina: Citizen, group) -> None:  # noqa: ANN001
    with pytest.raises(ActivityRefused) as refused:
        setup.create_series(db, staff_actor(consultant), _teaching(last=date(2027, 8, 1)), group=group)
    assert refused.value.field == "first_day" and refused.value.values["name"] == "Amina"
    with pytest.raises(ActivityRefused):
        setup.create_series(db, staff_actor(consultant), _teaching(first=date(2026, 10, 1)), citizen=amina)


def test_it_refuses_overlapping_sessions_for_one_woman_naming_the_other(db: Session, consultant: StaffUser, amina: Citizen, group) -> None:  # noqa: ANN001
    setup.create_series(db, staff_actor(consultant), _teaching(), group=group)
    physio = setup.SeriesGiven(kind="treatment", first_day=date(2026, 11, 19), last_day=date(2026, 11, 19), weekdays=frozenset({3}),
                               start=time(10), end=time(11), title="Fysioterapi")
    with pytest.raises(ActivityRefused) as refused:
        setup.create_series(db, staff_actor(consultant), physio, citizen=amina)
    assert refused.value.values["title"] == "Undervisning" and refused.value.values["day"] == date(2026, 11, 19)
    later = setup.SeriesGiven(**{**physio.__dict__, "start": time(11, 30), "end": time(12, 30)})
    assert setup.create_series(db, staff_actor(consultant), later, citizen=amina).id


def test_it_refuses_a_group_without_a_leader_and_removing_its_last(db: Session, consultant: StaffUser, group) -> None:  # noqa: ANN001
    with pytest.raises(ActivityRefused) as refused:
        setup.create_group(db, staff_actor(consultant), name="Hold B", start_week=MONDAY, leader_ids=[])
    assert refused.value.field == "leader_ids"
    (leader, _user), = setup.leaders_of(db, group.id)
    with pytest.raises(ActivityRefused):
        setup.remove_leader(db, staff_actor(consultant), group, leader.id)


def test_it_refuses_a_second_open_membership_and_a_leaving_before_joining(db: Session, consultant: StaffUser, amina: Citizen, group) -> None:  # noqa: ANN001
    with pytest.raises(ActivityRefused):
        setup.add_member(db, staff_actor(consultant), group, amina, date(2026, 11, 20))
    (member, _citizen), = setup.members_of(db, group.id, consultant.id)[0]
    with pytest.raises(ActivityRefused):
        setup.end_membership(db, staff_actor(consultant), group, member.id, date(2026, 11, 1), consultant.id)
    setup.end_membership(db, staff_actor(consultant), group, member.id, date(2026, 11, 30), consultant.id)
    assert setup.add_member(db, staff_actor(consultant), group, amina, date(2026, 12, 7)).id


def test_it_refuses_a_leader_who_is_no_teacher_or_consultant(db: Session, consultant: StaffUser,
                                                             make_staff: Callable[..., StaffUser], group) -> None:  # noqa: ANN001
    admin, teacher = make_staff("admin"), make_staff("teacher")
    with pytest.raises(ActivityRefused):
        setup.add_leader(db, staff_actor(consultant), group, admin.id)
    setup.add_leader(db, staff_actor(consultant), group, teacher.id)
    assert [user.name for _leader, user in setup.leaders_of(db, group.id)] == sorted([consultant.name, teacher.name])


def test_it_shows_a_consultant_only_groups_of_her_women_or_that_she_leads_or_made(db: Session, consultant: StaffUser,
                                                                                  make_staff: Callable[..., StaffUser], group) -> None:  # noqa: ANN001
    other = make_staff("consultant")
    assert [row.group.id for row in setup.groups_for_staff(db, consultant.id, date(2026, 11, 18))] == [group.id]
    assert setup.groups_for_staff(db, other.id, date(2026, 11, 18)) == []
    assert setup.group_for_staff(db, staff_actor(other), other.id, group.id) is None
