"""The subscription pages' routes: subscribe, confirm, preferences, unsubscribe and RFC 8058 one-click.

State-changing links never act on GET: mail scanners open links, so confirming and
unsubscribing need a POST (a button, or the mail client's one-click POST). A token from the
path is checked for its shape before anything else and never written into a page as it came.
The HTTP app around these routes (security headers, body limit, background sender) is
``publisher.api``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse

from publisher.i18n import translations
from publisher.settings import Settings
from publisher.store import InvalidAddress, Preferences, Store, Subscriber
from publisher.store.subscribers import decode_topics
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

__all__ = ["ROUTES", "SubscriptionPages", "add_subscription_routes"]

# Whether a client may make one more request of a kind ("subscribe", "link").
Admission = Callable[[Request, str], bool]


def _preferences(
    language: str,
    form: str,
    audio_first: str | None,
    topics: list[str] | None = None,
    offered: Sequence[str] = (),
) -> Preferences:
    # Only topics the site offers are kept: a crafted form cannot store anything else.
    known = {topic.casefold(): topic for topic in offered}
    return Preferences(
        language="en" if language == "en" else "de",
        format="text" if form == "text" else "html",
        audio_first=bool(audio_first),
        topics=tuple(known[topic.casefold()] for topic in topics or [] if topic.casefold() in known),
    )


# Each page: method, path, and the method of ``SubscriptionPages`` that answers it.
ROUTES = (
    ("GET", "/subscribe", "subscribe_page"),
    ("POST", "/subscribe", "subscribe"),
    ("GET", "/confirm/{token}", "confirm_page"),
    ("POST", "/confirm/{token}", "confirm_subscription"),
    ("GET", "/unsubscribe/{token}", "unsubscribe_page"),
    ("POST", "/unsubscribe/{token}", "unsubscribe"),
    ("GET", "/preferences/{token}", "preferences_form"),
    ("POST", "/preferences/{token}", "save_preferences"),
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
    answers = SubscriptionPages(settings, store, pages, clock, admit, wake)
    for method, path, name in ROUTES:
        app.add_api_route(path, getattr(answers, name), methods=[method], response_class=HTMLResponse)


@dataclass(frozen=True)
class SubscriptionPages:
    """The answers of the subscription pages, one method per route (see ``ROUTES``)."""

    settings: Settings
    store: Store
    pages: Pages
    clock: Callable[[], datetime]
    admit: Admission
    wake: Callable[[], None]

    def subscribe_form(self, locale: str, status: int = 200, **values: Any) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        defaults: dict[str, Any] = {
            "email": "",
            "error": None,
            "consent_error": None,
            "preferences": Preferences(language="en" if locale == "en" else "de"),
            "action": self.pages.url("subscribe", locale),
        }
        return self.pages.render(
            "subscribe.html.j2", locale, gettext("Subscribe to the newsletter"), status, **(defaults | values)
        )

    def subscribe_page(self, request: Request) -> HTMLResponse:
        return self.subscribe_form(locale_of(request))

    def subscribe(
        self,
        request: Request,
        email: Annotated[str, Form(max_length=400)] = "",
        language: Annotated[str, Form(max_length=8)] = "de",
        format: Annotated[str, Form(max_length=8)] = "html",
        audio_first: Annotated[str | None, Form(max_length=8)] = None,
        consent: Annotated[str | None, Form(max_length=8)] = None,
    ) -> HTMLResponse:
        locale = locale_of(request)
        if not self.admit(request, "subscribe"):
            return self.pages.refused(locale, 429)
        gettext = translations(locale, "subscriptions").gettext
        preferences = _preferences(language, format, audio_first)
        if not consent:
            return self.subscribe_form(
                locale, 422, email=email, preferences=preferences,
                consent_error=gettext("Please agree so that we may store your address."),
            )  # fmt: skip
        try:
            request_subscription(
                self.settings,
                email,
                source="web:/subscribe",
                preferences=preferences,
                store=self.store,
                clock=self.clock,
            )
        except InvalidAddress:
            return self.subscribe_form(
                locale, 422, email=email, preferences=preferences,
                error=gettext("Please enter a complete email address, like name@example.org."),
            )  # fmt: skip
        self.wake()
        # The same answer and the same work whatever the address's state: nobody learns who is subscribed.
        return self.pages.message(
            locale, gettext("Please check your inbox"),
            gettext("We have sent you an email with a link. Open it to confirm your subscription."),
            gettext("Until you confirm, you will not receive any newsletter."),
        )  # fmt: skip

    def link_locale(self, request: Request, language: str) -> str:
        wanted = request.query_params.get("lang", "")
        return wanted if wanted in LOCALES else language

    def broken(self, request: Request, error: InvalidToken, lasting: bool = False) -> HTMLResponse:
        locale = locale_of(request)
        gettext = translations(locale, "subscriptions").gettext
        reasons = [
            gettext("The link has expired.")
            if error.expired
            else gettext("The link is not valid (any more).")
        ]
        if lasting:
            reasons.append(gettext("To unsubscribe, use the link in the newest newsletter you received."))
        return self.pages.broken_link(locale, *reasons)

    def gate(self, request: Request, token: str) -> HTMLResponse | None:
        """The answer to a link request that must stop: a malformed token, or a client over its limit."""
        if not well_formed(token):
            return self.pages.broken_link(locale_of(request), status=404)
        if not self.admit(request, "link"):
            return self.pages.refused(locale_of(request), 429)
        return None

    def confirm_page(self, request: Request, token: str) -> HTMLResponse:
        if (refusal := self.gate(request, token)) is not None:
            return refusal
        try:
            state, language = confirmation_link_state(self.settings, token, self.store)
        except InvalidToken as error:
            return self.broken(request, error)
        locale = self.link_locale(request, language)
        gettext = translations(locale, "subscriptions").gettext
        if state == "done":
            return self.already_confirmed(locale)
        return self.pages.render(
            "action.html.j2", locale, gettext("Confirm your subscription"),
            explanation=gettext("Press the button to start receiving the newsletter."),
            action=self.pages.link_url("confirm", token, locale), button=gettext("Confirm subscription"),
        )  # fmt: skip

    def already_confirmed(self, locale: str) -> HTMLResponse:
        gettext = translations(locale, "subscriptions").gettext
        return self.pages.message(
            locale, gettext("Your subscription is confirmed already"),
            gettext("You receive our press releases by email. Nothing has been changed."),
        )  # fmt: skip

    def confirm_subscription(self, request: Request, token: str) -> HTMLResponse:
        if (refusal := self.gate(request, token)) is not None:
            return refusal
        try:
            outcome = confirm(self.settings, token, self.store, clock=self.clock)
        except InvalidToken as error:
            return self.broken(request, error)
        locale = self.link_locale(request, outcome.subscriber.language)
        if not outcome.changed:
            return self.already_confirmed(locale)
        gettext = translations(locale, "subscriptions").gettext
        return self.pages.message(
            locale, gettext("Thank you: your subscription is confirmed"),
            gettext("From now on you will receive our press releases by email."),
        )  # fmt: skip

    def not_receiving(self, request: Request, subscriber: Subscriber) -> HTMLResponse:
        locale = self.link_locale(request, subscriber.language)
        gettext = translations(locale, "subscriptions").gettext
        if subscriber.status == "bounced":
            reason = gettext("Emails to this address could not be delivered, so we send it no newsletters.")
        else:
            reason = gettext("You have unsubscribed already and receive no newsletters.")
        return self.pages.message(
            locale, gettext("You receive no newsletters"), reason, link=self.pages.subscribe_link(locale)
        )

    def unsubscribe_page(self, request: Request, token: str) -> HTMLResponse:
        if (refusal := self.gate(request, token)) is not None:
            return refusal
        try:
            subscriber = subscriber_by_link(self.settings, token, self.store)
        except InvalidToken as error:
            return self.broken(request, error, lasting=True)
        if subscriber.status not in ("pending", "confirmed"):
            return self.not_receiving(request, subscriber)
        locale = self.link_locale(request, subscriber.language)
        gettext = translations(locale, "subscriptions").gettext
        return self.pages.render(
            "action.html.j2", locale, gettext("Unsubscribe from the newsletter"),
            explanation=gettext("Press the button and %(email)s will receive no more newsletters.")
            % {"email": subscriber.email},
            action=self.pages.link_url("unsubscribe", token), button=gettext("Unsubscribe"),
        )  # fmt: skip

    def unsubscribe(self, request: Request, token: str) -> HTMLResponse:
        # Also the RFC 8058 one-click target: the body "List-Unsubscribe=One-Click" needs no other check.
        if (refusal := self.gate(request, token)) is not None:
            return refusal
        try:
            outcome = leave(self.settings, token, self.store, clock=self.clock)
        except InvalidToken as error:
            return self.broken(request, error, lasting=True)
        if not outcome.changed:
            return self.not_receiving(request, outcome.subscriber)
        locale = self.link_locale(request, outcome.subscriber.language)
        gettext = translations(locale, "subscriptions").gettext
        return self.pages.message(
            locale, gettext("You have been unsubscribed"),
            gettext("You will receive no more newsletters. You can subscribe again at any time."),
        )  # fmt: skip

    def preferences_page(self, subscriber: Subscriber, token: str, saved: bool) -> HTMLResponse:
        gettext = translations(subscriber.language, "subscriptions").gettext
        return self.pages.render(
            "preferences.html.j2", subscriber.language, gettext("Newsletter preferences"),
            email=subscriber.email, saved=saved, action=self.pages.link_url("preferences", token),
            preferences=Preferences(subscriber.language, subscriber.format, subscriber.audio_first,  # type: ignore[arg-type]
                                    decode_topics(subscriber.topics)),
            unsubscribe_url=self.pages.link_url("unsubscribe", token),
            offered_topics=self.settings.newsletter.topics,
        )  # fmt: skip

    def preferences_form(self, request: Request, token: str) -> HTMLResponse:
        if (refusal := self.gate(request, token)) is not None:
            return refusal
        try:
            subscriber = subscriber_by_link(self.settings, token, self.store)
        except InvalidToken as error:
            return self.broken(request, error, lasting=True)
        if subscriber.status != "confirmed":
            return self.not_receiving(request, subscriber)
        return self.preferences_page(subscriber, token, saved=False)

    def save_preferences(
        self,
        request: Request,
        token: str,
        language: Annotated[str, Form(max_length=8)] = "de",
        format: Annotated[str, Form(max_length=8)] = "html",
        audio_first: Annotated[str | None, Form(max_length=8)] = None,
        topics: Annotated[list[str] | None, Form(max_length=80)] = None,
    ) -> HTMLResponse:
        if (refusal := self.gate(request, token)) is not None:
            return refusal
        chosen = _preferences(language, format, audio_first, topics, self.settings.newsletter.topics)
        try:
            subscriber = change_preferences(self.settings, token, chosen, self.store)
        except InvalidToken as error:
            return self.broken(request, error, lasting=True)
        return self.preferences_page(subscriber, token, saved=True)
