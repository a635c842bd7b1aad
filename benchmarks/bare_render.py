"""The floor of a web publish: parse one article and render the web page template, nothing else.

    python benchmarks/bare_render.py ARTICLE.md OUT.html

Reads the front matter with PyYAML, parses the body with markdown-it-py (CommonMark plus tables), turns
its tokens into the blocks the template walks, and renders ``templates/web/article.html.j2`` with jinja2
(untranslated strings, no checks, no site files, no report; compiled templates kept between runs in
the user cache, as the publisher keeps its own): the least work that yields the same page.
``benchmarks/web_publish.py`` runs it as a fresh process beside ``publisher publish --channels web``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "web"


class Node:
    """A block or record as the template reads it (``block.type``); a field it lacks reads as None."""

    def __init__(self, fields: dict[str, Any] | None = None, **more: Any) -> None:
        self.__dict__.update(fields or {}, **more)

    def __getattr__(self, name: str) -> Any:
        return None


def _inline(parser: MarkdownIt, token: Token) -> Markup:
    return Markup(parser.renderer.render(token.children or [], parser.options, {}))


def _blocks(parser: MarkdownIt, tokens: list[Token]) -> list[Node]:
    """Headings, paragraphs, lists and tables, the block types of the example articles."""
    blocks: list[Node] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            blocks.append(
                Node(type="heading", level=int(token.tag[1]), children=_inline(parser, tokens[index + 1]))
            )
            index += 3
        elif token.type == "paragraph_open":
            blocks.append(Node(type="paragraph", children=_inline(parser, tokens[index + 1])))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = next(
                i for i in range(index, len(tokens)) if tokens[i].type == token.type.replace("open", "close")
            )
            items = [
                Node(children=_inline(parser, item)) for item in tokens[index:end] if item.type == "inline"
            ]
            blocks.append(Node(type="list", ordered=token.type.startswith("ordered"), start=1, items=items))
            index = end + 1
        elif token.type == "table_open":
            end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
            rows: list[list[Markup]] = [[]]
            for cell in tokens[index:end]:
                if cell.type == "tr_close":
                    rows.append([])
                elif cell.type == "inline":
                    rows[-1].append(_inline(parser, cell))
            blocks.append(Node(type="table", caption="", header=rows[0], rows=rows[1:-1]))
            index = end + 1
        else:
            index += 1
    return blocks


def _bytecode_folder() -> Path:
    """Where compiled templates are kept between runs, as ``publisher.user_cache`` keeps its own."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "publisher-bare-render"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def render(source: Path) -> str:
    """The article page's HTML for ``source``."""
    _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
    article = Node(yaml.safe_load(front))
    parser = MarkdownIt("commonmark").enable("table")
    article.body = _blocks(parser, parser.parse(body))
    article.image = Node(article.image) if article.image else None
    article.related = [Node(entry) for entry in article.related or []]
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(),
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=FileSystemBytecodeCache(str(_bytecode_folder())),
    )
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    environment.filters["inlines"] = lambda children, _abbr=None: children
    environment.filters["href"] = lambda url, base="": url
    environment.filters["typeset"] = environment.filters["topic_path"] = lambda text: text
    return environment.get_template("article.html.j2").render(
        article=article, site=Node(title="Presse", owner="Land", brand=Node()), url="./", og_image="",
        json_ld="{}",
        published=str(article.date), minutes=3, audio=None, share_links=[], root="../", links=[],
        locale=article.lang, abbr=None, press=Node(labels=Node()), versions=[], print_version=None,
        embargo=None, responsive={}, image_sizes="", corrected="",
    )  # fmt: skip


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(render(Path(sys.argv[1])), encoding="utf-8")
