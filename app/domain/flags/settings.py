"""Every threshold of the flag rules, with the defaults of measures.md, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FlagSettings:
    """Thresholds of R1-R8 and the alarm-fatigue controls. Change a default here, nowhere else."""

    window_days: int = 14  # R1, R3, R8 look back this far
    # One bad day is no pattern: the R1 ratio needs this many days missed or cut short. (A guard on the
    # number of logged days instead would let one more good day turn a quiet woman amber.)
    min_bad_days: int = 2
    # R2 and R3 read her last 5 logged work days however far apart, but not older than this.
    recent_lookback_days: int = 28
    min_after_step_days: int = 3  # R5 compares pain only over this many logged days after the step-up
    # R1 attendance
    r1_amber_ratio: float = 0.80
    r1_red_ratio: float = 0.60
    r1_amber_run: int = 2  # planned days in a row missed or cut short
    r1_red_run: int = 3  # planned days in a row missed
    # R2 pain
    r2_recent_days: int = 5
    r2_high_days: int = 3
    r2_min_rise: float = 2.0
    r2_spread_factor: float = 1.5
    r2_absolute_pain: int = 8  # without a baseline
    # R3 cost of work
    r3_recent_days: int = 5
    r3_tired_days: int = 3
    r3_tired_evening: int = 4  # "very tired, must rest" or worse
    r3_early_departures: int = 2
    r3_early_reasons: tuple[str, ...] = ("pain", "tired")
    # R5 after a step-up
    r5_weeks: int = 3
    r5_pain_rise: float = 2.0
    r5_pre_step_days: int = 10  # at least this many logged days before the step (more when four weeks hold more)
    r5_pre_step_span_days: int = 28
    # R6 ready for more
    r6_weeks: int = 3
    r6_ratio: float = 0.90
    r6_max_early: int = 1
    r6_pain_margin: float = 1.0
    r6_max_tired_per_week: int = 1
    r6_min_logged_share: float = 0.67  # a week she hardly wrote about proves nothing
    # R7 improvement
    r7_days: int = 28
    r7_drop: float = 2.0
    r7_drop_share: float = 0.30
    r7_min_days: int = 6
    # R8 silence
    r8_missing_run: int = 3
    r8_logged_share: float = 0.60
    r8_min_planned_days: int = 3
    r8_budget_silent_days: int = 10  # on a monthly budget (no planned days): no entry for this many days
    # Alarm fatigue
    clear_after_days: int = 14  # a flag clears after two weeks back in range
    # A flag back within a week of clearing is the same episode (its acknowledgement holds): a flare that
    # comes every third week is one known pattern, not a new alarm each time.
    reopen_within_days: int = 7
    # Review list order (ranking.py; our proposal)
    rank_silence_days: int = 7  # silence longer than this since her last entry ranks with the reds
    rank_known_after_days: int = 14  # an acknowledged episode this old that got worse sinks below new ones
