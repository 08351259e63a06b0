"""The demo's same day (issue 23): what the women live on, and a woman who said this morning that she cannot come.

On a weekday the first of the demo consultant's women who works today (before anyone else has written) sends her
"I can't come today" at 07:40 through the same service as her phone: her child is ill and she has not told the
workplace, and she is on kontanthjælp, so her phone tells her to call the job centre too. The caseload's "today"
lane lists her at once, and from noon the women with a work day and no word. On a weekend nobody works, and the
lane is empty, as it would be.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlmodel import Session, select

from app.clock import LOCAL_ZONE
from app.domain.entry import parse_absence_notice
from app.models import Citizen, Course
from app.services.absence_notice import offers_notice, save_notice
from app.services.audit import Actor

#: What each demo woman lives on; the others are not given.
BENEFITS = {"Amina Yusuf": "kontanthjaelp", "Fatima Al-Sayed": "integrationsydelse", "Nasreen Akhtar": "kontanthjaelp",
            "Hodan Ali": "sygedagpenge", "Leyla Demir": "kontanthjaelp", "Sahra Warsame": "integrationsydelse"}
REPORTED_AT = time(7, 40)


def seed_same_day(session: Session, consultant_id: int, today: date) -> Citizen | None:
    """Set the benefits; the first woman working today reports that she cannot come (None on a day nobody works)."""
    women = session.exec(select(Citizen).where(Citizen.consultant_id == consultant_id).order_by(Citizen.id)).all()
    for citizen in women:
        course = session.exec(select(Course).where(Course.citizen_id == citizen.id)).first()
        if course is not None and citizen.display_name in BENEFITS:
            course.benefit = BENEFITS[citizen.display_name]
            session.add(course)
    session.commit()
    for citizen in women:
        if citizen.consent_at is not None and offers_notice(session, citizen.id, today, REPORTED_AT):
            answers, _errors = parse_absence_notice({"attendance": ["absent"], "absence_reason": ["family"],
                                                     "told_in_advance": ["no"]})
            assert answers is not None
            save_notice(session, Actor("citizen", citizen.id, "citizen"), citizen, today, answers, str(uuid.uuid4()),
                        today=today, edit_days=0, now=datetime.combine(today, REPORTED_AT, tzinfo=LOCAL_ZONE))
            return citizen
    return None
