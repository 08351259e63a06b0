"""Password rules for staff: long enough, not a common password, not her e-mail, not one character repeated.

The common-password list ships in the package (app/data/common-passwords.txt.gz, from Django,
BSD licence; see app/data/common-passwords.NOTICE). Length beats composition rules, so there
are no "one digit, one capital" demands.
"""

from __future__ import annotations

import gzip
import string
from functools import cache
from importlib.resources import files

MAX_LENGTH = 256
#: Fewer different characters than this ("aaaaaaaaaaaa", "abababababab") is refused.
MIN_DISTINCT = 5
#: An e-mail local part shorter than this is too short to look for in a password.
MIN_LOCAL_PART = 3

# What each problem is called (AccountError text for the terminal; the web shows its own words).
SHORT, LONG, COMMON, REPETITIVE, EMAIL = "short", "long", "common", "repetitive", "email"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, read once."""
    data = files("app").joinpath("data", "common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(data).decode("utf-8").splitlines() if line.strip())


def _is_common(password: str) -> bool:
    lowered = password.strip().lower()
    # "password1234", "Summer2026!": a common word padded with digits and signs is still common.
    core = lowered.strip(string.digits + string.punctuation + " ")
    return lowered.isdigit() or lowered in common_passwords() or core in common_passwords()


def password_problem(password: str, min_length: int, email: str = "") -> str | None:
    """What is wrong with `password` as a new password (one of the names above), or None."""
    if len(password) < min_length:
        return SHORT
    if len(password) > MAX_LENGTH:
        return LONG
    if len(set(password)) < MIN_DISTINCT:
        return REPETITIVE
    local_part = email.strip().lower().partition("@")[0]
    if len(local_part) >= MIN_LOCAL_PART and local_part in password.lower():
        return EMAIL
    if _is_common(password):
        return COMMON
    return None
