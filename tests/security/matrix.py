"""The authorisation matrix, kept as data: every route of the app, who may use it, and what others get.

A principal's outcome is one of
  "ok"      - allowed (any answer but a denial: 200, 303, 409, 422 ...),
  "404"     - out of scope: as if it did not exist,
  "login"   - sent to the staff sign-in (no staff session),
  "401"     - the citizen's (or the workplace's) "you are not signed in" page (no session).

The workplace contact persons (issue 21) hold a session for one placement: "workplace_own" for Fatima's, "workplace_other"
for another woman's, "workplace_ended" for a placement that ended more than 14 days ago. Their cookie opens the
workplace's pages and nothing else: on every other route they are treated as anonymous (see the end of this file).
The teachers (issue 22) lead groups: "teacher_own" leads the group Fatima is in, "teacher_other" another group. They see
the registers of their own sessions and their own home, and nothing of any woman's data: every other staff page is 404
(written out in each row below, as for an interpreter without a grant).
`tests/security/test_matrix.py` fails on any rule of app.url_map that is not listed here.
"""

from __future__ import annotations

WORKPLACE_PRINCIPALS = ("workplace_own", "workplace_other", "workplace_ended")
TEACHER_PRINCIPALS = ("teacher_own", "teacher_other")
PRINCIPALS = ("anonymous", "citizen", "citizen_other", "consultant_own", "consultant_other", "interpreter_live",
              "interpreter_expired", "interpreter_none", "admin", *TEACHER_PRINCIPALS, *WORKPLACE_PRINCIPALS)

EVERYONE = {p: "ok" for p in PRINCIPALS}
# Citizen pages carry no ids: a phone reaches its own woman's log and nothing else (another woman's
# phone gets her own pages, never Fatima's; test_matrix checks the content too).
CITIZEN = {"anonymous": "401", "citizen": "ok", "citizen_other": "ok", **{p: "401" for p in PRINCIPALS[3:]}}
# The workplace's pages carry no ids either: a contact person reaches their own placement only (another placement's
# contact gets theirs, never Fatima's: test_matrix checks the content), and nothing after the placement's end + 14 days.
WORKPLACE = {**{p: "401" for p in PRINCIPALS}, "workplace_own": "ok", "workplace_other": "ok"}
# A woman's data: her own consultant only.
HER_CONSULTANT = {"anonymous": "login", "citizen": "login", "citizen_other": "login", "consultant_own": "ok", "consultant_other": "404",
                  "interpreter_live": "404", "interpreter_expired": "404", "interpreter_none": "404", "admin": "404",
                  "teacher_own": "404", "teacher_other": "404"}
# Consultant pages without a woman in them (her own caseload, a new woman).
ANY_CONSULTANT = {**HER_CONSULTANT, "consultant_other": "ok"}
# A woman's data through an interpreter's grant: only while it is live.
HER_INTERPRETER = {"anonymous": "login", "citizen": "login", "citizen_other": "login", "consultant_own": "404", "consultant_other": "404",
                   "interpreter_live": "ok", "interpreter_expired": "404", "interpreter_none": "404", "admin": "404",
                   "teacher_own": "404", "teacher_other": "404"}
ANY_INTERPRETER = {**HER_INTERPRETER, "interpreter_expired": "ok", "interpreter_none": "ok"}
# Spoken questions: played on any signed-in phone or by staff; recorded by interpreters (in their languages:
# in the crawl interpreter_live records Arabic, the other two no language) and admins; approved by admins and consultants.
SIGNED_IN = {**{p: "ok" for p in PRINCIPALS}, "anonymous": "404"}
RECORDERS = {"anonymous": "login", "citizen": "login", "citizen_other": "login", "consultant_own": "404", "consultant_other": "404",
             "interpreter_live": "ok", "interpreter_expired": "ok", "interpreter_none": "ok", "admin": "ok",
             "teacher_own": "404", "teacher_other": "404"}
RECORDERS_IN_ARABIC = {**RECORDERS, "interpreter_expired": "404", "interpreter_none": "404"}
REVIEWERS = {**RECORDERS, "consultant_own": "ok", "consultant_other": "ok", "interpreter_live": "404", "interpreter_expired": "404",
             "interpreter_none": "404"}
# Her own account (the password page): any signed-in staff member, whatever her role.
ANY_STAFF = {**{p: "ok" for p in PRINCIPALS}, "anonymous": "login", "citizen": "login", "citizen_other": "login"}
ADMIN = {"anonymous": "login", "citizen": "login", "citizen_other": "login", "consultant_own": "404", "consultant_other": "404",
         "interpreter_live": "404", "interpreter_expired": "404", "interpreter_none": "404", "admin": "ok",
         "teacher_own": "404", "teacher_other": "404"}
# The teacher's home: any teacher; a session's register: the teacher who leads it (teacher_own leads Fatima's group).
ANY_TEACHER = {**ADMIN, "admin": "404", "teacher_own": "ok", "teacher_other": "ok"}
OWN_TEACHER = {**ANY_TEACHER, "teacher_other": "404"}
# A group's page and forms (issue 22): a consultant with one of her women in it, or who leads or made it (consultant_own:
# Fatima's group); another consultant 404, as everyone else. Her groups' list and a new group: any consultant.
HER_GROUP = {**HER_CONSULTANT}

#: Public pages: anyone, no session needed.
PUBLIC = {
    ("static", "GET"), ("public.start", "GET"), ("public.language_choice", "GET"), ("public.set_language", "POST"),
    ("activation.welcome", "GET"), ("activation.redeem", "POST"), ("workplace.welcome", "GET"), ("workplace.redeem", "POST"),
    ("auth.sign_in", "GET"), ("auth.sign_in", "POST"), ("auth.code", "GET"), ("auth.code", "POST"),
    ("auth.enrol", "GET"), ("auth.enrol", "POST"), ("auth.sign_out", "POST"),
    ("pwa.manifest", "GET"), ("pwa.service_worker", "GET"), ("pwa.favicon", "GET"),
}

#: (endpoint, method) -> outcome per principal.
MATRIX: dict[tuple[str, str], dict[str, str]] = {
    **{rule: EVERYONE for rule in PUBLIC},
    ("citizen.today", "GET"): CITIZEN,
    ("citizen.day", "GET"): CITIZEN,
    ("citizen.followups", "GET"): CITIZEN,
    ("citizen.save", "POST"): CITIZEN,
    ("citizen.cant_come", "GET"): CITIZEN,
    ("citizen.report_absence", "POST"): CITIZEN,
    ("citizen.absence_next_steps", "GET"): CITIZEN,
    ("citizen.week", "GET"): CITIZEN,
    ("citizen.course", "GET"): CITIZEN,
    ("citizen.offline", "GET"): CITIZEN,
    ("citizen.call_me", "POST"): CITIZEN,
    ("citizen.call_requested", "GET"): CITIZEN,
    ("citizen.consent", "GET"): CITIZEN,
    ("citizen.consent", "POST"): CITIZEN,
    ("citizen.phone", "GET"): CITIZEN,
    ("citizen.choose_pin", "GET"): CITIZEN,
    ("citizen.choose_pin", "POST"): CITIZEN,
    ("citizen.remove_pin_page", "GET"): CITIZEN,
    ("citizen.remove_pin_page", "POST"): CITIZEN,
    ("citizen.unlock", "GET"): CITIZEN,
    ("citizen.unlock", "POST"): CITIZEN,
    ("citizen.sign_out", "GET"): CITIZEN,
    ("citizen.sign_out", "POST"): CITIZEN,
    ("consultant.caseload", "GET"): ANY_CONSULTANT,
    ("consultant.new_citizen", "GET"): ANY_CONSULTANT,
    ("consultant.new_citizen", "POST"): ANY_CONSULTANT,
    ("consultant.activity_groups", "GET"): ANY_CONSULTANT,
    ("consultant.new_activity_group", "POST"): ANY_CONSULTANT,
    ("consultant.activity_group", "GET"): HER_GROUP,
    ("consultant.add_group_member", "POST"): HER_GROUP,
    ("consultant.end_group_member", "POST"): HER_GROUP,
    ("consultant.add_group_leader", "POST"): HER_GROUP,
    ("consultant.remove_group_leader", "POST"): HER_GROUP,
    ("consultant.new_group_series", "POST"): HER_GROUP,
    ("consultant.group_series_exception", "POST"): HER_GROUP,
    ("consultant.change_group_series", "POST"): HER_GROUP,
    ("consultant.citizen_activities", "GET"): HER_CONSULTANT,
    ("consultant.new_citizen_series", "POST"): HER_CONSULTANT,
    ("consultant.citizen_series_exception", "POST"): HER_CONSULTANT,
    ("consultant.change_citizen_series", "POST"): HER_CONSULTANT,
    ("consultant.timeline", "GET"): HER_CONSULTANT,
    ("consultant.add_note", "POST"): HER_CONSULTANT,
    ("consultant.call_handled", "POST"): HER_CONSULTANT,
    ("consultant.attendance", "GET"): HER_CONSULTANT,
    ("consultant.record_attendance", "POST"): HER_CONSULTANT,
    ("consultant.change_attendance", "POST"): HER_CONSULTANT,
    ("consultant.resolve_accounts", "POST"): HER_CONSULTANT,
    ("consultant.edit_citizen", "GET"): HER_CONSULTANT,
    ("consultant.edit_citizen", "POST"): HER_CONSULTANT,
    ("consultant.setup", "GET"): HER_CONSULTANT,
    ("consultant.placement_history", "GET"): HER_CONSULTANT,
    ("consultant.new_placement", "POST"): HER_CONSULTANT,
    ("consultant.placement_details", "GET"): HER_CONSULTANT,
    ("consultant.add_contact", "POST"): HER_CONSULTANT,
    ("consultant.change_contact", "POST"): HER_CONSULTANT,
    ("consultant.add_goal", "POST"): HER_CONSULTANT,
    ("consultant.goal_status", "POST"): HER_CONSULTANT,
    ("consultant.add_support", "POST"): HER_CONSULTANT,
    ("consultant.remove_support", "POST"): HER_CONSULTANT,
    ("consultant.make_agreement", "POST"): HER_CONSULTANT,
    ("consultant.agreement_file", "GET"): HER_CONSULTANT,
    ("consultant.invite_contact", "POST"): HER_CONSULTANT,
    ("consultant.print_link", "POST"): HER_CONSULTANT,
    ("consultant.revoke_link", "POST"): HER_CONSULTANT,
    ("consultant.set_reminder", "POST"): HER_CONSULTANT,
    ("workplace.week", "GET"): WORKPLACE,
    ("workplace.save", "POST"): WORKPLACE,
    ("workplace.sign_out_here", "POST"): WORKPLACE,
    ("consultant.new_schedule", "POST"): HER_CONSULTANT,
    ("consultant.new_task", "POST"): HER_CONSULTANT,
    ("consultant.change_task", "POST"): HER_CONSULTANT,
    ("consultant.card", "POST"): HER_CONSULTANT,
    ("consultant.screen_code", "POST"): HER_CONSULTANT,
    ("consultant.sign_out_device", "POST"): HER_CONSULTANT,
    ("consultant.remove_her_pin", "POST"): HER_CONSULTANT,
    ("consultant.new_grant", "POST"): HER_CONSULTANT,
    ("consultant.revoke", "POST"): HER_CONSULTANT,
    ("consultant.respond_to_flag", "GET"): HER_CONSULTANT,
    ("consultant.acknowledge_flag", "POST"): HER_CONSULTANT,
    ("consultant.flag_verdict", "POST"): HER_CONSULTANT,
    ("consultant.new_report", "GET"): HER_CONSULTANT,
    ("consultant.report", "GET"): HER_CONSULTANT,
    ("consultant.save", "POST"): HER_CONSULTANT,
    ("consultant.print_report", "GET"): HER_CONSULTANT,
    ("consultant.pdf_report", "GET"): HER_CONSULTANT,
    ("consultant.csv_report", "GET"): HER_CONSULTANT,
    ("consultant.json_report", "GET"): HER_CONSULTANT,
    ("consultant.citizen_data", "GET"): HER_CONSULTANT,
    ("consultant.citizen_data_json", "GET"): HER_CONSULTANT,
    ("consultant.erase", "GET"): HER_CONSULTANT,
    ("consultant.erase", "POST"): HER_CONSULTANT,
    ("interpreter.home", "GET"): ANY_INTERPRETER,
    ("interpreter.log", "GET"): HER_INTERPRETER,
    ("interpreter.day", "GET"): HER_INTERPRETER,
    ("interpreter.followups", "GET"): HER_INTERPRETER,
    ("interpreter.save_day", "POST"): HER_INTERPRETER,
    ("interpreter.translate", "GET"): HER_INTERPRETER,
    ("interpreter.save_translation", "POST"): HER_INTERPRETER,
    ("interpreter.save_task_label", "POST"): HER_INTERPRETER,
    ("consultant.sessions", "GET"): ANY_CONSULTANT,  # the sessions with her women in them (none for consultant_other)
    ("consultant.register", "GET"): HER_CONSULTANT,  # a session with her own woman in it (Fatima's group)
    ("consultant.save_register", "POST"): HER_CONSULTANT,
    ("teacher.home", "GET"): ANY_TEACHER,
    ("teacher.register", "GET"): OWN_TEACHER,
    ("teacher.save_register", "POST"): OWN_TEACHER,
    ("admin.staff_list", "GET"): ADMIN,
    ("admin.create", "POST"): ADMIN,
    ("admin.toggle", "POST"): ADMIN,
    ("admin.languages", "POST"): ADMIN,
    ("admin.caseloads", "GET"): ADMIN,
    ("admin.assign", "POST"): ADMIN,
    ("admin.approve", "POST"): ADMIN,
    ("admin.reject", "POST"): ADMIN,
    ("admin.moves", "GET"): ADMIN,
    ("admin.audit_log", "GET"): ADMIN,
    ("admin.access_extract_page", "GET"): ADMIN,
    ("auth.password", "GET"): ANY_STAFF,
    ("auth.password", "POST"): ANY_STAFF,
    ("audio.play", "GET"): SIGNED_IN,
    ("recordings.overview", "GET"): RECORDERS,
    ("recordings.upload", "POST"): RECORDERS_IN_ARABIC,
    ("recordings.delete", "POST"): RECORDERS_IN_ARABIC,
    ("recording_review.pending", "GET"): REVIEWERS,
    ("recording_review.approve", "POST"): REVIEWERS,
    ("recording_review.reject", "POST"): REVIEWERS,
}

# A contact person's cookie opens nothing outside the workplace's pages: there they are anonymous.
MATRIX = {rule: {**outcome, **{p: outcome["anonymous"] for p in WORKPLACE_PRINCIPALS}} if outcome is not WORKPLACE else outcome
          for rule, outcome in MATRIX.items()}
