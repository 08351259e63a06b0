"""At most one placement is hers on a day; an overlap names the placement it meets."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.placements import NEW_PLACEMENT_DAYS, Span, clash, current_on, ended_before, new_since

KITCHEN = Span(1, "Køkkenet, Bybo", date(2026, 3, 2), date(2026, 5, 31))
SHOP = Span(2, "Netto Vestergade", date(2026, 6, 1))


def test_her_placement_on_a_day_is_the_one_running_then() -> None:
    assert current_on([KITCHEN, SHOP], date(2026, 5, 31)) == KITCHEN
    assert current_on([KITCHEN, SHOP], date(2026, 6, 1)) == SHOP
    assert current_on([KITCHEN, SHOP], date(2030, 1, 1)) == SHOP  # open: she is still there
    assert current_on([KITCHEN, SHOP], date(2026, 3, 1)) is None


def test_an_overlap_names_the_placement_it_meets() -> None:
    assert clash([KITCHEN, SHOP], date(2026, 5, 1), date(2026, 5, 15)) == KITCHEN
    assert clash([KITCHEN, SHOP], date(2026, 2, 1), None) == KITCHEN  # open-ended: meets everything after
    assert clash([KITCHEN], date(2026, 6, 1), None) is None
    assert clash([KITCHEN, SHOP], date(2026, 7, 1), None, besides=SHOP.id) is None  # the one being changed


def test_the_current_placement_ends_the_day_before_the_next() -> None:
    ended = ended_before(SHOP, date(2026, 9, 14))
    assert (ended.start, ended.end) == (SHOP.start, date(2026, 9, 13))
    assert clash([KITCHEN, ended], date(2026, 9, 14), None) is None


def test_the_caseload_says_she_changed_placement_for_two_weeks_and_never_for_her_first_one() -> None:
    today = SHOP.start + timedelta(days=NEW_PLACEMENT_DAYS - 1)
    assert new_since(SHOP.start, KITCHEN.start, SHOP.start) == SHOP.start  # her first day there
    assert new_since(SHOP.start, KITCHEN.start, today) == SHOP.start
    assert new_since(SHOP.start, KITCHEN.start, today + timedelta(days=1)) is None  # two weeks on: all her figures are the shop's
    assert new_since(KITCHEN.start, KITCHEN.start, KITCHEN.start + timedelta(days=3)) is None  # her first placement: a start
    assert new_since(SHOP.start, KITCHEN.start, SHOP.start - timedelta(days=1)) is None  # not begun yet
    assert new_since(None, None, today) is None  # no placement at all


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@given(st.lists(st.tuples(days, st.integers(min_value=0, max_value=200)), min_size=1, max_size=6), days)
def test_placements_made_without_a_clash_leave_at_most_one_on_any_day(wanted: list[tuple[date, int]], day: date) -> None:
    kept: list[Span] = []
    for number, (start, length) in enumerate(wanted):
        end = start + timedelta(days=length)
        if clash(kept, start, end) is None:
            kept.append(Span(number, f"p{number}", start, end))
    assert sum(span.holds(day) for span in kept) <= 1
