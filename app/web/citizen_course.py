""""My course" on her phone: why she is on the course, where she works (whom to ask, what she does) and her next
seven days (which days, what times, how many hours), in her language, with Listen buttons.

The route lives on the citizen blueprint, so it shares its guard (a live device session, her PIN when due,
consent first) and her layout; it takes no ids, only the device session's woman. What she hears: the fixed
headings and sentences have clips (app/web/prompts.py COURSE), and her tasks their own labels' clips. The
facts that differ per woman and per week (workplace, a contact's name and number, dates, times, hours) have
none: a recorded voice cannot say them, so the page shows them big, each beside an icon.
"""

from __future__ import annotations

from flask import g, render_template

from app import clock
from app.db import get_session
from app.models import Citizen
from app.services.course_page import course_page
from app.web.citizen import bp, citizen_actor


@bp.get("/course")
def course() -> str:
    """Her course, her workplace and her week ahead, as of today."""
    citizen: Citizen = g.citizen
    today = clock.local_today(clock.utcnow())
    page = course_page(get_session(), citizen_actor(citizen), citizen, today)
    return render_template("citizen/course.html", page=page, today=today)
