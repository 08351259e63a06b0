"""A placement's people and aims: whom to call there, what she trains toward, and who helps her at work.

The job centre reads a placement's training goals as what the effort was for, and each goal's
status (open, reached, dropped) with the day it took that status as how far she came. A goal may
have sub-goals, one level deep: "work a full shift" with "four hours without a lie-down break".
Support at the workplace is a mentor, side-by-side training (sidemandsoplæring) or something else,
each with a person's name and a few words.

Pure: the closed vocabularies and the checks, on plain values; the service applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Protocol, TypeVar

from app.domain.flags.model import N_


@dataclass(frozen=True)
class Contact:
    """A contact person at the workplace, as typed and as the agreement states it."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Support:
    """Support at the workplace: its kind (a code), who gives it and a few words."""

    kind: str
    person: str
    note: str = ""

#: A goal's status; a new goal is open.
GOAL_STATUSES: tuple[str, ...] = ("open", "reached", "dropped")
#: Kinds of support at the workplace.
SUPPORT_KINDS: tuple[str, ...] = ("mentor", "side_by_side", "other")

# One "@", something on each side, a dot in the domain and no spaces: enough to catch a typo, not a full RFC 5322 parser
# (the address is read by a person, never mailed to by the app).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^[0-9 +()-]*$")


def email_problem(email: str) -> str | None:
    """Why `email` cannot be a contact's e-mail (a msgid), or None; empty is allowed."""
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        return N_("Write the e-mail as name@example.dk, or leave it empty.")
    return None


def phone_problem(phone: str) -> str | None:
    """Why `phone` cannot be a contact's phone number (a msgid), or None; empty is allowed."""
    if len(phone) > 32 or not _PHONE.match(phone):
        return N_("A phone number has digits, spaces, +, ( ) and - only.")
    return None


def status_day_problem(day: date, placement_start: date, today: date) -> str | None:
    """Why a goal cannot take a status on `day` (a msgid with `%(day)s` for the placement's start), or None.

    A status is dated on a day of the placement or later (a goal may be found reached at the last
    follow-up after it ended), never before it began and never in the future.
    """
    if day < placement_start:
        return N_("The date is before the placement began (%(day)s).")
    if day > today:
        return N_("The date is in the future.")
    return None


class Goal(Protocol):
    """What the tree needs of a goal row."""

    id: int | None
    parent_id: int | None
    status: str


G = TypeVar("G", bound=Goal)


def goal_tree(goals: Iterable[G]) -> list[tuple[G, list[G]]]:
    """Goals with their sub-goals, in the order given (one level: a sub-goal's sub-goal is not made)."""
    rows = list(goals)
    children: dict[int | None, list[G]] = {}
    for goal in rows:
        children.setdefault(goal.parent_id, []).append(goal)
    return [(goal, children.get(goal.id, [])) for goal in rows if goal.parent_id is None]


def open_goals(tree: Iterable[tuple[G, list[G]]]) -> list[tuple[G, list[G]]]:
    """What goes along to her next placement when the consultant chooses it: open goals with their open sub-goals."""
    return [(goal, [sub for sub in subs if sub.status == "open"]) for goal, subs in tree if goal.status == "open"]
