"""The course's activities in her rights (issue 22): her export holds her group memberships, her own series with their
versions and exceptions, and her marks (her part of a register's revisions too, never another woman's); her erasure
removes her marks, her memberships and her own series, and takes her part out of a register's revisions."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, time

from sqlmodel import Session, select

from app import clock
from app.models import (ActivityException, ActivityMark, ActivityRegister, ActivityRegisterRevision, ActivitySeries, ActivityVersion,
                        Citizen, GroupMember, StaffUser)
from app.services import audit, rights
from tests.activity_rows import NOW, group, register, series


def _her_course(db: Session, hodan: Citizen, sahra: Citizen, consultant: StaffUser) -> ActivityRegister:
    """Both in "Hold A" with teaching on Tuesdays (a register corrected once); Hodan's own physiotherapy with a holiday."""
    team = group(db, consultant, "Hold A", [hodan, sahra], date(2026, 11, 2))
    teaching = series(db, consultant, "teaching", date(2026, 11, 2), date(2026, 11, 30), {1}, time(9), time(12), "Jobsøgning", group=team)
    taken = register(db, consultant, teaching, date(2026, 11, 3), {hodan.id: "absent", sahra.id: "present"})
    db.add(ActivityRegisterRevision(register_id=taken.id, marks=json.dumps({str(hodan.id): ["late", "transport"], str(sahra.id): ["present", ""]}),
                                    written_by_id=consultant.id, changed_by_id=consultant.id, changed_at=NOW))
    physio = series(db, consultant, "treatment", date(2026, 11, 2), date(2026, 11, 30), {4}, time(8), time(9), "Fysioterapi",
                    citizen=hodan, exceptions=[date(2026, 11, 20)])
    register(db, consultant, physio, date(2026, 11, 6), {hodan.id: "present"})
    db.commit()
    return taken


def test_her_export_holds_her_groups_her_own_series_and_her_marks(db: Session, make_citizen: Callable[..., Citizen],
                                                                 consultant: StaffUser) -> None:
    hodan, sahra = make_citizen(name="Hodan"), make_citizen(name="Sahra")
    _her_course(db, hodan, sahra, consultant)
    data = rights.export(db, audit.Actor("staff", consultant.id, "consultant"), hodan.id)
    assert [(m["group"], m["joined_on"]) for m in data["group_memberships"]] == [("Hold A", "2026-11-02")]
    assert [s["kind"] for s in data["activity_series"]] == ["treatment"]  # her own; the group's teaching is the group's
    assert [(v["title"], v["start_time"]) for v in data["activity_versions"]] == [("Fysioterapi", "08:00:00")]
    json.dumps(data)  # as the download sends it
    assert [e["day"] for e in data["activity_exceptions"]] == ["2026-11-20"]
    assert [(m["day"], m["mark"]) for m in data["activity_marks"]] == [("2026-11-03", "absent"), ("2026-11-06", "present")]
    assert [(r["mark"], r["reason"]) for r in data["activity_mark_revisions"]] == [("late", "transport")]
    assert set(data["activity_mark_revisions"][0]) == {"register_id", "changed_at", "mark", "reason"}  # never another woman's marks


def test_her_erasure_removes_her_marks_memberships_and_own_series_and_leaves_the_others(
        db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> None:
    hodan, sahra = make_citizen(name="Hodan"), make_citizen(name="Sahra")
    taken = _her_course(db, hodan, sahra, consultant)
    rights.anonymise(db, audit.Actor("staff", consultant.id, "consultant"), hodan.id, clock.utcnow())
    db.expire_all()
    assert db.exec(select(ActivityMark).where(ActivityMark.citizen_id == hodan.id)).all() == []
    assert db.exec(select(GroupMember.citizen_id)).all() == [sahra.id]
    assert db.exec(select(ActivitySeries.kind)).all() == ["teaching"]  # her physiotherapy, its version, holiday, register gone
    assert len(db.exec(select(ActivityVersion)).all()) == 1 and db.exec(select(ActivityException)).all() == []
    assert db.exec(select(ActivityRegister.id)).all() == [taken.id]
    assert db.exec(select(ActivityMark.citizen_id)).all() == [sahra.id]
    revision = db.exec(select(ActivityRegisterRevision)).one()
    assert json.loads(revision.marks) == {str(sahra.id): ["present", ""]}
