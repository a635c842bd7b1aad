"""Read an article from Markdown with YAML front matter into the canonical model.

Every problem is collected with its file, line and field, and reported at once;
nothing is written by reading.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from publisher.errors import InvalidSource, Problem
from publisher.model import UNUSABLE_CHARACTERS, Article, unusable_character
from publisher.settings import SourceSettings
from publisher.sources.blocks import ImageRef, convert_body
from publisher.sources.dates import read_date
from publisher.sources.downloads import DOWNLOAD_KEYS, LocalDownload, resolve_download
from publisher.sources.frontmatter import FrontMatter, split_front_matter
from publisher.sources.images import ImageProblem, LocalImage, resolve_image_source
from publisher.sources.validation import Location, unreported, validation_problems
from publisher.sources.versions import VERSION_KEYS, LinkedVersions, linked_versions

__all__ = [
    "FRONT_MATTER_KEYS",
    "SHARING_IMAGE_WIDTH",
    "SourceArticle",
    "lead_image_warnings",
    "parse_markdown",
    "read_source_text",
]

FRONT_MATTER_KEYS = (
    "title",
    "date",
    "summary",
    "lang",
    "kicker",
    "author",
    "slug",
    "id",
    "embargo",
    "tags",
    "image",
    "related",
    "correction",
    "dateline",
    "number",
    "contacts",
    "downloads",
    *VERSION_KEYS,
)
_IMAGE_KEYS = ("src", "alt", "caption", "credit", "decorative")
_RELATED_KEYS = ("title", "url", "kicker", "image")
_CONTACT_KEYS = ("name", "role", "phone", "email")
_TRUE = {"true", "yes", "1", ""}
# The width link previews (og:image) on social networks and messengers ask for.
SHARING_IMAGE_WIDTH = 1200


@dataclass(frozen=True)
class SourceArticle:
    """An article read from a file, with the local image files it needs copied to the output."""

    article: Article
    path: Path
    # Images and downloads: each file is copied into the release under its ``output_name``.
    images: tuple[LocalImage | LocalDownload, ...] = ()
    # The files of its other versions (Leichte Sprache, translations, original), published beside it.
    versions: tuple[Path, ...] = ()
    # What was published differently from how it was written (e.g. raw HTML left out), for the report.
    warnings: tuple[Problem, ...] = ()


@dataclass
class _Reader:
    path: Path
    timezone: ZoneInfo
    limits: SourceSettings
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    images: dict[str, LocalImage | LocalDownload] = field(default_factory=dict)

    def problem(self, message: str, line: int | None, field_name: str | None = None) -> None:
        self.problems.append(Problem(self.path, message, line, field_name))

    def unknown_keys(
        self,
        values: dict[str, Any],
        allowed: tuple[str, ...],
        front: FrontMatter,
        prefix: tuple[str | int, ...],
    ) -> None:
        for key in values:
            if key in allowed or (isinstance(key, str) and unusable_character(key)):
                continue
            guess = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else f" (known keys: {', '.join(allowed)})"
            name = ".".join(str(part) for part in (*prefix, key))
            self.problem(f"unknown key '{key}'{hint}", front.line_of((*prefix, str(key))), name)

    def unusable_characters(self, value: Any, front: FrontMatter, path: tuple[str | int, ...]) -> None:
        """Report every key and text below ``path`` holding a character no output can carry."""
        name = ".".join(str(part) for part in path) or None
        if isinstance(value, str):
            problem = unusable_character(value)
            if problem:
                self.problem(f"the text {problem}", front.line_of(path), name)
        elif isinstance(value, dict):
            for key, item in value.items():
                key_path = (*path, str(key))
                problem = unusable_character(key) if isinstance(key, str) else None
                if problem:
                    self.problem(f"the key {key!r} {problem}", front.line_of(key_path), name)
                self.unusable_characters(item, front, key_path)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.unusable_characters(item, front, (*path, index))

    def timestamp(self, value: Any, name: str, line: int | None) -> datetime | None:
        try:
            return read_date(value, self.timezone)
        except ValueError as error:
            self.problem(str(error), line, name)
            return None

    def image(self, raw: Any, name: str, line: int | None) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.problem("an image needs 'src' and 'alt' (or 'decorative: true')", line, name)
            return None
        data = dict(raw)
        for key, value in data.items():
            problem = unusable_character(value) if isinstance(value, str) else None
            if problem:  # front-matter images are reported with the rest of the front matter
                if name == "body":
                    self.problem(f"the image's {key} {problem}", line, name)
                return None
        decorative = data.get("decorative", False)
        if isinstance(decorative, str):
            decorative = decorative.strip().lower() in _TRUE
        data["decorative"] = bool(decorative)
        alt = str(data.get("alt") or "").strip()
        if not alt and not data["decorative"]:
            self.problem(
                "image has no alt text: describe what it shows in 'alt', or set 'decorative: true' "
                "if it carries no information",
                line,
                name,
            )
            return None
        if not isinstance(data.get("src"), str) or not data["src"].strip():
            self.problem("image has no 'src'", line, name)
            return None
        try:
            fields, local = resolve_image_source(
                data["src"],
                self.path.parent,
                max_bytes=self.limits.max_image_bytes,
                max_pixels=self.limits.max_image_pixels,
            )
        except ImageProblem as error:
            self.problem(str(error), line, f"{name}.src")
            return None
        if local is not None:
            self.images[local.output_name] = local
        data.update(fields)
        return data

    def download(self, raw: Any, front: FrontMatter, index: int) -> Any:
        if not isinstance(raw, dict):
            return raw
        self.unknown_keys(raw, DOWNLOAD_KEYS, front, ("downloads", index))
        src = raw.get("src")
        if not isinstance(src, str) or not src.strip():
            return raw  # the model names the missing 'src'
        try:
            fields, local = resolve_download(
                src,
                self.path.parent,
                max_bytes=self.limits.max_image_bytes,
                max_pixels=self.limits.max_image_pixels,
            )
        except ImageProblem as error:
            self.problem(str(error), front.line_of(("downloads", index, "src")), f"downloads.{index}.src")
            return None
        self.images[local.output_name] = local
        return {**raw, **fields}


def lead_image_warnings(path: Path, image: dict[str, Any] | None, line: int | None) -> list[Problem]:
    """Warnings for a lead image too small for sharing previews or naming nobody to credit."""
    if not isinstance(image, dict) or image.get("decorative"):
        return []
    found = []
    width = image.get("width")
    if isinstance(width, int) and width < SHARING_IMAGE_WIDTH:
        found.append(
            Problem(
                path,
                f"the lead image is {width} px wide; link previews (og:image) want at least "
                f"{SHARING_IMAGE_WIDTH} px, so it is shown small or blurred when shared",
                line,
                "image.src",
            )
        )
    if not str(image.get("credit") or "").strip():
        found.append(
            Problem(path, "the lead image has no credit: name who made it ('credit:')", line, "image")
        )
    return found


def parse_markdown(
    path: Path, *, timezone: str = "Europe/Berlin", limits: SourceSettings | None = None
) -> SourceArticle:
    """Read and validate the article at ``path``; raises ``InvalidSource`` listing every problem.

    ``limits`` bound what is read (file, front matter and image sizes) before it is parsed.
    """
    limits = limits or SourceSettings()
    reader = _Reader(path=path, timezone=ZoneInfo(timezone), limits=limits)
    text = read_source_text(path, limits.max_article_bytes)
    front = split_front_matter(text, path, max_bytes=limits.max_front_matter_bytes)
    reader.problems.extend(front.problems)
    values, linked = _front_matter_values(reader, front, path)
    _body_blocks(reader, front, path, values)
    article = _validated(reader, front, path, values)
    if reader.problems:
        raise InvalidSource(sorted(reader.problems, key=lambda problem: problem.line or 0))
    assert article is not None  # a failed validation always leaves a problem
    return SourceArticle(
        article=article,
        path=path,
        images=tuple(reader.images.values()),
        versions=tuple(linked.paths),
        warnings=tuple(sorted(reader.warnings, key=lambda warning: warning.line or 0)),
    )


def _front_matter_values(
    reader: _Reader, front: FrontMatter, path: Path
) -> tuple[dict[str, Any], LinkedVersions]:
    """The front matter's values checked and resolved (dates, images, downloads, versions, related)."""
    values = dict(front.values)
    reader.unusable_characters(values, front, ())
    reader.unknown_keys(values, FRONT_MATTER_KEYS, front, ())
    for key in ("date", "embargo"):
        if values.get(key) is not None:
            values[key] = reader.timestamp(values[key], key, front.line_of((key,)))
    if values.get("image") is not None:
        values["image"] = reader.image(values["image"], "image", front.line_of(("image",)))
        reader.warnings += lead_image_warnings(path, values["image"], front.line_of(("image",)))
        if isinstance(front.values.get("image"), dict):
            reader.unknown_keys(front.values["image"], _IMAGE_KEYS, front, ("image",))
    if isinstance(values.get("number"), int) and not isinstance(values["number"], bool):
        values["number"] = str(values["number"])  # "number: 87" is a release number, not arithmetic
    for index, contact in enumerate(values.get("contacts") or []):
        if isinstance(contact, dict):
            reader.unknown_keys(contact, _CONTACT_KEYS, front, ("contacts", index))
    downloads = values.get("downloads") or []
    if isinstance(downloads, list):
        values["downloads"] = [reader.download(entry, front, index) for index, entry in enumerate(downloads)]
    linked = linked_versions(path, values)
    for message, name in linked.problems:
        reader.problem(message, front.line_of(tuple(name.split("."))), name)
    values["versions"] = linked.versions
    for key in VERSION_KEYS:
        values.pop(key, None)
    related = values.get("related") or []
    if isinstance(related, list):
        values["related"] = [_related(reader, front, entry, index) for index, entry in enumerate(related)]
    return values, linked


def _body_blocks(reader: _Reader, front: FrontMatter, path: Path, values: dict[str, Any]) -> None:
    """The Markdown body converted to blocks in ``values["body"]``, its images resolved."""

    def body_image(ref: ImageRef) -> dict[str, Any] | None:
        attrs = dict(ref.attrs)
        if "decorative" in str(attrs.pop("class", "")).split():
            attrs["decorative"] = True
        if attrs.get("title") and not attrs.get("caption"):
            attrs["caption"] = attrs["title"]
        attrs.pop("title", None)
        image = {key: attrs[key] for key in _IMAGE_KEYS if key in attrs}
        return reader.image(image, "body", front.body_first_line + ref.line)

    if not front.body.strip():
        reader.problem(
            "the body is empty: write the article's text below the front matter",
            front.body_first_line,
            "body",
        )
        return
    blocks, issues = convert_body(front.body, body_image)
    values["body"] = blocks
    for issue in issues:
        found = Problem(path, issue.message, front.body_first_line + issue.line, issue.field)
        (reader.warnings if issue.warning else reader.problems).append(found)


def _validated(reader: _Reader, front: FrontMatter, path: Path, values: dict[str, Any]) -> Article | None:
    """The article the values make, or None with its problems added (each problem named once)."""
    try:
        return Article.model_validate(values)
    except ValidationError as error:
        reported = {problem.field for problem in reader.problems if problem.field}
        if not values.get("title"):
            reported.add("slug")  # derived from the title: one problem, not two
        found = validation_problems(
            path, error, partial(_place, front), missing_hint=": add '{key}:' to the front matter"
        )
        reader.problems += unreported(found, reported)
        return None


def _place(front: FrontMatter, location: Location) -> tuple[str | None, int | None]:
    """The field name and file line of ``location`` in the article's values."""
    # The body's blocks have no keys in the file: their problems point at where the body starts.
    line = front.body_first_line if location[:1] == ("body",) else front.line_of(location)
    return ".".join(str(part) for part in location) or None, line


def _related(reader: _Reader, front: FrontMatter, entry: Any, index: int) -> Any:
    if not isinstance(entry, dict):
        return entry
    reader.unknown_keys(entry, _RELATED_KEYS, front, ("related", index))
    if entry.get("image") is None:
        return entry
    line = front.line_of(("related", index, "image"))
    source = entry["image"].get("src") if isinstance(entry["image"], dict) else None
    if isinstance(source, str) and "://" in source:
        reader.problem(
            "a related article's image is copied into the site, never loaded from another server: "
            "save it beside the article and give its file name",
            front.line_of(("related", index, "image", "src")),
            f"related.{index}.image.src",
        )
        return {**entry, "image": None}
    return {**entry, "image": reader.image(entry["image"], f"related.{index}.image", line)}


def read_source_text(path: Path, max_bytes: int) -> str:
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)
    except OSError as error:
        raise InvalidSource([Problem(path, f"cannot read the file: {error.strerror or error}")]) from None
    if len(raw) > max_bytes:
        raise InvalidSource(
            [
                Problem(
                    path,
                    f"the file is larger than {max_bytes:,} bytes, the most an article may have "
                    "(setting source.max_article_bytes)",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidSource(
            [Problem(path, f"the file is not UTF-8 (byte {error.start}); save it as UTF-8", line)]
        ) from None
    text = text.removeprefix("\ufeff")
    found = UNUSABLE_CHARACTERS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise InvalidSource([Problem(path, f"the file {unusable_character(found.group())}", line)])
    return text
