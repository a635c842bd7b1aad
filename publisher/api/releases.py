"""The press office's endpoints: queue a release, list and show releases, retry, move, cancel, withdraw.

Every endpoint needs a bearer token; the token's name is recorded as who queued a release. The
answers carry the service's typed view (``ReleaseView``); refusals are JSON with the CLI's precise
messages (``detail``) and each problem's file, line and field (``problems``), and store nothing.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from publisher.api.uploads import Upload, UploadRefused, article_folder
from publisher.errors import InvalidSource, Problem, PublisherError
from publisher.release.service import (
    InvalidRelease,
    ReleaseConflict,
    ReleaseNotFound,
    cancel_release,
    get_release,
    list_releases,
    queue_release,
    reschedule_release,
    retry_release,
    withdraw_release,
)
from publisher.release.views import ReleaseView
from publisher.settings import Settings
from publisher.sources import parse_article

__all__ = ["ProblemBody", "RefusalBody", "refusal", "releases_router", "service_errors"]

ReleaseId = Annotated[
    str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,150}$", description="A release's id")
]


class ProblemBody(BaseModel):
    """One thing wrong with the request, where the CLI would name it."""

    file: str | None = None
    line: int | None = None
    field: str | None = None
    message: str


class RefusalBody(BaseModel):
    """A refused request: the message the CLI prints, and each problem on its own."""

    detail: str
    problems: list[ProblemBody] = []


class Reschedule(BaseModel):
    """A new embargo for a release that has not gone out (a time in the past releases it at once)."""

    model_config = ConfigDict(extra="forbid")
    embargo: AwareDatetime


class Withdrawal(BaseModel):
    """Why a released article is withdrawn; shown on the notice page at its address."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)


_REFUSALS: dict[int | str, dict[str, object]] = {
    status: {"model": RefusalBody, "description": meaning}
    for status, meaning in (
        (401, "No valid API token"),
        (404, "No release has this id"),
        (409, "The release's state does not allow this"),
        (413, "The request body is too large"),
        (415, "The request body is not of the type this endpoint takes"),
        (422, "Invalid input; nothing was stored"),
    )
}


def refusal(
    status: int, message: str, problems: Sequence[Problem] = (), folder: Path | None = None
) -> JSONResponse:
    """The JSON answer to a refused request; paths inside ``folder`` are named as the request named them."""

    def local(text: str) -> str:
        if folder is None:
            return text
        return text.replace(f"{folder}/", "").replace(str(folder), "the request's files")

    body = RefusalBody(
        detail=local(message),
        problems=[
            ProblemBody(
                file=local(str(problem.path)),
                line=problem.line,
                field=problem.field,
                message=local(problem.message),
            )
            for problem in problems
        ],
    )
    return JSONResponse(body.model_dump(), status_code=status)


class _Refused(Exception):
    def __init__(self, response: JSONResponse) -> None:
        self.response = response


def _multipart(request: Request) -> None:
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise HTTPException(415, detail="send the article as multipart/form-data (fields: article, images)")


def _checked_source(path: Path, settings: Settings) -> None:
    """Refuse what the CLI refuses, and a source that would lose content to sanitising (the CLI warns)."""
    try:
        source = parse_article(path, timezone=settings.site.timezone, limits=settings.source)
    except InvalidSource as error:
        raise _Refused(refusal(422, str(error), error.problems, path.parent)) from None
    if source.warnings:
        message = "the API takes no article that would be published differently from how it was written:\n"
        lines = "\n".join(str(problem) for problem in source.warnings)
        raise _Refused(refusal(422, message + lines, list(source.warnings), path.parent))


def _uploads(article: UploadFile, images: list[UploadFile]) -> tuple[Upload, list[Upload]]:
    return Upload(article.filename or "", article.file.read()), [
        Upload(image.filename or "", image.file.read()) for image in images
    ]


def releases_router(
    settings: Settings, holder: Callable[..., str], clock: Callable[[], datetime]
) -> APIRouter:
    """The release endpoints for ``settings``, behind the token check ``holder``."""
    router = APIRouter(prefix="/releases", tags=["releases"], responses=_REFUSALS)
    Holder = Annotated[str, Depends(holder)]

    @router.post("", status_code=201, response_model=ReleaseView, dependencies=[Depends(_multipart)],
                 summary="Queue an article (Markdown with its images) for release")  # fmt: skip
    def queue(
        who: Holder,
        article: Annotated[UploadFile, File(description="The article: Markdown with front matter")],
        images: Annotated[
            list[UploadFile], File(description="Its images, named as the article links them")
        ] = [],  # noqa: B006
        embargo: Annotated[
            AwareDatetime | None, Form(description="Overrides the front matter's embargo")
        ] = None,
        channels: Annotated[str | None, Form(pattern=r"^[a-z]+(,[a-z]+)*$", max_length=100)] = None,
        partial: Annotated[bool, Form(description="Release what passed, with what it links to")] = False,
        send: Annotated[bool, Form(description="Send the newsletter when the release goes out")] = False,
        replace: Annotated[bool, Form(description="Replace an article of the same address")] = False,
    ) -> JSONResponse | ReleaseView:
        try:
            with article_folder(*_uploads(article, images)) as path:
                _checked_source(path, settings)
                try:
                    view = queue_release(
                        settings, path, settings.api.out_dir, queued_by=who, channels=channels,
                        embargo=embargo, partial=partial, send=send, replace=replace, now=clock(),
                    )  # fmt: skip
                except InvalidRelease as error:
                    return refusal(422, str(error), error.problems, path.parent)
        except UploadRefused as error:
            return refusal(422, str(error), error.problems)
        except _Refused as refused:
            return refused.response
        response = JSONResponse(view.model_dump(mode="json"), status_code=201)
        response.headers["location"] = f"/api/releases/{view.id}"
        return response

    @router.get("", response_model=list[ReleaseView], summary="List releases, optionally in one state")
    def listing(
        _: Holder, state: Annotated[str | None, Query(pattern=r"^[a-z]{1,20}$")] = None
    ) -> list[ReleaseView]:
        return list_releases(settings, state)

    @router.get(
        "/{release_id}", response_model=ReleaseView, summary="A release: state per channel, findings, links"
    )
    def show(_: Holder, release_id: ReleaseId) -> ReleaseView:
        return get_release(settings, release_id)

    @router.post(
        "/{release_id}/retry", response_model=ReleaseView, summary="Run a held or failed release again"
    )
    def retry(_: Holder, release_id: ReleaseId) -> ReleaseView:
        return retry_release(settings, release_id, now=clock())

    @router.patch(
        "/{release_id}", response_model=ReleaseView, summary="Move the embargo of a release not yet out"
    )
    def move(_: Holder, release_id: ReleaseId, change: Reschedule) -> ReleaseView:
        return reschedule_release(settings, release_id, change.embargo, now=clock())

    @router.delete("/{release_id}", response_model=ReleaseView, summary="Cancel a release that is not out")
    def cancel(_: Holder, release_id: ReleaseId) -> ReleaseView:
        return cancel_release(settings, release_id, now=clock())

    @router.post("/{release_id}/withdraw", response_model=ReleaseView, summary="Withdraw a released article")
    def withdraw(_: Holder, release_id: ReleaseId, withdrawal: Withdrawal) -> ReleaseView:
        return withdraw_release(settings, release_id, withdrawal.reason, now=clock())

    return router


def service_errors() -> dict[type[Exception], Callable[[Request, Exception], JSONResponse]]:
    """The answers to the service's typed errors, for the app's exception handlers."""

    def answer(status: int) -> Callable[[Request, Exception], JSONResponse]:
        def handle(request: Request, error: Exception) -> JSONResponse:
            return refusal(status, str(error), list(getattr(error, "problems", [])))

        return handle

    return {
        ReleaseNotFound: answer(404),
        ReleaseConflict: answer(409),
        InvalidRelease: answer(422),
        PublisherError: answer(422),
    }
