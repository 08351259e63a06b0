"""The flag engine reads her marks at the course's sessions for all women in one statement, never treatment and never a
session without a register; a change to a mark, a register, a series or a membership makes her reading stale."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from sqlalchemy import update
from sqlmodel import Session

from app.models import ActivityMark, ActivityVersion, Citizen, StaffUser
from app.services.bulk_logs import load_logs
from app.services.flags import flags_for
from tests.activity_rows import group, register, series
from tests.conftest import TODAY
from tests.web.test_placement_boundaries import statements  # noqa: F401 - a fixture

TUESDAYS_AND_THURSDAYS = [date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 17)]


def course(db: Session, consultant: StaffUser, women: list[Citizen], absent: Citizen) -> None:
    """Teaching Tue/Thu 9-12 for the group, `absent` missing all but the first; a weekly physiotherapy for the first
    woman, marked absent; no register on the 19th."""
    team = group(db, consultant, "Hold A", women, date(2026, 11, 2))
    teaching = series(db, consultant, "teaching", date(2026, 11, 2), date(2026, 11, 30), {1, 3}, time(9), time(12), "Jobsøgning",
                      "Lokale 2", group=team)
    for i, day in enumerate(TUESDAYS_AND_THURSDAYS):
        register(db, consultant, teaching, day, {w.id: "absent" if (w.id == absent.id and i) else "present" for w in women})
    physio = series(db, consultant, "treatment", date(2026, 11, 2), date(2026, 11, 30), {4}, time(8), time(9), "Fysioterapi",
                    citizen=women[0])
    register(db, consultant, physio, date(2026, 11, 6), {women[0].id: "absent"})


def test_it_reads_her_marks_with_hours_and_never_treatment(db: Session, make_citizen: Callable[..., Citizen],
                                                          consultant: StaffUser) -> None:
    pia, sahra = make_citizen(name="Pia"), make_citizen(name="Sahra")
    course(db, consultant, [sahra, pia], absent=pia)
    marked = load_logs(db, [pia.id, sahra.id], TODAY).marked
    assert [(m.day, m.kind, m.hours, m.attended) for m in marked[pia.id]] == sorted(
        (day, "teaching", 3.0, day == date(2026, 11, 3)) for day in TUESDAYS_AND_THURSDAYS)
    assert {m.kind for m in marked[sahra.id]} == {"teaching"}  # her physiotherapy is never course hours


def test_it_reads_the_marks_of_any_number_of_women_in_the_same_statements(
        db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser, statements: list[str]) -> None:  # noqa: F811
    first = make_citizen(name="Pia")
    course(db, consultant, [first], absent=first)
    statements.clear()
    load_logs(db, [first.id], TODAY)
    one = len(statements)
    others = [make_citizen(name=name) for name in ("Asha", "Tove", "Sara")]
    course(db, consultant, others, absent=others[1])
    statements.clear()
    logs = load_logs(db, [first.id, *(w.id for w in others)], TODAY)
    assert len(statements) == one and len(logs.marked[others[1].id]) == 5


def test_missed_teaching_raises_r1_and_says_which(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> None:
    pia, sahra = make_citizen(name="Pia"), make_citizen(name="Sahra")
    course(db, consultant, [sahra, pia], absent=pia)
    found = flags_for(db, [pia, sahra], TODAY)
    (r1,) = [f for f in found[pia.id].report.shown if f.rule == "R1"]
    assert ("Missed %(missed)s of %(count)s teaching session.", {"missed": 4, "count": 4}) in [(s.message, s.values) for s in r1.sentences]
    assert "R1" not in [f.rule for f in found[sahra.id].report.shown]


def test_each_write_to_her_course_makes_her_reading_stale(db: Session, make_citizen: Callable[..., Citizen],
                                                         consultant: StaffUser, recomputed: list[list[int]]) -> None:
    pia, sahra = make_citizen(name="Pia"), make_citizen(name="Sahra")
    course(db, consultant, [pia], absent=pia)
    writes = [
        lambda: db.execute(update(ActivityMark).where(ActivityMark.citizen_id == pia.id).values(mark="present")),
        lambda: db.execute(update(ActivityVersion).values(end_time=time(11))),
        lambda: group(db, consultant, "Hold B", [pia], date(2026, 11, 16)),
    ]
    for write in writes:
        flags_for(db, [pia, sahra], TODAY)
        recomputed.clear()
        write()
        db.commit()
        flags_for(db, [pia, sahra], TODAY)
        assert recomputed == [[pia.id]]
