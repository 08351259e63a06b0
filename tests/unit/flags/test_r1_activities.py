"""R1 reads her attendance at the course's sessions beside work: a session with a register adds its hours to the hours
due (and to the hours worked when she came); treatment never counts; the explanation says where she was missing."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.flags import FlagSettings, active_flags
from app.domain.flags.series import Marked
from tests.unit.flags.helpers import PLAN, START, TODAY, absent, steady

# Teaching in the last 14 days (TODAY is Wednesday 18 November): Thursdays and Tuesdays, and two Friday afternoons.
TEACHING_DAYS = [date(2026, 11, 5), date(2026, 11, 6), date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 13), date(2026, 11, 17)]


def r1(entries, marked=()):  # type: ignore[no-untyped-def]
    found = [f for f in active_flags([PLAN], entries, TODAY, logging_since=START, settings=FlagSettings(), marked=marked)
             if f.rule == "R1"]
    return found[0] if found else None


def sessions(kind: str, missed: int, days: list[date] = TEACHING_DAYS, hours: float = 2.5) -> list[Marked]:
    return [Marked(day, kind, hours, attended=i >= missed) for i, day in enumerate(days)]


def said(flag) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    return [(s.message, s.values) for s in flag.sentences]


def test_it_counts_missed_teaching_beside_missed_work_and_says_which() -> None:
    entries = steady()
    entries[date(2026, 11, 16)] = absent()  # 1 of the 6 work days in the window
    flag = r1(entries, sessions("teaching", missed=3))
    # due: 6 work days x 3 h + 6 sessions x 2.5 h = 33; attended 15 + 7.5 = 22.5 (68 %)
    assert flag is not None and flag.level.name == "AMBER"
    lines = said(flag)
    assert lines[0][1] == {"worked": 22.5, "planned": 33.0, "percent": 68}
    assert ("Missed %(missed)s of %(count)s teaching session.", {"missed": 3, "count": 6}) in lines
    assert ("Missed %(missed)s of %(count)s planned work day she wrote about.", {"missed": 1, "count": 6}) in lines
    assert set(TEACHING_DAYS[:3]) <= set(flag.days) and date(2026, 11, 16) in flag.days


def test_it_flags_a_woman_who_stops_coming_to_teaching_though_she_goes_to_work() -> None:
    assert r1(steady()) is None
    flag = r1(steady(), sessions("teaching", missed=6, hours=4.0))  # 18 of 42 hours: 43 %
    assert flag is not None and flag.level.name == "RED"


def test_it_never_counts_treatment_as_missed_course_hours() -> None:
    flag = r1(steady(), sessions("treatment", missed=6, hours=4.0))
    assert flag is None
    assert rules_of_all(steady(), sessions("treatment", missed=6)) == rules_of_all(steady())


def test_it_needs_two_misses_before_a_ratio_speaks() -> None:
    # One missed long session is no pattern, as one missed work day is not.
    assert r1(steady(), sessions("workshop", missed=1, days=[date(2026, 11, 17)], hours=6.0)) is None


def test_it_reads_teaching_alone_before_her_internship_days_are_written() -> None:
    flag = r1({}, sessions("danish", missed=4))
    assert flag is not None and flag.level.name == "RED"
    assert ("Missed %(missed)s of %(count)s Danish school lesson.", {"missed": 4, "count": 6}) in said(flag)


def test_it_words_a_flag_without_sessions_as_before() -> None:
    entries = steady()
    for day in (date(2026, 11, 13), date(2026, 11, 16)):
        entries[day] = absent()
    flag = r1(entries)
    assert flag is not None
    assert flag.sentences[0].message.startswith("Worked %(worked)s of %(planned)s planned hours")
    assert not any("session" in s.message or "wrote about." in s.message for s in flag.sentences)


def test_it_forgets_sessions_older_than_the_window_and_the_hold() -> None:
    old = [day - timedelta(days=35) for day in TEACHING_DAYS]  # past the window and the two weeks a flag is held
    assert r1(steady(), sessions("teaching", missed=6, days=old)) is None


def rules_of_all(entries, marked=()):  # type: ignore[no-untyped-def]
    return {f.rule: f.level.name for f in active_flags([PLAN], entries, TODAY, logging_since=START, settings=FlagSettings(), marked=marked)}
