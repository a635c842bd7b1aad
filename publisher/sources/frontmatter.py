"""Split a Markdown file into YAML front matter and body, keeping line numbers for errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import InvalidSource, Problem

__all__ = ["FrontMatter", "split_front_matter"]

_FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    """The front matter's values, where each key path sits in the file, and the body after it."""

    values: dict[str, Any]
    lines: dict[tuple[str | int, ...], int]
    body: str
    body_first_line: int

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The file line of a key path, or of its nearest enclosing key."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def split_front_matter(text: str, path: Path) -> FrontMatter:
    """Parse the ``---`` fenced YAML block at the top of ``text``."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        raise InvalidSource(
            [Problem(path, "the file must start with a '---' line opening the front matter", 1)]
        )
    closing = next((index for index in range(1, len(lines)) if lines[index].strip() == _FENCE), None)
    if closing is None:
        raise InvalidSource([Problem(path, "the front matter is not closed by a '---' line", 1)])
    yaml_text = "".join(lines[1:closing])
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        values = yaml.safe_load(yaml_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        raise InvalidSource([Problem(path, f"front matter is not valid YAML: {reason}", line)]) from None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise InvalidSource([Problem(path, "the front matter must be a mapping of keys to values", 2)])
    positions: dict[tuple[str | int, ...], int] = {(): 1}
    if node is not None:
        _record_lines(node, (), positions)
    return FrontMatter(
        values=values,
        lines=positions,
        body="".join(lines[closing + 1 :]),
        body_first_line=closing + 2,
    )


def _record_lines(
    node: yaml.Node, prefix: tuple[str | int, ...], out: dict[tuple[str | int, ...], int]
) -> None:
    # +2: the YAML starts on the file's second line, and marks count from zero.
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*prefix, str(key_node.value))
            out[key_path] = key_node.start_mark.line + 2
            _record_lines(value_node, key_path, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = (*prefix, index)
            out[item_path] = item.start_mark.line + 2
            _record_lines(item, item_path, out)
