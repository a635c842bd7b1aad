"""report.json keeps the shape the README documents: the typed report has exactly the documented keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from publisher.release.report import (
    ChannelReport,
    DeliveryFailure,
    DeliveryReport,
    FileWarning,
    ReleaseReport,
    SiteReport,
    SourceReport,
)
from publisher.settings import Settings
from tests.conftest import REPO
from tests.helpers import publish

README = (REPO / "README.md").read_text(encoding="utf-8")
# A documented key: its name, whether it is marked optional ("?"), and the shape of its value, if any.
Shape = dict[str, tuple[bool, Any]]


def parse_shape(text: str) -> Shape:
    """The keys of a shape written as in the README: ``{"a", "b"?, "c": {...}, "d"?: [{...}]}``."""
    tokens = re.findall(r'"\w+"|\?|\{|\}|\[|\]|\.\.\.|:|,', text)
    position = 0

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def value() -> Any:
        token = take()
        if token == "{":
            return members()
        if token == "[":
            inner = None if tokens[position] == "..." else value()
            while take() != "]":
                pass
            return [inner]
        return None

    def members() -> Shape:
        found: Shape = {}
        while tokens[position] != "}":
            name = take().strip('"')
            optional = tokens[position] == "?" and take() == "?"
            child = value() if tokens[position] == ":" and take() == ":" else None
            found[name] = (optional, child)
            if tokens[position] == ",":
                take()
        take()
        return found

    assert take() == "{"
    return members()


def documented_report() -> Shape:
    """The report's shape from the README's "publisher publish" section."""
    section = README[README.index("## `publisher publish`") :]
    block = section[section.index("```\n{") + 4 : section.index("}\n```") + 1]
    return parse_shape(block)


def documented_delivery() -> Shape:
    (line,) = re.findall(r'`"delivery": (\{[^`]*\})`', README)
    return parse_shape(line)


def keys_of(model: type[BaseModel]) -> dict[str, bool]:
    """Each key a model writes, and whether it may be left out (its value can be absent)."""
    keep = getattr(model, "_KEEP", ())
    return {
        name: field.default is None and name not in keep
        for name, field in model.model_fields.items()
        if not field.exclude
    }


def assert_documented(model: type[BaseModel], shape: Shape) -> None:
    assert keys_of(model) == {name: optional for name, (optional, _) in shape.items()}, model.__name__


def test_the_report_has_exactly_the_documented_keys() -> None:
    """Top level, channel, source, site and warning: the model and the README name the same keys."""
    shape = documented_report()
    assert_documented(ReleaseReport, shape)
    ((_, channel),) = shape["channels"][1].values()
    assert_documented(ChannelReport, channel)
    assert_documented(SourceReport, shape["source"][1])
    assert_documented(FileWarning, shape["source"][1]["warnings"][1][0])
    assert_documented(SiteReport, shape["site"][1])
    assert_documented(FileWarning, shape["site"][1]["warnings"][1][0])


def test_the_delivery_outcome_has_the_documented_keys() -> None:
    """A sent newsletter's delivery, and the one of a send that could not start ({"outcome", "error"})."""
    assert_documented(DeliveryReport, documented_delivery())
    assert keys_of(DeliveryFailure) == {"outcome": False, "error": False}
    assert '`{"outcome", "error"}`' in README


def test_a_written_report_uses_only_documented_keys(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    """A released article's report.json, with a source warning, carries the documented keys and no others."""
    body = "## Worum es geht\n\nSiehe <iframe src='https://video.example/1'></iframe> hier.\n"
    (report,) = publish([write_article(body=body)], tmp_path / "public", settings)
    shape = documented_report()
    assert set(report) <= set(shape)
    assert {name for name, (optional, _) in shape.items() if not optional} <= set(report)
    assert set(report["channels"]["web"]) <= set(shape["channels"][1]["web"][1])
    (warning,) = report["source"]["warnings"]
    assert set(warning) == set(shape["source"][1]["warnings"][1][0])
