"""Rules for embedded content: frames are named, audio and video do not start on their own and have text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.language import language_of, primary_subtag
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.transcripts import audio_has_transcript, has_transcript, said_beside
from publisher.a11y.registry import Violation, rule

__all__ = [
    "audio_transcript",
    "frame_title",
    "live_captions",
    "media_autoplay",
    "video_captions",
    "video_transcript",
]

# A broadcast as it happens, and words that tell it is captioned as it happens.
_LIVE = re.compile(
    r"live\s?-?stream|live übertragen|übertragen wir live|live-übertragung|broadcast live|streamed live",
    re.IGNORECASE,
)
_CAPTIONED = re.compile(r"untertitel|caption|subtitle|schriftdolmetsch", re.IGNORECASE)
_CONTROL_WORDS = re.compile(r"\b(pause|stop|mute|stumm|anhalten|stopp)", re.IGNORECASE)
_FRAGMENT = re.compile(r"#t=([\d.]*),([\d.]+)")
# An embedded player told to start by itself ("?autoplay=1"), and told to stay silent ("&mute=1").
_AUTOPLAY_QUERY = re.compile(
    r"[?&;](?:amp;)?(?:autoplay|auto_play|autostart)=(?:1|true|yes)\b", re.IGNORECASE
)
_MUTED_QUERY = re.compile(r"[?&;](?:amp;)?(?:mute|muted)=(?:1|true|yes)\b", re.IGNORECASE)
# An audio that reads the page's own text aloud ("Text anhören", "Listen to this page"): the page is its text.
_READ_ALOUD = re.compile(
    r"\b(?:text|seite|diese seite)\s+(?:anhören|vorlesen)|\bvorlesefunktion|\bwir lesen ihnen\b|"
    r"\blisten to (?:this|the) (?:page|text)\b|\bread (?:this page |the text )?aloud\b",
    re.IGNORECASE,
)


# Titles that only name the element, as some editors and embed codes fill them in.
_FRAME_PLACEHOLDERS = frozenset(
    {
        "iframe",
        "frame",
        "embed",
        "inline frame",
        "untitled",
        "unbenannt",
        "title",
        "titel",
        "null",
        "undefined",
    }
)


@rule(
    "frame-title",
    description="Frames have an accessible name (a title) that says what they contain.",
    wcag=["4.1.2"],
    act=["cae760"],
    channels=["web"],
)
def frame_title(doc: CheckedDocument) -> Iterator[Violation]:
    """Every ``iframe`` a keyboard user can reach has a non-empty accessible name, usually ``title``.

    Okay: <iframe src="map.html" title="Map of the venue"></iframe>
    Okay: <iframe src="ad.html" tabindex="-1"></iframe>
    Error: <iframe src="map.html"></iframe>
    Error: <iframe src="map.html" name="Map"></iframe>
    Error: <iframe src="map.html" title="iframe"></iframe>
    """
    sem = semantics(doc)
    for frame in doc.root.iter("iframe"):
        tabindex = (frame.get("tabindex") or "").strip()
        if tabindex.startswith("-") or sem.explicit_role(frame) in ("none", "presentation"):
            continue
        # A title that only names the element ("iframe", "Frame", "embed") says nothing of what it shows.
        name = sem.name(frame).strip() if sem.is_exposed(frame) else None
        if name == "":
            said = message(
                doc,
                "Frame %(element)s has no title: add a title attribute that says what the frame shows.",
                element=describe(frame),
            )
        elif name is not None and name.casefold() in _FRAME_PLACEHOLDERS:
            said = message(
                doc,
                'Frame %(element)s has the title "%(title)s", which does not say what it shows: name its '
                'content, e.g. "Map of the town hall".',
                element=describe(frame),
                title=name,
            )
        else:
            continue
        yield Violation(said, frame)


def _short_fragment(media: _Element) -> bool:
    # A media fragment such as "#t=8,10" plays at most the given span.
    sources = [media.get("src") or ""] + [source.get("src") or "" for source in media.iter("source")]
    for source in sources:
        found = _FRAGMENT.search(source)
        if found and float(found.group(2)) - float(found.group(1) or 0) <= 3:
            return True
    return False


def _has_control_buttons(doc: CheckedDocument, sem: Semantics) -> bool:
    return doc.shared(_control_buttons)


def _control_buttons(doc: CheckedDocument) -> bool:
    # Page-wide, so worked out once however many players the page has.
    sem = semantics(doc)
    return any(
        sem.is_exposed(element) and _CONTROL_WORDS.search(sem.name(element))
        for element in sem.with_roles("button")
    )


@rule(
    "media-autoplay",
    description="Audio and video do not play sound on their own without a way to stop it.",
    wcag=["1.4.2"],
    act=["80f0bf", "4c31df"],
    channels=["web"],
)
def media_autoplay(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``autoplay`` audio or video is muted, short, or has controls to pause or mute it.

    Okay: <video src="clip.mp4" controls></video>
    Okay: <video src="clip.mp4" autoplay muted></video>
    Okay: <iframe src="player.html?v=12&amp;autoplay=1&amp;mute=1" title="Video: harbour"></iframe>
    Error: <audio src="speech.mp3" autoplay></audio>
    Error: <iframe src="player.html?v=12&amp;autoplay=1" title="Video: New Year speech" allow="autoplay"></iframe>
    """
    sem = semantics(doc)
    for frame in doc.root.iter("iframe"):
        source = frame.get("src") or ""
        if _AUTOPLAY_QUERY.search(source) and not _MUTED_QUERY.search(source) and sem.is_visible(frame):
            yield Violation(
                message(
                    doc,
                    "The embedded player %(element)s is told to start playing on its own, with sound: remove "
                    "autoplay=1 from its address, so that the sound does not cover a screen reader's speech.",
                    element=describe(frame),
                ),
                frame,
            )
    for media in doc.root.iter("audio", "video"):
        if media.get("autoplay") is None or media.get("muted") is not None:
            continue
        if media.get("controls") is not None and sem.is_visible(media):
            continue
        if _short_fragment(media) or _has_control_buttons(doc, sem):
            continue
        yield Violation(
            message(
                doc,
                "Media %(element)s starts playing on its own with no way to stop it: remove autoplay, or add "
                "the controls attribute.",
                element=describe(media),
            ),
            media,
        )


def _playable(media: _Element, sem: Semantics) -> bool:
    return sem.is_visible(media) and (media.get("controls") is not None or media.get("autoplay") is not None)


@rule(
    "audio-transcript",
    description="Audio has a transcript on the page or linked from it.",
    wcag=["1.2.1"],
    act=["2eb176", "e7aa44"],
    channels=["web"],
)
def audio_transcript(doc: CheckedDocument) -> Iterator[Violation]:
    """A playable ``audio`` element has a visible transcript: linked, or as text on the page.

    An audio that reads the page's own text aloud, as its name or the heading just before it says,
    has that text as its transcript.

    Okay: <audio src="speech.mp3" controls></audio><a href="speech.html">Transcript of the speech</a>
    Okay: <h2>Text anhören</h2><audio src="seite.mp3" controls></audio>
    Okay: <p>The mayor said that the new bridge joins two parts of the town which were apart for eighty years, and that it belongs to all who walk, ride or roll across it.</p><p>Listen below to hear the above part of the speech.</p><audio src="s.mp3" controls></audio>
    Okay: <audio src="folge.mp3" controls></audio><details><summary>Abschrift der Folge</summary><p>Tom: Willkommen!</p></details>
    Error: <audio src="speech.mp3" controls></audio>
    Error: <h2>Interview anhören</h2><audio src="interview.mp3" controls></audio>
    Error: <p>In this episode our guest, a first-year student, talks about how she plans her week, which advice services helped her most, and why she asked for more time in her exams.</p><audio src="episode.mp3" controls></audio>
    """
    sem = semantics(doc)
    for media in doc.root.iter("audio"):
        if (
            _playable(media, sem)
            and not said_beside(sem, media, _READ_ALOUD)
            and not audio_has_transcript(doc, sem, media)
        ):
            yield Violation(
                message(
                    doc,
                    "Audio %(element)s has no transcript: put the spoken text on the page, or link to it "
                    '(e.g. a link "Transcript").',
                    element=describe(media),
                ),
                media,
            )


@rule(
    "video-transcript",
    description="Video has a transcript, captions or a text alternative.",
    wcag=["1.2.1", "1.2.2", "1.2.3"],
    channels=["web"],
)
def video_transcript(doc: CheckedDocument) -> Iterator[Violation]:
    """A playable ``video`` element has a visible transcript, on the page or linked from it.

    Okay: <video src="clip.mp4" controls></video><p><a href="clip-text.html">Transkript des Videos</a></p>
    Okay: <video src="clip.mp4" controls></video><a href="clip.html">Transcript</a>
    Okay: <video src="clip.mp4" controls></video><details><summary>Transcript</summary><p>Words.</p></details>
    Error: <video src="clip.mp4" controls></video>
    """
    sem = semantics(doc)
    for media in doc.root.iter("video"):
        if not _playable(media, sem) or has_transcript(doc, sem, media):
            continue
        yield Violation(
            message(
                doc,
                "Video %(element)s has no transcript or text alternative: add a transcript on the page or a "
                "link to one, and captions (a track element) for its sound.",
                element=describe(media),
            ),
            media,
        )


@rule(
    "video-captions",
    description="Video with sound has captions (a track of kind captions or subtitles).",
    wcag=["1.2.2"],
    channels=["web"],
)
def video_captions(doc: CheckedDocument) -> Iterator[Violation]:
    """A playable, unmuted ``video`` carries captions: a transcript elsewhere does not replace them.

    Okay: <video src="clip.mp4" controls><track kind="captions" src="clip.vtt" srclang="en"></video>
    Okay: <video src="clip.mp4" autoplay muted loop></video>
    Okay: <div lang="de"><video src="clip.mp4" controls><track kind="captions" src="clip.vtt" srclang="de-DE"></video></div>
    Error: <video src="clip.mp4" controls></video><p><a href="clip.html">Transcript</a></p>
    Error: <div lang="de"><video src="clip.mp4" controls><track kind="captions" src="clip.vtt" srclang="en"></video></div>
    """
    sem = semantics(doc)
    for media in doc.root.iter("video"):
        if not _playable(media, sem) or media.get("muted") is not None:
            continue
        tracks = [
            track
            for track in media.iter("track")
            if (track.get("kind") or "subtitles").strip().lower() in ("captions", "subtitles")
        ]
        if not tracks:
            yield Violation(
                message(
                    doc,
                    "Video %(element)s has no captions: add a track element of kind captions with the spoken "
                    "text and the sounds that matter, so that people who cannot hear it can follow.",
                    element=describe(media),
                ),
                media,
            )
            continue
        spoken = primary_subtag(language_of(media))
        languages = {primary_subtag(track.get("srclang") or "") for track in tracks}
        if spoken and "" not in languages and spoken not in languages:
            yield Violation(
                message(
                    doc,
                    "Video %(element)s has captions only in another language (%(languages)s): add captions in "
                    "the language of the page (%(language)s).",
                    element=describe(media),
                    languages=", ".join(sorted(languages)),
                    language=spoken,
                ),
                media,
            )


@rule(
    "live-captions",
    description="A live stream says that it is captioned as it happens (live captions).",
    severity="warning",
    wcag=["1.2.4"],
    channels=["web"],
)
def live_captions(doc: CheckedDocument) -> Iterator[Violation]:
    """A council meeting streamed live reaches deaf viewers only with captions written as it happens.

    Okay: <h1>Council meeting live</h1><iframe src="stream.html" title="Live stream of the council meeting"></iframe><p>The stream is captioned live.</p>
    Error: <h1>Ratssitzung</h1><iframe src="stream.html" title="Livestream der Ratssitzung"></iframe>
    """
    sem = semantics(doc)
    players = [
        player
        for player in doc.root.iter("iframe", "video")
        if sem.is_visible(player) and _LIVE.search(" ".join([sem.name(player), player.get("title") or ""]))
    ]
    if not players or any(
        track.get("kind") == "captions" for player in players for track in player.iter("track")
    ):
        return
    body = doc.root.find("body")
    if _CAPTIONED.search(squash(text_of(body if body is not None else doc.root))):
        return
    yield Violation(
        message(
            doc,
            "%(element)s streams live, and the page says nothing of live captions: caption the stream as it "
            "happens (a captioner or speech-to-text interpreter), and say so here.",
            element=describe(players[0]),
        ),
        players[0],
    )
