"""Every URL field is checked the way a browser reads URLs: no spelling of a script scheme gets through."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from pydantic import ValidationError

from publisher.errors import InvalidSource
from publisher.model import Image, Inline, Link, RelatedArticle, Text
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.helpers import publish
from tests.hostile import hostile_urls

HOSTILE = hostile_urls()
IDS = list(HOSTILE)
VALUES = list(HOSTILE.values())
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}

Write = Callable[..., Path]


def browser_scheme(url: str) -> str:
    """The scheme Python's WHATWG-conforming ``urlsplit`` reads (an oracle independent of the checker)."""
    return urlsplit(url.strip(" \x00")).scheme.lower()


def inline_nodes(nodes: list[Inline]) -> list[Inline]:
    """Inline nodes and all the nodes inside them."""
    return [deep for node in nodes for deep in [node, *inline_nodes(getattr(node, "children", []))]]


def emitted_urls(html: str) -> list[str]:
    """Every href and src a browser would follow in an HTML document, character references decoded."""
    document = lxml.html.document_fromstring(html)
    return [
        value
        for element in document.iter()
        for name in ("href", "src")
        if isinstance(element.tag, str) and (value := element.get(name)) is not None
    ]


@pytest.mark.parametrize("url", VALUES, ids=IDS)
@pytest.mark.parametrize(
    "build",
    [
        lambda url: Link(href=url, children=[Text(text="mehr")]),
        lambda url: RelatedArticle(title="Weitere Meldung", url=url),
        lambda url: Image(src=url, alt="Ein Bild"),
    ],
    ids=["link.href", "related.url", "image.src"],
)
def test_every_model_url_field_refuses_hostile_urls(build: Callable[[str], object], url: str) -> None:
    with pytest.raises(ValidationError):
        build(url)


SITE_URL_FIELDS = [
    "base_url",
    "accessibility_statement_url",
    "easy_language_url",
    "sign_language_url",
    "imprint_url",
    "privacy_url",
    "enforcement_url",
]


@pytest.mark.parametrize("url", VALUES, ids=IDS)
@pytest.mark.parametrize("field", SITE_URL_FIELDS)
def test_every_site_link_setting_refuses_hostile_urls(field: str, url: str) -> None:
    with pytest.raises(ValidationError, match=field):
        Settings(site={field: url})


@pytest.mark.parametrize("url", VALUES, ids=IDS)
def test_subscription_page_setting_refuses_hostile_urls(url: str) -> None:
    with pytest.raises(ValidationError, match="subscriptions_url"):
        Settings(newsletter={"subscriptions_url": url})


@pytest.mark.parametrize("address", ["x@y.de?body=1\njavascript:alert(1)", "javascript:alert(1)", "a@b"])
def test_contact_address_must_be_an_address(address: str) -> None:
    with pytest.raises(ValidationError, match="contact_email"):
        Settings(site={"contact_email": address})


def test_hostile_related_urls_are_refused_with_file_line_and_field(write_article: Write) -> None:
    related = [{"title": f"Meldung {name}", "url": url} for name, url in HOSTILE.items()]
    path = write_article(related=related)
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    reported = {problem.field: problem for problem in caught.value.problems}
    for index, name in enumerate(HOSTILE):
        problem = reported.get(f"related.{index}.url")
        assert problem is not None, f"{name}: not refused"
        assert problem.path == path
        assert problem.line is not None and f"Meldung {name}" in "".join(
            lines[problem.line - 2 : problem.line]
        )


@pytest.mark.parametrize("url", VALUES, ids=IDS)
@pytest.mark.parametrize("where", ["image", "related-image"])
def test_hostile_image_sources_are_refused(write_article: Write, where: str, url: str) -> None:
    image = {"src": url, "alt": "Der Marktplatz"}
    if where == "image":
        path, field = write_article(image=image), "image.src"
    else:
        path = write_article(related=[{"title": "Weitere", "url": "https://example.org/", "image": image}])
        field = "related.0.image.src"
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    assert [problem.field for problem in caught.value.problems] == [field]
    assert all(problem.line for problem in caught.value.problems)


def body_with_every_hostile_link() -> str:
    paragraphs = []
    for name, url in HOSTILE.items():
        if any(ord(char) < 0x20 and char not in "\t\n\r" for char in url):
            continue  # a raw control character refuses the whole file (see test_control_characters)
        markdown_target = url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>").replace("\n", " ")
        quoted = url.replace('"', "&quot;")
        paragraphs.append(
            f"Fall {name}: [Markdown-Ziel {name}]({markdown_target}), "
            f"[spitzes Ziel {name}](<{markdown_target}>), "
            f"<a href=\"{quoted}\">rohes Ziel {name}</a>, <a href='{quoted}'>einfaches Ziel {name}</a>."
        )
    return "## Links\n\n" + "\n\n".join(paragraphs) + "\n"


def test_hostile_body_links_never_reach_model_or_output(
    write_article: Write, tmp_path: Path, settings: Settings
) -> None:
    """Whatever the body says, no link in the model, the web page or the email has an unsafe scheme."""
    path = write_article(body=body_with_every_hostile_link())
    try:
        article = parse_article(path).article
    except InvalidSource as error:
        assert all(problem.line and problem.field == "body" for problem in error.problems)
        return
    links = [
        node for block in article.body for node in getattr(block, "children", []) if isinstance(node, Link)
    ]
    assert all(browser_scheme(link.href) in SAFE_SCHEMES for link in links), [link.href for link in links]
    out = tmp_path / "public"
    publish([path], out, settings, channels=("web", "newsletter"))
    folder = out / article.slug
    for name in ("index.html", "newsletter.html"):
        for url in emitted_urls((folder / name).read_text(encoding="utf-8")):
            assert browser_scheme(url) in SAFE_SCHEMES, f"{name}: {url!r}"
            assert not url.strip().replace("\\", "/").startswith("//"), f"{name}: {url!r}"
