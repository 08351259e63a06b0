"""The consultant's workspace: caseload, timelines, follow-ups and setting women up."""

from app.web.consultant import caseload, flags, report, rights, setup, timeline  # noqa: F401  (their routes register on bp)
from app.web.consultant import phones  # noqa: F401  (her PIN: lockouts, removing a forgotten one)
from app.web.consultant import placements  # noqa: F401  (her placements over the course)
from app.web.consultant import placement_details  # noqa: F401  (a placement's contacts, goals and support)
from app.web.consultant import agreements  # noqa: F401  (a placement's printed agreement, in versions)
from app.web.consultant import attendance  # noqa: F401  (days recorded for her; where accounts differ)
from app.web.consultant import workplace_access  # noqa: F401  (a contact person's sign-in links and reminders)
from app.web.consultant import registers  # noqa: F401  (a session's register: taken or corrected)
from app.web.consultant import activities  # noqa: F401  (groups, and the course's activities beyond the internship)
from app.web.consultant.blueprint import bp

__all__ = ["bp"]
