"""The podcast is what Apple Podcasts and Spotify accept: feed rules, cover art, MP3 header and tags."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import mutagen.id3
import mutagen.mp3
import numpy as np
import pytest
from lxml import etree
from PIL import Image

from publisher.channels.audio import AudioChannel
from publisher.channels.audio.cover import COVER_SIZE, CoverError, artwork_problems, cover_for, made_cover
from publisher.channels.audio.directories import directory_problems
from publisher.channels.audio.podcast import ITUNES
from publisher.channels.audio.signal.encode import encode_mp3
from publisher.channels.audio.signal.frames import count_frames
from publisher.channels.base import RenderJob
from publisher.model import Article
from publisher.published import PublishedArticle, SiteContext
from tests.channels.audio.conftest import ffprobe

BASE = "https://presse.example.de/"


def _site_files(rendered: tuple[Article, RenderJob], tmp_path: Path) -> dict[str, bytes]:
    article, job = rendered
    site = SiteContext(
        job.settings, tmp_path, (PublishedArticle(article, job.workdir, frozenset({"audio"})),)
    )
    return AudioChannel().rebuild_site(site)


def _broken(feed: bytes, change: str) -> bytes:
    root = etree.fromstring(feed)
    channel = root.find("channel")
    assert channel is not None
    if change == "category":
        channel.find(f"{{{ITUNES}}}category").attrib.pop("text")  # type: ignore[union-attr]
    elif change == "owner":
        channel.remove(channel.find(f"{{{ITUNES}}}owner"))  # type: ignore[arg-type]
    elif change == "explicit":
        channel.find(f"{{{ITUNES}}}explicit").text = "no"  # type: ignore[union-attr]
    elif change == "description":
        channel.find("description").text = "podcast"  # type: ignore[union-attr]
    elif change == "transcript":
        for element in root.iter("{https://podcastindex.org/namespace/1.0}transcript"):
            element.getparent().remove(element)  # type: ignore[union-attr]
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def test_the_feed_meets_the_directories_requirements(
    rendered: tuple[Article, RenderJob], tmp_path: Path
) -> None:
    """The feed and its cover pass the check written from Apple's and Spotify's requirements."""
    files = _site_files(rendered, tmp_path)
    assert directory_problems(files["podcast.xml"], files, BASE) == []
    root = etree.fromstring(files["podcast.xml"])
    assert root.find(f"channel/{{{ITUNES}}}category").get("text") == "Government"  # type: ignore[union-attr]
    assert root.findtext(f"channel/{{{ITUNES}}}owner/{{{ITUNES}}}email") == "presse@example.org"
    assert root.find(f"channel/{{{ITUNES}}}image").get("href") == BASE + "podcast-cover.png"  # type: ignore[union-attr]
    assert root.findtext("channel/description") == (
        "Die Pressemitteilungen von Stadt Musterstadt zum Anhören, mit Kapiteln und schriftlichem Transkript."
    )


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("category", "itunes:category"),
        ("owner", "itunes:owner"),
        ("explicit", "itunes:explicit"),
        ("description", "sentence"),
        ("transcript", "podcast:transcript"),
    ],
)
def test_the_check_finds_each_broken_requirement(
    rendered: tuple[Article, RenderJob], tmp_path: Path, change: str, named: str
) -> None:
    """A feed without a category text, an owner's e-mail, a valid explicit flag, ... is named."""
    files = _site_files(rendered, tmp_path)
    problems = directory_problems(_broken(files["podcast.xml"], change), files, BASE)
    assert len(problems) == 1
    assert named in problems[0]


def test_artwork_that_directories_refuse_is_named(tmp_path: Path) -> None:
    """Too small, not square, CMYK or GIF: each is said; a configured artwork like that is refused."""

    def image(size: tuple[int, int], mode: str = "RGB", kind: str = "PNG") -> bytes:
        buffer = io.BytesIO()
        Image.new(mode, size).save(buffer, format=kind)
        return buffer.getvalue()

    assert artwork_problems(image((1400, 1400))) == []
    assert artwork_problems(image((1000, 1000))) == ["1000 px wide, not between 1400 and 3000"]
    assert artwork_problems(image((1600, 1400))) == ["1600×1400 is not square"]
    assert artwork_problems(image((1400, 1400), "CMYK", "JPEG")) == ["colour mode CMYK, not RGB"]
    assert artwork_problems(image((1400, 1400), "P", "GIF")) == [
        "GIF instead of JPEG or PNG",
        "colour mode P, not RGB",
    ]
    small = tmp_path / "small.png"
    small.write_bytes(image((600, 600)))
    with pytest.raises(CoverError, match=r"small\.png cannot be a podcast cover: 600 px wide"):
        cover_for(small, "Presse", "Stadt")
    good = tmp_path / "cover.jpg"
    good.write_bytes(image((2000, 2000), kind="JPEG"))
    assert (cover_for(good, "Presse", "Stadt").name, cover_for(good, "Presse", "Stadt").mime) == (
        "podcast-cover.jpg",
        "image/jpeg",
    )


def _luminance(colour: tuple[int, int, int]) -> float:
    linear = [(c / 255 / 12.92) if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_made_cover_is_3000_px_with_high_contrast_text() -> None:
    """Without artwork the cover is a 3000 × 3000 RGB PNG whose lettering has at least 7:1 contrast."""
    data = made_cover("Pressestelle der Stadt Musterstadt mit einem sehr langen Namen", "Stadt Musterstadt")
    assert artwork_problems(data) == []
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    assert picture.size == (COVER_SIZE, COVER_SIZE)
    colours = sorted(picture.getcolors(maxcolors=1 << 16) or [], reverse=True)
    background, text = colours[0][1], next(colour for _, colour in colours if colour == (255, 255, 255))
    lighter, darker = sorted((_luminance(background), _luminance(text)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 7
    assert sum(count for count, colour in colours if colour == (255, 255, 255)) > COVER_SIZE * 50


def test_the_made_cover_is_drawn_once_and_kept_for_later_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first release of a site draws the cover into its cache folder; later ones read it from there,
    and a changed title gets a cover of its own."""
    from publisher.channels.audio import cover as covers

    first = covers.cover_for(None, "Presse Nord", "Stadt", tmp_path)
    assert [path.suffix for path in tmp_path.iterdir()] == [".png"]

    def no_drawing(title: str, owner: str) -> bytes:
        raise AssertionError("the kept cover was drawn again")

    monkeypatch.setattr(covers, "made_cover", no_drawing)
    assert covers.cover_for(None, "Presse Nord", "Stadt", tmp_path) == first
    with pytest.raises(AssertionError, match="drawn again"):
        covers.cover_for(None, "Presse Süd", "Stadt", tmp_path)


def test_the_mp3_starts_with_an_info_header_that_gives_the_exact_duration(tmp_path: Path) -> None:
    """The Info frame counts the audio frames; players read the duration from it, equal to the frames'."""
    rate = 22050
    tone = (0.3 * np.sin(np.arange(rate * 5) * 2 * np.pi * 220 / rate)).astype(np.float32)
    target = tmp_path / "tone.mp3"
    encode_mp3(tone, rate, target, splits=[rate * 2])
    data = target.read_bytes()
    # The file keeps the samples' rate: MPEG-2 Layer III, 576 samples a frame, 9 bytes of mono side info.
    assert data[13:17] == b"Info"
    flags, frames, size = struct.unpack(">III", data[17:29])
    assert flags == 3
    assert size == len(data)
    header_frame = 72 * 96_000 // rate
    assert frames == count_frames(data[header_frame:])
    exact = frames * 576 / rate
    assert mutagen.mp3.MP3(target).info.length == pytest.approx(exact, abs=1e-6)
    assert float(ffprobe(target)["format"]["duration"]) == pytest.approx(exact, abs=0.03)


def test_the_mp3_carries_cover_description_and_copyright(rendered: tuple[Article, RenderJob]) -> None:
    """APIC (front cover), COMM (the lead) and TCOP (year and owner) are in the ID3 tag."""
    article, job = rendered
    tags = mutagen.id3.ID3(job.workdir / "audio.mp3")
    [cover] = tags.getall("APIC")
    assert (cover.type, cover.mime) == (3, "image/png")
    assert Image.open(io.BytesIO(cover.data)).size == (COVER_SIZE, COVER_SIZE)
    [comment] = tags.getall("COMM")
    assert comment.text == [article.summary]
    assert tags.getall("TCOP")[0].text == ["© 2026 Stadt Musterstadt"]


def test_speech_at_22_05_khz_becomes_a_44_1_khz_mp3_with_an_exact_info_header(tmp_path: Path) -> None:
    """Resampled on the way into the encoder: MPEG-1 (1152 samples a frame), its Info frame counting it."""
    rate = 22050
    tone = (0.3 * np.sin(np.arange(rate * 5) * 2 * np.pi * 220 / rate)).astype(np.float32)
    target = tmp_path / "tone.mp3"
    layout = encode_mp3(tone, rate, target, splits=[rate * 2], output_rate=44_100)
    data = target.read_bytes()
    assert data[21:25] == b"Info"  # MPEG-1 mono: 17 bytes of side information after the header
    _, frames, size = struct.unpack(">III", data[25:37])
    assert size == len(data)
    assert frames == count_frames(data[144 * 96_000 // 44_100 :])
    assert ffprobe(target)["streams"][0]["sample_rate"] == "44100"
    exact = frames * 1152 / 44_100
    assert mutagen.mp3.MP3(target).info.length == pytest.approx(exact, abs=1e-6)
    assert exact == pytest.approx(5.0, abs=0.1)
    # 2 s of input play 2 s into the file plus the Info frame and the encoder's delay (about 51 ms).
    assert 2.04 < layout.place(2.0) < 2.08
