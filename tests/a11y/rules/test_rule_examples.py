"""Every rule's docstring examples hold: ``Okay:`` lines pass the rule, ``Error:`` lines fail it.

Like pycodestyle's self-doctests: the examples a rule documents are its first test cases, so the
documentation cannot drift from what the rule does.
"""

from __future__ import annotations

import re

import pytest

from publisher.a11y.dom.document import parse_document
from publisher.a11y.engine import rules_for
from publisher.a11y.registry import RULES, Rule

_EXAMPLE = re.compile(r"^\s*(Okay|Error):\s?(.*)$")
# A fragment is checked inside a minimal valid page, so page-level rules stay quiet about it.
_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Example page</title></head>'
    "<body>{fragment}</body></html>"
)


def examples(candidate: Rule) -> list[tuple[str, str]]:
    """The (kind, html) examples in a rule function's docstring."""
    found = []
    for line in (candidate.check.__doc__ or "").splitlines():
        match = _EXAMPLE.match(line)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def as_page(fragment: str) -> str:
    """The example as a whole page: fragments are wrapped, whole documents kept."""
    if re.match(r"\s*<(!DOCTYPE|html)", fragment, re.IGNORECASE):
        return fragment
    return _PAGE.format(fragment=fragment)


rules_for("web")  # loads the rule modules
CASES = [
    pytest.param(candidate, kind, html, id=f"{candidate.id}-{kind}-{number}")
    for candidate in RULES.values()
    for number, (kind, html) in enumerate(examples(candidate), start=1)
]


@pytest.mark.parametrize(("candidate", "kind", "html"), CASES)
def test_docstring_example(candidate: Rule, kind: str, html: str) -> None:
    """An ``Okay:`` example yields no violation of its rule; an ``Error:`` example yields at least one."""
    document = parse_document(as_page(html), channel=candidate.channels[0], locale="en")
    violations = list(candidate.check(document))
    if kind == "Okay":
        assert violations == [], f"{candidate.id} flags its Okay example: {violations}"
    else:
        assert violations, f"{candidate.id} does not flag its Error example"


@pytest.mark.parametrize("candidate", list(RULES.values()), ids=lambda candidate: candidate.id)
def test_every_rule_documents_examples(candidate: Rule) -> None:
    """Each rule's docstring shows how it behaves with at least one ``Okay:`` or ``Error:`` example."""
    assert examples(candidate), f"{candidate.id} documents no examples"
