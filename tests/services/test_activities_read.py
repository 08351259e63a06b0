"""Reading activities: a woman's sessions are her own and her groups' on the days she was in them, with exceptions and
versions applied; a group's members on a day; her marks per session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timezone

from sqlmodel import Session

from app.models import (ActivityException, ActivityGroup, ActivityMark, ActivityRegister, ActivitySeries, ActivityVersion, Citizen,
                        GroupMember, StaffUser)
from app.services.activities import digits_of, her_marks, her_sessions, members_on, weekdays_of

NOW = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)


def test_her_sessions_follow_her_membership_exceptions_and_versions(db: Session, make_citizen: Callable[..., Citizen],
                                                                    consultant: StaffUser) -> None:
    amina, hodan = make_citizen(name="Amina"), make_citizen(name="Hodan")
    group = ActivityGroup(name="Hold A", start_week=date(2026, 11, 2), created_at=NOW, created_by_id=consultant.id)
    db.add(group)
    db.flush()
    db.add(GroupMember(group_id=group.id, citizen_id=amina.id, joined_on=date(2026, 11, 2)))
    db.add(GroupMember(group_id=group.id, citizen_id=hodan.id, joined_on=date(2026, 11, 4), left_on=date(2026, 11, 11)))
    teaching = ActivitySeries(kind="teaching", group_id=group.id, first_day=date(2026, 11, 2), last_day=date(2026, 11, 29), created_at=NOW,
                              created_by_id=consultant.id)
    physio = ActivitySeries(kind="treatment", citizen_id=amina.id, first_day=date(2026, 11, 3), last_day=date(2026, 11, 3), created_at=NOW,
                            created_by_id=consultant.id)
    db.add_all([teaching, physio])
    db.flush()
    db.add(ActivityVersion(series_id=teaching.id, valid_from=date(2026, 11, 2), weekdays=digits_of({0, 2}), start_time=time(9),
                           end_time=time(11, 30), title="Jobsøgning", created_at=NOW, created_by_id=consultant.id))
    db.add(ActivityVersion(series_id=teaching.id, valid_from=date(2026, 11, 9), weekdays="3", start_time=time(13),
                           end_time=time(15), title="Jobsøgning", created_at=NOW, created_by_id=consultant.id))
    db.add(ActivityVersion(series_id=physio.id, valid_from=date(2026, 11, 3), weekdays="1", start_time=time(8),
                           end_time=time(9), title="Fysioterapi", created_at=NOW, created_by_id=consultant.id))
    db.add(ActivityException(series_id=teaching.id, day=date(2026, 11, 19), reason="Lukket"))
    register = ActivityRegister(series_id=teaching.id, day=date(2026, 11, 4), written_by_id=consultant.id, idempotency_key="k",
                                created_at=NOW, updated_at=NOW)
    db.add(register)
    db.flush()
    db.add(ActivityMark(register_id=register.id, citizen_id=hodan.id, mark="late", reason="transport"))
    db.commit()
    assert weekdays_of("023") == {0, 2, 3} and digits_of({3, 0}) == "03"
    mine = [(s.day, s.kind, s.start) for s in her_sessions(db, amina.id, date(2026, 11, 1), date(2026, 11, 22))]
    assert mine == [(date(2026, 11, 2), "teaching", time(9)), (date(2026, 11, 3), "treatment", time(8)),
                    (date(2026, 11, 4), "teaching", time(9)), (date(2026, 11, 12), "teaching", time(13))]  # 19th: closed
    hers = [s.day for s in her_sessions(db, hodan.id, date(2026, 11, 1), date(2026, 11, 22))]
    assert hers == [date(2026, 11, 4)]  # joined on the 4th, left on the 11th (Wednesday 11th is no longer a teaching day)
    assert members_on(db, group.id, date(2026, 11, 4)) == sorted([amina.id, hodan.id])
    assert members_on(db, group.id, date(2026, 11, 12)) == [amina.id]
    assert her_marks(db, hodan.id, date(2026, 11, 1), date(2026, 11, 30)) == {(teaching.id, date(2026, 11, 4)): "late"}
