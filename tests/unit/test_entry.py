"""Server-side validation of a day's answers (security.md: every field, unknown fields rejected)."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.day import Attendance
from app.domain.entry import Limits, UnknownFieldError, parse_entry, parse_key

TASKS = {11, 12}


def parse(planned: float = 3, **fields: Any) -> tuple[Any, dict[str, str]]:
    form = {name: value if isinstance(value, list) else [str(value)] for name, value in fields.items()}
    return parse_entry(form, planned_hours=planned, task_ids=TASKS, limits=Limits(note_max=20, reason_text_max=10))


def test_it_accepts_a_typical_workday() -> None:
    answers, errors = parse(attendance="full", pain=4, difficulty=3, breaks="none", evening=2)
    assert errors == {}
    assert answers.attendance is Attendance.FULL
    assert answers.hours_worked == 3
    assert (answers.pain, answers.difficulty, answers.evening) == (4, 3, 2)


def test_it_requires_attendance_and_pain_on_a_planned_day() -> None:
    answers, errors = parse(evening=2)
    assert answers is None
    assert errors == {"attendance": "required", "pain": "required"}


@pytest.mark.parametrize("pain", ["-1", "11", "4.5", "four", "０", "1e1", ""])
def test_it_rejects_pain_outside_0_to_10(pain: str) -> None:
    _answers, errors = parse(attendance="full", pain=pain)
    assert "pain" in errors


def test_it_asks_hours_and_reasons_when_she_went_home_early() -> None:
    _answers, errors = parse(attendance="early", pain=6)
    assert errors == {"hours_worked": "required", "early_reasons": "required"}
    answers, errors = parse(attendance="early", pain=6, hours_worked="1.5", early_reasons=["tired", "pain"])
    assert errors == {}
    assert answers.hours_worked == 1.5
    assert answers.early_reasons == ("pain", "tired")  # stable order


@pytest.mark.parametrize("hours", ["3", "3.5", "1.25", "-0.5", "nan", "inf", "x"])
def test_it_rejects_early_hours_that_are_not_half_hours_below_the_plan(hours: str) -> None:
    _answers, errors = parse(attendance="early", pain=6, hours_worked=hours, early_reasons=["pain"])
    assert "hours_worked" in errors


def test_it_asks_why_and_whether_work_was_told_when_absent() -> None:
    _answers, errors = parse(attendance="absent", pain=8)
    assert errors == {"absence_reason": "required", "told_in_advance": "required"}
    answers, errors = parse(attendance="absent", pain=8, absence_reason="ill_pain", told_in_advance="no")
    assert errors == {}
    assert (answers.hours_worked, answers.absence_reason, answers.told_in_advance) == (0, "ill_pain", False)


def test_it_drops_follow_ups_that_do_not_fit_the_answer() -> None:
    # Without JavaScript the whole form is posted: reasons ticked before switching to "all of it".
    answers, errors = parse(attendance="full", pain=3, early_reasons=["pain"], hours_worked="1", absence_reason="other")
    assert errors == {}
    assert answers.early_reasons == () and answers.absence_reason is None and answers.hours_worked == 3


def test_it_keeps_work_questions_out_of_an_absent_day() -> None:
    answers, _errors = parse(attendance="absent", pain=8, absence_reason="family", told_in_advance="yes",
                             difficulty=5, breaks="many", tasks=["11"])
    assert (answers.difficulty, answers.breaks, answers.tasks) == (None, None, ())


def test_it_only_accepts_her_own_tasks_and_hard_implies_done() -> None:
    answers, errors = parse(attendance="full", pain=3, tasks=["11"], hard_tasks=["12"])
    assert errors == {}
    assert answers.tasks == ((11, False), (12, True))
    _answers, errors = parse(attendance="full", pain=3, tasks=["99"])
    assert errors == {"tasks": "invalid"}


def test_it_allows_a_day_off_with_pain_and_evening_but_no_attendance() -> None:
    answers, errors = parse(planned=0, pain=5, evening=3)
    assert errors == {}
    assert answers.attendance is None and answers.hours_worked is None
    # Not "were you at work?" on a day off: only "yes, I worked" (with her hours) or "no".
    _answers, errors = parse(planned=0, pain=5, attendance="absent")
    assert errors == {"attendance": "not_planned"}
    _answers, errors = parse(planned=0, pain=5, attendance="early")
    assert errors == {"attendance": "not_planned"}
    answers, errors = parse(planned=0, pain=5, attendance="none")
    assert errors == {} and answers.attendance is None


def test_a_day_off_she_worked_needs_her_hours_up_to_16() -> None:
    _answers, errors = parse(planned=0, pain=5, attendance="full")
    assert errors == {"hours_worked": "required"}
    answers, errors = parse(planned=0, pain=5, attendance="full", hours_worked="16")
    assert errors == {} and (answers.attendance, answers.hours_worked, answers.extra_hours) == (Attendance.FULL, 16.0, None)
    for typed, problem in (("16.5", "over_a_day"), ("0", "invalid"), ("1.25", "invalid"), ("x", "invalid")):
        assert parse(planned=0, pain=5, attendance="full", hours_worked=typed)[1] == {"hours_worked": problem}


def test_extra_hours_on_a_planned_day_are_optional_and_keep_the_day_within_16_hours() -> None:
    answers, errors = parse(planned=3, pain=4, attendance="full", extra_hours="2")
    assert errors == {} and (answers.hours_worked, answers.extra_hours) == (3, 2.0)
    assert parse(planned=3, pain=4, attendance="full", extra_hours="13.5")[1] == {"extra_hours": "over_a_day"}
    assert parse(planned=3, pain=4, attendance="full")[0].extra_hours is None
    # An entry without extra hours keeps the hash it had before the question existed.
    plain = parse(planned=3, pain=4, attendance="full")[0]
    assert "extra_hours" not in plain.canonical()


def test_hours_too_big_for_a_number_are_refused_not_an_error() -> None:
    """'1E308' is a float, but halved it is infinity (found by the form fuzzer): refused like any bad number."""
    for typed in ("1E308", "inf", "-inf", "nan"):
        assert parse(planned=3, pain=4, attendance="full", extra_hours=typed)[1] == {"extra_hours": "invalid"}, typed
        assert parse(planned=0, pain=4, attendance="full", hours_worked=typed)[1] == {"hours_worked": "invalid"}, typed
        assert "hours_worked" in parse(planned=3, pain=4, attendance="early", hours_worked=typed)[1], typed


def test_it_limits_text_length() -> None:
    _answers, errors = parse(attendance="full", pain=3, note="x" * 21)
    assert errors == {"note": "too_long"}
    answers, errors = parse(attendance="full", pain=3, note="x" * 20)
    assert errors == {} and answers.note == "x" * 20


def test_it_rejects_unknown_fields_and_repeated_single_fields() -> None:
    with pytest.raises(UnknownFieldError):
        parse(attendance="full", pain=3, citizen_id="7")
    _answers, errors = parse(attendance="full", pain=["3", "4"])
    assert errors == {"pain": "invalid"}


def test_it_hashes_the_same_answers_the_same_way() -> None:
    first, _ = parse(attendance="full", pain=4, evening=2, tasks=["12", "11"])
    second, _ = parse(attendance="full", pain=4, evening=2, tasks=["11", "12"])
    other, _ = parse(attendance="full", pain=5, evening=2, tasks=["11", "12"])
    assert first.payload_hash("2026-11-18") == second.payload_hash("2026-11-18")
    assert first.payload_hash("2026-11-18") != other.payload_hash("2026-11-18")
    assert first.payload_hash("2026-11-18") != first.payload_hash("2026-11-17")


def test_it_accepts_only_uuid_keys() -> None:
    assert parse_key("6F9619FF-8B86-D011-B42D-00CF4FC964FF") == "6f9619ff-8b86-d011-b42d-00cf4fc964ff"
    assert parse_key("") is None
    assert parse_key("'; drop table day_entry; --") is None


FIELD_VALUES = st.one_of(st.text(max_size=30), st.sampled_from(["full", "early", "absent", "3", "0.5", "11", "pain", "yes"]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["attendance", "hours_worked", "early_reasons", "absence_reason",
                                        "told_in_advance", "pain", "difficulty", "breaks", "tasks",
                                        "hard_tasks", "evening", "note", "reason_text"]),
                       st.lists(FIELD_VALUES, min_size=1, max_size=3)),
       st.sampled_from([0, 0.5, 2, 3]))
def test_it_never_accepts_out_of_range_answers(form: dict[str, list[str]], planned: float) -> None:
    answers, errors = parse_entry(form, planned_hours=planned, task_ids=TASKS)
    if answers is None:
        assert errors
        return
    assert 0 <= answers.pain <= 10
    assert answers.difficulty is None or 0 <= answers.difficulty <= 10
    assert answers.evening is None or 1 <= answers.evening <= 5
    assert answers.hours_worked is None or 0 <= answers.hours_worked <= planned
    assert all(task_id in TASKS for task_id, _hard in answers.tasks)
    assert (answers.attendance is None) == (planned == 0)
