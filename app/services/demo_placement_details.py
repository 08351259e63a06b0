"""The demo's contact persons, training goals and support at the workplace, so the placement page has something to show.

Mariam Haddad's school kitchen and Amina Yusuf's care home each have a contact person, two goals with
sub-goals (one reached) and a mentor; Mariam's open goals go along to the canteen she moves to when the
kitchen closes, where she reaches one of them. Written through the same service as the consultant's
forms (each write audited), a few dozen rows in all.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from app.models import Internship
from app.services import placement_details as details
from app.services.audit import Actor

DEMO_MAIL = "demo.logbog.dk"

#: Workplace -> (contact (name, role, phone, e-mail), [(goal, [(sub-goal, reached after days or None)])], (support kind, person, note)).
DETAILS: dict[str, tuple[tuple[str, str, str, str], list[tuple[str, list[tuple[str, int | None]]]], tuple[str, str, str]]] = {
    "Skolekøkkenet": (
        ("Birgitte Holm", "Køkkenleder", "+45 21 43 65 87", f"birgitte.holm@{DEMO_MAIL}"),
        [("Arbejde 3 timer i træk med de aftalte pauser", [("Holde sin pause uden at blive mindet om det", 10),
                                                           ("Møde til tiden hver arbejdsdag i to uger", None)]),
         ("Tale dansk med kollegerne om dagens opgaver", [("Kende navnene på køkkenets redskaber", None),
                                                          ("Spørge selv, når hun er i tvivl", None)])],
        ("mentor", "Hanne Nielsen", "Fast makker i køkkenet; taler med hende hver morgen om dagens opgaver"),
    ),
    "Plejecenter Solgården": (
        ("Lone Andersen", "Leder af rengøringen", "+45 31 52 74 96", f"lone.andersen@{DEMO_MAIL}"),
        [("Gøre et helt afsnit rent i sit eget tempo", [("Kende rækkefølgen på fællesrummene", 12),
                                                         ("Bruge rengøringsvognen, så hun ikke løfter", None)]),
         ("Klare vasketøjet fra et afsnit alene", [("Sortere tøjet efter farve og temperatur", 20),
                                                   ("Lægge tøjet sammen og køre det ud", None)])],
        ("mentor", "Grethe Poulsen", "Går med hende de første uger og er der, hvis noget gør ondt"),
    ),
}
#: The canteen Mariam moves to: its own contact and mentor; the goals come along from the kitchen.
NEXT = {"Kantinen Vesterbro": (("Jens Madsen", "Kantineleder", "+45 40 18 29 37", f"jens.madsen@{DEMO_MAIL}"),
                               ("side_by_side", "Susanne Berg", "Viser hende opvaskeanlægget og hygiejnereglerne"))}


def seed_placement_details(session: Session, actor: Actor, placement: Internship, today: date) -> None:
    """The demo's contact, goals (statuses dated inside the placement) and mentor for `placement`, if it is one of DETAILS."""
    if placement.workplace not in DETAILS:
        return
    (name, role, phone, email), goals, (kind, person, note) = DETAILS[placement.workplace]
    details.add_contact(session, actor, placement, details.ContactGiven(name, role, phone, email))
    for text, subs in goals:
        goal = details.add_goal(session, actor, placement, text, today=placement.start)
        for sub_text, reached_after in subs:
            sub = details.add_goal(session, actor, placement, sub_text, today=placement.start, parent_id=goal.id)
            if reached_after is not None:
                details.set_goal_status(session, actor, placement, sub.id or 0, "reached",
                                        placement.start + timedelta(days=reached_after), today=today)
    details.add_support(session, actor, placement, details.SupportGiven(kind, person, note))


def seed_next_placement_details(session: Session, actor: Actor, placement: Internship, today: date) -> None:
    """The next workplace's contact and support; of the goals that came along, the first open sub-goal is reached two weeks in."""
    if placement.workplace not in NEXT:
        return
    (name, role, phone, email), (kind, person, note) = NEXT[placement.workplace]
    details.add_contact(session, actor, placement, details.ContactGiven(name, role, phone, email))
    details.add_support(session, actor, placement, details.SupportGiven(kind, person, note))
    found = details.details(session, placement).goals
    reached_on = placement.start + timedelta(days=14)
    if found and found[0][1] and reached_on <= today:
        details.set_goal_status(session, actor, placement, found[0][1][0].id or 0, "reached", reached_on, today=today)
