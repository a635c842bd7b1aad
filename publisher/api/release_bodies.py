"""The two bodies ``POST /api/releases`` takes: Markdown with its images (multipart), or the model as JSON.

Both carry the same release options; each is read into the files the CLI would read (an article file
and its images in a private folder), so every later check and message is the CLI's. The OpenAPI
document names both (``request_body_schemas``), so clients and schemathesis see what is accepted.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import FormData, UploadFile

from publisher.api.uploads import MAX_IMAGES, Upload

__all__ = [
    "BodyRefused",
    "MarkdownRelease",
    "ModelRelease",
    "ReleaseOptions",
    "markdown_body",
    "model_body",
    "queue_request_body",
    "request_body_schemas",
]

_CHANNELS = Field(
    default=None,
    pattern=r"^[a-z]+(,[a-z]+)*$",
    max_length=100,
    description="Comma-separated channels (web,newsletter,audio,pdf); default: the site's",
)


class BodyRefused(Exception):
    """A body that is not one the endpoint takes: ``problems`` are (field, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"field '{field}': {message}" for field, message in problems))


class ReleaseOptions(BaseModel):
    """How the release goes out: the same options for a Markdown and a JSON article."""

    model_config = ConfigDict(extra="forbid")
    embargo: AwareDatetime | None = Field(default=None, description="Overrides the article's embargo")
    channels: str | None = _CHANNELS
    partial: bool = Field(default=False, description="Release what passed, with what it links to")
    send: bool = Field(default=False, description="Send the newsletter when the release goes out")
    replace: bool = Field(default=False, description="Replace an article of the same address")


class MarkdownRelease(ReleaseOptions):
    """multipart/form-data: the Markdown file with front matter and its images, named as it links them."""

    article: bytes = Field(description="The article: Markdown with front matter (.md)")
    images: list[bytes] = Field(
        default_factory=list, description="Its images, named as the article links them"
    )


class EmbeddedFile(BaseModel):
    """A file the JSON article names (an image or a download), with its bytes in base64."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        min_length=1, max_length=400, description="The name the article gives it, e.g. bilder/a.png"
    )
    data: str = Field(min_length=1, description="The file's bytes, base64-encoded")


class ModelRelease(ReleaseOptions):
    """application/json: the article as the canonical model (``publisher schema``) and its files."""

    article: dict[str, Any] = Field(
        description="The article in the shape of the canonical model (`publisher schema` prints it)"
    )
    files: Annotated[list[EmbeddedFile], Field(max_length=MAX_IMAGES)] = Field(
        default_factory=list, description="The images and downloads the article names, base64-encoded"
    )


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    return [
        (".".join(str(part) for part in ("body", *item["loc"])), str(item["msg"]))
        for item in error.errors(include_url=False)
    ]


def _options(values: dict[str, Any], model: type[ReleaseOptions]) -> ReleaseOptions:
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise BodyRefused(_problems(error)) from None


async def markdown_body(form: FormData) -> tuple[ReleaseOptions, Upload, list[Upload]]:
    """The options, the Markdown article and its images of a multipart body."""
    fields: dict[str, Any] = {}
    article: Upload | None = None
    images: list[Upload] = []
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            upload = Upload(value.filename or "", await value.read())
            if name == "article" and article is None:
                article = upload
            elif name == "images":
                images.append(upload)
            else:
                raise BodyRefused(
                    [(f"body.{name}", "is not a file field of this endpoint (article, images)")]
                )
        elif name in ("article", "images"):
            raise BodyRefused([(f"body.{name}", "must be a file part, with a file name")])
        else:
            fields[name] = value
    options = _options(fields, ReleaseOptions)
    if article is None:
        raise BodyRefused([("body.article", "Field required: post the Markdown file as 'article'")])
    return options, article, images


def model_body(raw: bytes) -> tuple[ReleaseOptions, Upload, list[Upload]]:
    """The options, the article (as ``article.json``) and its files of a JSON body."""
    try:
        values = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BodyRefused([("body", f"not valid JSON: {error}")]) from None
    if not isinstance(values, dict):
        raise BodyRefused([("body", "must be a JSON object with 'article' and the release options")])
    body = _options(values, ModelRelease)
    assert isinstance(body, ModelRelease)
    files = []
    for index, embedded in enumerate(body.files):
        try:
            content = base64.b64decode(embedded.data, validate=True)
        except (binascii.Error, ValueError):
            raise BodyRefused([(f"body.files.{index}.data", "is not base64")]) from None
        files.append(Upload(embedded.name, content))
    options = ReleaseOptions.model_validate(body.model_dump(include=set(ReleaseOptions.model_fields)))
    article = json.dumps(body.article, ensure_ascii=False).encode()
    return options, Upload("article.json", article), files


def request_body_schemas() -> dict[str, Any]:
    """The component schemas of both bodies, for the OpenAPI document."""
    schemas: dict[str, Any] = {}
    for model in (MarkdownRelease, ModelRelease):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def queue_request_body() -> dict[str, Any]:
    """The operation's ``requestBody``: Markdown as multipart, or the model as JSON."""
    return {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": {"$ref": "#/components/schemas/MarkdownRelease"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/ModelRelease"}},
        },
    }
