"""The README's generated tables match the code, so no setting or rule is undocumented."""

from __future__ import annotations

import re

from scripts.update_readme import README, updated


def test_generated_tables_are_up_to_date() -> None:
    """Run `python scripts/update_readme.py` after adding a setting or a rule."""
    text = README.read_text(encoding="utf-8")
    assert updated(text) == text


def _layout() -> str:
    return README.read_text(encoding="utf-8").split("\n## Layout\n", 1)[1].split("```")[1]


def test_the_layout_names_every_package_and_no_package_that_is_gone() -> None:
    """Each package of publisher/ and workers/ appears in the README's Layout as ``name/``; each
    ``name/`` there is a folder of the project."""
    root = README.parent
    folders = [
        path
        for top in ("publisher", "workers", "templates", "tests")
        for path in [root / top, *(root / top).rglob("*")]
        if path.is_dir() and path.name != "__pycache__"
    ]
    named = set(re.findall(r"(?<![\w.])([a-z0-9_]+)/", _layout()))
    packages = {
        path.name
        for path in folders
        if path.parts[len(root.parts)] in ("publisher", "workers") and (path / "__init__.py").is_file()
    }
    assert sorted(packages - named) == []
    assert sorted(named - {path.name for path in folders}) == []
