"""The `publisher` command: exit codes, messages on stderr, nothing written on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.cli_support import invoke
from tests.conftest import EXAMPLES

Write = Callable[..., Path]


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), **(env or {})}
    environment.pop("PUBLISHER_BROKER_URL", None)
    command = [sys.executable, "-m", "publisher.cli", *args]
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def test_publish_examples_releases_every_channel_and_exits_0(tmp_path: Path) -> None:
    examples = sorted(str(path) for path in EXAMPLES.glob("*.md"))
    result = run("publish", *examples, "--out", "site", "--channels", "web", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    reports = json.loads(result.stdout)["reports"]
    assert {report["channels"]["web"]["status"] for report in reports} == {"released"}
    for report in reports:
        saved = json.loads((Path(report["reports"]) / "report.json").read_text())
        assert set(saved["channels"]) == {"web"}
        assert saved["channels"]["web"]["status"] == "released"
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "feed.xml").is_file() and (tmp_path / "site" / "sitemap.xml").is_file()
    # Released releases leave nothing in staging (only the site lock and the generation counters).
    assert not [path for path in (tmp_path / "site.staging").iterdir() if not path.name.startswith(".")]


def test_invalid_input_exits_2_names_the_problem_and_writes_nothing(
    write_article: Write, tmp_path: Path
) -> None:
    good = write_article(name="gut.md")
    bad = write_article(name="schlecht.md", title=None)
    result = run("publish", str(good), str(bad), "--out", "site", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{bad}:1: field 'title': missing required field" in result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "site.staging").exists()


def test_unknown_channel_is_an_input_error(write_article: Write, tmp_path: Path) -> None:
    result = run("publish", str(write_article()), "--channels", "fax", cwd=tmp_path)
    assert result.returncode == 2 and "unknown channel 'fax'" in result.stderr


def test_embargoed_article_is_not_released(write_article: Write, tmp_path: Path) -> None:
    path = write_article(embargo="2099-01-01T00:00:00+01:00")
    result = run("publish", str(path), "--out", "site", cwd=tmp_path)
    assert result.returncode == 2 and "embargo" in result.stderr
    assert not (tmp_path / "site").exists()


def test_schema_exports_the_article_json_schema(tmp_path: Path) -> None:
    result = run("schema", cwd=tmp_path)
    schema = json.loads(result.stdout)
    assert result.returncode == 0
    assert {"title", "slug", "lang", "date", "summary", "author", "body"} <= set(schema["required"])
    assert "Quote" in schema["$defs"] and "Image" in schema["$defs"]


def test_worker_without_broker_says_what_to_set(tmp_path: Path) -> None:
    result = run("worker", cwd=tmp_path)
    assert result.returncode == 2 and "PUBLISHER_BROKER_URL" in result.stderr


def test_flawed_example_is_held_with_one_finding_per_flaw(tmp_path: Path) -> None:
    result = run(
        "publish", str(EXAMPLES / "flawed" / "flawed-release.md"), "--out", "site", "--json", cwd=tmp_path
    )
    assert result.returncode == 3, result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    web = report["channels"]["web"]
    assert web["status"] == "held"
    assert sorted(finding["rule"] for finding in web["findings"]) == [
        "alt-placeholder",
        "heading-order",
        "link-text-vague",
    ]
    assert all(
        finding["severity"] == "error" and finding["location"]["selector"] for finding in web["findings"]
    )
    # The email carries the same flaws; the spoken version has none of them, but a release goes out
    # whole: no MP3, transcript, record or podcast episode of the held article is public.
    assert report["status"] == "held"
    assert report["channels"]["newsletter"]["status"] == "held"
    assert report["channels"]["audio"]["status"] == "withheld"
    site = tmp_path / "site"
    assert not site.exists() or not [path for path in site.rglob("*") if path.is_file()]
    staging = Path(report["staging"])
    assert "hier klicken" in (staging / "web" / "out" / "index.html").read_text(encoding="utf-8")
    assert (staging / "audio" / "out" / "audio.mp3").is_file()
    assert "Symbolbild" in (staging / "report.html").read_text(encoding="utf-8")


def test_scheduling_an_embargo_needs_a_broker(write_article: Write, tmp_path: Path) -> None:
    path = write_article(embargo="2099-01-01T00:00:00+01:00")
    result = run("publish", str(path), "--out", "site", "--schedule", cwd=tmp_path)
    assert result.returncode == 2 and "PUBLISHER_BROKER_URL" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_in_process_command_of_the_tests_answers_as_the_program(
    write_article: Write, tmp_path: Path
) -> None:
    """tests.cli_support.invoke, which most command tests use, gives the program's status and messages."""
    article = str(write_article())
    for args in (("publish", article, "--channels", "fax"), ("releases", "show", "no-such-release")):
        program, in_process = run(*args, cwd=tmp_path), invoke(*args, cwd=tmp_path)
        assert (in_process.returncode, in_process.stderr) == (program.returncode, program.stderr), args
        assert in_process.returncode == 2

    reports = []
    for runner, folder in ((run, tmp_path / "program"), (invoke, tmp_path / "in-process")):
        folder.mkdir()
        result = runner("publish", article, "--out", "site", "--channels", "web", "--json", cwd=folder)
        assert result.returncode == 0, result.stderr
        (report,) = json.loads(result.stdout)["reports"]
        reports.append((report["status"], report["slug"], report["channels"]["web"]["status"]))
        assert (folder / "site" / report["slug"] / "index.html").is_file()
    assert reports[0] == reports[1] == ("released", "neue-ladesaeulen-fuer-musterstadt", "released")
