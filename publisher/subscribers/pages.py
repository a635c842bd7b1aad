"""The subscription app's pages: templates rendered in the visitor's language, and the URLs they link to.

Every URL a page carries is built from the configured public address and, for links, a token
that has been checked to be well formed and is URL-quoted all the same: nothing taken from the
request path is ever written into a page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Match

from publisher.channels.web.site import site_links
from publisher.i18n import translations
from publisher.rendering import template_environment
from publisher.settings import Settings
from publisher.tokens import well_formed

__all__ = ["Pages", "locale_of"]

LOCALES = ("de", "en")
LINK_KINDS = ("confirm", "unsubscribe", "preferences")


def locale_of(request: Request) -> str:
    """The page language: ``?lang=``, else the browser's first supported language, else German."""
    wanted = request.query_params.get("lang", "")
    if wanted in LOCALES:
        return wanted
    for part in request.headers.get("accept-language", "").split(","):
        primary = part.split(";")[0].strip().split("-")[0].lower()
        if primary in LOCALES:
            return primary
    return "de"


class Pages:
    """Renders the pages of one install (its site, public address and stylesheet)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.public_url = settings.newsletter.subscriptions_url
        # One stylesheet for all pages, inline and allowed by its hash (no inline style otherwise).
        self.stylesheet = (
            template_environment("subscriptions", "de")
            .get_template("subscriptions/stylesheet.css.j2")
            .render()
        )

    def url(self, path: str, locale: str | None = None) -> str:
        """An absolute URL of this app; ``path`` is a fixed route name, never request input."""
        return self.public_url + path + (f"?lang={locale}" if locale in LOCALES else "")

    def link_url(self, kind: str, token: str, locale: str | None = None) -> str:
        """The absolute URL of a confirm, unsubscribe or preferences link for a checked token."""
        if kind not in LINK_KINDS or not well_formed(token):
            raise ValueError("a link URL needs a known kind and a well-formed token")
        return self.url(f"{kind}/{quote(token, safe='')}", locale)

    def render(
        self, template: str, locale: str, heading: str, status: int = 200, **values: Any
    ) -> HTMLResponse:
        environment = template_environment("subscriptions", locale)
        html = environment.get_template(f"subscriptions/{template}").render(
            locale=locale,
            site=self.settings.site,
            heading=heading,
            stylesheet=Markup(self.stylesheet),
            links=site_links(self.settings.site, locale),
            **values,
        )
        return HTMLResponse(html, status_code=status)

    def message(
        self,
        locale: str,
        heading: str,
        *paragraphs: str,
        status: int = 200,
        link: dict[str, str] | None = None,
    ) -> HTMLResponse:
        return self.render("message.html.j2", locale, heading, status, paragraphs=paragraphs, link=link)

    def subscribe_link(self, locale: str) -> dict[str, str]:
        gettext = translations(locale, "subscriptions").gettext
        return {"href": self.url("subscribe", locale), "label": gettext("Subscribe")}

    def broken_link(self, locale: str, *reasons: str, status: int = 400) -> HTMLResponse:
        """The page for a link that does not work: why, and how to go on."""
        gettext = translations(locale, "subscriptions").gettext
        return self.message(
            locale,
            gettext("This link does not work"),
            *(reasons or (gettext("The link is not valid (any more)."),)),
            gettext("You can subscribe again at any time."),
            status=status,
            link=self.subscribe_link(locale),
        )

    def not_found(self, locale: str) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        return self.message(
            locale,
            gettext("This page does not exist"),
            gettext("Please check the address, or go to the subscription form."),
            status=404,
            link=self.subscribe_link(locale),
        )

    def refused(self, locale: str, status: int) -> HTMLResponse:
        """The page for a request the app cannot take (wrong method, malformed or too large)."""
        gettext = translations(locale, "subscriptions").gettext
        reason = (
            gettext("The form sent too much data.")
            if status == 413
            else gettext("Too many requests came from your connection. Please wait a few minutes.")
            if status == 429
            else gettext("The request could not be understood.")
        )
        return self.message(
            locale, gettext("This did not work"), reason, status=status, link=self.subscribe_link(locale)
        )

    def failed(self, locale: str) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        return self.message(
            locale,
            gettext("Something went wrong on our side"),
            gettext("Nothing has been changed. Please try again later."),
            status=500,
        )

    def install_error_pages(self, app: FastAPI) -> None:
        """Answer unknown paths, wrong methods, malformed requests and crashes with localised pages."""

        async def http_error(request: Request, error: Exception) -> Response:
            status = error.status_code if isinstance(error, HTTPException) else 400
            locale = locale_of(request)
            if status == 404 and request.url.path.strip("/").split("/")[0] in LINK_KINDS:
                return self.broken_link(locale, status=404)
            page = self.not_found(locale) if status == 404 else self.refused(locale, status)
            if status == 405:
                page.headers["allow"] = ", ".join(_allowed_methods(app, request))
            return page

        async def crash(request: Request, error: Exception) -> Response:
            return self.failed(locale_of(request))

        app.add_exception_handler(HTTPException, http_error)
        app.add_exception_handler(RequestValidationError, http_error)
        app.add_exception_handler(Exception, crash)


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route answers at the request's path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods - {"HEAD"})
