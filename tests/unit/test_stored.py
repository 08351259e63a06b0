"""Flags and caseload figures survive a trip through JSON exactly, whatever fields and values the engine gives them."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.caseload import RowFigures
from app.domain.flags import Flag, Level, Sentence
from app.domain.same_day import DayWord
from app.domain.stored import dumps, loads

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
#: What a sentence may carry (model.py): whole numbers, decimals, words, dates and nothing.
VALUES = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=20), DAYS, st.none(), st.booleans())
SENTENCES = st.builds(Sentence, st.text(max_size=60), st.dictionaries(st.text(min_size=1, max_size=10), VALUES, max_size=5))


def _flags() -> st.SearchStrategy[Flag]:
    """Any Flag, built from its own fields: a field the engine adds later is covered without a change here."""
    by_type = {"str": st.text(max_size=4), "Level": st.sampled_from(Level), "tuple[Sentence, ...]": st.lists(SENTENCES, max_size=4).map(tuple),
               "tuple[date, ...]": st.lists(DAYS, max_size=14).map(tuple), "float": st.floats(allow_nan=False) | st.integers(0, 9),
               "date": DAYS, "date | None": st.none() | DAYS, "int": st.integers(), "bool": st.booleans(),
               "int | None": st.none() | st.integers(), "float | None": st.none() | st.floats(allow_nan=False)}
    missing = [f.name for f in dataclasses.fields(Flag) if f.type not in by_type]
    assert missing == [], f"teach this test the types of {missing}"
    return st.builds(Flag, **{f.name: by_type[f.type] for f in dataclasses.fields(Flag)})


@given(st.lists(_flags(), max_size=6).map(tuple))
def test_any_active_list_comes_back_equal_with_its_types(flags: tuple[Flag, ...]) -> None:
    back = loads(tuple[Flag, ...], dumps(flags))
    assert back == flags
    for before, after in zip(flags, back):
        assert type(after.level) is Level
        for old, new in zip(before.sentences, after.sentences):
            # Equal is not enough: 3 == 3.0 and True == 1, but a sentence prints them differently.
            assert [type(v) for v in new.values.values()] == [type(v) for v in old.values.values()]


@given(st.builds(RowFigures, *[st.floats(allow_nan=False)] * 6, st.none() | DAYS, st.none() | st.floats(allow_nan=False),
                 st.none() | st.floats(allow_nan=False)))
def test_row_figures_come_back_equal(figures: RowFigures) -> None:
    assert loads(RowFigures, dumps(figures)) == figures


def test_a_level_is_stored_as_its_number_and_dates_are_tagged() -> None:
    flag = Flag("R1", Level.RED, (Sentence("On %(day)s.", {"day": date(2026, 11, 18), "n": 2}),), (date(2026, 11, 16),), 0.5,
                date(2026, 11, 18), in_range_since=None)
    text = dumps(flag)
    assert '"level":5' in text and '{"$date":"2026-11-18"}' in text
    assert loads(Flag, text) == flag


def test_a_datetime_stays_a_datetime_and_a_string_that_looks_like_a_date_stays_a_string() -> None:
    moment = datetime(2026, 11, 18, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    sentence = Sentence("x", {"at": moment, "text": "2026-11-18"})
    assert loads(Sentence, dumps(sentence)) == sentence


def test_it_refuses_what_it_cannot_bring_back() -> None:
    with pytest.raises(TypeError):
        dumps(Sentence("x", {"a set": {1, 2}}))
    with pytest.raises(TypeError):
        dumps({1: "a number as a key"})


def test_a_time_of_day_is_tagged_and_comes_back_as_one() -> None:
    """Her word of today keeps her planned start (app/services/readings.py `Beside`): a time, typed or not."""
    word = DayWord(7, 3.0, time(8, 30), attendance="absent", reported_at=datetime(2026, 11, 18, 6, 40, tzinfo=timezone.utc))
    text = dumps(word)
    assert '{"$time":"08:30:00"}' in text
    assert loads(DayWord, text) == word
    assert loads(Sentence, dumps(Sentence("x", {"at": time(9)}))).values["at"] == time(9)
