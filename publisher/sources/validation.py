"""The model's validation errors as problems naming file, line and field, each problem once.

Both readers (Markdown with front matter, the model as JSON) validate through ``Article`` and report
what it refuses here; each reader says how a location in the model maps to its own field name and line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import ValidationError

from publisher.errors import Problem

__all__ = ["Location", "unreported", "validation_problems"]

Location = tuple[str | int, ...]

# Pydantic's words for a missing or unknown block type name the machinery; these name the fix.
# (Only JSON can get a block's type wrong: the Markdown reader sets every type itself.)
_MESSAGES = {
    "union_tag_not_found": 'needs a {discriminator} naming what it is, e.g. "type": "paragraph" '
    "(`publisher schema` lists every type)",
    "union_tag_invalid": "unknown {discriminator} {tag}: expected one of {expected_tags}",
}


def validation_problems(
    path: Path,
    error: ValidationError,
    where: Callable[[Location], tuple[str | None, int | None]],
    *,
    missing_hint: str = "",
) -> list[Problem]:
    """One problem in ``path`` per error of ``error``, at the field and line ``where`` gives its location.

    ``missing_hint`` follows "missing required field", with ``{key}`` for the field's own name.
    """
    problems = []
    for detail in error.errors():
        location = tuple(part for part in detail["loc"] if isinstance(part, (str, int)))
        name, line = where(location)
        message = detail["msg"]
        if detail["type"] == "missing":
            message = "missing required field" + (missing_hint.format(key=location[-1]) if location else "")
        elif detail["type"] in _MESSAGES:
            message = _MESSAGES[detail["type"]].format(**detail.get("ctx", {}))
        problems.append(Problem(path, message.removeprefix("Value error, "), line, name))
    return problems


def unreported(problems: Iterable[Problem], reported: Iterable[str]) -> list[Problem]:
    """``problems`` less those on a ``reported`` field or inside one: each problem is named once."""
    fields = set(reported)

    def known(name: str) -> bool:
        return any(name == field or name.startswith(field + ".") for field in fields)

    return [problem for problem in problems if not known(problem.field or "")]
