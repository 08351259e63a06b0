"""A session's register from the consultant's side (GET/POST /c/sessions/<series id>/<day>): she opens, takes or
corrects the register of any session in which at least one of her own women is (or that she leads); another
consultant's session is 404. The page and the rules are the teacher's (app/web/registers.py,
app/services/registers.py); a correction keeps the old marks as a revision, and the page says who corrected it when.
"""

from __future__ import annotations

from app.web import registers
from app.web.consultant.blueprint import bp

registers.add_routes(bp, "consultant/_nav.html")
