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
    interpreter = make_staff("interpreter")
    actor = audit.Actor("staff", interpreter.id, "interpreter")
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
