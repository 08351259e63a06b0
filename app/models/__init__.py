"""Tables of the logbook.

Conventions: timestamps are timezone-aware UTC (`app.clock.utcnow()`; SQLModel refuses naive ones), days are calendar dates in
Europe/Copenhagen. Closed vocabularies (attendance, reasons, languages) are short strings
checked by the domain layer and by CHECK constraints, not database enum types, so that
adding a value is a one-line change on SQLite and PostgreSQL alike.

The tables live in one module per aggregate; import them from here (`from app.models import DayEntry`).
"""

from app.models.access import (ActivationToken, CaseloadMove, DeviceSession, InterpreterGrant, RateCounter,
                               SignInLockout, StaffSession)
from app.models.activities import (ActivityException, ActivityGroup, ActivityMark, ActivityRegister, ActivityRegisterRevision,
                                   ActivitySeries, ActivityVersion, GroupLeader, GroupMember)
from app.models.agreements import PlacementAgreement
from app.models.audio import AudioClip
from app.models.audit import AuditEvent
from app.models.course import Course, CourseChange, Internship, ScheduleVersion, Task, TaskLabel
from app.models.flags import FlagReading, FlagState
from app.models.log import CallRequest, DayEntry, EntryRevision, EntryTask, FollowUpNote, NoteTranslation
from app.models.people import Citizen, StaffUser
from app.models.placement_details import PlacementContact, TrainingGoal, WorkplaceSupport
from app.models.reports import WorkReport
from app.models.workplace import (AttendanceRecord, WorkplaceAccess, WorkplaceDay, WorkplaceDayRevision, WorkplacePace,
                                  WorkplaceTaskRating)

# Keeps FlagReading rows in step with every write to the tables they are read from (registered once, here,
# so that no process can write those tables without it).
from app import model_events  # noqa: E402,F401

__all__ = [
    "ActivationToken", "AudioClip", "AuditEvent", "CallRequest", "CaseloadMove", "Citizen", "Course", "CourseChange", "DayEntry",
    "DeviceSession", "EntryRevision", "EntryTask", "FlagReading", "FlagState", "FollowUpNote", "Internship",
    "InterpreterGrant", "NoteTranslation", "PlacementAgreement", "PlacementContact", "RateCounter", "ScheduleVersion", "SignInLockout",
    "StaffSession", "StaffUser", "Task", "TaskLabel", "TrainingGoal", "WorkplaceSupport", "WorkReport",
    "AttendanceRecord", "WorkplaceAccess", "WorkplaceDay", "WorkplaceDayRevision", "WorkplacePace", "WorkplaceTaskRating",
    "ActivityException", "ActivityGroup", "ActivityMark", "ActivityRegister", "ActivityRegisterRevision", "ActivitySeries",
    "ActivityVersion", "GroupLeader", "GroupMember",
]
