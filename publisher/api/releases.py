"""The press office's endpoints: queue a release, list and show releases, retry, move, cancel, withdraw.

Every endpoint needs a bearer token; the token's name is recorded as who queued a release. The
answers carry the service's typed view (``ReleaseView``); refusals are JSON with the CLI's precise
messages (``detail``) and each problem's file, line and field (``problems``), and store nothing.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from publisher.api.release_bodies import (
    BodyRefused,
    ReleaseOptions,
    markdown_body,
    model_body,
    queue_request_body,
)
from publisher.api.uploads import MAX_IMAGES, Upload, UploadRefused, article_folder
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


def _queued(
    settings: Settings,
    clock: Callable[[], datetime],
    who: str,
    options: ReleaseOptions,
    article: Upload,
    images: list[Upload],
) -> JSONResponse:
    """Queue the uploaded article as ``who`` asked; the answer names the new release or what was refused."""
    try:
        with article_folder(article, images) as path:
            _checked_source(path, settings)
            try:
                view = queue_release(
                    settings, path, settings.api.out_dir, queued_by=who, channels=options.channels,
                    embargo=options.embargo, partial=options.partial, send=options.send,
                    replace=options.replace, now=clock(),
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


async def _uploaded(request: Request) -> tuple[ReleaseOptions, Upload, list[Upload]]:
    """The release options, article and images in the request's body, Markdown or the model as JSON."""
    # Starlette answers 400 past these counts; up to them, the upload check names the limit.
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        async with request.form(max_files=MAX_IMAGES + 2, max_fields=20) as form:
            return await markdown_body(form)
    if kind == "application/json":
        return model_body(await request.body())
    raise HTTPException(
        415,
        detail="send the article as multipart/form-data (fields: article, images) "
        "or the model as application/json (fields: article, files)",
    )


def releases_router(
    settings: Settings, holder: Callable[..., str], clock: Callable[[], datetime]
) -> APIRouter:
    """The release endpoints for ``settings``, behind the token check ``holder``."""
    router = APIRouter(prefix="/releases", tags=["releases"], responses=_REFUSALS)
    Holder = Annotated[str, Depends(holder)]

    @router.post(
        "",
        status_code=201,
        response_model=ReleaseView,
        openapi_extra={"requestBody": queue_request_body()},
        summary="Queue an article (Markdown with its images, or the model as JSON) for release",
    )
    async def queue(who: Holder, request: Request) -> JSONResponse:
        try:
            options, article, images = await _uploaded(request)
        except BodyRefused as error:
            problems = [Problem(Path("request"), message, field=field) for field, message in error.problems]
            return refusal(422, str(error), problems)
        return await run_in_threadpool(_queued, settings, clock, who, options, article, images)

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
