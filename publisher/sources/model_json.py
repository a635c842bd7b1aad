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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from publisher.errors import InvalidSource, Problem
from publisher.model import Article
from publisher.settings import SourceSettings
from publisher.sources.downloads import LocalDownload, resolve_download
from publisher.sources.images import ImageProblem, LocalImage, resolve_image_source
from publisher.sources.markdown import SourceArticle, lead_image_warnings, read_source_text
from publisher.sources.validation import Location, unreported, validation_problems
from publisher.sources.versions import VERSION_KEYS, linked_versions

__all__ = ["parse_model_json"]


# Resolves a file named by an article (an image or a download): its model fields and the local file.
_Resolver = Callable[..., tuple[dict[str, Any], LocalImage | LocalDownload | None]]


class _Files:
    """The local files an article's JSON names, resolved as the Markdown reader resolves them."""

    def __init__(self, path: Path, limits: SourceSettings) -> None:
        self.path = path
        self.limits = limits
        self.found: dict[str, LocalImage | LocalDownload] = {}
        self.problems: list[Problem] = []

    def image(self, raw: Any, name: str) -> Any:
        return self._resolved(raw, name, resolve_image_source)

    def download(self, raw: Any, name: str) -> Any:
        # The file decides its kind, type and size; a title or credit comes from the JSON.
        return self._resolved(raw, name, resolve_download)

    def _resolved(self, raw: Any, name: str, resolve: _Resolver) -> Any:
        """``raw`` with the fields its file gives (output name, pixel size), the file recorded."""
        if not isinstance(raw, dict) or not isinstance(raw.get("src"), str) or not raw["src"].strip():
            return raw  # the model names what is missing
        try:
            fields, local = resolve(
                raw["src"],
                self.path.parent,
                max_bytes=self.limits.max_image_bytes,
                max_pixels=self.limits.max_image_pixels,
            )
        except ImageProblem as error:
            self.problems.append(Problem(self.path, str(error), field=f"{name}.src"))
            return raw
        if local is not None:  # None: an image on the web, left where it is
            self.found[local.output_name] = local
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


def _json_path(values: Any, location: Location) -> str | None:
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
    problems = [Problem(path, message, field=name) for message, name in linked.problems] + files.problems
    article = None
    try:
        article = Article.model_validate(values)
    except ValidationError as error:
        # A file refused above is named once, not again for what the model says of its entry.
        reported = [(problem.field or "").removesuffix(".src") for problem in files.problems]
        problems += unreported(
            validation_problems(path, error, lambda location: (_json_path(values, location), None)),
            reported,
        )
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
