"""An article given as the canonical model in JSON reads like its Markdown twin, with the same checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publisher.errors import InvalidSource
from publisher.sources import parse_article
from tests.api.articles import figure, model

Write = Callable[..., Path]


def _write(folder: Path, values: Any, name: str = "artikel.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(InvalidSource) as raised:
        parse_article(path)
    return [str(problem) for problem in raised.value.problems]


def test_the_model_written_by_a_markdown_article_reads_back_the_same(write_article: Write) -> None:
    """Markdown -> model -> JSON -> model: the same article (what a CMS export of article.json gives)."""
    markdown = parse_article(write_article()).article
    path = _write(markdown_folder(write_article), markdown.model_dump(mode="json"))
    assert parse_article(path).article == markdown


def markdown_folder(write_article: Write) -> Path:
    return write_article().parent / "json"


def test_a_figure_names_a_file_beside_the_json_which_is_checked_and_copied(
    tmp_path: Path, make_png: Callable[[Path], Path]
) -> None:
    """The image gets its output name and pixel size from the file, as a Markdown figure does."""
    make_png(tmp_path / "quelle" / "bilder" / "saeule.png")
    path = _write(tmp_path / "quelle", model(body=[figure("bilder/saeule.png")]))
    source = parse_article(path)
    (block,) = source.article.body
    assert block.type == "figure"
    assert (block.image.width, block.image.height) == (40, 20)
    assert [image.path.name for image in source.images] == ["saeule.png"]
    assert block.image.src == source.images[0].output_name


def test_every_problem_names_the_file_and_the_json_path_of_its_field(tmp_path: Path) -> None:
    """Block types, missing fields, alt text, unsafe links, missing files: each named at once by path."""
    link = {"type": "link", "href": "javascript:alert(1)", "children": [{"type": "text", "text": "hier"}]}
    values = model(
        summary=None,
        body=[
            {"type": "para", "children": []},
            {"children": [{"type": "text", "text": "x"}]},
            {"type": "paragraph", "children": [link]},
            figure("bilder/fehlt.png"),
            figure("https://example.org/a.png", alt=""),
        ],
    )
    found = _problems(_write(tmp_path, values))
    assert all(problem.startswith(f"{tmp_path / 'artikel.json'}: field '") for problem in found)
    joined = "\n".join(found)
    assert "field 'summary': missing required field" in joined
    assert "field 'body.0': unknown 'type' para" in joined
    assert "field 'body.1': needs a 'type'" in joined
    assert "field 'body.2.children.0.href'" in joined
    assert "field 'body.3.image.src': image file 'bilder/fehlt.png' not found" in joined
    assert "field 'body.4.image': image needs alt text" in joined
    assert len(found) == 6


def test_a_refused_download_file_hides_no_problem_of_a_later_download(
    tmp_path: Path, make_png: Callable[[Path], Path]
) -> None:
    """Download 1's missing file is named once, and download 10's missing title is still named."""
    make_png(tmp_path / "foto.png")
    photo = {"src": "foto.png", "title": "Foto", "credit": "Presseamt", "rights": "frei"}
    downloads = [dict(photo) for _ in range(11)]
    downloads[1]["src"] = "fehlt.png"
    del downloads[10]["title"]
    with pytest.raises(InvalidSource) as raised:
        parse_article(_write(tmp_path, model(downloads=downloads)))
    assert [problem.field for problem in raised.value.problems] == ["downloads.1.src", "downloads.10.title"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"title": "x",\n "body": [\n', "artikel.json:3: not valid JSON"),
        ("[1, 2]", "must be an object"),
        ("\ufeff" + json.dumps({"title": "x"}) + "\x07", "U+0007"),
    ],
)
def test_a_file_that_is_no_json_object_is_named_with_its_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "artikel.json"
    path.write_text(text, encoding="utf-8")
    assert expected in "\n".join(_problems(path))


def test_the_resolved_versions_are_refused_with_the_fields_that_link_them(tmp_path: Path) -> None:
    """The model's own ``versions`` is what the links resolve to: the message names the link fields."""
    version = {"kind": "easy_language", "lang": "de", "slug": "x-ls", "title": "X"}
    (problem,) = _problems(_write(tmp_path, model(versions=[version])))
    assert "field 'versions'" in problem and "'easy_language'" in problem and "'translations'" in problem
