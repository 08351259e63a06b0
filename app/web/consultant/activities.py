"""Groups and activities: her groups, a group's members, leaders and activities, and a woman's own activities
(treatment, talks) with her sessions of the next two weeks.

Each form posts to its own endpoint and comes back to its page; a refusal renders the page with the message on the
form that was sent and what was typed kept (422), as the placement's page does. Lookups: a group she sees
(`group_for_staff`), a woman of her caseload (citizen_or_404), then the series of that group or woman: any miss is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Annotated, Callable

from flask import abort, redirect, render_template, request, url_for
from flask_babel import format_date, gettext
from sqlmodel import Field, SQLModel
from werkzeug.wrappers import Response

from app.db import get_session
from app.domain.activities import KINDS, ActivityRefused
from app.domain.flags.model import N_
from app.models import ActivityGroup, Citizen
from app.services import activity_setup as service
from app.services.activities import her_sessions
from app.web.consultant.blueprint import actor, bp, citizen_or_404, me, today
from app.web.consultant.forms import parse_form
from app.web.consultant.placement_details import Failed
from app.web.ids import LARGEST_ID

#: An id typed into a form: never more than a database integer (a larger one is "not found", not a driver's error).
Id = Annotated[int, Field(ge=0, le=LARGEST_ID)]

KIND_NAMES = {"teaching": N_("Teaching"), "workshop": N_("Workshop"), "danish": N_("Danish school"),
              "treatment": N_("Treatment"), "talk": N_("Individual talk"), "other": N_("Other activity")}
WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
assert set(KIND_NAMES) == set(KINDS)

Page = Response | tuple[str, int]


class GroupInput(SQLModel):
    """A new group and its leaders."""

    name: str = Field(default="", max_length=120)
    start_week: date
    leader_ids: list[Id] = []


class MemberInput(SQLModel):
    """A woman of her caseload joins on a day."""

    citizen_id: Id
    joined_on: date


class LeftInput(SQLModel):
    """Her last day in the group."""

    left_on: date


class LeaderInput(SQLModel):
    """Another leader."""

    staff_id: Id | None = None


class VersionInput(SQLModel):
    """A series' days, times and words (a new series' first version, or a change from a date on)."""

    title: str = Field(default="", max_length=120)
    place: str = Field(default="", max_length=200)
    leader_id: Id | None = None
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = []
    start: time
    end: time

    def given(self, kind: str, first_day: date, last_day: date) -> service.SeriesGiven:
        """As the service takes it."""
        return service.SeriesGiven(kind=kind, first_day=first_day, last_day=last_day, weekdays=frozenset(self.weekdays),
                                   start=self.start, end=self.end, title=self.title, place=self.place, leader_id=self.leader_id)


class SeriesInput(VersionInput):
    """A new series: its kind and days, and its first version."""

    kind: str = Field(default="", max_length=10)
    first_day: date
    last_day: date


class ChangeInput(VersionInput):
    """The series from a date on, and why."""

    valid_from: date
    reason: str = Field(default="", max_length=300)


class ExceptionInput(SQLModel):
    """A day without a session, and why."""

    day: date
    reason: str = Field(default="", max_length=200)


def _write(page: Callable[[Failed | None, int], Page], form: str, model: type[SQLModel], write: Callable[[SQLModel], object],
           done: str | Callable[[object], str]) -> Page:
    """Parse the form, run the write and go to `done` (a URL, or one made from what was written), or show the refusal
    on the form, typed values kept."""
    typed = {name: ",".join(request.form.getlist(name)) if name in ("weekdays", "leader_ids") else value
             for name, value in request.form.items() if name != "csrf_token"}
    data, errors = parse_form(model, request.form.to_dict(flat=False))
    if data is None:
        return page(Failed(form, gettext("Some fields need a look."), next(iter(errors), ""), typed), 422)
    try:
        written = write(data)
    except service.RowNotFound:
        abort(404)
    except ActivityRefused as refused:
        values = {name: format_date(value) if isinstance(value, date) else value for name, value in refused.values.items()}
        return page(Failed(form, gettext(refused.message, **values), refused.field, typed), 422)
    return redirect(done if isinstance(done, str) else done(written), code=303)


def _common() -> dict[str, object]:
    return {"kind_names": KIND_NAMES, "weekday_names": WEEKDAY_NAMES, "today": today(),
            "leaders": service.possible_leaders(get_session())}


# -- her groups ------------------------------------------------------------------------------------------------------

def _groups_page(failed: Failed | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("consultant/activity_groups.html", groups=service.groups_for_staff(get_session(), me().id, today()),
                           failed=failed, monday=today() - timedelta(days=today().weekday()), me_id=me().id, **_common()), status


@bp.get("/groups")
def activity_groups() -> tuple[str, int]:
    """Her groups (name, start week, leaders, how many women now) and a form for a new one."""
    return _groups_page()


@bp.post("/groups")
def new_activity_group() -> Page:
    """A new group with its leaders."""
    return _write(_groups_page, "group-new", GroupInput,
                  lambda data: service.create_group(get_session(), actor(), name=data.name, start_week=data.start_week,  # type: ignore[attr-defined]
                                                    leader_ids=data.leader_ids),  # type: ignore[attr-defined]
                  lambda group: url_for("consultant.activity_group", group_id=group.id))  # type: ignore[attr-defined]


# -- a group ---------------------------------------------------------------------------------------------------------

def _group(group_id: int, action: str) -> ActivityGroup:
    group = service.group_for_staff(get_session(), actor(), me().id, group_id, action)
    if group is None:
        abort(404)
    return group


def _group_page(group: ActivityGroup) -> Callable[[Failed | None, int], tuple[str, int]]:
    def page(failed: Failed | None = None, status: int = 200) -> tuple[str, int]:
        session = get_session()
        members, others = service.members_of(session, group.id, me().id)
        return render_template("consultant/activity_group.html", group=group, members=members, others=others,
                               group_leaders=service.leaders_of(session, group.id), women=service.her_women(session, me().id),
                               series=service.series_of(session, group_id=group.id), failed=failed, **_common()), status
    return page


def _back(group: ActivityGroup, section: str) -> str:
    return url_for("consultant.activity_group", group_id=group.id, _anchor=section)


@bp.get("/groups/<int:group_id>")
def activity_group(group_id: int) -> tuple[str, int]:
    """A group's members, leaders and activities, with the forms to change them."""
    return _group_page(_group(group_id, "activity_group.read"))()


@bp.post("/groups/<int:group_id>/members")
def add_group_member(group_id: int) -> Page:
    """A woman of her caseload joins the group."""
    group = _group(group_id, "group_member.create")

    def write(data: SQLModel) -> object:
        citizen = citizen_or_404(data.citizen_id, "group_member.create")  # type: ignore[attr-defined]
        return service.add_member(get_session(), actor(), group, citizen, data.joined_on)  # type: ignore[attr-defined]

    return _write(_group_page(group), "member-new", MemberInput, write, _back(group, "members"))


@bp.post("/groups/<int:group_id>/members/<int:member_id>/end")
def end_group_member(group_id: int, member_id: int) -> Page:
    """Her last day in the group."""
    group = _group(group_id, "group_member.end")
    return _write(_group_page(group), f"member-{member_id}", LeftInput,
                  lambda data: service.end_membership(get_session(), actor(), group, member_id, data.left_on, me().id),  # type: ignore[attr-defined]
                  _back(group, "members"))


@bp.post("/groups/<int:group_id>/leaders")
def add_group_leader(group_id: int) -> Page:
    """Another leader of the group."""
    group = _group(group_id, "group_leader.create")
    return _write(_group_page(group), "leader-new", LeaderInput,
                  lambda data: service.add_leader(get_session(), actor(), group, data.staff_id), _back(group, "leaders"))  # type: ignore[attr-defined]


@bp.post("/groups/<int:group_id>/leaders/<int:leader_id>/remove")
def remove_group_leader(group_id: int, leader_id: int) -> Page:
    """A leader no longer leads the group (never its last)."""
    group = _group(group_id, "group_leader.delete")
    return _write(_group_page(group), f"leader-{leader_id}", LeaderInput,
                  lambda _data: service.remove_leader(get_session(), actor(), group, leader_id), _back(group, "leaders"))


@bp.post("/groups/<int:group_id>/series")
def new_group_series(group_id: int) -> Page:
    """A series for the group, all its sessions in one step."""
    return _new_series(_group_owner(group_id, "activity_series.create"))


@bp.post("/groups/<int:group_id>/series/<int:series_id>/exceptions")
def group_series_exception(group_id: int, series_id: int) -> Page:
    """A day without a session of the group's series."""
    return _add_exception(_group_owner(group_id, "activity_exception.create"), series_id)


@bp.post("/groups/<int:group_id>/series/<int:series_id>/versions")
def change_group_series(group_id: int, series_id: int) -> Page:
    """The group's series from a date on."""
    return _change_series(_group_owner(group_id, "activity_version.create"), series_id)


# -- a series of a group or of one woman -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Owner:
    """Whose series a form writes: a group's or one woman's (`owner`: {"group": row} or {"citizen": row}), the page
    that shows them and its endpoint."""

    page: Callable[[Failed | None, int], tuple[str, int]]
    endpoint: str
    owner: dict[str, ActivityGroup | Citizen]

    def ids(self) -> dict[str, int]:
        """{"group_id": 3} or {"citizen_id": 5}: the page's URL arguments, and how the series is looked up."""
        return {f"{name}_id": row.id for name, row in self.owner.items()}  # type: ignore[misc]

    def back(self, section: str) -> str:
        """The page at `section`."""
        return url_for(self.endpoint, _anchor=section, **self.ids())


def _group_owner(group_id: int, action: str) -> Owner:
    group = _group(group_id, action)
    return Owner(_group_page(group), "consultant.activity_group", {"group": group})


def _her_owner(citizen_id: int, action: str) -> Owner:
    citizen = citizen_or_404(citizen_id, action)
    return Owner(_her_page(citizen), "consultant.citizen_activities", {"citizen": citizen})


def _new_series(owner: Owner) -> Page:
    return _write(owner.page, "series-new", SeriesInput,
                  lambda data: service.create_series(get_session(), actor(), data.given(data.kind, data.first_day, data.last_day),  # type: ignore[attr-defined]
                                                     **owner.owner),  # type: ignore[arg-type]
                  owner.back("activities"))


def _add_exception(owner: Owner, series_id: int) -> Page:
    return _write(owner.page, f"exception-{series_id}", ExceptionInput,
                  lambda data: service.add_exception(get_session(), actor(), service.series_row(get_session(), series_id, **owner.ids()),
                                                     data.day, data.reason),  # type: ignore[attr-defined]
                  owner.back(f"series-{series_id}"))


def _change_series(owner: Owner, series_id: int) -> Page:
    def write(data: SQLModel) -> object:
        series = service.series_row(get_session(), series_id, **owner.ids())
        given = data.given(series.kind, series.first_day, series.last_day)  # type: ignore[attr-defined]
        return service.change_series(get_session(), actor(), series, given, data.valid_from, today(), data.reason)  # type: ignore[attr-defined]
    return _write(owner.page, f"change-{series_id}", ChangeInput, write, owner.back(f"series-{series_id}"))


# -- her own activities ----------------------------------------------------------------------------------------------

def _her_page(citizen: Citizen) -> Callable[[Failed | None, int], tuple[str, int]]:
    def page(failed: Failed | None = None, status: int = 200) -> tuple[str, int]:
        session, first = get_session(), today()
        return render_template("consultant/citizen_activities.html", citizen=citizen, failed=failed,
                               sessions=her_sessions(session, citizen.id, first, first + timedelta(days=13)),
                               series=service.series_of(session, citizen_id=citizen.id), course=service.course_days(session, citizen.id),
                               **_common()), status
    return page


@bp.get("/citizens/<int:citizen_id>/activities")
def citizen_activities(citizen_id: int) -> tuple[str, int]:
    """Her sessions of the next two weeks, her own activities, and a form for a new one."""
    return _her_page(citizen_or_404(citizen_id, "activity.read"))()


@bp.post("/citizens/<int:citizen_id>/activities")
def new_citizen_series(citizen_id: int) -> Page:
    """An activity of hers alone (a treatment, a talk), all its sessions in one step."""
    return _new_series(_her_owner(citizen_id, "activity_series.create"))


@bp.post("/citizens/<int:citizen_id>/activities/<int:series_id>/exceptions")
def citizen_series_exception(citizen_id: int, series_id: int) -> Page:
    """A day without a session of her own activity."""
    return _add_exception(_her_owner(citizen_id, "activity_exception.create"), series_id)


@bp.post("/citizens/<int:citizen_id>/activities/<int:series_id>/versions")
def change_citizen_series(citizen_id: int, series_id: int) -> Page:
    """Her own activity from a date on."""
    return _change_series(_her_owner(citizen_id, "activity_version.create"), series_id)
