"""Replies and feed readers reach the press office, never the accessibility-feedback mailbox."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from pathlib import Path

import feedparser

from publisher.channels.newsletter.compose import compile_edition
from publisher.channels.newsletter.message import MessageFactory, Recipient
from publisher.model import Article
from publisher.settings import Settings
from tests.helpers import publish

READER = Recipient(address="leser@example.org", token="tok-1", message_key="k.1.abc")


def _without_reply_to(settings: Settings, press_contact: str | None) -> Settings:
    return settings.model_copy(update={
        "newsletter": settings.newsletter.model_copy(update={"reply_to": None}),
        "site": settings.site.model_copy(update={"press_contact": press_contact}),
    })  # fmt: skip


def _reply_to(article: Article, settings: Settings) -> str:
    raw = MessageFactory(compile_edition(article, settings), settings).build(READER)
    return str(email.message_from_bytes(raw, policy=email.policy.default)["Reply-To"])


def test_reply_to_is_the_press_contact_else_the_from_address(
    german_article: Article, nl_settings: Settings
) -> None:
    """Without a press contact, replies go to the From address; with one, to it; never to contact_email."""
    assert nl_settings.site.contact_email == "barrierefrei@example.de"
    assert _reply_to(german_article, _without_reply_to(nl_settings, None)) == "newsletter@presse.example.de"
    press = _without_reply_to(nl_settings, "pressestelle@example.de")
    assert _reply_to(german_article, press) == "pressestelle@example.de"


def test_the_feed_author_is_the_press_contact(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    """The Atom feed names the press office's address as its author (default: the From address)."""
    out = tmp_path / "public"
    publish([write_article(name="a.md")], out, settings)
    author = feedparser.parse((out / "feed.xml").read_bytes()).feed.author_detail
    assert author.email == settings.press_contact() != settings.site.contact_email
    press = settings.model_copy(
        update={"site": settings.site.model_copy(update={"press_contact": "presse@example.de"})}
    )
    other = tmp_path / "other"
    publish([write_article(name="b.md")], other, press)
    assert feedparser.parse((other / "feed.xml").read_bytes()).feed.author_detail.email == "presse@example.de"
