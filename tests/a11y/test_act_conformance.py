"""The gate agrees with the W3C ACT Rules test cases for every ACT rule it claims.

A ``failed`` case must produce a finding that carries the case's ACT rule id; a ``passed`` or
``inapplicable`` case must not. Each claimed rule must agree at least as often as axe-core does
(the figures in the cases' README), counting every known disagreement against us. Cases of ACT rules
that a browser rule claims are rendered by the browser stage too (the test process's one stage).

The cases live beside the repository (``../shared/act-cases/cases.json``); set
``PUBLISHER_ACT_CASES`` to use another copy.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from publisher.a11y import conformance
from publisher.a11y.conformance import (
    ActCase,
    agreement,
    axe_figures,
    browser_act_ids,
    claimed_act_ids,
    default_cases_path,
    flags,
    load_cases,
)
from tests.conftest import missing_part

if TYPE_CHECKING:
    from publisher.a11y.browser.stage import BrowserStage

CASES_PATH = Path(os.environ.get("PUBLISHER_ACT_CASES") or default_cases_path())
if not CASES_PATH.is_file():
    # CI always has shared/ beside the clone.
    missing_part(f"ACT test cases not found at {CASES_PATH}", module=True)


def _same_process(rule_id: str) -> pytest.MarkDecorator:
    """The tests of one ACT rule run in one test process (one xdist group per rule, not per module).

    Each case is judged twice, by its own test and in its rule's agreement; the second judgement
    reuses the first (the browser renders are most of the time), and the two test processes share
    the rules between them instead of one taking the whole module.
    """
    return pytest.mark.xdist_group(f"act-{rule_id}")


# Cases the gate gets wrong on purpose: each needs something neither stage can have (hearing or
# watching the media, a fetched page, looking at an image, a reader's judgement).
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {
    # Audio element content has transcript: the transcript is there but wrong; judging it means listening.
    ("2eb176", "58cd3c1ef1ce88b7878c9e11c4f610486faefbf6"): "Failed Example 2: wrong transcript on the page",
    ("2eb176", "3a018f7d638bd2993d176f341edaee79fda3d55a"): "Failed Example 3: linked transcript is wrong",
    ("2eb176", "ff5548c1341eb4edc32a87d9a018d425a5a065e3"): "Failed Example 4: linked transcript is wrong",
    # Audio element content has text alternative: same, a wrong transcript.
    ("e7aa44", "97850b2083474a9c7b9585c2a1cb16b85b370032"): "Failed Example 1: wrong transcript on the page",
    # Element with aria-hidden has no content in sequential focus navigation: a script moves focus away.
    ("6cfa84", "d343bc6a2877b62d80153453c3781debc33e0b1d"): "Passed Example 4: scripted focus sentinel",
    # Autoplaying audio or video (avoids sound / has a control): the video file has no sound track.
    ("80f0bf", "7d3d7214d9fca81a8a09a819665871a474f85548"): "Inapplicable Example 2: silent video file",
    ("4c31df", "7d3d7214d9fca81a8a09a819665871a474f85548"): "Inapplicable Example 2: silent video file",
    # Link in context is descriptive (editorial rule): whether "Workshop" describes the target needs an
    # understanding of the text in another paragraph.
    ("5effbb", "98f0638a038a244b0bde70ff316cde1be7ce9a3b"): "Failed Example 4: 'Workshop' after a paragraph",
    # Image filename is accessible name (editorial rule): the file names have no extension or are picked
    # from picture/source candidates a browser chooses by viewport.
    ("9eb3f6", "50275690fd38aa83f817b3f6f20862778ec8c306"): "Failed Example 1: file name without extension",
    ("9eb3f6", "45c0f9b5c73d87387d8f8147c9530dcd3734e09b"): "Failed Example 5: name of a picture source",
    # Document has a heading for the main content: the heading is moved off-screen by a style sheet
    # the cases do not ship.
    ("047fe0", "81d501e52085d9e5712e241bdd24708e7cb4a301"): "Failed Example 2: style sheet not shipped",
    # Page title is descriptive: the title's words are on the page, but it names the site, not the search.
    ("c4a8a4", "4c72b3b9b06bf1edc3c959070731b65871ee0c8f"): "Failed Example 3: site name instead of purpose",
    # Language of parts and of the page: three words are too few to be sure (or the text is an image's
    # name taken from a hidden element in another language).
    ("off6ek", "895a754e85f4fbc8e11cea52295381f41eb384ca"): "Failed Example 4: name from a hidden element",
    ("ucwvc8", "6616b9ffd712e7789c50b01da8420fd665786677"): "Failed Example 2: a Dutch word in English text",
    ("ucwvc8", "864ccfb9bdb2c7f797602c5e4f25d1a0ad2aad7c"): "Failed Example 5: name from a hidden element",
    # Image accessible name is descriptive: "ERCIM logo" on the W3C logo; judging it means seeing the image.
    ("qt1vmo", "485f10faf222cd48fea2ab3ee79c2d354e51ea33"): "Failed Example 1: the wrong logo's name",
    ("qt1vmo", "2f7d82593e287df64b7459695e355a840254255c"): "Failed Example 2: an incomplete name",
    ("qt1vmo", "bac67a5a2ada971100bbec89961ad3e6c869f268"): "Failed Example 3: a canvas drawing another logo",
}

# For ACT rules axe-core does not implement there is no figure to beat; claim them only above this.
MINIMUM_WITHOUT_AXE = 0.8

ALL_CASES = load_cases(CASES_PATH)
CLAIMED = claimed_act_ids()
AXE = axe_figures(CASES_PATH.parent / "README.md")


def _param(case: ActCase) -> object:
    marks = [_same_process(case.rule_id)]
    reason = KNOWN_DISAGREEMENTS.get((case.rule_id, case.case_id))
    if reason:
        marks.append(pytest.mark.xfail(reason=reason, strict=True))
    return pytest.param(case, id=f"{case.rule_id}-{case.title}-{case.case_id[:7]}", marks=marks)


BROWSER_CLAIMED = browser_act_ids()
_FLAGGED: dict[tuple[str, str, bool], bool] = {}


def _flags(case: ActCase, stage: BrowserStage | None = None, assets: Path | None = None) -> bool:
    """``flags``, judged once per case and stage: the gate gives a document the same findings each time."""
    key = (case.rule_id, case.case_id, stage is not None)
    if key not in _FLAGGED:
        _FLAGGED[key] = flags(case, stage, assets)
    return _FLAGGED[key]


@pytest.mark.parametrize("case", [_param(case) for case in ALL_CASES if case.rule_id in CLAIMED])
def test_case_outcome(case: ActCase, request: pytest.FixtureRequest) -> None:
    """A failed case is reported with its ACT id; a passed or inapplicable case is not."""
    expected_finding = case.expected == "failed"
    stage = request.getfixturevalue("stage") if case.rule_id in BROWSER_CLAIMED else None
    found = _flags(case, stage, CASES_PATH.parent)
    assert found == expected_finding, f"{case.rule_id} {case.title} ({case.expected})"


@pytest.mark.parametrize(
    "rule_id", [pytest.param(rule, marks=_same_process(rule)) for rule in sorted(CLAIMED)]
)
def test_agreement_at_least_axe_core(
    rule_id: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each claimed ACT rule agrees with its cases at least as often as axe-core (80% where axe has none)."""
    monkeypatch.setattr(conformance, "flags", _flags)
    stage = request.getfixturevalue("stage") if rule_id in BROWSER_CLAIMED else None
    result = agreement(ALL_CASES, {rule_id}, stage, CASES_PATH.parent)[rule_id]
    figure = AXE.get(rule_id)
    target = figure[0] / figure[1] if figure else MINIMUM_WITHOUT_AXE
    assert result.total > 0, f"{rule_id} is claimed but has no test cases"
    assert result.ratio >= target, (
        f"{rule_id}: {result.agreed}/{result.total} agree, axe-core {figure}; "
        f"wrong on {[case.title for case in result.disagreements]}"
    )


def test_known_disagreements_name_real_cases_of_claimed_rules() -> None:
    """Every known disagreement is a case of a claimed rule (no stale entries)."""
    known = {(case.rule_id, case.case_id) for case in ALL_CASES if case.rule_id in CLAIMED}
    assert set(KNOWN_DISAGREEMENTS) <= known


def test_at_least_sixty_act_rules_are_claimed() -> None:
    """The gate claims 60 ACT rules or more, each measured above."""
    assert len(CLAIMED) >= 60, sorted(CLAIMED)
