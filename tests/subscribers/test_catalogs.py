"""Every string of the subscription pages exists in German and English, and none is left over."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.conftest import REPO

# gettext("...") in Python, including implicitly concatenated literals; _("...") or _('...') in templates.
PYTHON_CALL = re.compile(r'gettext\(\s*((?:"[^"]*"\s*)+)\)')
TEMPLATE_CALL = re.compile(r"""_\(\s*(?:"([^"]*)"|'([^']*)')""")


def _used() -> set[str]:
    used: set[str] = set()
    for path in sorted([*REPO.glob("publisher/subscribers/*.py"), *REPO.glob("publisher/api/*.py")]):
        source = path.read_text(encoding="utf-8")
        if '"subscriptions").gettext' not in source:  # other domains (the emails are the newsletter's)
            continue
        for match in PYTHON_CALL.finditer(source):
            used.add("".join(re.findall(r'"([^"]*)"', match.group(1))))
    for path in sorted((REPO / "templates" / "subscriptions").glob("*.j2")):
        for match in TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(1) if match.group(1) is not None else match.group(2))
    return used


@pytest.mark.parametrize("locale", ["de", "en"])
def test_every_subscription_page_string_is_in_the_catalog(locale: str) -> None:
    """No page falls back to the English source in German, and the catalog holds nothing unused."""
    with (REPO / "templates/locale" / locale / "LC_MESSAGES/subscriptions.po").open("rb") as catalog_file:
        catalog = {message.id: message.string for message in read_po(catalog_file) if message.id}
    used = _used()
    assert len(used) > 40
    assert used == set(catalog)
    if locale == "de":
        assert all(catalog.values())
