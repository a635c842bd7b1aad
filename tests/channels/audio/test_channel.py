"""The audio channel renders the MP3, the spoken text, the transcript and chapters, and checks them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from publisher.channels.audio import FILES, AudioChannel, AudioSummary, audio_summary
from publisher.channels.audio.signal.decode import decode_file
from publisher.channels.audio.signal.encode import encode_mp3
from publisher.channels.audio.signal.loudness import integrated_loudness, true_peak_db
from publisher.channels.audio.signal.measures import MEASURES_FILE, SignalMeasures
from publisher.channels.audio.transcript import parse_vtt
from publisher.channels.base import Channel, RenderJob, Rendition
from publisher.errors import PublisherError
from publisher.model import Article
from tests.channels.audio.conftest import audio_settings, ffprobe, make_job


def test_the_audio_channel_implements_the_channel_protocol() -> None:
    """It is a Channel named "audio"."""
    channel = AudioChannel()
    assert isinstance(channel, Channel)
    assert channel.name == "audio"


def test_render_writes_the_published_files_and_the_internal_speech_script(
    rendered: tuple[Article, RenderJob],
) -> None:
    """audio.mp3, audio.vtt, chapters.json and transcript.html go public; audio.txt and the measures
    of what was encoded stay internal."""
    _, job = rendered
    internal = ["audio.txt", MEASURES_FILE]
    assert sorted(path.name for path in job.workdir.iterdir()) == sorted([*FILES, *internal])
    assert not set(internal) & set(FILES)


def test_the_mp3_is_mono_44_1_khz_at_minus_16_lufs(rendered: tuple[Article, RenderJob]) -> None:
    """Mono at 44.1 kHz (as Apple Podcasts asks); decoded: -16 LUFS within 1 LU, true peak under -1 dBTP."""
    _, job = rendered
    stream = ffprobe(job.workdir / "audio.mp3")["streams"][0]
    assert (stream["codec_name"], stream["sample_rate"], stream["channels"]) == ("mp3", "44100", 1)
    samples = decode_file(job.workdir / "audio.mp3")
    assert integrated_loudness(samples, 44_100) == pytest.approx(-16.0, abs=1.0)
    assert true_peak_db(samples) < -1.0


def test_chapters_follow_the_section_headings_in_order(rendered: tuple[Article, RenderJob]) -> None:
    """ffprobe lists the title chapter at zero, then each section heading, increasing in time."""
    _, job = rendered
    chapters = ffprobe(job.workdir / "audio.mp3")["chapters"]
    assert [chapter["tags"]["title"] for chapter in chapters] == [
        "Stadt baut neue Radwege",
        "Was gebaut wird",
        "Wie es weitergeht",
    ]
    starts = [float(chapter["start_time"]) for chapter in chapters]
    assert starts[0] == 0.0
    assert starts == sorted(starts)
    document = json.loads((job.workdir / "chapters.json").read_text(encoding="utf-8"))
    assert [chapter["startTime"] for chapter in document["chapters"]] == pytest.approx(starts, abs=0.001)


def test_the_tags_name_the_office_site_and_web_page(rendered: tuple[Article, RenderJob]) -> None:
    """Artist is the issuing office, album the site, and the web page URL is in WOAS."""
    _, job = rendered
    tags = ID3(job.workdir / "audio.mp3")
    assert tags.version == (2, 4, 0)
    assert str(tags["TPE1"]) == "Stadt Musterstadt, Pressestelle"
    assert str(tags["TALB"]) == "Presse Musterstadt"
    assert str(tags["TLAN"]) == "deu"
    assert tags["WOAS"].url == "https://presse.example.de/stadt-baut-neue-radwege/"


def test_the_cues_show_the_written_words_and_the_script_the_spoken_ones(
    rendered: tuple[Article, RenderJob],
) -> None:
    """audio.txt is exactly what was spoken; the WebVTT cues carry the written sentences in order."""
    _, job = rendered
    spoken = (job.workdir / "audio.txt").read_text(encoding="utf-8")
    cues = parse_vtt((job.workdir / "audio.vtt").read_text(encoding="utf-8"))
    assert "Es entstehen zwölf Kilometer neue Wege." in spoken
    written = [cue[2] for cue in cues]
    assert "Es entstehen 12 km neue Wege." in written
    assert "Der Bau beginnt am 3. April." in written
    assert "Die Stadt investiert 2,5 Mio. € in Radwege." in written
    assert len(written) == len(spoken.split("\n\n"))
    duration = float(ffprobe(job.workdir / "audio.mp3")["format"]["duration"])
    assert cues[-1][1] <= duration


def test_a_well_made_release_passes_every_check(rendered: tuple[Article, RenderJob]) -> None:
    """verify finds nothing to hold on the channel's own output."""
    article, job = rendered
    assert AudioChannel().verify(article, job, Rendition(files=FILES)) == []


@pytest.fixture
def copy_of(rendered: tuple[Article, RenderJob], tmp_path: Path) -> tuple[Article, RenderJob]:
    """A writable copy of the rendered output, to damage."""
    article, job = rendered
    copy = make_job(tmp_path, job.settings)
    shutil.copytree(job.workdir, copy.workdir, dirs_exist_ok=True)
    return article, copy


def _rules(article: Article, job: RenderJob) -> set[str]:
    findings = AudioChannel().verify(article, job, Rendition(files=FILES))
    assert all(finding.severity == "error" for finding in findings)
    return {finding.rule for finding in findings}


def test_missing_tags_and_transcript_hold_the_channel(copy_of: tuple[Article, RenderJob]) -> None:
    """An MP3 whose tags were stripped and a lost WebVTT file are both reported."""
    article, job = copy_of
    ID3(job.workdir / "audio.mp3").delete()
    (job.workdir / "audio.vtt").unlink()
    assert _rules(article, job) == {"audio-tags", "audio-transcript"}


def test_long_silence_quiet_audio_and_a_wrong_duration_hold_the_channel(
    copy_of: tuple[Article, RenderJob],
) -> None:
    """Four seconds of silence, far too quiet, too long for its words: three checks hold the channel."""
    article, job = copy_of
    samples = decode_file(job.workdir / "audio.mp3") * 0.05
    gap = np.zeros(44_100 * 4, dtype=np.float32)
    stretched = np.concatenate([samples, gap, samples, gap, samples])
    encode_mp3(stretched, 44_100, job.workdir / "audio.mp3")
    rules = _rules(article, job)
    assert {"audio-silence", "audio-loudness", "audio-duration"} <= rules


def test_the_measures_kept_for_the_checks_describe_the_file_as_decoded(
    rendered: tuple[Article, RenderJob],
) -> None:
    """Measured on the samples sent to the encoder, loudness and peak are what the decoded MP3 has."""
    _, job = rendered
    mp3 = job.workdir / "audio.mp3"
    kept = SignalMeasures.kept_for(job.workdir / MEASURES_FILE, mp3)
    assert kept is not None and kept.source == "encoded samples"
    decoded = decode_file(mp3)
    assert abs(kept.integrated - integrated_loudness(decoded, 44_100)) < 0.6
    assert abs(kept.true_peak - true_peak_db(decoded)) < 0.5
    assert kept.silences == ()


def test_measures_kept_for_other_frames_are_not_taken(copy_of: tuple[Article, RenderJob]) -> None:
    """A file changed after rendering is measured itself: a louder copy is found too loud."""
    article, job = copy_of
    samples = decode_file(job.workdir / "audio.mp3")
    encode_mp3(samples * 2.0, 44_100, job.workdir / "audio.mp3")
    assert SignalMeasures.kept_for(job.workdir / MEASURES_FILE, job.workdir / "audio.mp3") is None
    assert "audio-loudness" in _rules(article, job)


@pytest.mark.parametrize("damage", ["cut short", "bytes lost in the middle"])
def test_a_damaged_mp3_is_reported_without_decoding_it(
    copy_of: tuple[Article, RenderJob], damage: str
) -> None:
    """A file cut short, or missing bytes in the middle, gives an audio-file finding (the frame walk)."""
    article, job = copy_of
    mp3 = job.workdir / "audio.mp3"
    data = mp3.read_bytes()
    middle = len(data) // 2
    mp3.write_bytes(data[:-300] if damage == "cut short" else data[:middle] + data[middle + 50 :])
    assert _rules(article, job) == {"audio-file"}


def test_a_failing_engine_fails_the_audio_channel_with_a_clear_error(
    rendered: tuple[Article, RenderJob], tmp_path: Path
) -> None:
    """A missing piper model raises a PublisherError naming the setting; nothing else is touched."""
    article, _ = rendered
    job = make_job(tmp_path, audio_settings(tmp_path / "cache", engine="piper"))
    with pytest.raises(PublisherError, match="piper_model"):
        AudioChannel().render(article, job)
    assert list(job.workdir.iterdir()) == []


def test_ffprobe_sees_no_other_tag_version(rendered: tuple[Article, RenderJob]) -> None:
    """The file carries exactly one ID3v2.4 tag at the start (no ID3v1 tail from the encoder)."""
    _, job = rendered
    data = (job.workdir / "audio.mp3").read_bytes()
    assert data[:5] == b"ID3\x04\x00"
    assert data[-128:-125] != b"TAG"
    subprocess.run(["ffprobe", "-v", "error", str(job.workdir / "audio.mp3")], check=True)


def test_an_unreadable_mp3_is_reported_not_crashed_on(copy_of: tuple[Article, RenderJob]) -> None:
    """A file that is not audio at all gives one audio-file finding that holds the channel."""
    article, job = copy_of
    (job.workdir / "audio.mp3").write_bytes(b"this is not an mp3 file")
    assert "audio-file" in _rules(article, job)


def test_the_summary_gives_players_and_newsletters_duration_and_size(
    rendered: tuple[Article, RenderJob],
) -> None:
    """The web player and the newsletter link show the MP3's duration and size; nothing when absent."""
    _, job = rendered
    summary = audio_summary(job.workdir)
    assert summary is not None
    duration = float(ffprobe(job.workdir / "audio.mp3")["format"]["duration"])
    assert summary.duration == pytest.approx(duration, abs=0.05)
    assert summary.size == (job.workdir / "audio.mp3").stat().st_size
    assert AudioSummary(duration=307.4, size=1).minutes() == "5:07"
    assert audio_summary(job.assets_dir) is None
