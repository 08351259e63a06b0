"""Erasure leaves no free text about her anywhere: every text column of every table is searched afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import String, Text
from sqlmodel import Session, SQLModel, select
from sqlmodel.sql.sqltypes import AutoString

from app import clock
from app.models import Citizen, Course, Internship, StaffUser, Task, TaskLabel
from app.services import audit
from app.services.citizens import add_task, set_schedule, update_task
from app.services.entries import request_call
from tests.conftest import TODAY
from tests.helpers import csrf_token, post_day

#: Words only she and her consultant wrote: none may survive the erasure in any table.
SECRETS = ("Plejehjemmet Solsikken", "Jens Kontaktperson", "Tavlebrug-hjælp", "Vaske køkkenet hos Solsikken",
           "غسل المطبخ سولسيكين", "Skiftet pga. ryggen", "Hodan Erasename", "Kursus-udfald-tekst", "min hemmelige note")


def _texts(db: Session) -> list[tuple[str, str, str]]:
    """Every (table, column, value) of every text column in the database."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, (String, Text, AutoString))]
        if not columns:
            continue
        for row in db.connection().execute(select(*columns)).all():
            found += [(table.name, column.name, value) for column, value in zip(columns, row) if isinstance(value, str)]
    return found


def test_after_erasure_no_table_holds_her_task_labels_or_other_free_text(
        db: Session, consultant: StaffUser, browser: FlaskClient, make_citizen: Callable[..., Citizen],
        activate: Callable[..., None]) -> None:
    citizen = make_citizen(name="Hodan Erasename", language="ar", tasks=())
    citizen.consultant_id = consultant.id
    db.add(citizen)
    internship = db.exec(select(Internship).join(Course).where(Course.citizen_id == citizen.id)).one()
    internship.workplace, internship.contact_person = "Plejehjemmet Solsikken", "Jens Kontaktperson"
    internship.accommodations, internship.aids = "Tavlebrug-hjælp", "Tavlebrug-hjælp"
    course = db.exec(select(Course).where(Course.citizen_id == citizen.id)).one()
    course.outcome = "Kursus-udfald-tekst"
    db.add_all([internship, course])
    db.commit()
    actor = audit.Actor("staff", consultant.id, "consultant")
    set_schedule(db, actor, citizen.id, hours=(2, 0, 2, 0, 0, 0, 0), valid_from=TODAY - timedelta(days=7), reason="Skiftet pga. ryggen")
    task = add_task(db, actor, citizen.id, icon="dishes", label_da="Vaske køkkenet hos Solsikken",
                    translations={"ar": "غسل المطبخ سولسيكين", "so": "Vaske køkkenet hos Solsikken"})
    update_task(db, actor, citizen.id, task.id, translations={"ur": "غسل المطبخ سولسيكين"})
    request_call(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, clock.utcnow())
    phone = browser.application.test_client()
    activate(phone, citizen)
    post_day(phone, TODAY, {"attendance": "full", "pain": "3", "note": "min hemmelige note"})
    before = [value for _t, _c, value in _texts(db)]
    assert [s for s in SECRETS if not any(s in value for value in before)] == []  # the test data is really there

    token = csrf_token(browser, f"/c/citizens/{citizen.id}/erase")
    response = browser.post(f"/c/citizens/{citizen.id}/erase", data={"csrf_token": token, "confirm_name": "Hodan Erasename"})
    assert response.status_code == 303

    left = [(table, column) for table, column, value in _texts(db) if any(secret in value for secret in SECRETS)]
    assert left == []
    assert db.exec(select(TaskLabel).where(TaskLabel.task_id == task.id)).all() == []
    db.expire_all()
    kept = db.get(Task, task.id)
    assert kept is not None and kept.icon == "dishes" and kept.label_da == ""  # her numbers keep the task, not its words
