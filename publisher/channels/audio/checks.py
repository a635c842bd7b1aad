"""Checks of a finished spoken article before release: duration, silence, loudness, tags, transcript.

Each check returns ``Finding``s with a localised message; an ``error`` holds the audio channel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError

from publisher.a11y.findings import Finding, Location
from publisher.audio_summary import mp3_duration, mp3_rate
from publisher.channels.audio.signal.decode import DecodeError, decode_file_blocks
from publisher.channels.audio.signal.frames import frame_damage
from publisher.channels.audio.signal.measures import (
    LONG_SILENCE_S,
    MEASURES_FILE,
    SignalMeasures,
    measure_signal,
)
from publisher.channels.audio.tags import missing_frames, read_chapters
from publisher.channels.audio.transcript import parse_vtt
from publisher.i18n import translations

__all__ = [
    "MAX_SILENCE_S",
    "WORDS_PER_MINUTE",
    "AudioExpectations",
    "check_audio",
    "check_duration",
    "check_signal",
    "check_tags",
    "check_transcript",
]

MAX_SILENCE_S = LONG_SILENCE_S
# A voice reading news speaks within this range between the script's pauses; outside it the audio is
# cut short or stalled. The pauses are taken off first: a short article of headings and list items is
# mostly pauses, and a bound on the whole length would hold it for being well structured.
WORDS_PER_MINUTE = (90, 260)
_LOUDNESS_TOLERANCE_LU = 1.0
# MP3 encoding raises true peaks a little (up to 0.8 dB measured on the examples): measured on the
# samples sent to the encoder, a peak must stay this far further under the limit.
_ENCODING_OVERSHOOT_DB = 1.0
_REQUIRED_FRAMES = {
    "TIT2": "title",
    "TPE1": "artist",
    "TALB": "album",
    "TDRC": "date",
    "TLAN": "language",
    "WOAS": "web page",
    "COMM": "description",
    "TCOP": "copyright",
    "APIC": "cover art",
}

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class AudioExpectations:
    """What the audio of an article should be, known from its speech script and the settings."""

    words: int
    chapters: tuple[str, ...]
    target_lufs: float
    max_true_peak: float
    locale: str
    # The silence the script asks for after its segments (title, headings, paragraphs, list items).
    pauses_s: float = 0.0


def _finding(rule: str, message: str, path: str) -> Finding:
    return Finding(rule=rule, severity="error", message=message, location=Location(path=path))


def check_duration(
    duration: float, words: int, gettext: Gettext, path: str = "audio.mp3", pauses: float = 0.0
) -> list[Finding]:
    """The time spoken (the duration less the script's ``pauses``) is plausible for the number of words."""
    low, high = WORDS_PER_MINUTE
    speaking = duration - pauses
    rate = words / (speaking / 60) if speaking > 0 else float("inf")
    if low <= rate <= high:
        return []
    message = gettext(
        "The audio lasts {seconds} s for {words} spoken words and {pauses} s of pauses "
        "({rate} words per minute while speaking); a voice speaks {low} to {high} words per minute."
    ).format(
        seconds=round(duration, 1), words=words, pauses=round(pauses, 1), rate=round(rate), low=low, high=high
    )
    return [_finding("audio-duration", message, path)]


def heard(path: Path) -> SignalMeasures:
    """What the file sounds like: the measures the channel took of the samples it encoded into this very
    file, else the file decoded at its own sample rate and measured in blocks (memory stays flat)."""
    kept = SignalMeasures.kept_for(path.with_name(MEASURES_FILE), path)
    if kept is not None:
        return kept
    rate = mp3_rate(path)
    return measure_signal(decode_file_blocks(path, rate=rate), rate, "file")


def check_signal(path: Path, target_lufs: float, max_true_peak: float, gettext: Gettext) -> list[Finding]:
    """No silence longer than three seconds, loudness within 1 LU of the target, true peak under its limit."""
    measures = heard(path)
    findings = [
        _finding(
            "audio-silence",
            gettext(
                "The audio is silent for {seconds} s from {start} s on; pauses may last at most {limit} s."
            ).format(seconds=round(duration, 1), start=round(start, 1), limit=MAX_SILENCE_S),
            path.name,
        )
        for start, duration in measures.silences
    ]
    if abs(measures.integrated - target_lufs) > _LOUDNESS_TOLERANCE_LU:
        message = gettext("The loudness is {lufs} LUFS; it must be within 1 LU of {target} LUFS.").format(
            lufs=round(measures.integrated, 1), target=target_lufs
        )
        findings.append(_finding("audio-loudness", message, path.name))
    peak = measures.true_peak + (_ENCODING_OVERSHOOT_DB if measures.source == "encoded samples" else 0.0)
    if peak >= max_true_peak:
        message = gettext("The true peak is {peak} dBTP; it must stay below {limit} dBTP.").format(
            peak=round(peak, 2), limit=max_true_peak
        )
        findings.append(_finding("audio-loudness", message, path.name))
    return findings


def check_tags(path: Path, chapters: tuple[str, ...], gettext: Gettext) -> list[Finding]:
    """Every ID3 tag is there, and the chapters are the article's sections in order."""
    absent = missing_frames(path, list(_REQUIRED_FRAMES))
    findings = [
        _finding(
            "audio-tags",
            gettext("The ID3 tag {frame} ({name}) is missing.").format(
                frame=frame, name=_REQUIRED_FRAMES[frame]
            ),
            path.name,
        )
        for frame in absent
    ]
    found = tuple(chapter.title for chapter in read_chapters(path))
    if found != chapters:
        message = gettext(
            "The chapters in the ID3 tags ({found}) do not match the sections of the article ({expected})."
        ).format(found=" | ".join(found) or "-", expected=" | ".join(chapters))
        findings.append(_finding("audio-tags", message, path.name))
    return findings


def check_transcript(folder: Path, duration: float, gettext: Gettext) -> list[Finding]:
    """The HTML and WebVTT transcripts exist, and the cues lie within the audio."""
    missing = gettext("The transcript {file} is missing or empty.")
    findings = []
    text = folder / "transcript.html"
    if not text.is_file() or not text.read_text(encoding="utf-8").strip():
        findings.append(_finding("audio-transcript", missing.format(file=text.name), text.name))
    vtt = folder / "audio.vtt"
    cues = parse_vtt(vtt.read_text(encoding="utf-8")) if vtt.is_file() else []
    if not cues:
        findings.append(_finding("audio-transcript", missing.format(file=vtt.name), vtt.name))
    elif cues[-1][1] > duration + 0.5:
        message = gettext("The transcript {file} runs to {end} s, past the end of the audio at {duration} s.")
        findings.append(
            _finding(
                "audio-transcript",
                message.format(file=vtt.name, end=round(cues[-1][1], 1), duration=round(duration, 1)),
                vtt.name,
            )
        )
    return findings


def check_audio(folder: Path, expected: AudioExpectations) -> list[Finding]:
    """All checks of ``folder/audio.mp3`` and its transcript."""
    gettext = translations(expected.locale, "audio").gettext
    path = folder / "audio.mp3"
    try:
        duration = mp3_duration(path)
        damage = frame_damage(path)
        if damage is not None:
            raise DecodeError(damage)
        return [
            *check_duration(duration, expected.words, gettext, path.name, expected.pauses_s),
            *check_signal(path, expected.target_lufs, expected.max_true_peak, gettext),
            *check_tags(path, expected.chapters, gettext),
            *check_transcript(folder, duration, gettext),
        ]
    except (MutagenError, OSError, DecodeError) as error:
        message = gettext("The audio file {file} cannot be read: {error}").format(file=path.name, error=error)
        return [_finding("audio-file", message, path.name)]
