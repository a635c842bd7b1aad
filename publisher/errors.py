"""Exceptions the press office can see, each naming the file, line and field at fault.

PublisherError
├── InvalidSource        the article file cannot become an Article (exit code 2)
├── ConfigurationError   settings are unusable (exit code 2)
└── EmbargoError         the article may not be released yet (exit code 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "EXIT_FAILED",
    "EXIT_HELD",
    "EXIT_INVALID",
    "EXIT_PENDING",
    "EXIT_RELEASED",
    "EXIT_SUPERSEDED",
    "EXIT_UNSENT",
    "EXIT_UNWRITABLE",
    "ConfigurationError",
    "EmbargoError",
    "InvalidSource",
    "Problem",
    "PublisherError",
]

# The exit status of ``publisher publish`` and ``resume`` (README "Exit status"); here on the ground
# floor so the command can name them without loading the release package.
EXIT_RELEASED, EXIT_FAILED, EXIT_INVALID, EXIT_HELD = 0, 1, 2, 3
EXIT_PENDING, EXIT_UNWRITABLE, EXIT_SUPERSEDED, EXIT_UNSENT = 4, 5, 6, 7


class PublisherError(Exception):
    """Base of every error the CLI reports as a message rather than a traceback."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source file."""

    path: Path
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        what = f"field '{self.field}': " if self.field else ""
        return f"{where}: {what}{self.message}"


class InvalidSource(PublisherError):
    """An article source with one or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class ConfigurationError(PublisherError):
    """Settings that cannot work, e.g. an unknown channel name."""


class EmbargoError(PublisherError):
    """The article's embargo has not ended; nothing may be released before it."""
