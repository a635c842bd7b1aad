"""Split a Markdown file into YAML front matter and body, keeping line numbers for errors.

The YAML is bounded before anything is built from it: its size, how deep it nests and how many
values its aliases expand to (a few hundred bytes of ``&a [*b, *b, ...]`` would otherwise grow to
gigabytes), and a key written twice is an error naming both lines rather than the last one winning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import InvalidSource, Problem

__all__ = [
    "MAX_FRONT_MATTER_DEPTH",
    "MAX_FRONT_MATTER_VALUES",
    "FrontMatter",
    "split_front_matter",
]

_FENCE = "---"
# A real front matter has a few dozen values and nests four levels (related[0].image.src).
MAX_FRONT_MATTER_VALUES = 10_000
MAX_FRONT_MATTER_DEPTH = 20
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class FrontMatter:
    """The front matter's values, where each key path sits in the file, and the body after it."""

    values: dict[str, Any]
    lines: dict[tuple[str | int, ...], int]
    body: str
    body_first_line: int
    # Problems that do not stop reading the rest (a key written twice), reported with the others.
    problems: tuple[Problem, ...] = field(default=())

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The file line of a key path, or of its nearest enclosing key."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses deep nesting, alias bombs and values it cannot build."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        # Values each composed node stands for once its aliases are expanded, by node identity.
        self._expanded: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        alias = self.check_event(yaml.AliasEvent)
        self._depth += 1
        if self._depth > MAX_FRONT_MATTER_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"the front matter nests deeper than {MAX_FRONT_MATTER_DEPTH} levels", mark
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is None:
            return node
        if alias:
            if id(node) not in self._expanded:
                raise yaml.composer.ComposerError(
                    None, None, "an alias refers to the value it is part of", mark
                )
            return node
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        size = 1 + sum(self._expanded[id(child)] for child in children)
        if size > MAX_FRONT_MATTER_VALUES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the front matter expands to more than {MAX_FRONT_MATTER_VALUES:,} values through its "
                "aliases (*name); write the values out instead",
                mark,
            )
        self._expanded[id(node)] = size
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:  # e.g. a 5,000-digit number, the date 2026-13-45
            raise yaml.constructor.ConstructorError(
                None, None, f"this value cannot be read: {error}", node.start_mark
            ) from None


def split_front_matter(text: str, path: Path, *, max_bytes: int = 65_536) -> FrontMatter:
    """Parse the ``---`` fenced YAML block at the top of ``text`` (at most ``max_bytes`` of it)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        raise InvalidSource(
            [Problem(path, "the file must start with a '---' line opening the front matter", 1)]
        )
    closing = next((index for index in range(1, len(lines)) if lines[index].strip() == _FENCE), None)
    if closing is None:
        raise InvalidSource([Problem(path, "the front matter is not closed by a '---' line", 1)])
    yaml_text = "".join(lines[1:closing])
    size = len(yaml_text.encode("utf-8"))
    if size > max_bytes:
        raise InvalidSource(
            [
                Problem(
                    path,
                    f"the front matter is {size:,} bytes; at most {max_bytes:,} are read "
                    "(long texts belong in the body)",
                    2,
                )
            ]
        )
    loader = _BoundedLoader(yaml_text)
    positions: dict[tuple[str | int, ...], int] = {(): 1}
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            # Before construction: merge keys (<<) are flattened into the nodes while building.
            _record_lines(node, (), positions, problems, path)
        values = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        raise InvalidSource([Problem(path, f"front matter is not valid YAML: {reason}", line)]) from None
    finally:
        loader.dispose()
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise InvalidSource([Problem(path, "the front matter must be a mapping of keys to values", 2)])
    return FrontMatter(
        values=values,
        lines=positions,
        body="".join(lines[closing + 1 :]),
        body_first_line=closing + 2,
        problems=tuple(problems),
    )


def _record_lines(
    node: yaml.Node,
    prefix: tuple[str | int, ...],
    out: dict[tuple[str | int, ...], int],
    problems: list[Problem],
    path: Path,
) -> None:
    # +2: the YAML starts on the file's second line, and marks count from zero.
    if isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 2
            key_path = (*prefix, str(key_node.value))
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
                key = (key_node.tag, key_node.value)
                if key in seen:
                    where = f"on lines {seen[key]} and {line}" if seen[key] != line else f"on line {line}"
                    problems.append(
                        Problem(
                            path,
                            f"the key '{key_node.value}' is written twice, {where}; keep the one you mean",
                            line,
                            ".".join(str(part) for part in key_path),
                        )
                    )
                seen.setdefault(key, line)
            out[key_path] = line
            _record_lines(value_node, key_path, out, problems, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = (*prefix, index)
            out[item_path] = item.start_mark.line + 2
            _record_lines(item, item_path, out, problems, path)
