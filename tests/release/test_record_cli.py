"""``publisher releases queue|show|cancel|retry|list``: the recorded releases from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.cli_support import invoke

Write = Callable[..., Path]


def test_a_release_queued_from_the_command_line_is_listed_shown_and_refuses_a_cancel_once_out(
    write_article: Write, tmp_path: Path
) -> None:
    """queue prints the record (released, without a broker); list and show find it; cancel says why not."""
    env = {"PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'releases.db'}"}
    queued = invoke("releases", "queue", str(write_article()), "--out", "site", "--channels", "web",
                    "--by", "Pressestelle", "--json", cwd=tmp_path, env=env)  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    view = json.loads(queued.stdout)
    assert (view["state"], view["queued_by"], view["channels"]["web"]["state"]) == (
        "released", "Pressestelle", "released",
    )  # fmt: skip
    listed = invoke(
        "releases", "list", "--out", "site", "--state", "released", "--json", cwd=tmp_path, env=env
    )
    assert [record["id"] for record in json.loads(listed.stdout)["records"]] == [view["id"]]
    shown = invoke("releases", "show", view["id"], cwd=tmp_path, env=env)
    assert f"{view['id']}: released" in shown.stdout and "web" in shown.stdout
    cancelled = invoke("releases", "cancel", view["id"], cwd=tmp_path, env=env)
    assert cancelled.returncode == 2
    assert (
        cancelled.stderr.strip() == f"error: release {view['id']} is released: it can no longer be cancelled"
    )


def test_an_invalid_article_is_refused_by_queue_with_file_and_field_and_nothing_recorded(
    write_article: Write, tmp_path: Path
) -> None:
    """The same message as publish; exit 2; the list stays empty."""
    env = {"PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'releases.db'}"}
    path = write_article(lang="xx-unbekannt-und-falsch")
    queued = invoke("releases", "queue", str(path), "--out", "site", cwd=tmp_path, env=env)
    assert queued.returncode == 2
    assert queued.stderr.startswith(f"error: {path}") and "'lang'" in queued.stderr
    listed = invoke("releases", "list", "--out", "site", "--json", cwd=tmp_path, env=env)
    assert json.loads(listed.stdout)["records"] == []
    unknown = invoke("releases", "retry", "no-such-release", cwd=tmp_path, env=env)
    assert (unknown.returncode, unknown.stderr.strip()) == (2, "error: no release no-such-release")


def test_a_plain_publish_is_recorded_with_its_outcome_and_can_be_withdrawn_by_its_id(
    write_article: Write, tmp_path: Path
) -> None:
    """publish without a queue: list shows it released (a held one held); withdraw by its id works."""
    env = {"PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'releases.db'}"}
    published = invoke("publish", str(write_article()), "--out", "site", "--channels", "web", "--json",
                    cwd=tmp_path, env=env)  # fmt: skip
    assert published.returncode == 0, published.stderr
    (report,) = json.loads(published.stdout)["reports"]
    held_source = write_article(
        name="vage.md", title="Mehr zum Thema", body="Alles [hier](https://example.org/).\n"
    )
    held = invoke("publish", str(held_source), "--out", "site", "--channels", "web", cwd=tmp_path, env=env)
    assert held.returncode == 3, held.stderr
    listed = json.loads(invoke("releases", "list", "--out", "site", "--json", cwd=tmp_path, env=env).stdout)
    states = {record["id"]: (record["state"], record["queued_by"]) for record in listed["records"]}
    assert states[report["release"]] == ("released", "publish")
    assert sorted(state for state, _ in states.values()) == ["held", "released"]
    withdrawn = invoke(
        "releases", "withdraw", report["release"], "--reason", "Falsche Zahlen", cwd=tmp_path, env=env
    )
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert (tmp_path / "site" / report["slug"] / ".withdrawn").is_file()
