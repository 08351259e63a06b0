"""The consultant sets up the course beyond the internship: groups (members, leaders) and activities (series, their
exceptions and their changes from a date on).

Rules are app/domain/activities.py's; this module looks up the rows they need and stores what they allow. Every write
is audited (app/services/audit.py); every refusal is an ActivityRefused with the field to mark and a msgid.

Scope: a consultant sees a group that holds (or held) one of her women, that she leads or that she made
(`group_for_staff`); she adds only women of her own caseload to a group, and sees only them by name on its page.
A series concerns its woman, or the group's members on its days: for each of them the days she would have sessions
must lie within her course, and no session may overlap another of hers (`clash` over `her_sessions`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time
from typing import NamedTuple

from sqlalchemy import bindparam, exists, or_
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from app import clock
from app.domain.activities import (KINDS, ActivityRefused, Series, Version, change_from, check_days, check_version, clash,
                                   sessions)
from app.domain.flags.model import N_
from app.domain.text import clean_text
from app.models import (ActivityException, ActivityGroup, ActivitySeries, ActivityVersion, Citizen, GroupLeader, GroupMember,
                        StaffUser)
from app.services import audit
from app.services.activities import as_series, digits_of, her_sessions
from app.services.audit import Actor
from app.services.citizens import current_course

#: Who may lead a group or an activity.
LEADER_ROLES = ("teacher", "consultant")


class RowNotFound(LookupError):
    """No such row in this group or series (or out of her scope): the web layer's 404."""


@dataclass(frozen=True)
class GroupRow:
    """A group as her list shows it: the row, its leaders' names and how many women are in it now."""

    group: ActivityGroup
    leaders: list[str]
    members_now: int


@dataclass(frozen=True)
class SeriesGiven:
    """A series as the consultant typed it: its kind and days, and its first version."""

    kind: str
    first_day: date
    last_day: date
    weekdays: frozenset[int]
    start: time
    end: time
    title: str
    place: str = ""
    leader_id: int | None = None

    def version(self, valid_from: date) -> Version:
        """Its days, times and words as a version in force from `valid_from`."""
        return check_version(Version(valid_from, self.weekdays, self.start, self.end, clean_text(self.title)[:120],
                                     clean_text(self.place)[:200], self.leader_id))


# -- reading ---------------------------------------------------------------------------------------------------------

def _visible(staff_id: int):  # noqa: ANN202 - a SQL condition
    """Groups a consultant sees: one of her women in it (now or before), she leads it, or she made it."""
    hers = exists().where(GroupMember.group_id == ActivityGroup.id, GroupMember.citizen_id == Citizen.id,
                          Citizen.consultant_id == staff_id)
    leads = exists().where(GroupLeader.group_id == ActivityGroup.id, GroupLeader.staff_id == staff_id)
    return or_(hers, leads, ActivityGroup.created_by_id == staff_id)


def groups_for_staff(session: Session, staff_id: int, today: date) -> list[GroupRow]:
    """Her groups by name, each with its leaders and the number of women in it today (three statements)."""
    groups = list(session.exec(select(ActivityGroup).where(_visible(staff_id)).order_by(ActivityGroup.name, ActivityGroup.id)).all())
    ids = [group.id for group in groups] or [-1]
    leaders: dict[int, list[str]] = {}
    for group_id, name in session.exec(select(GroupLeader.group_id, StaffUser.name).join(StaffUser, StaffUser.id == GroupLeader.staff_id)
                                       .where(GroupLeader.group_id.in_(ids)).order_by(StaffUser.name)).all():
        leaders.setdefault(group_id, []).append(name)
    counts: dict[int, int] = {}
    for member in session.exec(select(GroupMember).where(GroupMember.group_id.in_(ids), GroupMember.joined_on <= today,
                                                         or_(GroupMember.left_on.is_(None), GroupMember.left_on >= today))).all():
        counts[member.group_id] = counts.get(member.group_id, 0) + 1
    return [GroupRow(group, leaders.get(group.id, []), counts.get(group.id, 0)) for group in groups]


def group_for_staff(session: Session, actor: Actor, staff_id: int, group_id: int, action: str = "activity_group.read") -> ActivityGroup | None:
    """The group if the consultant sees it, else None; both outcomes audited."""
    group = session.exec(select(ActivityGroup).where(ActivityGroup.id == group_id, _visible(staff_id))).first()
    audit.record(session, actor, action, object_type="activity_group", object_id=group_id, outcome="ok" if group else "denied")
    session.commit()
    return group


def her_women(session: Session, consultant_id: int) -> list[tuple[int, str]]:
    """Her caseload's women by name (id, name): whom she may add to a group."""
    return list(session.exec(select(Citizen.id, Citizen.display_name).where(Citizen.consultant_id == consultant_id)
                             .order_by(Citizen.display_name, Citizen.id)).all())


def leaders_of(session: Session, group_id: int) -> list[tuple[GroupLeader, StaffUser]]:
    """A group's leaders with their accounts, by name."""
    return list(session.exec(select(GroupLeader, StaffUser).join(StaffUser, StaffUser.id == GroupLeader.staff_id)
                             .where(GroupLeader.group_id == group_id).order_by(StaffUser.name)).all())


def possible_leaders(session: Session) -> list[StaffUser]:
    """Active teachers and consultants, by name: who may lead a group or an activity."""
    return list(session.exec(select(StaffUser).where(StaffUser.role.in_(LEADER_ROLES), StaffUser.active)
                             .order_by(StaffUser.name, StaffUser.id)).all())


def members_of(session: Session, group_id: int, consultant_id: int) -> tuple[list[tuple[GroupMember, Citizen]], int]:
    """Her women's memberships of the group (joined first first), and how many rows are other consultants' women's
    (shown as a number only: their names are their consultants')."""
    rows = session.exec(select(GroupMember, Citizen).join(Citizen, Citizen.id == GroupMember.citizen_id)
                        .where(GroupMember.group_id == group_id).order_by(GroupMember.joined_on, Citizen.display_name)).all()
    hers = [(member, citizen) for member, citizen in rows if citizen.consultant_id == consultant_id]
    return hers, len(rows) - len(hers)


def series_of(session: Session, *, group_id: int | None = None, citizen_id: int | None = None) -> list[tuple[ActivitySeries, Series, list[ActivityVersion], list[ActivityException]]]:
    """A group's or a woman's own series, by first day: the row, the domain's value, its versions and exceptions."""
    owner = ActivitySeries.group_id == group_id if group_id is not None else ActivitySeries.citizen_id == citizen_id
    rows = list(session.exec(select(ActivitySeries).where(owner).order_by(ActivitySeries.first_day, ActivitySeries.id)).all())
    values = {one.id: one for one in as_series(session, rows)}
    ids = [row.id for row in rows] or [-1]
    versions = session.exec(select(ActivityVersion).where(ActivityVersion.series_id.in_(ids)).order_by(ActivityVersion.valid_from)).all()
    exceptions = session.exec(select(ActivityException).where(ActivityException.series_id.in_(ids)).order_by(ActivityException.day)).all()
    return [(row, values[row.id], [v for v in versions if v.series_id == row.id], [e for e in exceptions if e.series_id == row.id])
            for row in rows if row.id in values]


def series_row(session: Session, series_id: int, *, group_id: int | None = None, citizen_id: int | None = None) -> ActivitySeries:
    """The series of this group or woman, or RowNotFound."""
    row = session.get(ActivitySeries, series_id)
    if row is None or (group_id is not None and row.group_id != group_id) or (citizen_id is not None and row.citizen_id != citizen_id):
        raise RowNotFound(series_id)
    return row


# -- groups ----------------------------------------------------------------------------------------------------------

def _leader(session: Session, staff_id: int | None, field: str = "leader_id") -> StaffUser:
    user = session.get(StaffUser, staff_id) if staff_id is not None else None
    if user is None or not user.active or user.role not in LEADER_ROLES:
        raise ActivityRefused(field, N_("Choose a leader among the teachers and consultants."))
    return user


def create_group(session: Session, actor: Actor, *, name: str, start_week: date, leader_ids: list[int]) -> ActivityGroup:
    """A new group with its leaders (at least one): its start week is a Monday."""
    name = clean_text(name)
    if not name or len(name) > 120:
        raise ActivityRefused("name", N_("Give the group a name."))
    if start_week.weekday() != 0:
        raise ActivityRefused("start_week", N_("The start week is given by its Monday."))
    if not leader_ids:
        raise ActivityRefused("leader_ids", N_("A group needs at least one leader."))
    leaders = {_leader(session, staff_id, "leader_ids").id for staff_id in leader_ids}
    group = ActivityGroup(name=name, start_week=start_week, created_at=clock.utcnow(), created_by_id=actor.id)
    session.add(group)
    session.flush()
    session.add_all(GroupLeader(group_id=group.id, staff_id=staff_id) for staff_id in sorted(leaders))
    audit.record(session, actor, "activity_group.create", object_type="activity_group", object_id=group.id)
    session.commit()
    return group


def add_leader(session: Session, actor: Actor, group: ActivityGroup, staff_id: int | None) -> GroupLeader:
    """Another leader of the group."""
    user = _leader(session, staff_id, "staff_id")
    if session.exec(select(GroupLeader).where(GroupLeader.group_id == group.id, GroupLeader.staff_id == user.id)).first():
        raise ActivityRefused("staff_id", N_("%(name)s already leads this group."), name=user.name)
    leader = GroupLeader(group_id=group.id, staff_id=user.id)
    session.add(leader)
    session.flush()
    audit.record(session, actor, "group_leader.create", object_type="group_leader", object_id=leader.id)
    session.commit()
    return leader


def remove_leader(session: Session, actor: Actor, group: ActivityGroup, leader_id: int) -> None:
    """A leader no longer leads the group; its last leader stays (a group with no leader is refused)."""
    leaders = session.exec(select(GroupLeader).where(GroupLeader.group_id == group.id)).all()
    leader = next((row for row in leaders if row.id == leader_id), None)
    if leader is None:
        raise RowNotFound(leader_id)
    if len(leaders) == 1:
        raise ActivityRefused("staff_id", N_("A group needs at least one leader: add another before removing this one."))
    session.delete(leader)
    audit.record(session, actor, "group_leader.delete", object_type="group_leader", object_id=leader_id)
    session.commit()


def course_days(session: Session, citizen_id: int) -> tuple[date, date] | None:
    """Her course's first and last day (its extension when it has one)."""
    course = current_course(session, citizen_id)
    return (course.start, course.extended_to or course.planned_end) if course else None


def _check_her_days(session: Session, citizen_id: int, first: date, last: date) -> None:
    days = course_days(session, citizen_id)
    if days is None:
        raise ActivityRefused("first_day", N_("She has no course to plan in."))
    check_days(first, last, *days)


def _check_clash(session: Session, citizen: Citizen, added: list, first: date, last: date) -> None:
    """Refuse when one of `added` (her sessions to be) overlaps another session of hers, naming the other and the day."""
    if not added:
        return
    found = clash(her_sessions(session, citizen.id, first, last), added)
    if found is not None:
        old, new = found
        raise ActivityRefused("start", N_("%(name)s already has “%(title)s” on %(day)s from %(start)s to %(end)s."),
                              name=citizen.display_name, title=old.title, day=new.day, start=old.start.strftime("%H:%M"),
                              end=old.end.strftime("%H:%M"))


def _members_in(session: Session, group_id: int, first: date, last: date) -> list[tuple[GroupMember, Citizen]]:
    """The group's memberships that share a day with `first`..`last`, with their women."""
    return list(session.exec(select(GroupMember, Citizen).join(Citizen, Citizen.id == GroupMember.citizen_id)
                             .where(GroupMember.group_id == group_id, GroupMember.joined_on <= last,
                                    or_(GroupMember.left_on.is_(None), GroupMember.left_on >= first))).all())


def _check_women(session: Session, series: Series, first: date, last: date, *, days_too: bool) -> None:
    """Every woman the series concerns from `first` to `last`: her days within her course (`days_too`), no overlap."""
    if series.citizen_id is not None:
        concerned = [(first, last, session.get(Citizen, series.citizen_id))]
    else:
        concerned = [(max(first, m.joined_on), min(last, m.left_on or last), citizen)
                     for m, citizen in _members_in(session, series.group_id, first, last)]
    for her_first, her_last, citizen in concerned:
        if days_too:
            try:
                _check_her_days(session, citizen.id, her_first, her_last)
            except ActivityRefused as refused:
                raise ActivityRefused(refused.field, N_("%(name)s's course runs from %(first)s to %(last)s: the activity must lie within it."),
                                      name=citizen.display_name, **refused.values) if refused.values else refused
        _check_clash(session, citizen, sessions(series, her_first, her_last), her_first, her_last)


def add_member(session: Session, actor: Actor, group: ActivityGroup, citizen: Citizen, joined_on: date) -> GroupMember:
    """She joins the group on `joined_on` (a woman of the consultant's caseload: the web layer looks her up). Refused
    while she is in it already, and when a session of the group's would overlap one of hers."""
    rows = session.exec(select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.citizen_id == citizen.id)).all()
    if any(row.left_on is None or row.left_on >= joined_on for row in rows):
        raise ActivityRefused("citizen_id", N_("%(name)s is already in this group."), name=citizen.display_name)
    days = course_days(session, citizen.id)
    if days is None or not days[0] <= joined_on <= days[1]:
        raise ActivityRefused("joined_on", N_("She joins within her course, %(first)s to %(last)s."),
                              first=days[0] if days else joined_on, last=days[1] if days else joined_on)
    group_series = as_series(session, session.exec(select(ActivitySeries).where(ActivitySeries.group_id == group.id,
                                                                                ActivitySeries.last_day >= joined_on)).all())
    for one in group_series:
        _check_clash(session, citizen, sessions(one, joined_on, days[1]), joined_on, days[1])
    member = GroupMember(group_id=group.id, citizen_id=citizen.id, joined_on=joined_on)
    session.add(member)
    session.flush()
    audit.record(session, actor, "group_member.create", citizen_id=citizen.id, object_type="group_member", object_id=member.id)
    session.commit()
    return member


def end_membership(session: Session, actor: Actor, group: ActivityGroup, member_id: int, left_on: date, consultant_id: int) -> GroupMember:
    """Her last day in the group (her own consultant's women only); not before she joined."""
    member = session.get(GroupMember, member_id)
    citizen = session.get(Citizen, member.citizen_id) if member is not None else None
    if member is None or member.group_id != group.id or citizen is None or citizen.consultant_id != consultant_id:
        raise RowNotFound(member_id)
    if left_on < member.joined_on:
        raise ActivityRefused("left_on", N_("She cannot leave before she joined (%(day)s)."), day=member.joined_on)
    member.left_on = left_on
    session.add(member)
    audit.record(session, actor, "group_member.end", citizen_id=citizen.id, object_type="group_member", object_id=member.id)
    session.commit()
    return member


# -- series ----------------------------------------------------------------------------------------------------------

def create_series(session: Session, actor: Actor, given: SeriesGiven, *, group: ActivityGroup | None = None,
                  citizen: Citizen | None = None) -> ActivitySeries:
    """A series for a group or one woman, with its first version, in one step: every session of it from its first day
    to its last on its weekdays."""
    if (group is None) == (citizen is None):
        raise ValueError("a series belongs to a group or to one woman")
    if given.kind not in KINDS:
        raise ActivityRefused("kind", N_("Choose what kind of activity it is."))
    version = given.version(given.first_day)
    if given.leader_id is not None:
        _leader(session, given.leader_id)
    if given.last_day < given.first_day:
        raise ActivityRefused("last_day", N_("The last day cannot be before the first."))
    value = Series(0, given.kind, given.first_day, given.last_day, (version,), group_id=group.id if group else None,
                   citizen_id=citizen.id if citizen else None)
    _check_women(session, value, given.first_day, given.last_day, days_too=True)
    now = clock.utcnow()
    row = ActivitySeries(kind=given.kind, group_id=value.group_id, citizen_id=value.citizen_id, first_day=given.first_day,
                         last_day=given.last_day, created_at=now, created_by_id=actor.id)
    session.add(row)
    session.flush()
    session.add(_version_row(row.id, version, actor, now))
    audit.record(session, actor, "activity_series.create", citizen_id=value.citizen_id, object_type="activity_series", object_id=row.id)
    session.commit()
    return row


def _version_row(series_id: int, version: Version, actor: Actor, now, reason: str = "") -> ActivityVersion:  # noqa: ANN001
    return ActivityVersion(series_id=series_id, valid_from=version.valid_from, weekdays=digits_of(version.weekdays),
                           start_time=version.start, end_time=version.end, title=version.title, place=version.place,
                           leader_id=version.leader_id, reason=clean_text(reason)[:300], created_at=now, created_by_id=actor.id)


def change_series(session: Session, actor: Actor, row: ActivitySeries, given: SeriesGiven, valid_from: date, today: date,
                  reason: str = "") -> ActivityVersion:
    """The series runs on other days, times, place, leader or title from `valid_from` on; the days before keep theirs."""
    (value,) = as_series(session, [row])
    version = given.version(valid_from)
    if given.leader_id is not None:
        _leader(session, given.leader_id)
    versions = change_from(value, version, today)
    _check_women(session, replace(value, versions=versions), valid_from, value.last_day, days_too=False)
    added = _version_row(row.id, version, actor, clock.utcnow(), reason)
    session.add(added)
    session.flush()
    audit.record(session, actor, "activity_version.create", citizen_id=row.citizen_id, object_type="activity_version", object_id=added.id)
    session.commit()
    return added


def add_exception(session: Session, actor: Actor, row: ActivitySeries, day: date, reason: str) -> ActivityException:
    """No session on `day` (a holiday, a cancelled day), with why."""
    if not row.first_day <= day <= row.last_day:
        raise ActivityRefused("day", N_("The day must be within the activity's days, %(first)s to %(last)s."),
                              first=row.first_day, last=row.last_day)
    if session.exec(select(ActivityException).where(ActivityException.series_id == row.id, ActivityException.day == day)).first():
        raise ActivityRefused("day", N_("There is already no session on %(day)s."), day=day)
    exception = ActivityException(series_id=row.id, day=day, reason=clean_text(reason)[:200])
    session.add(exception)
    session.flush()
    audit.record(session, actor, "activity_exception.create", citizen_id=row.citizen_id, object_type="activity_exception",
                 object_id=exception.id)
    session.commit()
    return exception


class GroupChoice(NamedTuple):
    """A group as the caseload's filter names it."""

    id: int
    name: str


#: The caseload filter's groups, built once with the consultant bound when run (it is read on every view of the review
#: list, and building a statement costs about what running this one does).
_CASELOAD_GROUPS = (core_select(ActivityGroup.id, ActivityGroup.name).where(exists().where(
    GroupMember.group_id == ActivityGroup.id, GroupMember.citizen_id == Citizen.id,
    Citizen.consultant_id == bindparam("consultant_id"))).order_by(ActivityGroup.name, ActivityGroup.id))


def caseload_groups(session: Session, consultant_id: int) -> list[GroupChoice]:
    """The groups with one of her women in them (now or before), by name: the caseload's filter (plain rows)."""
    return [GroupChoice(*row) for row in session.connection().execute(_CASELOAD_GROUPS, {"consultant_id": consultant_id})]
