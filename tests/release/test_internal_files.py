"""Internal files stay out of the public web root: records, reports, sample message, site index, state."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from publisher.published import internal_dir, read_record
from publisher.settings import Settings
from tests.cli_support import invoke
from tests.helpers import publish

Write = Callable[..., Path]

# What a web server may hand out: pages, styles, scripts, feeds and sitemaps, images, audio with its
# captions, PDFs, the newsletter's web view and plain text, and JSON only where it is public.
PUBLIC_SUFFIXES = {".html", ".css", ".js", ".xml", ".txt", ".png", ".jpg", ".jpeg", ".webp", ".svg"}
PUBLIC_SUFFIXES |= {".mp3", ".vtt", ".pdf"}
PUBLIC_JSON = {"chapters.json"}
INTERNAL_NAMES = {"article.json", "report.json", "report.html", "newsletter.eml", "audio.txt"}


def public_files(out: Path) -> list[Path]:
    return sorted(path for path in out.rglob("*") if path.is_file())


def test_a_released_site_holds_only_public_files(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """Every channel released: the site folder has readers' files only; the rest is beside it, private."""
    out = tmp_path / "site"
    (report,) = publish([write_article()], out, settings, ("audio", "web", "newsletter"))
    assert report["status"] == "released", json.dumps(report, indent=1)

    files = public_files(out)
    assert out / report["slug"] / "index.html" in files and out / report["slug"] / "audio.mp3" in files
    unexpected = [
        str(path.relative_to(out))
        for path in files
        if path.name in INTERNAL_NAMES
        or path.name.startswith(".")
        or (path.suffix not in PUBLIC_SUFFIXES and path.name not in PUBLIC_JSON)
    ]
    assert unexpected == []
    assert not [path for path in out.rglob("*") if path.name.startswith(".")]

    internal = internal_dir(out)
    assert Path(report["reports"]) == internal / report["slug"]
    kept = {path.name for path in (internal / report["slug"]).iterdir()}
    assert {"article.json", "report.json", "report.html", "newsletter.eml"} <= kept
    assert stat.S_IMODE(internal.stat().st_mode) == 0o700
    record = read_record(out, report["slug"])
    assert record is not None and record.release == report["release"]


def test_the_command_says_where_the_report_of_a_released_article_is(
    write_article: Write, tmp_path: Path
) -> None:
    """The summary and --json name the internal folder; the report there is the one printed."""
    article = write_article()
    shown = invoke("publish", str(article), "--out", "site", "--channels", "web", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    internal = internal_dir(tmp_path / "site")
    (folder,) = [path for path in internal.iterdir() if not path.name.startswith(".")]
    assert f"report: {folder / 'report.html'}" in shown.stderr
    assert not (tmp_path / "site" / folder.name / "report.html").exists()

    again = invoke("publish", str(article), "--out", "site", "--channels", "web", "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    (printed,) = json.loads(again.stdout)["reports"]
    assert printed["reports"] == str(folder)
    saved = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert saved["release"] == printed["release"] and saved["generation"] == 2


def test_a_site_written_before_the_internal_tree_is_moved_out_on_the_next_release(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """Records and reports inside the public folders (the old layout) move out; the index keeps them."""
    out = tmp_path / "site"
    (first,) = publish([write_article(name="a.md", title="Alte Meldung")], out, settings)
    internal = internal_dir(out)
    # Back into the public tree, as before (when there was no switch note, and the web state was one file).
    for path in sorted(internal.rglob("*")):
        if path.is_file() and path.relative_to(internal).parts[0] not in (".web-site", ".switched"):
            (out / path.relative_to(internal)).parent.mkdir(exist_ok=True)
            path.rename(out / path.relative_to(internal))
    shutil.rmtree(internal)
    assert (out / first["slug"] / "article.json").is_file()

    (second,) = publish([write_article(name="b.md", title="Neue Meldung")], out, settings)

    assert second["status"] == "released"
    titles = (out / "index.html").read_text(encoding="utf-8")
    assert "Alte Meldung" in titles and "Neue Meldung" in titles
    left = [path for path in public_files(out) if path.name in INTERNAL_NAMES or path.name.startswith(".")]
    assert left == []
    old = read_record(out, first["slug"])
    assert old is not None and old.release == first["release"]
    assert (internal / first["slug"] / "report.json").is_file()
