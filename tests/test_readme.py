"""The README's generated tables match the code, so no setting or rule is undocumented."""

from __future__ import annotations

from scripts.update_readme import README, updated


def test_generated_tables_are_up_to_date() -> None:
    """Run `python scripts/update_readme.py` after adding a setting or a rule."""
    text = README.read_text(encoding="utf-8")
    assert updated(text) == text
