"""Spoken questions and answers: checking, converting and keeping the clips staff record.

Browsers record in different formats: WebM/Opus (Chrome, Edge), Ogg/Opus (Firefox), MP4/AAC
(Safari), and a phone's own recorder may hand over M4A, MP3 or WAV. Each upload is decoded
with PyAV (FFmpeg): what does not decode as sound is refused, and the length is measured
from the decoded samples rather than trusted from the file's header (Chrome's WebM has no
duration). The sound is then re-encoded as mono MP3, the one format every phone browser
plays, small enough for a slow connection (40 kbit/s: about 5 KB a second).

Who records what: an admin records in any language, and her clip goes live at once; an
interpreter records only in her languages (set by an admin), and her clip is pending: the live
clip keeps playing until an admin or a consultant has listened to the new one and approved it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

import av
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.config import LANGUAGES
from app.models import AudioClip, StaffUser, Task, TaskLabel
from app.services import audit
from app.services.audit import Actor

MIME_TYPE = "audio/mpeg"
#: Container formats as FFmpeg names them: what browsers' and phones' recorders produce.
ACCEPTED_CONTAINERS = frozenset({"matroska,webm", "ogg", "mov,mp4,m4a,3gp,3g2,mj2", "wav", "mp3", "aac"})
LIVE, PENDING = "live", "pending"
#: Who may listen to a pending clip and approve or reject it.
REVIEWERS = ("admin", "consultant")
#: Who "recorded" machine-made clips (the demo's espeak-ng voice): an inactive account nobody signs in with, so
#: every clip keeps a recorder and staff see which clips are synthetic and still need a real voice.
SYNTHETIC_VOICE_EMAIL = "synthetic-voice@logbog.invalid"
_SAMPLE_RATE = 22_050  # plenty for a voice
_BIT_RATE = 40_000


@dataclass(frozen=True)
class ClipLimits:
    """What a recording may be (settings AUDIO_MAX_BYTES, AUDIO_MAX_SECONDS, AUDIO_MIN_MILLISECONDS)."""

    max_bytes: int = 2_000_000
    max_seconds: int = 20
    min_milliseconds: int = 300


class ClipError(ValueError):
    """The upload cannot become a clip; `code` says why (too_large, not_audio, too_long, too_short, empty)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Converted:
    """A clip ready to keep: MP3 bytes and the length of the sound."""

    content: bytes
    duration_ms: int


@dataclass(frozen=True)
class ClipInfo:
    """A kept clip without its sound: enough to list it and to build its address."""

    id: int
    prompt: str
    language: str
    digest: str
    duration_ms: int
    recorded_by: int
    recorded_at: datetime
    status: str = LIVE


def recording_languages(user: StaffUser) -> tuple[str, ...]:
    """The languages `user` may record in: every one for an admin, her own for an interpreter, none for others."""
    if user.role == "admin":
        return LANGUAGES
    if user.role == "interpreter":
        return tuple(code for code in LANGUAGES if code in user.languages.split(","))
    return ()


def set_languages(session: Session, actor: Actor, user: StaffUser, languages: list[str]) -> None:
    """Set an interpreter's languages (unknown codes are dropped); audited."""
    user.languages = ",".join(code for code in LANGUAGES if code in languages)
    session.add(user)
    audit.record(session, actor, "staff.languages", object_type="staff_user", object_id=user.id)
    session.commit()


def _frames(container: av.container.InputContainer) -> Iterator[av.AudioFrame]:
    try:
        yield from container.decode(audio=0)
    except av.FFmpegError as error:
        raise ClipError("not_audio") from error


def convert(raw: bytes, limits: ClipLimits = ClipLimits()) -> Converted:
    """Check an upload and re-encode it as mono MP3; raises ClipError."""
    if not raw:
        raise ClipError("empty")
    if len(raw) > limits.max_bytes:
        raise ClipError("too_large")
    try:
        source = av.open(io.BytesIO(raw), mode="r")
    except (av.FFmpegError, ValueError, UnicodeDecodeError) as error:
        raise ClipError("not_audio") from error
    with source:
        if source.format.name not in ACCEPTED_CONTAINERS or not source.streams.audio or source.streams.video:
            raise ClipError("not_audio")
        output = io.BytesIO()
        with av.open(output, mode="w", format="mp3") as target:
            stream = target.add_stream("libmp3lame", rate=_SAMPLE_RATE)
            stream.layout = "mono"
            stream.bit_rate = _BIT_RATE
            resampler = av.AudioResampler(format="s16p", layout="mono", rate=_SAMPLE_RATE)
            seconds = 0.0
            for frame in _frames(source):
                seconds += frame.samples / max(frame.sample_rate, 1)
                if seconds > limits.max_seconds:
                    raise ClipError("too_long")
                for piece in resampler.resample(frame):
                    target.mux(stream.encode(piece))
            for piece in resampler.resample(None):
                target.mux(stream.encode(piece))
            target.mux(stream.encode(None))
    duration_ms = round(seconds * 1000)
    if duration_ms < limits.min_milliseconds:
        raise ClipError("too_short")
    return Converted(output.getvalue(), duration_ms)


def digest_of(content: bytes) -> str:
    """A clip's SHA-256 in hex: the start of it is in the clip's address."""
    return hashlib.sha256(content).hexdigest()


def save_clip(session: Session, actor: Actor, prompt: str, language: str, converted: Converted, now: datetime) -> AudioClip:
    """Keep a converted clip for (prompt, language): an admin's goes live, replacing the live one; anyone
    else's becomes the pending clip (replacing an earlier pending one) until it is approved."""
    if actor.kind != "staff" or actor.id is None:
        raise ValueError("only staff record clips")
    status = LIVE if actor.role == "admin" else PENDING
    digest = digest_of(converted.content)
    for _attempt in range(2):
        clip = session.exec(select(AudioClip).where(AudioClip.prompt == prompt, AudioClip.language == language,
                                                    AudioClip.status == status)).first()
        replaced = clip is not None
        if clip is None:
            clip = AudioClip(prompt=prompt, language=language, mime_type=MIME_TYPE, content=converted.content, digest=digest,
                             duration_ms=converted.duration_ms, recorded_by=actor.id, recorded_at=now, status=status)
        else:
            clip.content, clip.digest, clip.duration_ms = converted.content, digest, converted.duration_ms
            clip.recorded_by, clip.recorded_at = actor.id, now
        session.add(clip)
        try:
            session.flush()
        except IntegrityError:
            # Two people saved the same clip at once: the other one's row exists now; replace it.
            session.rollback()
            continue
        action = "audio.submit" if status == PENDING else "audio.replace" if replaced else "audio.record"
        audit.record(session, actor, action, object_type="audio_clip", object_id=clip.id)
        session.commit()
        return clip
    raise RuntimeError("could not save the clip")


def delete_clip(session: Session, actor: Actor, prompt: str, language: str, status: str = LIVE) -> bool:
    """Remove the live (or the pending) clip for (prompt, language); False when there was none. Only an admin removes
    another person's recording: an interpreter withdraws her own pending one."""
    clip = session.exec(select(AudioClip).where(AudioClip.prompt == prompt, AudioClip.language == language,
                                                AudioClip.status == status)).first()
    if clip is None or (actor.role != "admin" and clip.recorded_by != actor.id):
        return False
    audit.record(session, actor, "audio.delete", object_type="audio_clip", object_id=clip.id)
    session.delete(clip)
    session.commit()
    return True


_INFO_COLUMNS = (AudioClip.id, AudioClip.prompt, AudioClip.language, AudioClip.digest, AudioClip.duration_ms,
                 AudioClip.recorded_by, AudioClip.recorded_at, AudioClip.status)


def clips(session: Session, language: str | None = None, status: str = LIVE) -> list[ClipInfo]:
    """Kept clips (all languages, or one), live ones unless asked for pending ones, without loading their sound."""
    query = select(*_INFO_COLUMNS).where(AudioClip.status == status)
    if language is not None:
        query = query.where(AudioClip.language == language)
    return [ClipInfo(*row) for row in session.exec(query.order_by(AudioClip.language, AudioClip.prompt)).all()]


def task_labels(session: Session, language: str) -> dict[str, str]:
    """The labels her task buttons show in `language` (a translation, else the Danish one), each with its Danish
    label: the words a task-label clip must say, for every agreed task still in use."""
    tasks = session.exec(select(Task.id, Task.label_da).where(Task.active == True)).all()  # noqa: E712
    translated = dict(session.exec(select(TaskLabel.task_id, TaskLabel.text).where(TaskLabel.language == language)).all())
    return {translated.get(task_id, danish).strip(): danish.strip() for task_id, danish in tasks}


def synthetic_voices(session: Session) -> frozenset[int]:
    """The recorder ids whose clips are synthetic, not a person's voice."""
    return frozenset(session.exec(select(StaffUser.id).where(StaffUser.email == SYNTHETIC_VOICE_EMAIL)).all())


def clip_by_address(session: Session, clip_id: int, digest: str) -> AudioClip | None:
    """The clip an address names; None when it was replaced (another digest) or deleted."""
    clip = session.get(AudioClip, clip_id)
    return clip if clip is not None and clip.digest.startswith(digest) else None


def _pending(session: Session, actor: Actor, clip_id: int, digest: str) -> AudioClip | None:
    if actor.role not in REVIEWERS:
        raise ValueError("only admins and consultants review clips")
    clip = session.get(AudioClip, clip_id)
    # Four eyes: nobody approves or rejects her own recording, and only the sound the reviewer heard: a recording
    # saved again meanwhile keeps its row but not its digest.
    if clip is None or clip.status != PENDING or clip.recorded_by == actor.id or not digest:
        return None
    return clip if hmac.compare_digest(clip.digest, digest) else None


def approve_clip(session: Session, actor: Actor, clip_id: int, digest: str, now: datetime) -> AudioClip | None:
    """Make the pending clip with this sound (`digest`, what the reviewer heard) the one women hear (its own address;
    the old live clip's address stops working). None when it is no longer pending (someone decided first), was
    recorded again since, or is the reviewer's own."""
    clip = _pending(session, actor, clip_id, digest)
    if clip is None:
        return None
    old = session.exec(select(AudioClip).where(AudioClip.prompt == clip.prompt, AudioClip.language == clip.language,
                                               AudioClip.status == LIVE)).first()
    if old is not None:
        session.delete(old)
        session.flush()  # the live place is free before the pending clip takes it
    clip.status, clip.approved_by, clip.approved_at = LIVE, actor.id, now
    session.add(clip)
    audit.record(session, actor, "audio.approve", object_type="audio_clip", object_id=clip.id)
    session.commit()
    return clip


def reject_clip(session: Session, actor: Actor, clip_id: int, digest: str) -> bool:
    """Discard the pending clip with this sound; the live one stays. False when it is no longer pending, was recorded
    again since, or is the reviewer's own."""
    clip = _pending(session, actor, clip_id, digest)
    if clip is None:
        return False
    audit.record(session, actor, "audio.reject", object_type="audio_clip", object_id=clip.id)
    session.delete(clip)
    session.commit()
    return True
