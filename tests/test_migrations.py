"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import sqlalchemy.exc
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

from app import create_app
from app.cli import alembic_config
from app.db import make_engine
from app.services.demo import seed_demo
from tests.conftest import ON_POSTGRES
from tests.old_database import OldDatabase

#: Each placement with its contact person column and its first contact row's name.
FIRST_CONTACTS = ("SELECT i.id, i.contact_person, (SELECT c.name FROM placement_contact c WHERE c.internship_id = i.id"
                  " ORDER BY c.id LIMIT 1) FROM internship i ORDER BY i.id")


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_it_migrates_an_empty_sqlite_file_to_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "x", "TESTING": True}, engine=engine)
    with app.app_context():
        command.upgrade(alembic_config(), "head")
    assert _differences(engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


if ON_POSTGRES:  # the PostgreSQL run checks the schema its test session built from the migrations

    def test_it_migrated_postgres_to_the_models(engine: Engine) -> None:
        assert _differences(engine) == []


def test_it_upgrades_a_database_that_holds_data(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0001")
    old.execute("INSERT INTO staff_user (name, email, password_hash, role, active, created_at) "
                "VALUES ('K', 'k@x.dk', '', 'consultant', 1, '2026-11-01 10:00:00')")
    old.execute("INSERT INTO citizen (display_name, preferred_language, consultant_id, created_at) "
                "VALUES ('A', 'so', 1, '2026-11-01 10:00:00')")
    old.migrate("upgrade")
    assert old.rows("SELECT must_change_password, consultant_id FROM staff_user, citizen") == [(0, 1)]
    assert old.rows("PRAGMA foreign_key_check") == []
    assert _differences(old.engine) == []


def test_it_marks_the_breaks_answer_the_old_form_chose_for_her_without_changing_it(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0012")
    old.execute("INSERT INTO citizen (display_name, preferred_language, created_at) VALUES ('A', 'so', '2026-11-01 10:00:00')")
    for day, breaks in (("2026-11-02", "none"), ("2026-11-03", "some"), ("2026-11-04", None)):
        old.execute("INSERT INTO day_entry (citizen_id, day, attendance, early_reasons, reason_text, pain, breaks, note,"
                    " entered_by, confirmed_by_citizen, idempotency_key, payload_hash, created_at, updated_at)"
                    " VALUES (1, :day, 'full', '', '', 3, :breaks, '', 'self', 1, :key, 'x',"
                    " '2026-11-05 10:00:00', '2026-11-05 10:00:00')", {"day": day, "breaks": breaks, "key": f"k{day}"})
    old.migrate("upgrade")
    # The value stays (nothing is lost); the "none" the form had chosen is marked as not hers.
    assert old.rows("SELECT breaks, untouched FROM day_entry ORDER BY day") == [("none", "breaks"), ("some", ""), (None, "")]
    old.engine.dispose()


def test_placements_and_course_versions_keep_every_row_of_the_demo_and_downgrade(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "head")
    with old.app.app_context(), Session(old.engine) as session:
        assert seed_demo(session, date(2026, 11, 18))
    counts = "SELECT (SELECT count(*) FROM internship), (SELECT count(*) FROM schedule_version), (SELECT count(*) FROM task)"
    kept = "SELECT id, course_id, workplace, start, \"end\" FROM internship ORDER BY id"
    plans = "SELECT id, internship_id, valid_from, hours_mon, hours_wed FROM schedule_version ORDER BY id"
    # The old shape holds weekly plans only: the demo's rotation, budget and paid hours are what a rolled-back release
    # never made (0018 refuses to drop them: test_plan_modes_are_kept_and_a_downgrade_refuses_to_lose_them).
    old.execute("DELETE FROM schedule_version WHERE mode <> 'weekly' OR paid_hours IS NOT NULL OR start_mon IS NOT NULL"
                " OR start_tue IS NOT NULL OR start_wed IS NOT NULL OR start_thu IS NOT NULL OR start_fri IS NOT NULL"
                " OR start_sat IS NOT NULL OR start_sun IS NOT NULL")
    old.execute("UPDATE day_entry SET extra_hours = NULL")
    # Likewise the workplace's account and a contact's reminder day (0020 and 0021 refuse to drop those) ...
    for table in ("workplace_task_rating", "workplace_pace", "workplace_day_revision", "workplace_day", "attendance_record",
                  "workplace_access"):
        old.execute(f"DELETE FROM {table}")  # nosec B608: names from the list above
    old.execute("UPDATE placement_contact SET reminder_weekday = NULL, reminded_on = NULL")
    # ... and the course beyond the internship with its teacher (0022 refuses to drop those) ...
    for table in ("activity_register_revision", "activity_mark", "activity_register", "activity_exception", "activity_version",
                  "activity_series", "group_member", "group_leader", "activity_group"):
        old.execute(f"DELETE FROM {table}")  # nosec B608: names from the list above
    old.execute("DELETE FROM staff_user WHERE role = 'teacher'")
    old.execute("UPDATE course SET referred_hours = NULL")
    # ... and her "I can't come today" still waiting for its pain, and what she lives on (0023 refuses to drop those) ...
    old.execute("DELETE FROM day_entry WHERE pain IS NULL")
    old.execute("UPDATE course SET benefit = NULL")
    # ... and goals, support and a contact's details beyond the name (0017 refuses to drop those).
    old.execute("DELETE FROM training_goal WHERE parent_id IS NOT NULL")
    old.execute("DELETE FROM training_goal")
    old.execute("DELETE FROM workplace_support")
    old.execute("DELETE FROM placement_contact WHERE EXISTS (SELECT 1 FROM placement_contact d"
                " WHERE d.internship_id = placement_contact.internship_id AND d.id < placement_contact.id)")
    old.execute("UPDATE placement_contact SET role = '', phone = '', email = ''")
    before = (old.rows(counts), old.rows(kept), old.rows(plans))
    assert before[0][0][0] >= 12
    contacts = old.rows(FIRST_CONTACTS)
    assert sum(1 for _id, _column, row in contacts if row) >= 3  # Mariam's two placements and Amina's have a contact
    assert all(column == (row or "") for _id, column, row in contacts)  # the old column is the first contact's name
    old.migrate("downgrade", "0014")
    assert (old.rows(counts), old.rows(kept), old.rows(plans)) == before
    assert old.rows("SELECT id, contact_person FROM internship ORDER BY id") == [(i, row or "") for i, _column, row in contacts]
    # Contact persons as an older release wrote them: text on the placement, blank for none.
    old.execute("UPDATE internship SET contact_person = '  ' WHERE id = 2")
    old.execute("UPDATE internship SET contact_person = 'Jens Kok' WHERE id = 3")
    old.execute("INSERT INTO internship (course_id, workplace, contact_person, accommodations, aids, start, \"end\")"
                " VALUES (1, 'Vaskeriet', '', '', '', '2026-06-01', '2026-06-30')")  # an internship that had ended
    before = (old.rows(counts), old.rows(kept), old.rows(plans))
    old.migrate("upgrade")
    assert (old.rows(counts), old.rows(kept), old.rows(plans)) == before  # ids, dates and hours as they were
    assert set(old.rows("SELECT kind, end_reason FROM internship WHERE \"end\" IS NULL")) == {("outside", None)}
    assert old.rows("SELECT end_reason FROM internship WHERE workplace = 'Vaskeriet'") == [("as_planned",)]
    # Each course starts its dated history with what it is now, decided on its first day.
    assert old.rows("SELECT count(*) FROM course_change") == old.rows("SELECT count(*) FROM course")
    assert old.rows("SELECT count(*) FROM course_change JOIN course ON course.id = course_change.course_id"
                    " WHERE course_change.decided_on = course.start AND course_change.purpose = course.purpose") == \
        old.rows("SELECT count(*) FROM course")
    # Each contact person is a row again.
    assert sorted(old.rows("SELECT internship_id, name FROM placement_contact")) == \
        sorted([(i, row) for i, _column, row in contacts if row and i != 3] + [(3, "Jens Kok")])
    old.engine.dispose()


def _one_placement(old: OldDatabase) -> None:
    """A woman with a course and its placement (id 1 each), as the rows of 0015 to 0018 are shaped."""
    old.execute("INSERT INTO citizen (display_name, preferred_language, phone, created_at) VALUES ('A', 'so', '', '2026-09-01')")
    old.execute("INSERT INTO course (citizen_id, start, planned_end, purpose) VALUES (1, '2026-09-07', '2027-03-07', 'clarify')")
    old.execute("INSERT INTO internship (course_id, workplace, contact_person, accommodations, aids, start)"
                " VALUES (1, 'Kantinen', '', '', '', '2026-09-07')")


def test_plan_modes_are_kept_and_a_downgrade_refuses_to_lose_them(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0017")
    _one_placement(old)
    old.execute("INSERT INTO schedule_version (internship_id, valid_from, hours_mon, hours_tue, hours_wed, hours_thu, hours_fri,"
                " hours_sat, hours_sun, reason, created_at) VALUES (1, '2026-09-07', 3, 0, 3, 0, 2.5, 0, 0, '', '2026-09-01')")
    plans = "SELECT id, internship_id, valid_from, hours_mon, hours_wed, hours_fri FROM schedule_version ORDER BY id"
    before = old.rows(plans)
    old.migrate("upgrade")
    assert old.rows(plans) == before  # the same id, dates and hours ...
    assert old.rows("SELECT mode, monthly_hours, paid_hours, start_mon, even_hours_mon FROM schedule_version") == \
        [("weekly", None, None, None, 0)]  # ... as a weekly plan without start times or paid hours
    old.execute("INSERT INTO schedule_version (internship_id, valid_from, mode, monthly_hours, reason, created_at, hours_mon,"
                " hours_tue, hours_wed, hours_thu, hours_fri, hours_sat, hours_sun)"
                " VALUES (1, '2026-11-02', 'monthly', 40, 'Timer efter helbred', '2026-11-01', 0, 0, 0, 0, 0, 0, 0)")
    with pytest.raises(RuntimeError, match="1 plan versions"):
        old.migrate("downgrade", "0017")
    assert old.rows("SELECT count(*) FROM schedule_version WHERE mode = 'monthly'") == [(1,)]  # nothing was lost
    old.execute("DELETE FROM schedule_version WHERE mode = 'monthly'")
    old.migrate("downgrade", "0017")
    assert old.rows(plans) == before
    old.engine.dispose()


def test_placement_agreements_are_a_new_table_and_a_downgrade_refuses_to_lose_them(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0018")
    _one_placement(old)
    kept = "SELECT id, course_id, workplace, start FROM internship"
    before = old.rows(kept)
    old.migrate("upgrade")
    assert old.rows(kept) == before and old.rows("SELECT count(*) FROM placement_agreement") == [(0,)]
    old.execute("INSERT INTO placement_agreement (internship_id, version, language, made_on, created_at, pdf, sha256)"
                " VALUES (1, 1, 'ar', '2026-09-07', '2026-09-07 10:00:00', :pdf, :sha)", {"pdf": b"%PDF", "sha": "0" * 64})
    with pytest.raises(RuntimeError, match="1 placement agreements"):
        old.migrate("downgrade", "0018")
    assert old.rows("SELECT count(*) FROM placement_agreement") == [(1,)]  # the signed paper's file is still there
    old.execute("DELETE FROM placement_agreement")
    old.migrate("downgrade", "0018")
    assert old.rows(kept) == before
    old.engine.dispose()


def test_a_downgrade_below_placement_details_refuses_to_lose_goals_support_and_contact_details(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0016")
    _one_placement(old)
    old.execute("UPDATE internship SET contact_person = 'Birgitte Holm' WHERE id = 1")
    old.migrate("upgrade", "0017")
    assert old.rows("SELECT internship_id, name FROM placement_contact") == [(1, "Birgitte Holm")]
    old.execute("INSERT INTO training_goal (internship_id, text, status, status_on) VALUES (1, 'Arbejde 3 timer i træk', 'open',"
                " '2026-09-07')")
    with pytest.raises(RuntimeError, match="1 goals"):
        old.migrate("downgrade", "0016")
    assert old.rows("SELECT count(*) FROM training_goal") == [(1,)]  # nothing was lost
    old.execute("DELETE FROM training_goal")
    old.execute("UPDATE placement_contact SET phone = '+45 21 43 65 87'")
    with pytest.raises(RuntimeError, match="1 goals"):
        old.migrate("downgrade", "0016")
    old.execute("UPDATE placement_contact SET phone = ''")
    old.migrate("downgrade", "0016")
    assert old.rows("SELECT contact_person FROM internship") == [("Birgitte Holm",)]
    old.engine.dispose()


def test_the_workplaces_voice_is_new_tables_and_a_downgrade_refuses_to_lose_it(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0019")
    _one_placement(old)
    old.execute("INSERT INTO staff_user (name, email, password_hash, role, active, created_at, must_change_password)"
                " VALUES ('K', 'k@x.dk', '', 'consultant', 1, '2026-09-01 10:00:00', 0)")
    kept = "SELECT id, course_id, workplace, start FROM internship"
    before = old.rows(kept)
    old.migrate("upgrade")
    assert old.rows(kept) == before and old.rows("SELECT count(*) FROM workplace_day") == [(0,)]
    old.execute("INSERT INTO attendance_record (citizen_id, day, attendance, hours, source, recorded_by_id, created_at,"
                " resolution_note) VALUES (1, '2026-09-08', 'absent', NULL, 'workplace', 1, '2026-09-08 12:00:00', '')")
    old.execute("INSERT INTO workplace_access (internship_id, token_hash, created_at, created_by_id, expires_at)"
                " VALUES (1, :hash, '2026-09-07 10:00:00', 1, '2026-09-21 10:00:00')", {"hash": "0" * 64})
    old.execute("INSERT INTO workplace_day (internship_id, day, status, note, written_by_id, idempotency_key, created_at,"
                " updated_at) VALUES (1, '2026-09-08', 'came', '', 1, 'k1', '2026-09-11 10:00:00', '2026-09-11 10:00:00')")
    with pytest.raises(RuntimeError, match="1 workplace days, 1 workplace contact accesses, 1 consultant-recorded"):
        old.migrate("downgrade", "0019")
    assert old.rows("SELECT count(*) FROM workplace_day") == [(1,)]  # nothing was lost
    old.execute("DELETE FROM workplace_day")
    old.execute("DELETE FROM workplace_access")
    with pytest.raises(RuntimeError, match="^1 consultant-recorded attendance days would be lost"):
        old.migrate("downgrade", "0019")
    old.execute("DELETE FROM attendance_record")
    old.migrate("downgrade", "0019")
    assert old.rows(kept) == before
    assert old.rows("SELECT count(*) FROM sqlite_master WHERE name IN ('workplace_access', 'workplace_day', 'workplace_day_revision',"
                    " 'workplace_pace', 'workplace_task_rating', 'attendance_record')") == [(0,)]
    old.engine.dispose()


def test_reminder_days_and_resolutions_are_new_columns_and_a_downgrade_refuses_to_lose_them(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0020")
    _one_placement(old)
    old.execute("INSERT INTO placement_contact (internship_id, name, role, phone, email) VALUES (1, 'Bo', '', '', 'bo@x.dk')")
    kept = "SELECT id, internship_id, name, email FROM placement_contact"
    before = old.rows(kept)
    old.migrate("upgrade")
    assert old.rows(kept) == before
    assert old.rows("SELECT reminder_weekday, reminded_on FROM placement_contact") == [(None, None)]
    old.execute("UPDATE placement_contact SET reminder_weekday = 4")
    with pytest.raises(RuntimeError, match="^1 contact persons' reminder days would be lost"):
        old.migrate("downgrade", "0020")
    assert old.rows("SELECT reminder_weekday FROM placement_contact") == [(4,)]  # nothing was lost
    old.execute("UPDATE placement_contact SET reminder_weekday = NULL")
    old.migrate("downgrade", "0020")
    assert old.rows(kept) == before
    old.engine.dispose()


def test_activities_are_new_tables_and_a_downgrade_refuses_to_lose_them_or_a_teacher(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0021")
    _one_placement(old)
    old.execute("INSERT INTO staff_user (name, email, password_hash, role, active, created_at, must_change_password)"
                " VALUES ('K', 'k@x.dk', '', 'consultant', 1, '2026-09-01 10:00:00', 0)")
    kept = "SELECT id, citizen_id, start, planned_end, purpose FROM course"
    before = old.rows(kept)
    old.migrate("upgrade")
    assert old.rows(kept) == before and old.rows("SELECT referred_hours FROM course") == [(None,)]
    old.execute("INSERT INTO staff_user (name, email, password_hash, role, active, created_at, must_change_password)"
                " VALUES ('T', 't@x.dk', '', 'teacher', 1, '2026-09-01 10:00:00', 0)")
    old.execute("INSERT INTO activity_group (name, start_week, created_at, created_by_id) VALUES ('Hold A', '2026-09-07',"
                " '2026-09-01 10:00:00', 1)")
    old.execute("UPDATE course SET referred_hours = 12")
    with pytest.raises(RuntimeError, match="^1 groups, 1 teacher accounts, 1 courses' referred hours would be lost"):
        old.migrate("downgrade", "0021")
    assert old.rows("SELECT count(*) FROM activity_group") == [(1,)]  # nothing was lost
    old.execute("DELETE FROM activity_group")
    old.execute("DELETE FROM staff_user WHERE role = 'teacher'")
    old.execute("UPDATE course SET referred_hours = NULL")
    old.migrate("downgrade", "0021")
    assert old.rows(kept) == before
    assert old.rows("SELECT count(*) FROM sqlite_master WHERE name LIKE 'activity%' OR name LIKE 'group_%'") == [(0,)]
    old.engine.dispose()


def test_an_absence_may_wait_for_her_pain_and_a_downgrade_refuses_to_lose_it_or_her_benefit(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0022")
    _one_placement(old)
    entry = ("INSERT INTO day_entry (citizen_id, day, attendance, hours_worked, absence_reason, told_in_advance, early_reasons,"
             " reason_text, pain, note, entered_by, confirmed_by_citizen, idempotency_key, payload_hash, created_at, updated_at)"
             " VALUES (1, :day, :attendance, 0, 'ill_pain', 1, '', '', :pain, '', 'self', 1, :key, 'x', '2026-11-05 08:00:00',"
             " '2026-11-05 08:00:00')")
    old.execute(entry, {"day": "2026-11-02", "attendance": "absent", "pain": 6, "key": "k1"})
    kept = "SELECT id, day, attendance, pain FROM day_entry"
    before = old.rows(kept)
    old.migrate("upgrade")
    assert old.rows(kept) == before and old.rows("SELECT benefit FROM course") == [(None,)]
    old.execute(entry, {"day": "2026-11-05", "attendance": "absent", "pain": None, "key": "k2"})  # reported that morning
    for attendance in ("full", None):  # only an absence waits for its pain
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            old.execute(entry, {"day": "2026-11-06", "attendance": attendance, "pain": None, "key": "k3"})
    old.execute("UPDATE course SET benefit = 'kontanthjaelp'")
    with pytest.raises(RuntimeError, match="^1 entries waiting for her pain, 1 courses' benefit types would be lost"):
        old.migrate("downgrade", "0022")
    assert old.rows("SELECT count(*) FROM day_entry") == [(2,)]  # nothing was lost
    with pytest.raises(RuntimeError):  # and trying again after a refusal is as safe
        old.migrate("downgrade", "0022")
    old.execute("UPDATE day_entry SET pain = 5 WHERE pain IS NULL")  # she added it in the evening
    old.execute("UPDATE course SET benefit = NULL")
    old.migrate("downgrade", "0022")
    assert old.rows(kept) == before + [(2, "2026-11-05", "absent", 5)]
    assert "benefit" not in {row[1] for row in old.rows("PRAGMA table_info(course)")}
    old.engine.dispose()
