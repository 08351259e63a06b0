"""What the flag engine returns, and what it needs to know about acknowledgements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it here (the web layer translates)."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms for the catalog (extracted with `-k Np_:1,2`)."""
    return singular, plural


class Level(IntEnum):
    """How serious a flag is; the review list sorts by this, highest first."""

    NOTE = 1  # report note (R7)
    SUGGESTION = 2  # ready for more / consider stepping back (R6)
    CONTACT = 3  # silence: contact her (R8), its own colour
    AMBER = 4
    RED = 5

    @property
    def css(self) -> str:
        """The class name the screens use."""
        return _CSS[self]

    @property
    def is_warning(self) -> bool:
        """Amber and red are warnings; contact, suggestions and notes are not."""
        return self >= Level.AMBER


_CSS = {level: level.name.lower() for level in Level}


@dataclass(frozen=True)
class Sentence:
    """One sentence of an explanation: an English message id and its numbers and dates."""

    message: str
    values: dict[str, object] = field(default_factory=dict)
    plural: str | None = None  # the plural msgid, when the sentence counts something
    n: str = "count"  # which value chooses the plural form

    @classmethod
    def counted(cls, forms: tuple[str, str], values: dict[str, object], n: str = "count") -> Sentence:
        """A sentence whose words follow the number in `values[n]` ("1 day", "3 days"; Arabic has six forms)."""
        return cls(forms[0], values, forms[1], n)


@dataclass(frozen=True)
class Flag:
    """An active flag: rule, level, the sentences that explain it, and the days behind it."""

    rule: str  # "R1" .. "R8"
    level: Level
    sentences: tuple[Sentence, ...]
    days: tuple[date, ...]
    severity: float  # larger is worse, comparable within a rule (for "worse than when acknowledged")
    fired_on: date  # the last day the rule's pattern held
    in_range_since: date | None = None  # held, not firing: back in range since this day (its sentences give today's figures)

    @property
    def domain(self) -> str:
        """One active flag per domain: each rule is its own domain."""
        return self.rule


@dataclass(frozen=True)
class Acknowledgement:
    """A consultant's "I know": the flag stays quiet until it gets worse than this."""

    rule: str
    level: Level
    severity: float
    at: datetime
    reason: str
