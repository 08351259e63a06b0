"""Fuzzing the forms outside the consultant's office: hers, the interpreter's, the workplace's, the teacher's,
the admin's and the anonymous ones (sign-in, activation, language), 500 examples each.

The generator, the world the forms are posted in and the checks afterwards are in `tests/security/fuzzing.py`.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from tests.security.fuzzing import DAY, REGISTER, Target, holds_under_fuzzing, people  # noqa: F401 (people is a fixture)

TARGETS = {
    "day entry": Target("citizen", "POST", "/day/{today}", DAY),
    "I can't come today": Target("citizen", "POST", "/day/{today}/cant-come", ("attendance", "absence_reason", "told_in_advance")),
    "consent": Target("citizen", "POST", "/my-data", ()),
    "call me": Target("citizen", "POST", "/call-me", ()),
    "choose PIN": Target("citizen", "POST", "/phone/pin", ("pin", "pin_again", "current_pin")),
    "remove PIN": Target("citizen", "POST", "/phone/pin/remove", ("current_pin",)),
    "PIN asked": Target("citizen", "POST", "/phone/unlock", ("current_pin", "next")),
    "language": Target("anonymous", "POST", "/language", ("language", "next")),
    "activation": Target("anonymous", "POST", "/a/{code}", ()),
    "sign-in": Target("anonymous", "POST", "/staff/sign-in", ("email", "password", "next")),
    "authenticator code": Target("anonymous", "POST", "/staff/code", ("code",)),
    "workplace link": Target("anonymous", "POST", "/w/{code}", ()),
    "workplace week": Target("workplace", "POST", "/w/", ("week", "key", "pace", "day-2026-11-16", "day-2026-11-18", "day-2026-11-17",
                                                         "note-2026-11-16", "task-1", "task-2", "suggested_task", "went_well", "was_hard")),
    "interpreter day": Target("interpreter", "POST", "/i/citizens/{her}/day/{today}", DAY),
    "task label": Target("interpreter", "POST", "/i/citizens/{her}/tasks/{task}", ("label",)),
    "register (teacher)": Target("teacher", "POST", "/t/sessions/{series}/{today}", REGISTER),
    "register (teacher, another day)": Target("teacher", "POST", "/t/sessions/{series}/2026-11-16", REGISTER),
    "new staff": Target("admin", "POST", "/admin/staff", ("name", "email", "role")),
    "disable staff": Target("admin", "POST", "/admin/staff/{spare}/active", ("active",)),
    "audit search": Target("admin", "GET", "/admin/audit", ("citizen_id", "action", "from", "to")),
}


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_form_holds_under_fuzzing(name: str, db: Session, people: tuple[dict[str, FlaskClient], dict[str, int]]) -> None:
    holds_under_fuzzing(TARGETS[name], name, db, people)
