"""A full disk, a read-only output folder or a killed process never leaves a half-written public tree."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from publisher import channels as channel_registry
from publisher.a11y.findings import Finding
from publisher.channels.base import RenderJob, Rendition
from publisher.model import Article
from publisher.published import SiteContext, internal_dir, tree_unchanged
from publisher.release import finish, public_tree, steps
from publisher.release.staging import StagedRelease, stage_release
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.cli_support import invoke
from tests.helpers import fill
from tests.release.test_steps import public_files

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"
# Every file-system operation a change of the public tree makes.
OPERATIONS = (
    "_mkdir", "_mkdir_public", "_mkdir_private", "_create", "_copy", "_link", "_rename", "_swap", "_swap_file"
)  # fmt: skip


class NoteChannel:
    """A channel with a file of its own and a site file, so that a web-only correction keeps both."""

    name = "note"
    after: tuple[str, ...] = ()

    def render(self, article: Article, job: RenderJob) -> Rendition:
        (job.workdir / "note.txt").write_text(article.summary, encoding="utf-8")
        return Rendition(files=("note.txt",))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        return []

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return {"notes.txt": "\n".join(entry.article.title for entry in site.with_channel("note")).encode()}


@pytest.fixture
def note_channel() -> Iterator[None]:
    channel_registry.CHANNELS["note"] = f"{__name__}:NoteChannel"
    yield
    del channel_registry.CHANNELS["note"]
    channel_registry.get_channel.cache_clear()


def checked(path: Path, out: Path, settings: Settings, channels: list[str]) -> StagedRelease:
    staged = stage_release(parse_article(path), out, channels, settings)
    for name in channels:
        steps.render_channel(staged.folder, name)
        steps.check_channel(staged.folder, name)
    return staged


@pytest.fixture
def correction(
    note_channel: None,
    write_article: Write,
    make_png: Callable[[Path], Path],
    settings: Settings,
    tmp_path: Path,
) -> tuple[Path, StagedRelease]:
    """A site with one article (web and note) and a checked web-only correction that adds an image."""
    out = tmp_path / "public"
    path = write_article()
    finish.finish_release(checked(path, out, settings, ["web", "note"]).folder)
    make_png(path.parent / "karte.png")
    write_article(body="## Neu\n\n![Karte der Ladesäulen](karte.png)\n\nKorrigiert.\n")
    return out, checked(path, out, settings, ["web"])


def both_trees(out: Path) -> dict[str, bytes]:
    """Every file of the public tree and of the internal tree beside it, with its bytes."""
    internal = {f"(internal)/{name}": data for name, data in public_files(internal_dir(out)).items()}
    return {**public_files(out), **internal}


class DiskFull:
    """Every file-system operation of a change from the ``after``-th on fails with ENOSPC (or EROFS)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, after: int, code: int = errno.ENOSPC) -> None:
        self.calls = 0
        for name in OPERATIONS:
            monkeypatch.setattr(public_tree, name, self._wrap(getattr(public_tree, name), after, code))

    def _wrap(self, operation: Callable[..., Any], after: int, code: int) -> Callable[..., Any]:
        def failing(*args: Any) -> Any:
            self.calls += 1
            if self.calls > after:
                raise OSError(code, os.strerror(code), str(args[-1]))
            return operation(*args)

        return failing


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_write_failing_at_any_point_leaves_the_public_tree_as_it_was(
    correction: tuple[Path, StagedRelease], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """Disk full (or read-only) at the 1st, 2nd, ... operation: every time, the old tree and a clear error."""
    out, staged = correction
    before = both_trees(out)
    failures = 0
    while True:
        with monkeypatch.context() as patch:
            DiskFull(patch, after=failures, code=code)
            report = finish.finish_release(staged.folder).as_json()
        if report["status"] == "released":
            break
        assert report["status"] == "unwritable"
        assert os.strerror(code) in report["reason"] and "the public tree is unchanged" in report["reason"]
        assert both_trees(out) == before, f"changed after a failure at operation {failures + 1}"
        assert not (out / public_tree.WORK_AREA).exists()
        assert not (internal_dir(out) / public_tree.WORK_AREA).exists()
        failures += 1
        assert failures < 200
    assert failures > 20  # every operation of the change was made to fail once
    assert b"Korrigiert" in (out / SLUG / "index.html").read_bytes()
    assert (out / SLUG / "note.txt").read_bytes() == before[f"{SLUG}/note.txt"]
    assert (out / "notes.txt").is_file() and not (out / public_tree.WORK_AREA).exists()


def test_a_process_killed_at_any_point_of_the_switch_leaves_the_old_tree_after_recovery(
    correction: tuple[Path, StagedRelease],
) -> None:
    """A release step killed between any two operations: the next change first puts the old tree back."""
    out, staged = correction
    before = both_trees(out)
    crash_at = 0
    while True:
        child = os.fork()
        if child == 0:  # pragma: no cover - the child only dies
            _die_at(crash_at)
            finish.finish_release(staged.folder)
            os._exit(0)
        _, status = os.waitpid(child, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            break
        public_tree.recover(out)
        assert both_trees(out) == before, f"changed by a kill at operation {crash_at + 1}"
        crash_at += 1
        assert crash_at < 200
    assert crash_at > 20
    assert b"Korrigiert" in (out / SLUG / "index.html").read_bytes()


def _die_at(operation: int) -> None:
    calls = [0]
    for name in OPERATIONS:
        original = getattr(public_tree, name)

        def dying(*args: Any, original: Callable[..., Any] = original) -> Any:
            calls[0] += 1
            if calls[0] > operation:
                os._exit(9)
            return original(*args)

        setattr(public_tree, name, dying)


def test_a_full_disk_gives_exit_5_a_clear_message_and_the_old_site_until_resumed(
    small_disk: Path, write_article: Write, tmp_path: Path
) -> None:
    """A real full file system: the correction is refused whole, then `publisher resume` releases it."""
    path = write_article()
    first = invoke("publish", str(path), "--out", "site", "--channels", "web", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    write_article(summary="Korrigiert: 60 Ladesäulen.")
    fill(small_disk)
    before = public_files(small_disk)

    result = invoke("publish", str(path), "--out", "site", "--channels", "web", cwd=tmp_path)

    assert result.returncode == 5, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert "the public tree is unchanged" in result.stderr
    assert "publisher releases resume" in result.stderr
    assert public_files(small_disk) == before
    (small_disk / ".filler").unlink()
    resumed = invoke("resume", "--all", "--out", "site", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "Korrigiert" in (small_disk / SLUG / "index.html").read_text(encoding="utf-8")


def test_a_read_only_output_folder_gives_exit_5_and_changes_nothing(
    small_disk: Path, write_article: Write, tmp_path: Path
) -> None:
    path = write_article()
    assert invoke("publish", str(path), "--out", "site", "--channels", "web", cwd=tmp_path).returncode == 0
    write_article(summary="Korrigiert: 60 Ladesäulen.")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    before = public_files(small_disk)
    try:
        result = invoke("publish", str(path), "--out", "site", "--channels", "web", cwd=tmp_path)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert result.returncode == 5, result.stderr
    assert "Read-only file system" in result.stderr and "Traceback" not in result.stderr
    assert public_files(small_disk) == before


def test_a_full_staging_disk_is_reported_before_anything_is_released(
    small_disk: Path, write_article: Write, tmp_path: Path
) -> None:
    """The staging folder on a full disk: exit 5, a message naming it, no traceback, no public file."""
    fill(small_disk)
    staging = small_disk / "staging"
    result = invoke(
        "publish", str(write_article()), "--out", "public", "--channels", "web",
        cwd=tmp_path, env={"PUBLISHER_STAGING_DIR": str(staging)},
    )  # fmt: skip
    assert result.returncode == 5, result.stderr
    assert "cannot write the staging folder" in result.stderr and "No space left" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "public").exists() or public_files(tmp_path / "public") == {}
    assert shutil.disk_usage(small_disk).free < 65536


def test_a_folder_added_by_hand_after_a_switch_is_noticed(tmp_path: Path) -> None:
    """A switch notes the internal tree; a folder copied in by hand since makes the next release compare."""
    out = tmp_path / "site"
    with public_tree.public_change(out, "r1") as change:
        change.write(change.folder("meldung", "internal") / "article.json", b"{}")
        change.switch()
    assert tree_unchanged(out)

    (internal_dir(out) / "kopiert").mkdir()

    assert not tree_unchanged(out)
