"""The release report as one typed model: what became of a release, each channel, its findings and warnings.

``report.json`` is this model as JSON (the README's "publisher publish" section documents every key);
keys without a value are left out, so a report says only what applies to it. The one writer of
``report.json`` and ``report.html`` is ``publisher.release.report_files``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, model_serializer

from publisher.a11y.findings import Finding, has_errors
from publisher.errors import (
    EXIT_FAILED,
    EXIT_HELD,
    EXIT_INVALID,
    EXIT_PENDING,
    EXIT_RELEASED,
    EXIT_SUPERSEDED,
    EXIT_UNSENT,
    EXIT_UNWRITABLE,
    Problem,
)

__all__ = [
    "EXIT_FAILED",
    "EXIT_HELD",
    "EXIT_INVALID",
    "EXIT_PENDING",
    "EXIT_RELEASED",
    "EXIT_SUPERSEDED",
    "EXIT_UNSENT",
    "EXIT_UNWRITABLE",
    "RELEASE_STATUSES",
    "ChannelReport",
    "ChannelStatus",
    "DeliveryFailure",
    "DeliveryReport",
    "FileWarning",
    "ReleaseReport",
    "ReleaseStatus",
    "SiteReport",
    "SourceReport",
    "exit_status",
    "read_report",
]

# README "publisher publish" documents each one.
ReleaseStatus = Literal[
    "released", "held", "failed", "superseded", "conflict", "unwritable", "pending", "scheduled"
]
# The statuses a release that ended has (pending and scheduled ones have not ended).
RELEASE_STATUSES = ("released", "held", "failed", "superseded", "conflict", "unwritable")
ChannelStatus = Literal["released", "held", "failed", "withheld", "pending"]


class _Report(BaseModel):
    """A part of the report: keys without a value are left out of the JSON, except those in ``_KEEP``."""

    # Reports written by a newer version may carry keys this one does not know: they are ignored.
    model_config = ConfigDict(extra="ignore")
    _KEEP: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _without_absent(self, handler: Any, info: SerializationInfo) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {key: value for key, value in data.items() if value is not None or key in self._KEEP}

    def as_json(self) -> dict[str, Any]:
        """This part as JSON data, as ``report.json`` holds it."""
        data: dict[str, Any] = self.model_dump(mode="json")
        return data


class FileWarning(_Report):
    """Something published differently from how it was written, or a file left out, with where it is."""

    _KEEP: ClassVar[tuple[str, ...]] = ("line", "field")

    file: str
    line: int | None = None
    field: str | None = None
    message: str

    @classmethod
    def of(cls, problem: Problem) -> FileWarning:
        return cls(file=str(problem.path), line=problem.line, field=problem.field, message=problem.message)

    def __str__(self) -> str:
        return str(Problem(Path(self.file), self.message, self.line, self.field))


class SourceReport(_Report):
    """The Markdown file the release was made from, and what of it was not published as written."""

    path: str
    warnings: list[FileWarning] = []


class SiteReport(_Report):
    """What the rebuild of the site files (index, feeds, sitemap) had to leave out."""

    warnings: list[FileWarning] = []


class DeliveryReport(_Report):
    """How the newsletter send of a released article stands (``publish --send``)."""

    _KEEP: ClassVar[tuple[str, ...]] = ("alert",)

    release_id: int
    state: str
    # sent, not sent, stopped, in progress, nobody; queued when workers send it
    outcome: str
    sent: int = 0
    deferred: int = 0
    bounced: int = 0
    skipped: int = 0
    failed: int = 0
    pending: int = 0
    alert: str | None = None
    # Set when the send was queued for the workers.
    recipients: int | None = None


class DeliveryFailure(_Report):
    """A newsletter send that could not start (no database, a damaged address row)."""

    outcome: Literal["not sent"] = "not sent"
    error: str


class ChannelReport(_Report):
    """What became of one channel of the release."""

    status: ChannelStatus
    # Where a channel that is not finished stands (pending, rendered, passed): the step it waits for.
    step: str | None = None
    findings: list[Finding] = []
    error: str | None = None
    delivery: DeliveryReport | DeliveryFailure | None = None

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def held(self) -> bool:
        return has_errors(self.findings)


class ReleaseReport(_Report):
    """The outcome of one release, as ``report.json`` holds it and ``publisher publish --json`` prints it."""

    slug: str
    title: str | None = None
    lang: str | None = None
    release: str | None = None
    generation: int | None = None
    status: ReleaseStatus
    # One sentence on why a release did not go out.
    reason: str | None = None
    # For a pending release: what the broker says (queued, stopped, lost, unreachable, unknown).
    broker: str | None = None
    # Seconds after which the broker hands the task of a vanished worker to another one.
    redelivery_after: float | None = None
    # For a scheduled release: when its embargo ends.
    scheduled: str | None = None
    # When the release step decided.
    finished: str | None = None
    # The address of the article's page (released or, for a release that did not go out, would-be).
    url: str | None = None
    # The staging folder of a release that did not go out.
    staging: str | None = None
    # The folder with this report (report.json, report.html): the article's internal folder when
    # released (never in the public tree), else the staging folder.
    reports: str | None = None
    source: SourceReport | None = None
    site: SiteReport | None = None
    channels: dict[str, ChannelReport] = {}
    # A copy of the release step found it decided already (never written or printed).
    already_finished: bool = Field(False, exclude=True)

    def to_json(self) -> bytes:
        """``report.json``."""
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2).encode()

    @property
    def delivery(self) -> DeliveryReport | DeliveryFailure | None:
        """The newsletter send's outcome, if the release sent one."""
        newsletter = self.channels.get("newsletter")
        return newsletter.delivery if newsletter is not None else None

    def warnings(self) -> list[FileWarning]:
        """Every warning of the release: the source's, then the site rebuild's."""
        return [
            *(self.source.warnings if self.source else []),
            *(self.site.warnings if self.site else []),
        ]


def read_report(path: Path) -> ReleaseReport | None:
    """The report in ``path`` (a ``report.json``); None when there is none or it cannot be read."""
    try:
        return ReleaseReport.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def exit_status(reports: list[ReleaseReport]) -> int:
    """The exit status for these reports: the first of 5, 4, 2, 3, 1, 7, 6 that applies, else 0."""
    statuses = {report.status for report in reports}
    first = (("unwritable", EXIT_UNWRITABLE), ("pending", EXIT_PENDING), ("conflict", EXIT_INVALID))
    for status, code in first:
        if status in statuses:
            return code
    channels = {channel.status for report in reports for channel in report.channels.values()}
    if "held" in channels:
        return EXIT_HELD
    if "failed" in channels:
        return EXIT_FAILED
    if any(
        report.delivery is not None and report.delivery.outcome in ("not sent", "stopped")
        for report in reports
    ):
        return EXIT_UNSENT
    if "superseded" in statuses:
        return EXIT_SUPERSEDED
    return EXIT_RELEASED
