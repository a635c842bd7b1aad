"""The built-in engine agrees with the W3C ACT Rules test cases for every ACT rule it claims.

A ``failed`` case must produce a finding that carries the case's ACT rule id; a ``passed`` or
``inapplicable`` case must not. Each claimed rule must agree at least as often as axe-core does
(the figures in the cases' README), counting every known disagreement against us.

The cases live beside the repository (``../shared/act-cases/cases.json``); set
``PUBLISHER_ACT_CASES`` to use another copy.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher.a11y.conformance import (
    ActCase,
    agreement,
    axe_figures,
    claimed_act_ids,
    default_cases_path,
    flags,
    load_cases,
)

CASES_PATH = Path(os.environ.get("PUBLISHER_ACT_CASES") or default_cases_path())
if not CASES_PATH.is_file():
    # CI always has shared/ beside the clone: a missing suite there is a failure, not a skip.
    if os.environ.get("CI"):
        raise FileNotFoundError(f"ACT test cases not found at {CASES_PATH}")
    pytest.skip(f"ACT test cases not found at {CASES_PATH}", allow_module_level=True)

# Cases the engine gets wrong on purpose: each needs something a static check of the markup cannot
# have (hearing or watching the media, a fetched page, running scripts, looking at an image).
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
    # Text has minimum contrast: the background is a photo; the text is added by a script (shadow DOM).
    ("afw4f7", "41afaa9b33287aba9c608c3466e2b164f57a02ed"): "Failed Example 3: text over a background image",
    ("afw4f7", "b1a65bd18381a1ea4ad3077fd98c50368947012c"): "Failed Example 6: text inserted by a script",
    # Link in context is descriptive (editorial rule): whether "Workshop", "HTML" or "Download" describe
    # the target needs an understanding of the surrounding text.
    ("5effbb", "98f0638a038a244b0bde70ff316cde1be7ce9a3b"): "Failed Example 4: 'Workshop' after a paragraph",
    ("5effbb", "43730455b69439980b95151be477ca594e0d7556"): "Failed Example 5: format names under a title",
    ("5effbb", "45d884e81c4ef8234cfbd85d259dd6a64685c9d2"): "Failed Example 6: 'Download' in a table row",
    # Image filename is accessible name (editorial rule): the file names have no extension or are picked
    # from picture/source candidates a browser chooses by viewport.
    ("9eb3f6", "50275690fd38aa83f817b3f6f20862778ec8c306"): "Failed Example 1: file name without extension",
    ("9eb3f6", "45c0f9b5c73d87387d8f8147c9530dcd3734e09b"): "Failed Example 5: name of a picture source",
}

# For ACT rules axe-core does not implement there is no figure to beat; claim them only above this.
MINIMUM_WITHOUT_AXE = 0.8

ALL_CASES = load_cases(CASES_PATH)
CLAIMED = claimed_act_ids()
AXE = axe_figures(CASES_PATH.parent / "README.md")


def _param(case: ActCase) -> object:
    marks = []
    reason = KNOWN_DISAGREEMENTS.get((case.rule_id, case.case_id))
    if reason:
        marks.append(pytest.mark.xfail(reason=reason, strict=True))
    return pytest.param(case, id=f"{case.rule_id}-{case.title}-{case.case_id[:7]}", marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in ALL_CASES if case.rule_id in CLAIMED])
def test_case_outcome(case: ActCase) -> None:
    """A failed case is reported with its ACT id; a passed or inapplicable case is not."""
    expected_finding = case.expected == "failed"
    assert flags(case) == expected_finding, f"{case.rule_id} {case.title} ({case.expected})"


@pytest.mark.parametrize("rule_id", sorted(CLAIMED))
def test_agreement_at_least_axe_core(rule_id: str) -> None:
    """Each claimed ACT rule agrees with its cases at least as often as axe-core (80% where axe has none)."""
    result = agreement(ALL_CASES, {rule_id})[rule_id]
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
