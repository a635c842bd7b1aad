"""Messages and descriptions of the newer checks and of the browser stage read German in German reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from publisher.a11y.browser.rendered import BROWSER_RULES, CONDITIONS
from publisher.a11y.browser.stage import browser_rules_for
from publisher.a11y.engine import rules_for
from publisher.a11y.registry import RULES
from publisher.i18n import translations
from tests.conftest import REPO

A11Y = REPO / "publisher" / "a11y"
MODULES = [
    *(
        A11Y / "rules" / f"{name}.py"
        for name in (
            "data_tables",
            "lists",
            "form_groups",
            "keyboard",
            "markup",
            "page_language",
            "link_context",
            "images",
            "widgets",
            "text_structure",
            "interaction",
            "motion",
            "nontext",
            "authentication",
            "time_limits",
            "instructions",
            "form_errors",
            "control_names",
            "exposure",
            "text_images",
            "charts",
            "navigation",
            "language_links",
            "link_files",
            "style_meaning",
            "flashing",
            "input_modes",
            "focus_scripts",
            "naming",
            "documents",
            "value_graphics",
            "participation",
            "operation",
            "described_media",
            "grid_tables_tooltips",
            "presentation_only",
            "missing_cues",
            "records_and_overlays",
            "fixed_boxes_hover_cards",
        )
    ),
    *sorted((A11Y / "browser" / "browser_rules").glob("*.py")),
]
KEYWORDS = {"message": (2,), "say": (1,), "N_": (1,), "gettext": (1,)}


def _messages(path: Path) -> list[str]:
    return [str(found[1]) for found in extract_from_file("python", path, keywords=KEYWORDS) if found[1]]


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.name)
def test_every_message_has_a_german_translation(module: Path) -> None:
    """No message of these rules falls back to English in a German report."""
    german = translations("de", "a11y")
    used = _messages(module)
    assert used or module.name == "__init__.py"
    assert [text for text in used if german.gettext(text) == text] == []


def test_every_new_rule_description_and_condition_has_a_german_translation() -> None:
    """Rule descriptions (``publisher rules --lang de``) and the conditions named in messages are German."""
    rules_for("web")
    browser_rules_for("web")
    german = translations("de", "a11y")
    modules = {f"publisher.a11y.rules.{path.stem}" for path in MODULES if path.parent.name == "rules"}
    descriptions = [rule.description for rule in RULES.values() if rule.check.__module__ in modules]
    descriptions += [rule.description for rule in BROWSER_RULES.values()]
    texts = [*descriptions, *CONDITIONS.values()]
    assert [text for text in texts if german.gettext(text) == text] == []
