"""Recorded questions: what an upload may be, how it is converted, and how a clip is replaced."""

from __future__ import annotations

import io
from collections.abc import Callable

import av
import pytest
from sqlmodel import Session, select

from app import clock
from app.models import AuditEvent, AudioClip, StaffUser
from app.services import audio, audit
from app.services.audio import ClipError, ClipLimits, convert
from tests.sound import FORMATS, tone


def _length(mp3: bytes) -> float:
    with av.open(io.BytesIO(mp3)) as container:
        assert container.format.name == "mp3"
        stream = container.streams.audio[0]
        assert stream.codec_context.layout.name == "mono"
        return sum(frame.samples for frame in container.decode(stream)) / stream.sample_rate


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_every_recorder_format_becomes_mono_mp3_of_the_same_length(kind: str) -> None:
    converted = convert(tone(2.0, kind))
    assert abs(converted.duration_ms - 2000) <= 60
    assert abs(_length(converted.content) - 2.0) < 0.1
    assert len(converted.content) < 14_000  # 40 kbit/s: about 5 KB a second


@pytest.mark.parametrize(("raw", "limits", "code"), [
    (b"", ClipLimits(), "empty"),
    (b"This is a text file, not a recording." * 10, ClipLimits(), "not_audio"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 400, ClipLimits(), "not_audio"),
    ("too large", ClipLimits(max_bytes=5_000), "too_large"),
    ("too long", ClipLimits(max_seconds=3), "too_long"),
    ("too short", ClipLimits(), "too_short"),
])
def test_uploads_that_cannot_be_a_clip_are_refused_with_a_reason(raw: object, limits: ClipLimits, code: str) -> None:
    if raw == "too large":
        raw = tone(3.0, "wav")  # 288 KB
    elif raw == "too long":
        raw = tone(4.0, "webm")
    elif raw == "too short":
        raw = tone(0.1, "webm")
    with pytest.raises(ClipError) as refused:
        convert(raw, limits)  # type: ignore[arg-type]
    assert refused.value.code == code


def test_a_truncated_recording_is_refused_not_half_kept() -> None:
    whole = tone(2.0, "m4a")
    with pytest.raises(ClipError) as refused:
        convert(whole[: len(whole) // 3])
    assert refused.value.code in ("not_audio", "too_short")


def test_recording_again_replaces_the_clip_and_both_are_audited(db: Session, make_staff: Callable[..., StaffUser]) -> None:
    admin = make_staff("admin")  # an admin's recording is live at once; an interpreter's waits (test_an_interpreters_...)
    actor = audit.Actor("staff", admin.id, "admin")
    first = audio.save_clip(db, actor, "q.pain", "ur", convert(tone(1.0, hertz=300)), clock.utcnow())
    first_address = first.digest[:16]
    second = audio.save_clip(db, actor, "q.pain", "ur", convert(tone(1.5, hertz=500)), clock.utcnow())
    assert second.id == first.id and len(db.exec(select(AudioClip)).all()) == 1
    db.refresh(second)
    assert audio.clip_by_address(db, second.id, second.digest[:16]) is not None
    assert second.digest[:16] != first_address and audio.clip_by_address(db, second.id, first_address) is None
    info = audio.clips(db, "ur")
    assert [(c.prompt, c.duration_ms) for c in info] == [("q.pain", 1500)] and audio.clips(db, "so") == []
    actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.object_type == "audio_clip")).all()]
    assert actions == ["audio.record", "audio.replace"]
    assert audio.delete_clip(db, actor, "q.pain", "ur") and not audio.delete_clip(db, actor, "q.pain", "ur")
    assert db.exec(select(AudioClip)).all() == []


def test_only_staff_record(db: Session) -> None:
    with pytest.raises(ValueError):
        audio.save_clip(db, audit.Actor("citizen", 1, "citizen"), "q.pain", "so", convert(tone(1.0)), clock.utcnow())


def test_an_interpreters_recording_waits_beside_the_live_one_until_approved(db: Session, make_staff: Callable[..., StaffUser]) -> None:
    admin = audit.Actor("staff", make_staff("admin").id, "admin")
    interpreter = audit.Actor("staff", make_staff("interpreter", languages="ur").id, "interpreter")
    consultant = audit.Actor("staff", make_staff("consultant").id, "consultant")
    live = audio.save_clip(db, admin, "q.pain", "ur", convert(tone(1.0, hertz=300)), clock.utcnow())
    first = audio.save_clip(db, interpreter, "q.pain", "ur", convert(tone(1.5, hertz=500)), clock.utcnow())
    heard = first.digest  # what a reviewer listened to before the interpreter recorded again
    again = audio.save_clip(db, interpreter, "q.pain", "ur", convert(tone(1.2, hertz=600)), clock.utcnow())
    assert again.id == first.id and again.status == "pending"  # one pending clip per prompt and language
    assert [c.id for c in audio.clips(db, "ur")] == [live.id]
    assert [c.id for c in audio.clips(db, "ur", status="pending")] == [again.id]
    with pytest.raises(ValueError):
        audio.approve_clip(db, interpreter, again.id, again.digest, clock.utcnow())  # interpreters do not review
    approved = audio.approve_clip(db, consultant, again.id, heard, clock.utcnow())
    assert approved is None  # the sound she heard was recorded again since: not what she would approve
    approved = audio.approve_clip(db, consultant, again.id, again.digest, clock.utcnow())
    assert approved is not None and approved.status == "live" and approved.approved_by == consultant.id
    assert [c.id for c in audio.clips(db, "ur")] == [again.id] and audio.clips(db, "ur", status="pending") == []
    assert audio.approve_clip(db, consultant, again.id, again.digest, clock.utcnow()) is None  # already decided
    rejected = audio.save_clip(db, interpreter, "q.pain", "ur", convert(tone(1.0)), clock.utcnow())
    assert audio.reject_clip(db, consultant, rejected.id, rejected.digest) and not audio.reject_clip(db, consultant, rejected.id, rejected.digest)
    assert [c.id for c in audio.clips(db, "ur")] == [again.id] and len(db.exec(select(AudioClip)).all()) == 1
    actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.object_type == "audio_clip").order_by(AuditEvent.id)).all()]
    assert actions == ["audio.record", "audio.submit", "audio.submit", "audio.approve", "audio.submit", "audio.reject"]
