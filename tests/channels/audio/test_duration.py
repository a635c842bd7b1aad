"""The duration check: short structured articles pass, files twice as long or cut short are held.

The article is the release benchmark's, named as its third round's batch names it: "batch22n2" is
one written word that espeak-ng speaks as four ("batch zweiundzwanzig n zwei"), three times over,
and the article is short, with a heading and a list, so its pauses weigh in its length.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from publisher.channels.audio import FILES, AudioChannel
from publisher.channels.audio.checks import check_duration
from publisher.channels.audio.signal.decode import decode_file
from publisher.channels.audio.signal.encode import encode_mp3
from publisher.channels.audio.speech.script import build_script
from publisher.channels.base import RenderJob, Rendition
from publisher.i18n import translations
from publisher.model import Article
from tests.channels.audio.conftest import article_data, audio_settings, make_job, text

NAME = "batch22n2"


def _short_article(name: str = NAME) -> Article:
    return Article.model_validate(
        article_data(
            title=f"Meldung {name}",
            summary=f"Die Stadt stellt heute ihre Pläne für das Quartier {name} vor.",
            author="Pressestelle",
            body=[
                {"type": "heading", "level": 2, "children": text("Worum es geht")},
                {
                    "type": "paragraph",
                    "children": text(
                        "Die Stadt stellt heute ihre Pläne vor. Mehr steht auf "
                        f"der Seite der Stadt zum Quartier {name}."
                    ),
                },
                {
                    "type": "list",
                    "items": [{"children": text("Wohnungen")}, {"children": text("Grünflächen")}],
                },
            ],
        )
    )


@pytest.fixture(scope="module")
def short_render(tmp_path_factory: pytest.TempPathFactory) -> tuple[Article, RenderJob]:
    folder = tmp_path_factory.mktemp("short")
    article = _short_article()
    job = make_job(folder, audio_settings(folder / "cache"))
    AudioChannel().render(article, job)
    return article, job


def _duration_findings(article: Article, job: RenderJob) -> list[str]:
    findings = AudioChannel().verify(article, job, Rendition(files=FILES))
    return [finding.message for finding in findings if finding.rule == "audio-duration"]


def test_a_name_of_letters_and_digits_counts_as_the_words_spoken() -> None:
    """Each run of letters or digits in a token is a word the engine speaks; a hyphen joins runs."""
    plain = build_script(_short_article("Nord")).word_count()
    assert build_script(_short_article(NAME)).word_count() == plain + 3 * 3
    assert build_script(_short_article("Nord-Ost")).word_count() == plain


def test_the_short_article_with_a_heading_and_a_list_is_not_held(
    short_render: tuple[Article, RenderJob],
) -> None:
    """Spoken by espeak-ng and checked as a release checks it: no duration finding."""
    article, job = short_render
    assert _duration_findings(article, job) == []


@pytest.mark.parametrize("factor", [2.0, 0.4])
def test_a_file_twice_as_long_or_cut_short_is_held(
    short_render: tuple[Article, RenderJob], tmp_path: Path, factor: float
) -> None:
    """The same speech played twice, or cut to 40 %: the duration check holds it."""
    article, rendered = short_render
    job = make_job(tmp_path, rendered.settings)
    shutil.copytree(rendered.workdir, job.workdir, dirs_exist_ok=True)
    samples = decode_file(job.workdir / "audio.mp3")
    changed = np.tile(samples, 2) if factor > 1 else samples[: int(samples.size * factor)]
    encode_mp3(changed, 44_100, job.workdir / "audio.mp3")
    assert len(_duration_findings(article, job)) == 1


def test_the_pauses_asked_for_are_taken_off_before_the_rate_is_judged() -> None:
    """47 words in 31.5 s hold with no pauses (89.5 a minute); with 4.65 s of pauses they pass."""
    gettext = translations("de", "audio").gettext
    (held,) = check_duration(31.5, 47, gettext)
    assert "31.5 s" in held.message and "90 bis 260" in held.message
    assert check_duration(31.5, 47, gettext, pauses=4.65) == []
