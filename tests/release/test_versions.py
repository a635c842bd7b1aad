"""Versions of one article: an older release never replaces a newer one, one address has one source file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from publisher.published import record_path
from publisher.release import finish, steps
from publisher.release.staging import StagedRelease, stage_release
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.cli_support import invoke

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"


def checked(path: Path, out: Path, settings: Settings, **options: bool) -> StagedRelease:
    """A staged release of ``path`` with its web page rendered and checked, not yet released."""
    staged = stage_release(parse_article(path), out, ["web"], settings, **options)
    steps.render_channel(staged.folder, "web")
    steps.check_channel(staged.folder, "web")
    return staged


def record(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(record_path(out, SLUG).read_text(encoding="utf-8"))
    return data


def test_a_late_older_release_is_superseded_by_the_correction_already_public(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """The first version's release step, arriving after the correction went out, changes nothing."""
    out = tmp_path / "public"
    path = write_article(summary="Erste Fassung: 40 Ladesäulen.")
    first = checked(path, out, settings)
    write_article(summary="Korrigierte Fassung: 60 Ladesäulen.")
    correction = checked(path, out, settings)
    assert correction.generation == first.generation + 1
    assert finish.finish_release(correction.folder).status == "released"
    page = (out / SLUG / "index.html").read_bytes()
    index = (out / "index.html").read_bytes()

    late = finish.finish_release(first.folder).as_json()

    assert late["status"] == "superseded"
    assert f"generation {correction.generation}" in late["reason"]
    assert late["channels"]["web"]["status"] == "withheld"
    assert (out / SLUG / "index.html").read_bytes() == page
    assert b"Korrigierte Fassung" in page
    assert (out / "index.html").read_bytes() == index
    assert record(out)["generation"] == correction.generation
    assert json.loads((first.folder / "report.json").read_text())["status"] == "superseded"


def test_generations_keep_rising_after_the_staging_folder_is_lost(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """The public record carries the generation, so a new staging area continues from it."""
    import shutil

    out = tmp_path / "public"
    path = write_article()
    for _ in range(2):
        finish.finish_release(checked(path, out, settings).folder)
    assert record(out)["generation"] == 2
    shutil.rmtree(settings.staging_for(out))
    assert checked(path, out, settings).generation == 3


def test_the_public_record_names_the_source_file_and_the_files_of_each_channel(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    path = write_article()
    staged = checked(path, out, settings)
    finish.finish_release(staged.folder)
    data = record(out)
    assert data["source"] == str(path.resolve())
    assert data["release"] == staged.release_id
    assert data["files"] == {"web": ["index.html"]}


def test_a_second_file_with_the_same_title_is_refused_naming_both_files(
    write_article: Write, tmp_path: Path
) -> None:
    first = write_article(name="erste.md")
    second = write_article(name="zweite.md")
    assert invoke("publish", str(first), "--out", "site", "--channels", "web", cwd=tmp_path).returncode == 0
    before = (tmp_path / "site" / SLUG / "index.html").read_bytes()

    result = invoke("publish", str(second), "--out", "site", "--channels", "web", cwd=tmp_path)

    assert result.returncode == 2, result.stderr
    assert f"{second}: field 'slug': the address '{SLUG}/' already belongs to {first}" in result.stderr
    assert "--replace" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "site" / SLUG / "index.html").read_bytes() == before


def test_replace_lets_another_file_take_the_address_and_the_same_file_is_a_correction(
    write_article: Write, tmp_path: Path
) -> None:
    first = write_article(name="erste.md")
    second = write_article(name="zweite.md", summary="Die neue Meldung ersetzt die alte.")
    assert invoke("publish", str(first), "--out", "site", "--channels", "web", cwd=tmp_path).returncode == 0
    write_article(name="erste.md", summary="Die alte Meldung, korrigiert.")
    corrected = invoke("publish", str(first), "--out", "site", "--channels", "web", cwd=tmp_path)
    assert corrected.returncode == 0, corrected.stderr
    replaced = invoke("publish", str(second), "--out", "site", "--channels", "web", "--replace", cwd=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    assert json.loads(record_path(tmp_path / "site", SLUG).read_text())["source"] == str(second)
    assert "Die neue Meldung" in (tmp_path / "site" / SLUG / "index.html").read_text(encoding="utf-8")


def test_two_files_with_one_address_in_one_call_are_refused_and_nothing_is_written(
    write_article: Write, tmp_path: Path
) -> None:
    first = write_article(name="erste.md")
    second = write_article(name="zweite.md")
    result = invoke("publish", str(first), str(second), "--out", "site", "--channels", "web", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{second}: field 'slug': same address '{SLUG}/' as {first}" in result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "site.staging").exists()


def test_a_file_waiting_under_embargo_owns_its_address_too(write_article: Write, tmp_path: Path) -> None:
    """A release staged but not yet out (e.g. scheduled) counts: a second file may not take its address."""
    first = write_article(name="erste.md")
    out = tmp_path / "site"
    stage_release(parse_article(first), out, ["web"], Settings(staging_dir=None))
    result = invoke("publish", str(write_article(name="zweite.md")), "--out", "site", cwd=tmp_path)
    assert result.returncode == 2 and f"already belongs to {first}" in result.stderr


def test_a_conflict_found_at_release_time_changes_nothing(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """Two files staged at the same moment: the second one's release step refuses it, naming both files."""
    out = tmp_path / "public"
    first, second = write_article(name="erste.md"), write_article(name="zweite.md")
    staged_first, staged_second = checked(first, out, settings), checked(second, out, settings)
    assert finish.finish_release(staged_first.folder).status == "released"
    before = (out / SLUG / "index.html").read_bytes()
    report = finish.finish_release(staged_second.folder).as_json()
    assert report["status"] == "conflict"
    assert str(first) in report["reason"] and str(second) in report["reason"]
    assert (out / SLUG / "index.html").read_bytes() == before


def test_superseded_and_conflict_have_their_own_exit_status() -> None:
    """Exit 6 for a superseded release, 2 for a conflict (README: exit status)."""
    from publisher.release.report import ReleaseReport, exit_status

    def exit_for(status: str) -> int:
        web = {"web": {"status": "withheld", "findings": []}}
        return exit_status([ReleaseReport.model_validate({"slug": "a", "status": status, "channels": web})])

    assert exit_for("superseded") == 6
    assert exit_for("conflict") == 2
    assert exit_for("pending") == 4
    assert exit_for("unwritable") == 5


def test_a_late_older_release_is_superseded_by_a_newer_one_staged_before_that_one_is_out(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """The version staged last counts: an older one arriving late never goes out, even with nothing public."""
    out = tmp_path / "public"
    path = write_article(summary="Erste Fassung: 40 Ladesäulen.")
    first = checked(path, out, settings)
    write_article(summary="Korrigierte Fassung: 60 Ladesäulen.")
    correction = stage_release(parse_article(path), out, ["web"], settings)
    late = finish.finish_release(first.folder).as_json()
    assert late["status"] == "superseded"
    assert f"release {correction.release_id}" in late["reason"]
    assert not (out / SLUG).exists()
    steps.render_channel(correction.folder, "web")
    steps.check_channel(correction.folder, "web")
    assert finish.finish_release(correction.folder).status == "released"


def test_another_file_staged_later_with_the_same_slug_is_no_newer_version(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """A second file with the same slug does not supersede the first: it is refused as a conflict."""
    out = tmp_path / "public"
    first = checked(write_article(name="erste.md"), out, settings)
    second = checked(write_article(name="zweite.md"), out, settings)
    assert finish.finish_release(first.folder).status == "released"
    assert finish.finish_release(second.folder).status == "conflict"
