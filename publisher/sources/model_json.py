"""Read an article given as the canonical model in JSON (``article.json``), for systems that hold
structured content already (a CMS export, the HTTP API's JSON body).

The JSON has the shape of ``Article`` as the project writes it; images, figures, related-article
images and downloads name files beside the JSON file, which are checked and copied as a Markdown
article's are. Every problem names the file and the field (``body.3.image.alt``); a JSON syntax
error names its line. Other versions (Leichte Sprache, translations) are linked as in Markdown front
matter: ``easy_language`` and ``translations`` name their files, each of which names this one back
as its ``original`` (``sources.versions``); the model's own ``versions`` (what those links resolve
to) is refused with that advice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from publisher.errors import InvalidSource, Problem
from publisher.model import Article
from publisher.settings import SourceSettings
from publisher.sources.downloads import LocalDownload, resolve_download
from publisher.sources.images import ImageProblem, LocalImage, resolve_image_source
from publisher.sources.markdown import SourceArticle, lead_image_warnings, read_source_text
from publisher.sources.versions import VERSION_KEYS, linked_versions

__all__ = ["parse_model_json"]


class _Files:
    """The local files an article's JSON names, resolved as the Markdown reader resolves them."""

    def __init__(self, path: Path, limits: SourceSettings) -> None:
        self.path = path
        self.limits = limits
        self.found: dict[str, LocalImage | LocalDownload] = {}
        self.problems: list[Problem] = []

    def image(self, raw: Any, name: str) -> Any:
        if not isinstance(raw, dict) or not isinstance(raw.get("src"), str) or not raw["src"].strip():
            return raw  # the model names what is missing
        try:
            fields, local = resolve_image_source(
                raw["src"],
                self.path.parent,
                max_bytes=self.limits.max_image_bytes,
                max_pixels=self.limits.max_image_pixels,
            )
        except ImageProblem as error:
            self.problems.append(Problem(self.path, str(error), field=f"{name}.src"))
            return raw
        if local is not None:
            self.found[local.output_name] = local
        return {**raw, **fields}

    def download(self, raw: Any, name: str) -> Any:
        if not isinstance(raw, dict) or not isinstance(raw.get("src"), str) or not raw["src"].strip():
            return raw
        try:
            fields, local = resolve_download(
                raw["src"],
                self.path.parent,
                max_bytes=self.limits.max_image_bytes,
                max_pixels=self.limits.max_image_pixels,
            )
        except ImageProblem as error:
            self.problems.append(Problem(self.path, str(error), field=f"{name}.src"))
            return raw
        self.found[local.output_name] = local
        # The file decides its kind, type and size; a title or credit comes from the JSON.
        return {**raw, **fields}


def _with_local_files(values: dict[str, Any], files: _Files) -> dict[str, Any]:
    """``values`` with every named file resolved (output names, pixel sizes) and recorded in ``files``."""
    values = dict(values)
    if values.get("image") is not None:
        values["image"] = files.image(values["image"], "image")
    body = values.get("body")
    if isinstance(body, list):
        values["body"] = [
            {**block, "image": files.image(block.get("image"), f"body.{index}.image")}
            if isinstance(block, dict) and block.get("type") == "figure"
            else block
            for index, block in enumerate(body)
        ]
    related = values.get("related")
    if isinstance(related, list):
        values["related"] = [
            {**entry, "image": files.image(entry["image"], f"related.{index}.image")}
            if isinstance(entry, dict) and entry.get("image") is not None
            else entry
            for index, entry in enumerate(related)
        ]
    downloads = values.get("downloads")
    if isinstance(downloads, list):
        values["downloads"] = [
            files.download(entry, f"downloads.{index}") for index, entry in enumerate(downloads)
        ]
    return values


# Pydantic's words for a missing or unknown block type name the machinery; these name the fix.
_MESSAGES = {
    "missing": "missing required field",
    "union_tag_not_found": 'needs a {discriminator} naming what it is, e.g. "type": "paragraph" '
    "(`publisher schema` lists every type)",
    "union_tag_invalid": "unknown {discriminator} {tag}: expected one of {expected_tags}",
}


def _json_path(values: Any, location: tuple[Any, ...]) -> str | None:
    """The dotted path of ``location`` in the JSON, without the block types pydantic puts between."""
    parts, node = [], values
    for part in location:
        inside_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if inside_list or (isinstance(node, dict) and part in node):
            node = node[part]
        elif isinstance(node, dict) and node.get("type") == part:
            continue  # the union member pydantic tried: not a key of the JSON
        else:
            node = None
        parts.append(str(part))
    return ".".join(parts) or None


def _validation_problems(path: Path, values: Any, error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors():
        name = _json_path(values, tuple(detail["loc"]))
        message = _MESSAGES.get(detail["type"], detail["msg"]).format(**detail.get("ctx", {}))
        problems.append(Problem(path, message.removeprefix("Value error, "), field=name))
    return problems


def parse_model_json(
    path: Path, *, timezone: str = "Europe/Berlin", limits: SourceSettings | None = None
) -> SourceArticle:
    """Read and validate the article model in the JSON file ``path``; raises ``InvalidSource``.

    ``timezone`` is not used: the model's times carry their offset (ISO 8601), and one without is
    refused naming the field.
    """
    del timezone
    limits = limits or SourceSettings()
    text = read_source_text(path, limits.max_article_bytes)
    try:
        values = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidSource([Problem(path, f"not valid JSON: {error.msg}", error.lineno)]) from None
    if not isinstance(values, dict):
        raise InvalidSource([Problem(path, "the JSON must be an object with the article's fields")])
    if values.get("versions"):
        message = (
            "other versions are found from their files: name them with 'easy_language' (a file name) "
            'and \'translations\' (e.g. {"en": "meldung-en.json"}), and each of them names this file '
            "as its 'original'"
        )
        raise InvalidSource([Problem(path, message, field="versions")])
    linked = linked_versions(path, values)
    values = {key: value for key, value in values.items() if key not in VERSION_KEYS}
    values["versions"] = linked.versions
    files = _Files(path, limits)
    values = _with_local_files(values, files)
    reported = {problem.field or "" for problem in files.problems}
    problems = [Problem(path, message, field=name) for message, name in linked.problems] + files.problems
    article = None
    try:
        article = Article.model_validate(values)
    except ValidationError as error:
        problems += [
            problem
            for problem in _validation_problems(path, values, error)
            if not any((problem.field or "").startswith(field.removesuffix(".src")) for field in reported)
        ]
    if problems or article is None:
        raise InvalidSource(problems)
    warnings = lead_image_warnings(path, values.get("image"), None)
    return SourceArticle(
        article=article,
        path=path,
        images=tuple(files.found.values()),
        versions=tuple(linked.paths),
        warnings=tuple(warnings),
    )
