"""Fuzzing the consultant's forms for her case: follow-ups, grants, reports, flags, erasure, the caseload search,
groups, activities and registers, 500 examples each.

The generator, the world the forms are posted in and the checks afterwards are in `tests/security/fuzzing.py`.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from tests.security.fuzzing import REGISTER, SERIES, Target, holds_under_fuzzing, people  # noqa: F401 (people is a fixture)

TARGETS = {
    "follow-up": Target("consultant", "POST", "/c/citizens/{her}/follow-ups", ("day", "attendance", "tasks", "motivation", "views", "observations")),
    "grant": Target("consultant", "POST", "/c/citizens/{her}/grants", ("interpreter_id", "language", "hours")),
    "report": Target("consultant", "POST", "/c/citizens/{her}/reports", ("start", "end", "summary", "assessment", "observations")),
    "acknowledge": Target("consultant", "POST", "/c/citizens/{her}/flags/R4/acknowledge", ("reason",)),
    "erase": Target("consultant", "POST", "/c/citizens/{her}/erase", ("confirm_name",)),
    "caseload search": Target("consultant", "GET", "/c/", ("q", "language", "group")),
    "new group": Target("consultant", "POST", "/c/groups", ("name", "start_week", "leader_ids")),
    "group member": Target("consultant", "POST", "/c/groups/{group}/members", ("citizen_id", "joined_on")),
    "group leader": Target("consultant", "POST", "/c/groups/{group}/leaders", ("staff_id",)),
    "group series": Target("consultant", "POST", "/c/groups/{group}/series", SERIES),
    "series change": Target("consultant", "POST", "/c/groups/{group}/series/{series}/versions", (*SERIES[:6], "valid_from", "reason")),
    "day without session": Target("consultant", "POST", "/c/groups/{group}/series/{series}/exceptions", ("day", "reason")),
    "her own activity": Target("consultant", "POST", "/c/citizens/{her}/activities", SERIES),
    "register (consultant)": Target("consultant", "POST", "/c/sessions/{series}/{today}", REGISTER),
}


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_form_holds_under_fuzzing(name: str, db: Session, people: tuple[dict[str, FlaskClient], dict[str, int]]) -> None:
    holds_under_fuzzing(TARGETS[name], name, db, people)
