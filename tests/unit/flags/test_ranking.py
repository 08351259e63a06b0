"""The review list's order, as a consultant reads it on a Wednesday morning (18 Nov)."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.flags import Flag, FlagSettings, Level
from app.domain.flags.ranking import Episode, Standing, domains_involved, rank_level, review_order

TODAY = date(2026, 11, 18)


def flag(rule: str, level: Level) -> Flag:
    return Flag(rule, level, (), (), severity=1.0, fired_on=TODAY)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def woman(name: str, *episodes: Episode, domains: int | None = None, last_entry: date | None = ago(1)) -> Standing:
    """Her shown flags; the domains they involve unless told."""
    involved = domains_involved([e.flag for e in episodes]) if domains is None else domains
    return Standing(name, episodes, involved, last_entry)


def in_order(*women: Standing) -> list[str]:
    return [w.name for w in sorted(women, key=lambda w: review_order(w, TODAY))]


AMBER_PAIN = flag("R2", Level.AMBER)
AMBER_ATTENDANCE = flag("R1", Level.AMBER)
AMBER_COST = flag("R3", Level.AMBER)
SILENCE = flag("R8", Level.CONTACT)
RED_ATTENDANCE = flag("R1", Level.RED)


def test_of_two_ambers_the_one_with_pain_and_tiredness_comes_before_the_one_with_pain_only() -> None:
    # Alphabetically Anna would come first; two domains put Bente above her.
    anna = woman("Anna", Episode(AMBER_PAIN, ago(3)))
    bente = woman("Bente", Episode(AMBER_PAIN, ago(3)), Episode(AMBER_COST, ago(3)))
    assert in_order(anna, bente) == ["Bente", "Anna"]


def test_with_the_same_domains_an_episode_two_days_old_comes_before_one_twenty_days_old() -> None:
    anna = woman("Anna", Episode(AMBER_ATTENDANCE, ago(20)))
    bente = woman("Bente", Episode(AMBER_ATTENDANCE, ago(2)))
    assert in_order(anna, bente) == ["Bente", "Anna"]


def test_an_acknowledged_flag_that_got_worse_after_weeks_sinks_below_a_new_one() -> None:
    # Anna's pain and tiredness were acknowledged a month ago and are worse now; Bente's pain is new.
    anna = woman("Anna", Episode(AMBER_PAIN, ago(30), acknowledged=True), Episode(AMBER_COST, ago(30), acknowledged=True))
    bente = woman("Bente", Episode(AMBER_PAIN, ago(1)))
    assert in_order(anna, bente) == ["Bente", "Anna"]


def test_an_acknowledged_flag_that_got_worse_within_days_is_not_yet_old_news() -> None:
    anna = woman("Anna", Episode(AMBER_PAIN, ago(4), acknowledged=True), Episode(AMBER_COST, ago(4), acknowledged=True))
    bente = woman("Bente", Episode(AMBER_PAIN, ago(1)))
    assert in_order(anna, bente) == ["Anna", "Bente"]  # two domains


def test_a_new_red_beside_an_old_acknowledged_one_keeps_her_up() -> None:
    anna = woman("Anna", Episode(flag("R4", Level.RED), ago(1)), Episode(RED_ATTENDANCE, ago(30), acknowledged=True))
    bente = woman("Bente", Episode(RED_ATTENDANCE, ago(5)))
    assert in_order(bente, anna) == ["Anna", "Bente"]


def test_nine_days_of_silence_ranks_with_the_reds_above_an_amber() -> None:
    anna = woman("Anna", Episode(AMBER_PAIN, ago(1)), Episode(AMBER_COST, ago(1)))
    quiet = woman("Quiet Qamar", Episode(SILENCE, ago(2)), last_entry=ago(9))
    assert in_order(anna, quiet) == ["Quiet Qamar", "Anna"]
    assert rank_level(SILENCE, ago(9), TODAY) is Level.RED
    assert SILENCE.level is Level.CONTACT  # her flag keeps its own colour and words


def test_five_days_of_silence_stays_below_the_ambers() -> None:
    anna = woman("Anna", Episode(AMBER_PAIN, ago(20)))
    quiet = woman("Quiet Qamar", Episode(SILENCE, ago(1)), last_entry=ago(5))
    assert in_order(quiet, anna) == ["Anna", "Quiet Qamar"]


def test_exactly_seven_days_of_silence_is_not_yet_more_than_a_week() -> None:
    assert rank_level(SILENCE, ago(7), TODAY) is Level.CONTACT
    assert rank_level(SILENCE, ago(8), TODAY) is Level.RED


def test_silence_ranks_with_the_reds_but_a_red_with_domains_comes_first() -> None:
    red = woman("Zahra", Episode(RED_ATTENDANCE, ago(3)))
    quiet = woman("Anna", Episode(SILENCE, ago(3)), last_entry=ago(12))
    assert in_order(quiet, red) == ["Zahra", "Anna"]


def test_a_woman_who_never_wrote_counts_her_silence_from_her_start() -> None:
    never = woman("Anna", Episode(SILENCE, ago(1)), last_entry=ago(10))  # the caller passes her consent day
    amber = woman("Bente", Episode(AMBER_PAIN, ago(1)))
    assert in_order(amber, never) == ["Anna", "Bente"]


def test_the_silence_threshold_is_a_setting() -> None:
    assert rank_level(SILENCE, ago(9), TODAY, FlagSettings(rank_silence_days=10)) is Level.CONTACT


def test_equal_in_everything_the_name_decides() -> None:
    assert in_order(woman("bente", Episode(AMBER_PAIN, ago(2))), woman("Anna", Episode(AMBER_PAIN, ago(2)))) == ["Anna", "bente"]


def test_level_comes_before_domains() -> None:
    red = woman("Zahra", Episode(flag("R4", Level.RED), ago(1)), domains=0)  # a "call me" request alone
    amber = woman("Anna", Episode(AMBER_PAIN, ago(1)), Episode(AMBER_COST, ago(1)))
    assert in_order(amber, red) == ["Zahra", "Anna"]


def test_domains_count_attendance_pain_and_cost_of_work_once_each() -> None:
    assert domains_involved([flag("R4", Level.RED), RED_ATTENDANCE, AMBER_PAIN]) == 2
    assert domains_involved([AMBER_PAIN, flag("R5", Level.AMBER), SILENCE]) == 1
    assert domains_involved([flag("R4", Level.RED)]) == 0  # a "call me" request involves no domain


def test_r4_counts_its_parts_even_when_one_of_them_is_acknowledged_and_quiet() -> None:
    assert domains_involved([flag("R4", Level.RED), AMBER_PAIN], quiet=[AMBER_ATTENDANCE]) == 2
    # A quiet flag that is no part of R4 (a call request beside an acknowledged pain flag) does not count.
    assert domains_involved([flag("R4", Level.RED)], quiet=[AMBER_PAIN]) == 0
