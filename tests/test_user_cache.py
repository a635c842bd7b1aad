"""The user cache: files made once from what is installed, kept between runs, never needed to be right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader, Environment

from publisher import i18n, rendering
from publisher.user_cache import cache_folder, cache_key


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache of this test's own (``XDG_CACHE_HOME``), forgotten by the process after it."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    cache_folder.cache_clear()
    yield home
    cache_folder.cache_clear()


def test_cache_folder_is_made_under_xdg_cache_home(cache_home: Path) -> None:
    """Each kind of cached file has its own folder under ``$XDG_CACHE_HOME/publisher``."""
    assert cache_folder("templates") == cache_home / "publisher" / "templates"
    assert (cache_home / "publisher" / "templates").is_dir()


def test_no_cache_folder_where_none_can_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache home that is a file (or read-only) gives no folder, and callers work without one."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    cache_folder.cache_clear()
    try:
        assert cache_folder("templates") is None
    finally:
        cache_folder.cache_clear()


def test_cache_key_changes_with_any_input() -> None:
    """A file made from other inputs (another version, another option) gets another name."""
    assert cache_key("jinja2 3.1.6", "a") == cache_key("jinja2 3.1.6", "a")
    assert cache_key("jinja2 3.1.6", "a") != cache_key("jinja2 3.1.7", "a")
    assert cache_key("a", "bc") != cache_key("ab", "c")


def _environment(templates: dict[str, str]) -> Environment:
    """An environment as ``template_environment`` makes one, over templates held in memory."""
    return Environment(loader=DictLoader(templates), bytecode_cache=rendering._SharedBytecode("test options"))


def test_a_compiled_template_is_read_from_disk_by_the_next_process(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second process (a fresh cache object) renders the template without compiling it again."""
    first = _environment({"page.html": "<p>{{ text }}</p>"}).get_template("page.html")
    assert first.render(text="a") == "<p>a</p>"
    assert list((cache_home / "publisher" / "templates").iterdir())
    compiled: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    again = _environment({"page.html": "<p>{{ text }}</p>"}).get_template("page.html")
    assert again.render(text="b") == "<p>b</p>"
    assert compiled == []


def test_a_changed_template_is_compiled_anew_despite_the_disk_cache(cache_home: Path) -> None:
    """Editing a template (a site's own theme) shows on the next run: the old compiled code is not used."""
    _environment({"page.html": "<p>old {{ text }}</p>"}).get_template("page.html").render(text="x")
    changed = _environment({"page.html": "<h1>new {{ text }}</h1>"}).get_template("page.html")
    assert changed.render(text="x") == "<h1>new x</h1>"


def test_a_damaged_cache_file_is_compiled_anew(cache_home: Path) -> None:
    """A cut-off file in the cache (a full disk, a crash) costs a compile, never a wrong page."""
    _environment({"page.html": "<p>{{ text }}</p>"}).get_template("page.html").render(text="x")
    for path in (cache_home / "publisher" / "templates").iterdir():
        path.write_bytes(path.read_bytes()[:20])
    again = _environment({"page.html": "<p>{{ text }}</p>"}).get_template("page.html")
    assert again.render(text="y") == "<p>y</p>"


def _write_catalog(root: Path, text: str) -> None:
    folder = root / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    entry = f'msgid "Share by email"\nmsgstr "{text}"\n'
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "web.po").write_text(header + entry, encoding="utf-8")


@pytest.fixture
def catalogs(tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A templates folder of this test's own, with a German catalog for the web pages."""
    root = tmp_path / "templates"
    _write_catalog(root, "Per E-Mail teilen")
    monkeypatch.setattr(i18n, "templates_dir", lambda: root)
    i18n.translations.cache_clear()
    yield root
    i18n.translations.cache_clear()


def test_an_edited_catalog_is_compiled_anew(catalogs: Path, cache_home: Path) -> None:
    """The compiled catalog is named by its source: a changed translation shows on the next run."""
    assert i18n.translations("de", "web").gettext("Share by email") == "Per E-Mail teilen"
    assert len(list((cache_home / "publisher" / "catalogs").iterdir())) == 1
    _write_catalog(catalogs, "Als E-Mail weitergeben")
    i18n.translations.cache_clear()
    assert i18n.translations("de", "web").gettext("Share by email") == "Als E-Mail weitergeben"


def test_a_damaged_compiled_catalog_is_compiled_anew(catalogs: Path, cache_home: Path) -> None:
    """A cut-off compiled catalog in the cache costs a compile, never an untranslated page."""
    i18n.translations("de", "web")
    (compiled,) = (cache_home / "publisher" / "catalogs").iterdir()
    compiled.write_bytes(compiled.read_bytes()[:12])
    i18n.translations.cache_clear()
    assert i18n.translations("de", "web").gettext("Share by email") == "Per E-Mail teilen"
    i18n.translations.cache_clear()
    assert i18n.translations("de", "web").gettext("Share by email") == "Per E-Mail teilen"
