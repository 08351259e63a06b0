"""Chart geometry of the consultant's timeline: where each mark lands, from constructed timelines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.day import Attendance, DayStatus
from app.domain.schedule import PlanVersion
from app.domain.timeline import Timeline, build_timeline
from app.domain.week import DayFacts
from app.web import charts
from app.web.charts import attendance_calendar, evening_chart, hours_chart, pain_chart, timeline_charts

TODAY = date(2026, 11, 18)  # Wednesday
FIRST_OF_8 = date(2026, 9, 28)  # the Monday 7 weeks before TODAY's week
MWF2 = PlanVersion(date(2026, 8, 31), (2, 0, 2, 0, 2, 0, 0))  # 6 h a week
MWF3 = PlanVersion(date(2026, 10, 19), (3, 0, 3, 0, 3, 0, 0))  # 9 h a week from Monday 19 October


def full(pain: int, evening: int | None = 2) -> DayFacts:
    return DayFacts(Attendance.FULL, None, pain, evening)


def work_days(start: date, count: int) -> list[date]:
    """The first `count` Mondays, Wednesdays and Fridays from `start` on."""
    days = (start + timedelta(days=i) for i in range(7 * count))
    return [d for d in days if d.weekday() in (0, 2, 4)][:count]


def timeline(entries: dict[date, DayFacts], plans: list[PlanVersion] | None = None, weeks: int = 8) -> Timeline:
    return build_timeline(plans=[MWF2, MWF3] if plans is None else plans, entries=entries, today=TODAY, weeks=weeks)


def slot(weeks: int = 8) -> float:
    return (charts.PLOT_RIGHT - charts.PLOT_LEFT) / (weeks * 7)


def test_it_puts_pain_10_at_the_top_and_0_at_the_bottom() -> None:
    chart = pain_chart(timeline({date(2026, 11, 16): full(10), date(2026, 11, 18): full(0)}))
    top, bottom = (d for d in chart.dots)
    assert (top.pain, top.y) == (10, chart.plot_top)
    assert (bottom.pain, bottom.y) == (0, chart.plot_bottom)
    assert [g.value for g in chart.grid] == [0, 5, 10]
    assert [g.y for g in chart.grid] == [chart.plot_bottom, pytest.approx((chart.plot_top + chart.plot_bottom) / 2, abs=0.1), chart.plot_top]


def test_it_places_days_oldest_left_in_their_slots() -> None:
    chart = pain_chart(timeline({FIRST_OF_8: full(3), TODAY: full(3)}))
    first, last = chart.dots
    assert first.x == pytest.approx(charts.PLOT_LEFT + slot() / 2, abs=0.1)
    assert last.x == pytest.approx(charts.PLOT_LEFT + ((TODAY - FIRST_OF_8).days + 0.5) * slot(), abs=0.1)
    assert chart.weeks[0].monday == FIRST_OF_8 and len(chart.weeks) == 8
    assert chart.weeks[1].x == pytest.approx(charts.PLOT_LEFT + 7 * slot(), abs=0.1)


def test_it_fills_internship_days_and_leaves_days_off_hollow() -> None:
    sunday = date(2026, 11, 15)
    chart = pain_chart(timeline({sunday: full(2), date(2026, 11, 16): full(4)}))
    assert [(d.day, d.internship) for d in chart.dots] == [(sunday, False), (date(2026, 11, 16), True)]


def test_it_joins_logged_work_days_and_dots_across_unwritten_ones() -> None:
    # Mon 2, Wed 4 logged; Fri 6 planned but not written; Mon 9 logged; a logged Sunday is not joined.
    entries = {date(2026, 11, 2): full(3), date(2026, 11, 4): full(4), date(2026, 11, 8): full(9), date(2026, 11, 9): full(5)}
    chart = pain_chart(timeline(entries))
    assert [(len(line.points.split()), line.gap) for line in chart.lines] == [(2, False), (2, True)]
    assert chart.lines[1].points.split()[0] == chart.lines[0].points.split()[1]


def test_it_draws_her_usual_band_from_baseline_low_to_high() -> None:
    entries = {d: full(p) for d, p in zip(work_days(date(2026, 8, 31), 10), [4, 5, 3, 4, 6, 4, 5, 4, 3, 5])}
    line = timeline(entries)
    chart = pain_chart(line)
    assert line.baseline is not None
    (band,) = chart.bands
    y = lambda pain: chart.plot_bottom - (chart.plot_bottom - chart.plot_top) * pain / 10  # noqa: E731
    assert (band.low, band.high) == (line.baseline.low, line.baseline.high)
    assert band.y == pytest.approx(y(line.baseline.high), abs=0.1)
    assert band.bottom == pytest.approx(y(line.baseline.low), abs=0.1)
    # In force before the window opens, so it spans the window up to the end of today.
    assert band.x == charts.PLOT_LEFT
    assert band.right == pytest.approx(charts.PLOT_LEFT + ((TODAY - FIRST_OF_8).days + 1) * slot(), abs=0.1)
    assert (chart.usual_low, chart.usual_high) == (band.low, band.high)


def test_it_starts_a_new_band_when_she_is_re_baselined() -> None:
    # Hours step up on 28 September; a new baseline is taken from 19 October (three weeks on)
    # and holds once its four weeks are over, on 15 November (it has its ten logged days by then).
    plans = [MWF2, PlanVersion(date(2026, 9, 28), (3, 0, 3, 0, 3, 0, 0))]
    entries = {d: full(3) for d in work_days(date(2026, 8, 31), 10)} | {d: full(6) for d in work_days(date(2026, 10, 19), 10)}
    chart = pain_chart(timeline(entries, plans=plans))
    first, second = chart.bands
    assert (first.median, second.median) == (3, 6)
    assert (first.last, second.first) == (date(2026, 11, 14), date(2026, 11, 15))
    assert first.right == second.x and second.y < first.y


def test_it_marks_a_plan_change_at_its_first_day() -> None:
    chart = pain_chart(timeline({}))
    (marker,) = chart.markers
    assert (marker.day, marker.from_hours, marker.to_hours) == (date(2026, 10, 19), 6, 9)
    assert marker.x == pytest.approx(charts.PLOT_LEFT + (date(2026, 10, 19) - FIRST_OF_8).days * slot(), abs=0.1)
    assert marker.anchor == "start" and marker.label_x > marker.x


def test_it_leaves_out_plan_changes_before_the_window() -> None:
    assert pain_chart(timeline({}, weeks=2)).markers == ()


def test_it_puts_close_plan_changes_on_two_label_rows() -> None:
    plans = [MWF2, PlanVersion(date(2026, 11, 2), (3, 0, 3, 0, 3, 0, 0)), PlanVersion(date(2026, 11, 4), (3, 0, 3, 0, 0, 0, 0))]
    first, second = pain_chart(timeline({}, plans=plans)).markers
    assert first.label_y != second.label_y


def test_it_lays_out_one_calendar_row_per_week() -> None:
    chart = attendance_calendar(timeline({}))
    assert [r.monday for r in chart.rows] == [FIRST_OF_8 + timedelta(weeks=i) for i in range(8)]
    assert all(len(r.cells) == 7 and [c.day.weekday() for c in r.cells] == list(range(7)) for r in chart.rows)
    assert len({r.y for r in chart.rows}) == 8 and len({c.x for c in chart.rows[0].cells}) == 7


def test_it_gives_each_status_its_own_symbol_and_class() -> None:
    entries = {date(2026, 11, 9): full(3), date(2026, 11, 11): DayFacts(Attendance.EARLY, 1.5, 5, 4),
               date(2026, 11, 13): DayFacts(Attendance.ABSENT, None, 7, 5)}
    week = {c.day: c for c in attendance_calendar(timeline(entries)).rows[-2].cells}
    seen = {c.status: (c.symbol, c.css) for c in week.values()}
    assert seen[DayStatus.ATTENDED] == ("✓", "cal-attended")
    assert seen[DayStatus.EARLY] == ("↘", "cal-early")
    assert seen[DayStatus.ABSENT] == ("✕", "cal-absent")
    assert seen[DayStatus.NOT_PLANNED] == ("·", "cal-not_planned")
    assert (week[date(2026, 11, 11)].worked_hours, week[date(2026, 11, 11)].planned_hours) == (1.5, 3)
    this_week = {c.day: c for c in attendance_calendar(timeline(entries)).rows[-1].cells}
    assert (this_week[date(2026, 11, 16)].status, this_week[date(2026, 11, 16)].symbol) == (DayStatus.UNKNOWN, "?")
    assert this_week[TODAY].today and this_week[TODAY].status is DayStatus.UNKNOWN
    assert [this_week[TODAY + timedelta(days=i)].status for i in (1, 2, 3, 4)] == [DayStatus.FUTURE] * 4
    assert len(set(charts.SYMBOLS.values())) == len(DayStatus)


def test_it_counts_days_per_status() -> None:
    chart = attendance_calendar(timeline({date(2026, 11, 9): full(3), date(2026, 11, 13): DayFacts(Attendance.ABSENT, None, 7, 5)}))
    assert (chart.count("attended"), chart.count("absent"), chart.count("future"), chart.count("early")) == (1, 1, 4, 0)
    assert sum(n for _s, n in chart.counts) == 8 * 7
    assert DayStatus.FUTURE not in dict(chart.legend)


def test_it_draws_hours_bars_in_proportion() -> None:
    # Week of 9 Nov: 9 h planned, all written; she left early on Wednesday after 1 h, so 7 h worked.
    entries = {date(2026, 11, 9): full(3), date(2026, 11, 11): DayFacts(Attendance.EARLY, 1.0, 5, 3), date(2026, 11, 13): full(3)}
    chart = hours_chart(timeline(entries))
    week = chart.weeks[-2]
    assert (week.planned.hours, week.worked.hours, week.unwritten) == (9, 7, None)
    assert week.worked.height / week.planned.height == pytest.approx(7 / 9, abs=0.01)
    assert week.planned.y + week.planned.height == pytest.approx(chart.plot_bottom)
    assert week.ratio_percent == 78
    assert week.planned.x < week.worked.x and week.worked.x >= week.planned.x + week.planned.width
    assert [w.partial for w in chart.weeks] == [False] * 7 + [True]  # today is a Wednesday


def test_it_hatches_the_planned_hours_she_did_not_write() -> None:
    chart = hours_chart(timeline({date(2026, 11, 9): full(3)}))
    week = chart.weeks[-2]
    assert week.unwritten is not None and week.unwritten.hours == 6
    assert week.unwritten.y == week.planned.y
    assert week.unwritten.height == pytest.approx(week.planned.height * 6 / 9, abs=0.1)
    assert week.ratio_percent == 100  # the ratio is taken over days with an entry


def test_it_shows_no_ratio_for_a_week_with_nothing_known() -> None:
    chart = hours_chart(timeline({date(2026, 11, 9): full(3)}))
    assert chart.weeks[0].ratio_percent is None and chart.weeks[0].worked.height == 0
    assert chart.scale_max == 10 and [g.value for g in chart.grid] == [0, 5, 10]
    assert (chart.known_planned_hours, chart.worked_hours, chart.ratio_percent) == (3, 3, 100)


def test_it_marks_very_tired_evenings() -> None:
    entries = {date(2026, 11, 9): full(3, evening=3), date(2026, 11, 11): full(3, evening=4),
               date(2026, 11, 13): full(3, evening=5), date(2026, 11, 15): full(3, evening=1), date(2026, 11, 16): full(3, evening=None)}
    chart = evening_chart(timeline(entries))
    assert [(b.evening, b.tired, bool(b.marker)) for b in chart.bars] == [(3, False, False), (4, True, True), (5, True, True), (1, False, False)]
    three, four, five, one = chart.bars
    assert five.y == chart.plot_top and five.height == pytest.approx(chart.plot_bottom - chart.plot_top)
    assert one.height == pytest.approx(five.height / 5, abs=0.1)
    assert "ch-evening-tired" in four.css and "ch-evening-tired" not in three.css
    assert "ch-evening-off" in one.css  # Sunday
    assert three.y > chart.threshold_y > four.y
    assert (chart.logged_days, chart.tired_days) == (4, 2)


def test_it_draws_an_empty_timeline_without_crashing() -> None:
    result = timeline_charts(build_timeline(plans=[], entries={}, today=TODAY, weeks=4))
    assert result.pain.dots == () and result.pain.lines == () and result.pain.bands == () and result.pain.markers == ()
    assert result.pain.recent_median is None and result.pain.usual_low is None
    assert len(result.calendar.rows) == 4 and result.calendar.count("not_planned") == 24
    assert all(w.ratio_percent is None and w.planned.height == 0 for w in result.hours.weeks)
    assert result.hours.ratio_percent is None and result.evening.bars == ()


def test_it_survives_a_timeline_without_days() -> None:
    empty = Timeline(first=TODAY, last=TODAY, days=[], weeks=[], baseline=None, plan_changes=[])
    result = timeline_charts(empty)
    assert len(result.calendar.rows) == 1 and result.hours.weeks == () and result.pain.dots == ()


def test_it_labels_every_week_of_the_timeline_and_thins_the_labels_of_a_long_report() -> None:
    assert all(w.labelled for w in pain_chart(timeline({})).weeks)  # 8 weeks on the timeline: every Monday, as before
    long = timeline({}, weeks=26)
    for marks in (pain_chart(long, label_size=8).weeks, hours_chart(long, label_size=8).week_marks):
        labelled = [w for w in marks if w.labelled]
        assert len(marks) == 26 and labelled[0] is marks[0] and len(labelled) == 9  # every third Monday
        assert min(b.label_x - a.label_x for a, b in zip(labelled, labelled[1:])) >= charts.geometry.WEEK_LABEL_EMS * 8


def test_a_long_report_keeps_the_week_figures_apart() -> None:
    plan = [PlanVersion(date(2026, 1, 5), (2.5, 2.5, 2.5, 2.5, 2.5, 0, 0))]  # 12,5 h a week: three and a half digits wide
    eight, long = hours_chart(timeline({}, plan)), hours_chart(timeline({}, plan, weeks=26), label_size=8, ratio_size=8)
    assert eight.ratio_sign and eight.values_shown
    assert not long.ratio_sign and not long.values_shown  # "100 %" and "12,5" would run into the next week's


def test_the_calendar_marks_the_first_day_of_a_new_placement_with_its_name() -> None:
    plain = attendance_calendar(timeline({}))
    tuesday, saturday = date(2026, 10, 27), date(2026, 11, 14)
    chart = attendance_calendar(timeline({}), {tuesday: "Kantinen Vesterbro", saturday: "Netto"})
    assert [(m.day, m.name) for m in chart.marks] == [(tuesday, "Kantinen Vesterbro"), (saturday, "Netto")]
    rows = {row.monday: row for row in chart.rows}
    mark = rows[date(2026, 10, 26)].marks[0]
    cell = next(c for c in rows[date(2026, 10, 26)].cells if c.day == tuesday)
    assert mark.x == cell.x and mark.bottom == cell.y + cell.height and mark.top < cell.y  # a bar down the day's leading edge
    assert mark.label_y < cell.y and mark.anchor == "start" and mark.label_x > cell.x
    late = rows[date(2026, 11, 9)].marks[0]
    assert late.anchor == "end"  # a name late in the week runs back from the day, not out of the calendar
    # Each marked week gets room above it for the name; the other weeks keep their place relative to one another.
    assert chart.height == plain.height + 2 * charts.calendar.MARK_BAND
    assert [r.y for r in chart.rows][:4] == [r.y for r in plain.rows][:4]
    assert chart.rows[4].y == plain.rows[4].y + charts.calendar.MARK_BAND
    assert not plain.marks
