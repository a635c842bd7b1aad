"""The subscription pages' routes: subscribe, confirm, preferences, unsubscribe and RFC 8058 one-click.

State-changing links never act on GET: mail scanners open links, so confirming and
unsubscribing need a POST (a button, or the mail client's one-click POST). A token from the
path is checked for its shape before anything else and never written into a page as it came.
The HTTP app around these routes (security headers, body limit, background sender) is
``publisher.api``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse

from publisher.i18n import translations
from publisher.settings import Settings
from publisher.store import InvalidAddress, Preferences, Store, Subscriber
from publisher.subscribers.pages import LOCALES, Pages, locale_of
from publisher.subscribers.service import (
    change_preferences,
    confirm,
    confirmation_link_state,
    leave,
    request_subscription,
    subscriber_by_link,
)
from publisher.tokens import InvalidToken, well_formed

__all__ = ["add_subscription_routes"]

# Whether a client may make one more request of a kind ("subscribe", "link").
Admission = Callable[[Request, str], bool]


def _preferences(language: str, form: str, audio_first: str | None) -> Preferences:
    return Preferences(
        language="en" if language == "en" else "de",
        format="text" if form == "text" else "html",
        audio_first=bool(audio_first),
    )


def add_subscription_routes(
    app: FastAPI,
    settings: Settings,
    store: Store,
    pages: Pages,
    *,
    clock: Callable[[], datetime],
    admit: Admission,
    wake: Callable[[], None],
) -> None:
    """Add the subscription pages to ``app``; ``wake`` tells the background sender that an email is queued."""

    def subscribe_form(locale: str, status: int = 200, **values: Any) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        defaults: dict[str, Any] = {
            "email": "",
            "error": None,
            "consent_error": None,
            "preferences": Preferences(language="en" if locale == "en" else "de"),
            "action": pages.url("subscribe", locale),
        }
        return pages.render(
            "subscribe.html.j2", locale, gettext("Subscribe to the newsletter"), status, **(defaults | values)
        )

    @app.get("/subscribe", response_class=HTMLResponse)
    def subscribe_page(request: Request) -> HTMLResponse:
        return subscribe_form(locale_of(request))

    @app.post("/subscribe", response_class=HTMLResponse)
    def subscribe(
        request: Request,
        email: Annotated[str, Form(max_length=400)] = "",
        language: Annotated[str, Form(max_length=8)] = "de",
        format: Annotated[str, Form(max_length=8)] = "html",
        audio_first: Annotated[str | None, Form(max_length=8)] = None,
        consent: Annotated[str | None, Form(max_length=8)] = None,
    ) -> HTMLResponse:
        locale = locale_of(request)
        if not admit(request, "subscribe"):
            return pages.refused(locale, 429)
        gettext = translations(locale, "subscriptions").gettext
        preferences = _preferences(language, format, audio_first)
        if not consent:
            return subscribe_form(
                locale, 422, email=email, preferences=preferences,
                consent_error=gettext("Please agree so that we may store your address."),
            )  # fmt: skip
        try:
            request_subscription(
                settings, email, source="web:/subscribe", preferences=preferences, store=store, clock=clock
            )
        except InvalidAddress:
            return subscribe_form(
                locale, 422, email=email, preferences=preferences,
                error=gettext("Please enter a complete email address, like name@example.org."),
            )  # fmt: skip
        wake()
        # The same answer and the same work whatever the address's state: nobody learns who is subscribed.
        return pages.message(
            locale, gettext("Please check your inbox"),
            gettext("We have sent you an email with a link. Open it to confirm your subscription."),
            gettext("Until you confirm, you will not receive any newsletter."),
        )  # fmt: skip

    def link_locale(request: Request, language: str) -> str:
        wanted = request.query_params.get("lang", "")
        return wanted if wanted in LOCALES else language

    def broken(request: Request, error: InvalidToken, lasting: bool = False) -> HTMLResponse:
        locale = locale_of(request)
        gettext = translations(locale, "subscriptions").gettext
        reasons = [
            gettext("The link has expired.")
            if error.expired
            else gettext("The link is not valid (any more).")
        ]
        if lasting:
            reasons.append(gettext("To unsubscribe, use the link in the newest newsletter you received."))
        return pages.broken_link(locale, *reasons)

    def gate(request: Request, token: str) -> HTMLResponse | None:
        """The answer to a link request that must stop: a malformed token, or a client over its limit."""
        if not well_formed(token):
            return pages.broken_link(locale_of(request), status=404)
        if not admit(request, "link"):
            return pages.refused(locale_of(request), 429)
        return None

    @app.get("/confirm/{token}", response_class=HTMLResponse)
    def confirm_page(request: Request, token: str) -> HTMLResponse:
        if (refusal := gate(request, token)) is not None:
            return refusal
        try:
            state, language = confirmation_link_state(settings, token, store)
        except InvalidToken as error:
            return broken(request, error)
        locale = link_locale(request, language)
        gettext = translations(locale, "subscriptions").gettext
        if state == "done":
            return already_confirmed(locale)
        return pages.render(
            "action.html.j2", locale, gettext("Confirm your subscription"),
            explanation=gettext("Press the button to start receiving the newsletter."),
            action=pages.link_url("confirm", token, locale), button=gettext("Confirm subscription"),
        )  # fmt: skip

    def already_confirmed(locale: str) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        return pages.message(
            locale, gettext("Your subscription is confirmed already"),
            gettext("You receive our press releases by email. Nothing has been changed."),
        )  # fmt: skip

    @app.post("/confirm/{token}", response_class=HTMLResponse)
    def confirm_subscription(request: Request, token: str) -> HTMLResponse:
        if (refusal := gate(request, token)) is not None:
            return refusal
        try:
            outcome = confirm(settings, token, store, clock=clock)
        except InvalidToken as error:
            return broken(request, error)
        locale = link_locale(request, outcome.subscriber.language)
        if not outcome.changed:
            return already_confirmed(locale)
        gettext = translations(locale, "subscriptions").gettext
        return pages.message(
            locale, gettext("Thank you: your subscription is confirmed"),
            gettext("From now on you will receive our press releases by email."),
        )  # fmt: skip

    def not_receiving(request: Request, subscriber: Subscriber) -> HTMLResponse:
        locale = link_locale(request, subscriber.language)
        gettext = translations(locale, "subscriptions").gettext
        if subscriber.status == "bounced":
            reason = gettext("Emails to this address could not be delivered, so we send it no newsletters.")
        else:
            reason = gettext("You have unsubscribed already and receive no newsletters.")
        return pages.message(
            locale, gettext("You receive no newsletters"), reason, link=pages.subscribe_link(locale)
        )

    @app.get("/unsubscribe/{token}", response_class=HTMLResponse)
    def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
        if (refusal := gate(request, token)) is not None:
            return refusal
        try:
            subscriber = subscriber_by_link(settings, token, store)
        except InvalidToken as error:
            return broken(request, error, lasting=True)
        if subscriber.status not in ("pending", "confirmed"):
            return not_receiving(request, subscriber)
        locale = link_locale(request, subscriber.language)
        gettext = translations(locale, "subscriptions").gettext
        return pages.render(
            "action.html.j2", locale, gettext("Unsubscribe from the newsletter"),
            explanation=gettext("Press the button and %(email)s will receive no more newsletters.")
            % {"email": subscriber.email},
            action=pages.link_url("unsubscribe", token), button=gettext("Unsubscribe"),
        )  # fmt: skip

    @app.post("/unsubscribe/{token}", response_class=HTMLResponse)
    def unsubscribe(request: Request, token: str) -> HTMLResponse:
        # Also the RFC 8058 one-click target: the body "List-Unsubscribe=One-Click" needs no other check.
        if (refusal := gate(request, token)) is not None:
            return refusal
        try:
            outcome = leave(settings, token, store, clock=clock)
        except InvalidToken as error:
            return broken(request, error, lasting=True)
        if not outcome.changed:
            return not_receiving(request, outcome.subscriber)
        locale = link_locale(request, outcome.subscriber.language)
        gettext = translations(locale, "subscriptions").gettext
        return pages.message(
            locale, gettext("You have been unsubscribed"),
            gettext("You will receive no more newsletters. You can subscribe again at any time."),
        )  # fmt: skip

    def preferences_page(subscriber: Subscriber, token: str, saved: bool) -> HTMLResponse:
        gettext = translations(subscriber.language, "subscriptions").gettext
        return pages.render(
            "preferences.html.j2", subscriber.language, gettext("Newsletter preferences"),
            email=subscriber.email, saved=saved, action=pages.link_url("preferences", token),
            preferences=Preferences(subscriber.language, subscriber.format, subscriber.audio_first),  # type: ignore[arg-type]
            unsubscribe_url=pages.link_url("unsubscribe", token),
        )  # fmt: skip

    @app.get("/preferences/{token}", response_class=HTMLResponse)
    def preferences_form(request: Request, token: str) -> HTMLResponse:
        if (refusal := gate(request, token)) is not None:
            return refusal
        try:
            subscriber = subscriber_by_link(settings, token, store)
        except InvalidToken as error:
            return broken(request, error, lasting=True)
        if subscriber.status != "confirmed":
            return not_receiving(request, subscriber)
        return preferences_page(subscriber, token, saved=False)

    @app.post("/preferences/{token}", response_class=HTMLResponse)
    def save_preferences(
        request: Request,
        token: str,
        language: Annotated[str, Form(max_length=8)] = "de",
        format: Annotated[str, Form(max_length=8)] = "html",
        audio_first: Annotated[str | None, Form(max_length=8)] = None,
    ) -> HTMLResponse:
        if (refusal := gate(request, token)) is not None:
            return refusal
        try:
            subscriber = change_preferences(
                settings, token, _preferences(language, format, audio_first), store
            )
        except InvalidToken as error:
            return broken(request, error, lasting=True)
        return preferences_page(subscriber, token, saved=True)
