"""The demo's spoken questions: every clip key read by espeak-ng, a synthetic voice, so a newcomer sees and hears
the Listen buttons. Staff see these clips marked as a computer's voice to be replaced by a real one
(`audio.SYNTHETIC_VOICE_EMAIL` is their recorder).

espeak-ng (Debian package `espeak-ng`) has voices for Danish, Arabic and Urdu, none for Somali: the Somali demo has
no clips. Each text is read by its own espeak-ng process (several at once) into WAV, then goes through the same
conversion as a recording (app/services/audio.py: mono MP3). Reading all texts in one process and cutting at the
pauses was tried: espeak-ng moves an SSML pause to a later clause boundary now and then, so pieces and texts did
not line up. The MP3s are kept in a cache folder (instance/demo-voice/), so `make run` after the first pays nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

from app.models import AudioClip, StaffUser
from app.services import audio

#: espeak-ng's voice for each language that has one.
VOICES = {"da": "da", "ar": "ar", "ur": "ur"}
_PROCESSES = 4
_LIMITS = audio.ClipLimits(max_bytes=20_000_000, max_seconds=60, min_milliseconds=100)
_SPEED_WPM = "150"
_STOPS = frozenset(".?!:;؟۔…")  # a little slower than espeak-ng's 175: she listens to words she may not read


@dataclass
class Seeded:
    """What the demo voice did: clips per language, and why a language has none."""

    clips: dict[str, int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)


def _espeak(voice: str, text: str, target: Path) -> None:
    binary = shutil.which("espeak-ng")
    if binary is None:
        raise FileNotFoundError("espeak-ng")
    # The fixed binary with arguments built here, the text on stdin: no shell.
    subprocess.run([binary, "-v", voice, "-s", _SPEED_WPM, "-w", str(target), "--stdin"], input=text.encode(), check=True,
                   capture_output=True, timeout=60)


def _cached(cache: Path, voice: str, text: str) -> audio.Converted:
    """`text` read by `voice`: from the cache, else made with espeak-ng and kept there."""
    name = hashlib.sha256(f"{voice}|{_SPEED_WPM}|{text}".encode()).hexdigest()[:24]
    for kept in cache.glob(f"{name}-*.mp3"):
        return audio.Converted(kept.read_bytes(), int(kept.stem.rsplit("-", 1)[1]))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "said.wav"
        _espeak(voice, text, target)
        clip = audio.convert(target.read_bytes(), _LIMITS)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{name}-{clip.duration_ms}.mp3").write_bytes(clip.content)
    return clip


def synthesise(voice: str, texts: list[str], cache: Path) -> list[audio.Converted]:
    """Each text read by espeak-ng's `voice`, as clips ready to keep; raises FileNotFoundError without espeak-ng."""
    with ThreadPoolExecutor(max_workers=_PROCESSES) as pool:
        return list(pool.map(lambda text: _cached(cache, voice, text), texts))


def _voice_user(session: Session, now: datetime) -> StaffUser:
    """The synthetic voice's account: inactive, no password, so nobody signs in with it."""
    user = session.exec(select(StaffUser).where(StaffUser.email == audio.SYNTHETIC_VOICE_EMAIL)).first()
    if user is None:
        user = StaffUser(name="Syntetisk demo-stemme (espeak-ng)", email=audio.SYNTHETIC_VOICE_EMAIL, role="interpreter",
                         active=False, languages=",".join(VOICES), created_at=now)
        session.add(user)
        session.commit()
    return user


def seed_voice(session: Session, words: dict[str, dict[str, str]], now: datetime, cache: Path) -> Seeded:
    """Keep a synthetic clip for every key in `words` (language -> key -> text) that has no clip yet, in each language
    espeak-ng speaks. Never replaces a clip someone recorded."""
    result = Seeded()
    for language in words:
        if language not in VOICES:
            result.missing[language] = "espeak-ng has no voice for this language"
    spoken = {language: texts for language, texts in words.items() if language in VOICES}
    if shutil.which("espeak-ng") is None:
        result.missing.update({language: "espeak-ng is not installed (apt-get install espeak-ng)" for language in spoken})
        return result
    taken = {(info.language, info.prompt) for info in audio.clips(session)}
    todo = {language: {key: text for key, text in texts.items() if (language, key) not in taken and text.strip()}
            for language, texts in spoken.items()}
    made = {language: synthesise(VOICES[language], list(texts.values()), cache) for language, texts in todo.items()}
    voice = _voice_user(session, now)
    rows = []
    for language, clips in made.items():
        for key, clip in zip(todo[language], clips):
            rows.append({"prompt": key, "language": language, "mime_type": audio.MIME_TYPE, "content": clip.content,
                         "digest": audio.digest_of(clip.content), "duration_ms": clip.duration_ms, "recorded_by": voice.id,
                         "recorded_at": now, "status": audio.LIVE})
        result.clips[language] = len(clips)
    if rows:
        session.execute(insert(AudioClip), rows)
        session.commit()
    return result
