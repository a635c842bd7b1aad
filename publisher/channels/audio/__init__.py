"""The audio channel: the article spoken as an MP3 with chapters, its transcript, and the podcast feed.

render: speech script -> chunks synthesised in parallel, measured as they come and kept on disk
-> loudness and limiter fitted on the measurements -> the samples streamed through the gain into
one MP3 encode (one per core, in parts) -> ID3v2.4 tags and chapters, plus ``transcript.html``
and ``audio.vtt`` (the written words), ``chapters.json``, and the internal ``audio.txt`` (the
exact spoken text).
verify: duration, silence, loudness, tags, transcript.
rebuild_site: ``podcast.xml`` and its cover art.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from publisher.a11y.findings import Finding, Location
from publisher.audio_summary import AudioSummary, audio_summary, mp3_duration
from publisher.channels.audio.checks import AudioExpectations, check_audio
from publisher.channels.audio.cover import site_cover
from publisher.channels.audio.directories import directory_problems
from publisher.channels.audio.podcast import FEED_NAME, build_feed, feed_problems
from publisher.channels.audio.signal.encode import Layout, Mp3Encoders
from publisher.channels.audio.signal.heap import limit_arenas, release_freed
from publisher.channels.audio.signal.measures import MEASURES_FILE, frames_digest
from publisher.channels.audio.speech.chunks import Timed
from publisher.channels.audio.speech.engines import make_engine
from publisher.channels.audio.speech.engines.base import expected_rate
from publisher.channels.audio.speech.script import SpeechScript, build_script
from publisher.channels.audio.streamed import speak_to_mp3
from publisher.channels.audio.tags import Chapter, EpisodeTags, write_tags
from publisher.channels.audio.transcript import TRANSCRIPT_PAGE, chapters_json, transcript_page, webvtt
from publisher.channels.base import CheckTarget, RenderJob, Rendition
from publisher.i18n import translations, ui_locale
from publisher.lexicon import Lexicon, load_lexicon
from publisher.model import Article
from publisher.published import PublishedArticle, SiteContext
from publisher.settings import Settings
from publisher.urls import article_url

__all__ = ["FILES", "AudioChannel", "AudioSummary", "audio_summary", "chapters_of", "page_url"]

# Published files; the speech script (``audio.txt``, numbers as the engine is fed them) stays internal.
FILES = ("audio.mp3", "audio.vtt", "chapters.json", TRANSCRIPT_PAGE)
_TAG_TEXT_SPACE = 64 * 1024


def page_url(article: Article, settings: Settings) -> str:
    """The URL of the article's web page, which the tags and the feed point to."""
    return article_url(settings.site.base_url, article.slug)


def chapters_of(timeline: Sequence[Timed], layout: Layout, duration: float) -> tuple[Chapter, ...]:
    """One chapter per chunk that starts one, ending where the next begins (the last at the end).

    Times are file times (``layout``); the first chapter (the article's title) starts at zero,
    so it includes the spoken intro.
    """
    starts = [
        (timed.chunk.chapter, layout.place(timed.start))
        for timed in timeline
        if timed.chunk.chapter is not None
    ]
    if starts:
        starts[0] = (starts[0][0], 0.0)
    ends = [start for _, start in starts[1:]] + [duration]
    return tuple(
        Chapter(title, start, end)
        for (title, start), end in zip(starts, ends, strict=True)
        if title is not None
    )


class AudioChannel:
    """Speaks the article with the configured engine; a failing engine fails this channel alone."""

    name = "audio"
    after: tuple[str, ...] = ()

    def __init__(self) -> None:
        # The last script built, with the article and lexicon it was built from.
        self._built: tuple[Article, Lexicon, SpeechScript] | None = None

    def _script(self, article: Article, settings: Settings) -> SpeechScript:
        """The speech script of ``article``: a release's render and checks build it once."""
        lexicon = load_lexicon(settings.lexicon)
        built = self._built
        if built is not None and built[0] == article and built[1] == lexicon:
            return built[2]
        script = build_script(article, lexicon)
        self._built = (article, lexicon, script)
        return script

    def render(self, article: Article, job: RenderJob) -> Rendition:
        settings = job.settings.audio
        # Before the render's threads start, so that they share the few arenas (``signal.heap``).
        limit_arenas()
        engine = make_engine(settings)
        mp3 = job.workdir / "audio.mp3"
        # One MP3 part per core, cut inside pauses, encoded at the same time; the encoders start
        # first, so that their start-up overlaps writing the script and synthesising the speech.
        workers = settings.workers or os.cpu_count() or 1
        with Mp3Encoders(
            workers,
            settings.bitrate_kbps,
            settings.mp3_sample_rate,
            settings.mp3_quality,
            input_rate=expected_rate(engine),
        ) as encoders:
            script = self._script(article, job.settings)
            cache = settings.cache_for(job.out_dir)
            cover = site_cover(job.settings, cache)
            # Drawing a cover frees tens of megabytes that the speech would otherwise stack on.
            release_freed()
            # Room for the tag: the cover, and text and chapters (a few kilobytes).
            tag_space = len(cover.data) + _TAG_TEXT_SPACE
            encoded = speak_to_mp3(script, engine, settings, encoders, mp3, cache, tag_space)
        release_freed()
        layout = encoded.layout
        chapters = chapters_of(encoded.timeline, layout, mp3_duration(mp3))
        write_tags(
            mp3,
            EpisodeTags(
                title=article.title,
                artist=article.author,
                album=job.settings.site.title,
                date=article.date,
                language=article.lang,
                url=page_url(article, job.settings),
                chapters=chapters,
                description=article.summary,
                copyright=f"© {article.date.year} {job.settings.site.owner}",
                cover=cover.data,
                cover_mime=cover.mime,
            ),
            chapter_label=translations(article.lang, "audio").gettext("Chapters"),
        )
        measures_path = job.workdir / MEASURES_FILE
        measures_path.unlink(missing_ok=True)
        if encoded.measures is not None:
            # For the checks: what was encoded into these frames, in file times.
            encoded.measures.placed(layout.place, frames_digest(mp3)).save(measures_path)
        cues = [
            (layout.place(timed.start), layout.place(timed.end), timed.chunk.written)
            for timed in encoded.timeline
        ]
        _write(job.workdir / "audio.txt", script.text())
        page = transcript_page(script, job.settings.site, page_url(article, job.settings))
        _write(job.workdir / TRANSCRIPT_PAGE, page)
        _write(job.workdir / "audio.vtt", webvtt(cues, article.lang))
        _write(job.workdir / "chapters.json", chapters_json(chapters))
        return Rendition(files=FILES, check=(CheckTarget(TRANSCRIPT_PAGE, "web"),))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        script = self._script(article, job.settings)
        expected = AudioExpectations(
            words=script.word_count(),
            chapters=tuple(script.chapters()),
            target_lufs=job.settings.audio.target_lufs,
            max_true_peak=job.settings.audio.max_true_peak,
            locale=ui_locale(article.lang),
            pauses_s=script.pause_seconds(),
        )
        findings = check_audio(job.workdir, expected)
        if any(finding.rule == "audio-file" for finding in findings):
            return findings
        # The feed this release will add to must list the episode completely.
        site = SiteContext(
            job.settings, job.out_dir, (PublishedArticle(article, job.workdir, frozenset({"audio"})),)
        )
        feed = build_feed(site)
        cover = site_cover(job.settings, job.settings.audio.cache_for(job.out_dir))
        problems = feed_problems(feed, page_url(article, job.settings), job.workdir / "audio.mp3")
        problems += directory_problems(feed, {cover.name: cover.data}, job.settings.site.base_url)
        if problems:
            gettext = translations(article.lang, "audio").gettext
            message = gettext("The podcast feed entry lacks: {problems}.").format(
                problems=", ".join(problems)
            )
            findings.append(
                Finding(
                    rule="audio-feed", severity="error", message=message, location=Location(path=FEED_NAME)
                )
            )
        return findings

    def fill(self, article: Article, job: RenderJob, rendition: Rendition) -> dict[str, bytes]:
        """The audio shows nothing of another channel's output."""
        return {}

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        cover = site_cover(site.settings, site.settings.audio.cache_for(site.out_dir))
        return {FEED_NAME: build_feed(site), cover.name: cover.data}


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
