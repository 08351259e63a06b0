"""Fuzzing the consultant's forms for her course: the new citizen, her plan of hours, placements, contacts, goals,
support, tasks, attendance she did not log, and the workplace's invitations and reminders, 500 examples each.

The generator, the world the forms are posted in and the checks afterwards are in `tests/security/fuzzing.py`.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from tests.security.fuzzing import Target, holds_under_fuzzing, people  # noqa: F401 (people is a fixture)

TARGETS = {
    "new citizen": Target("consultant", "POST", "/c/citizens/new", ("display_name", "preferred_language", "phone", "course_start",
                                                                   "planned_end", "extended_to", "purpose", "benefit", "workplace", "contact_person",
                                                                   "accommodations", "accommodations_other", "aids", "aids_other")),
    "plan of hours": Target("consultant", "POST", "/c/citizens/{her}/schedule", ("valid_from", "reason", "mode", "mon", "tue", "wed", "sun",
                                                                                 "start_mon", "even_wed", "even_start_wed", "monthly_hours",
                                                                                 "paid_hours", "paid_review_on")),
    "next placement": Target("consultant", "POST", "/c/citizens/{her}/placements", ("workplace", "kind", "trade", "address", "start",
                                                                                    "planned_end", "end_reason", "end_reason_text",
                                                                                    "copy_tasks", "copy_goals")),
    "contact person": Target("consultant", "POST", "/c/citizens/{her}/placements/{placement}/contacts", ("name", "role", "phone", "email")),
    "training goal": Target("consultant", "POST", "/c/citizens/{her}/placements/{placement}/goals", ("text", "parent_id")),
    "workplace support": Target("consultant", "POST", "/c/citizens/{her}/placements/{placement}/support", ("kind", "person", "note")),
    "attendance recorded": Target("consultant", "POST", "/c/citizens/{her}/attendance", ("day", "attendance", "hours", "source")),
    "workplace reminder": Target("consultant", "POST", "/c/citizens/{her}/placements/{placement}/workplace/reminder",
                                 ("contact_id", "weekday")),
    "workplace invitation": Target("consultant", "POST", "/c/citizens/{her}/placements/{placement}/workplace/invite", ("contact_id",)),
    "accounts differ": Target("consultant", "POST", "/c/citizens/{her}/accounts-differ", ("day", "note")),
    "new task": Target("consultant", "POST", "/c/citizens/{her}/tasks", ("label_da", "icon", "label_translated")),
    "change task": Target("consultant", "POST", "/c/citizens/{her}/tasks/{task}", ("label_da", "icon", "label_translated", "action")),
}


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_form_holds_under_fuzzing(name: str, db: Session, people: tuple[dict[str, FlaskClient], dict[str, int]]) -> None:
    holds_under_fuzzing(TARGETS[name], name, db, people)
