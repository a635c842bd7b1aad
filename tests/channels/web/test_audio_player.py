"""The web page embeds the released audio in an accessible player and expands abbreviations once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from publisher.release.dispatch import channel_lanes
from publisher.settings import Settings
from tests.conftest import EXAMPLES
from tests.helpers import page, publish

BODY = (
    "## Worum es geht\n\nDas MDV baut ein Portal. Das MDV lädt dazu ein, die Daten als CSV zu nutzen.\n\n"
    "## Wie es weitergeht\n\nIm Frühjahr folgt der zweite Teil.\n"
)


def test_page_embeds_the_released_audio_with_label_download_and_transcript(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"lexicon": EXAMPLES / "lexicon.yaml"})
    out = tmp_path / "public"
    (report,) = publish([write_article(body=BODY)], out, settings, channels=("web", "audio"))
    assert {name: outcome["status"] for name, outcome in report["channels"].items()} == {
        "web": "released",
        "audio": "released",
    }
    root = page(out / report["slug"] / "index.html")
    (player,) = root.iter("audio")
    assert player.get("controls") is not None and player.get("autoplay") is None
    label = root.get_element_by_id(player.get("aria-labelledby"))
    assert label.text.startswith("Diesen Artikel anhören (0:")
    links = {link.get("href"): link.text for link in root.xpath("//figure[@class='listen']//a")}
    assert links["audio.mp3"].startswith("MP3 herunterladen (")
    assert links["transcript.html"] == "Transkript der Audiofassung"
    for name in ("audio.mp3", "transcript.html", "audio.vtt"):
        assert (out / report["slug"] / name).is_file()
    # The speech script (numbers as the engine is fed them) is not public.
    assert not (out / report["slug"] / "audio.txt").exists()


def test_abbreviation_is_expanded_at_its_first_use_only(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"lexicon": EXAMPLES / "lexicon.yaml"})
    out = tmp_path / "public"
    (report,) = publish([write_article(body=BODY)], out, settings)
    abbreviations = page(out / report["slug"] / "index.html").xpath("//main//abbr")
    assert [(abbr.text, abbr.get("title")) for abbr in abbreviations] == [
        ("MDV", "Ministerium für Digitales und Verwaltung"),
        ("CSV", "Comma-separated values"),
    ]


def test_every_channel_has_its_own_lane_the_described_ones_first() -> None:
    """Lanes run side by side on workers; in one process the audio and PDF come before their page."""
    assert channel_lanes(("web", "newsletter", "audio")) == [["audio"], ["web"], ["newsletter"]]
    assert channel_lanes(("web", "pdf", "audio")) == [["pdf"], ["audio"], ["web"]]
    assert channel_lanes(("web", "newsletter")) == [["web"], ["newsletter"]]
