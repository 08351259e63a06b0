"""The caseload list shows flags drawn from her health log, so every view of it is audited."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, StaffUser


def test_every_view_of_the_caseload_writes_one_audit_row(db: Session, consultant: StaffUser, browser: FlaskClient,
                                                         make_citizen: Callable[..., Citizen]) -> None:
    for name in ("Amina", "Hodan", "Fatima"):
        citizen = make_citizen(name=name)
        citizen.consultant_id = consultant.id
        db.add(citizen)
    db.commit()
    assert browser.get("/c/").status_code == 200
    assert browser.get("/c/?q=Hod", headers={"HX-Request": "true"}).status_code == 200  # the live search is a view too
    rows = db.exec(select(AuditEvent).where(AuditEvent.action == "caseload.view").order_by(AuditEvent.id)).all()
    assert len(rows) == 2
    for row in rows:
        assert (row.actor_kind, row.actor_id, row.role) == ("staff", consultant.id, "consultant")
        assert (row.object_type, row.object_id, row.citizen_id, row.outcome) == ("caseload", consultant.id, None, "ok")
