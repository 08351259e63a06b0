"""The weekly body map: which regions she may choose, when it is asked, and how weeks are read."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain import body_map
from app.domain.entry import parse_entry

MONDAY = date(2026, 11, 16)


def test_regions_are_about_fifteen_with_her_left_and_right_on_both_views() -> None:
    codes = body_map.REGION_CODES
    assert 14 <= len(codes) <= 18 and len(set(codes)) == len(codes)
    assert {region.view for region in body_map.REGIONS} == {"front", "back"}
    for side in ("shoulder", "arm", "hand", "leg", "foot"):
        assert f"left_{side}" in codes and f"right_{side}" in codes


def test_parse_keeps_head_to_feet_order_and_refuses_unknown_or_mixed_answers() -> None:
    assert body_map.parse_regions(["left_foot", "head", "lower_back"]) == ("head", "lower_back", "left_foot")
    assert body_map.parse_regions([]) == ()
    assert body_map.parse_regions(["none"]) == ("none",)
    assert body_map.parse_regions(["none", "head"]) is None
    assert body_map.parse_regions(["elbow"]) is None


def test_asked_from_her_last_planned_day_or_a_set_weekday_or_never() -> None:
    mon_wed = (3, 0, 3, 0, 0, 0, 0)
    assert body_map.asking_day("last_workday", mon_wed, MONDAY) == MONDAY + timedelta(days=2)
    assert body_map.asking_day("last_workday", (0,) * 7, MONDAY) is None
    assert body_map.asking_day("friday", mon_wed, MONDAY) == MONDAY + timedelta(days=4)
    assert body_map.asking_day("off", mon_wed, MONDAY) is None


def test_asked_once_a_week_and_a_missed_day_is_caught_up_on_her_next_entry() -> None:
    wednesday = MONDAY + timedelta(days=2)
    assert not body_map.asks_on(MONDAY, wednesday, None)
    assert body_map.asks_on(wednesday, wednesday, None)
    assert body_map.asks_on(wednesday + timedelta(days=2), wednesday, None)  # she did not log Wednesday
    # Answered on Wednesday: only Wednesday's form carries it (to correct it), not Friday's.
    assert body_map.asks_on(wednesday, wednesday, wednesday)
    assert not body_map.asks_on(wednesday + timedelta(days=2), wednesday, wednesday)
    assert not body_map.asks_on(wednesday, None, None)


def test_weeks_read_as_regions_over_time() -> None:
    answers = {MONDAY + timedelta(days=2): ("lower_back", "left_hand"), MONDAY + timedelta(days=9): ("lower_back",),
               MONDAY + timedelta(days=16): ("none",), MONDAY - timedelta(days=5): ("head",)}
    mondays = [MONDAY + timedelta(weeks=n) for n in range(4)]
    weeks = body_map.body_map_weeks(answers, mondays)
    assert weeks.rows == (("lower_back", frozenset(mondays[:2])), ("left_hand", frozenset(mondays[:1])))
    assert weeks.answered == frozenset(mondays[:3])  # "nowhere" is an answer; week 4 has none
    assert weeks.any_answer


def test_the_form_carries_the_body_map_and_an_old_entry_keeps_its_hash() -> None:
    form = {"attendance": ["full"], "pain": ["4"], "body_regions": ["right_shoulder", "neck"]}
    answers, errors = parse_entry(form, planned_hours=3, task_ids=set())
    assert errors == {} and answers is not None and answers.body_regions == ("neck", "right_shoulder")
    without, _ = parse_entry({"attendance": ["full"], "pain": ["4"]}, planned_hours=3, task_ids=set())
    assert without is not None and "body_regions" not in without.canonical()
    assert answers.payload_hash("2026-11-18") != without.payload_hash("2026-11-18")
    _, errors = parse_entry({**form, "body_regions": ["none", "neck"]}, planned_hours=3, task_ids=set())
    assert errors == {"body_regions": "invalid"}
