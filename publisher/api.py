"""The HTTP app: subscription pages (subscribe, confirm, preferences, unsubscribe) and RFC 8058 one-click.

Run with ``uvicorn --factory publisher.api:create_app``. Pages are localised (German and
English) and built to pass the accessibility rules. State-changing links never act on GET:
mail scanners open links, so confirming and unsubscribing need a POST (a button, or the
mail client's one-click POST).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse

from publisher.channels.html import template_environment
from publisher.i18n import translations
from publisher.newsletter.smtp import PermanentFailure, TemporaryFailure
from publisher.newsletter.subscriptions import (
    change_preferences,
    confirm,
    leave,
    request_subscription,
    subscriber_by_link,
)
from publisher.settings import Settings, get_settings
from publisher.store import InvalidAddress, InvalidToken, Preferences, Subscriber

__all__ = ["create_app"]


def _locale(request: Request) -> str:
    """The page language: ``?lang=``, else the browser's first supported language, else German."""
    wanted = request.query_params.get("lang", "")
    if wanted in ("de", "en"):
        return wanted
    for part in request.headers.get("accept-language", "").split(","):
        primary = part.split(";")[0].strip().split("-")[0].lower()
        if primary in ("de", "en"):
            return primary
    return "de"


def _preferences(language: str, form: str, audio_first: str | None) -> Preferences:
    return Preferences(
        language="en" if language == "en" else "de",
        format="text" if form == "text" else "html",
        audio_first=bool(audio_first),
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The subscription app for ``settings`` (default: the process settings)."""
    config = settings or get_settings()
    app = FastAPI(title="publisher", docs_url=None, redoc_url=None, openapi_url=None)

    def page(template: str, locale: str, heading: str, status: int = 200, **values: Any) -> HTMLResponse:
        environment = template_environment("subscriptions", locale)
        html = environment.get_template(f"subscriptions/{template}").render(
            locale=locale, site=config.site, heading=heading, **values
        )
        return HTMLResponse(html, status_code=status)

    def message(locale: str, heading: str, *paragraphs: str, status: int = 200) -> HTMLResponse:
        return page("message.html.j2", locale, heading, status, paragraphs=paragraphs, link=None)

    def invalid_link(locale: str, error: InvalidToken) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        reason = (
            gettext("The link has expired.")
            if error.expired
            else gettext("The link is not valid (any more).")
        )
        return page(
            "message.html.j2",
            locale,
            gettext("This link does not work"),
            400,
            paragraphs=[reason, gettext("You can subscribe again at any time.")],
            link={
                "href": f"{config.newsletter.subscriptions_url}subscribe?lang={locale}",
                "label": gettext("Subscribe"),
            },
        )

    def subscribe_form(locale: str, status: int = 200, **values: Any) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        defaults: dict[str, Any] = {
            "email": "",
            "error": None,
            "consent_error": None,
            "preferences": Preferences(language="en" if locale == "en" else "de"),
            "action": f"subscribe?lang={locale}",
        }
        return page(
            "subscribe.html.j2", locale, gettext("Subscribe to the newsletter"), status, **(defaults | values)
        )

    @app.get("/subscribe", response_class=HTMLResponse)
    def subscribe_page(request: Request) -> HTMLResponse:
        return subscribe_form(_locale(request))

    @app.post("/subscribe", response_class=HTMLResponse)
    def subscribe(
        request: Request,
        email: Annotated[str, Form()] = "",
        language: Annotated[str, Form()] = "de",
        format: Annotated[str, Form()] = "html",
        audio_first: Annotated[str | None, Form()] = None,
        consent: Annotated[str | None, Form()] = None,
    ) -> HTMLResponse:
        locale = _locale(request)
        gettext = translations(locale, "subscriptions").gettext
        preferences = _preferences(language, format, audio_first)
        if not consent:
            return subscribe_form(
                locale, 422, email=email, preferences=preferences,
                consent_error=gettext("Please agree so that we may store your address."),
            )  # fmt: skip
        try:
            request_subscription(config, email, source=f"web:{request.url.path}", preferences=preferences)
        except InvalidAddress:
            return subscribe_form(
                locale, 422, email=email, preferences=preferences,
                error=gettext("Please enter a complete email address, like name@example.org."),
            )  # fmt: skip
        except (TemporaryFailure, PermanentFailure):
            return message(
                locale, gettext("Please try again later"),
                gettext("We could not send the confirmation email just now."), status=503,
            )  # fmt: skip
        # The same answer whether or not the address was already subscribed: nobody learns who is.
        return message(
            locale, gettext("Please check your inbox"),
            gettext("We have sent you an email with a link. Open it to confirm your subscription."),
            gettext("Until you confirm, you will not receive any newsletter."),
        )  # fmt: skip

    @app.get("/confirm/{token}", response_class=HTMLResponse)
    def confirm_page(request: Request, token: str) -> HTMLResponse:
        locale = _locale(request)
        gettext = translations(locale, "subscriptions").gettext
        return page(
            "action.html.j2", locale, gettext("Confirm your subscription"),
            explanation=gettext("Press the button to start receiving the newsletter."),
            action=f"{token}?lang={locale}", button=gettext("Confirm subscription"),
        )  # fmt: skip

    @app.post("/confirm/{token}", response_class=HTMLResponse)
    def confirm_subscription(request: Request, token: str) -> HTMLResponse:
        try:
            subscriber = confirm(config, token)
        except InvalidToken as error:
            return invalid_link(_locale(request), error)
        gettext = translations(subscriber.language, "subscriptions").gettext
        return message(
            subscriber.language, gettext("Thank you: your subscription is confirmed"),
            gettext("From now on you will receive our press releases by email."),
        )  # fmt: skip

    @app.get("/unsubscribe/{token}", response_class=HTMLResponse)
    def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
        try:
            subscriber = subscriber_by_link(config, token)
        except InvalidToken as error:
            return invalid_link(_locale(request), error)
        gettext = translations(subscriber.language, "subscriptions").gettext
        return page(
            "action.html.j2", subscriber.language, gettext("Unsubscribe from the newsletter"),
            explanation=gettext("Press the button and %(email)s will receive no more newsletters.")
            % {"email": subscriber.email},
            action=token, button=gettext("Unsubscribe"),
        )  # fmt: skip

    @app.post("/unsubscribe/{token}", response_class=HTMLResponse)
    def unsubscribe(request: Request, token: str) -> HTMLResponse:
        # Also the RFC 8058 one-click target: the body "List-Unsubscribe=One-Click" needs no other check.
        try:
            subscriber = leave(config, token)
        except InvalidToken as error:
            return invalid_link(_locale(request), error)
        gettext = translations(subscriber.language, "subscriptions").gettext
        return message(
            subscriber.language, gettext("You have been unsubscribed"),
            gettext("You will receive no more newsletters. You can subscribe again at any time."),
        )  # fmt: skip

    def preferences_page(subscriber: Subscriber, token: str, saved: bool) -> HTMLResponse:
        gettext = translations(subscriber.language, "subscriptions").gettext
        return page(
            "preferences.html.j2", subscriber.language, gettext("Newsletter preferences"),
            email=subscriber.email, saved=saved, action=token,
            preferences=Preferences(subscriber.language, subscriber.format, subscriber.audio_first),  # type: ignore[arg-type]
            unsubscribe_url=f"{config.newsletter.subscriptions_url}unsubscribe/{token}",
        )  # fmt: skip

    @app.get("/preferences/{token}", response_class=HTMLResponse)
    def preferences_form(request: Request, token: str) -> HTMLResponse:
        try:
            return preferences_page(subscriber_by_link(config, token), token, saved=False)
        except InvalidToken as error:
            return invalid_link(_locale(request), error)

    @app.post("/preferences/{token}", response_class=HTMLResponse)
    def save_preferences(
        request: Request,
        token: str,
        language: Annotated[str, Form()] = "de",
        format: Annotated[str, Form()] = "html",
        audio_first: Annotated[str | None, Form()] = None,
    ) -> HTMLResponse:
        try:
            subscriber = change_preferences(config, token, _preferences(language, format, audio_first))
        except InvalidToken as error:
            return invalid_link(_locale(request), error)
        return preferences_page(subscriber, token, saved=True)

    return app
