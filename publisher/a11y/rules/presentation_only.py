"""Rules for structure that only the look of a page shows: headings drawn with a large bold font, tables
drawn with a CSS grid, a multi-part field under one label, and a wrong entry marked by a red border.

Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples that a test runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.text_style import text_styles
from publisher.a11y.registry import Violation, rule

__all__ = ["error_shown_by_style", "field_parts_one_label", "grid_drawn_table", "styled_heading"]

# A line whose font is this much larger than the page's text, and bold, reads as a heading to the eye.
_HEADING_SCALE = 1.2
_HEADING_MAX_WORDS = 8
# Two such lines make a pattern of sections; one may be a lead-in or a price.
_MIN_STYLED_HEADINGS = 2
_SENTENCE_END = re.compile(r"[.,:;!?…)\"“”»«]$")
_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "small", "abbr", "code", "br", "bdi", "time"})
_CONTENT = frozenset({"p", "ul", "ol", "dl", "table", "div", "address", "blockquote", "section", "figure"})
# Where a big bold line is a brand, a menu, a control or a caption, not a section title.
_NOT_HEADING_CONTEXT = frozenset(
    {"a", "button", "label", "legend", "caption", "th", "summary", "figcaption", "nav", "header", "footer"}
)
_NOT_HEADING_ROLES = frozenset(
    {"banner", "navigation", "contentinfo", "dialog", "alertdialog", "complementary"}
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _page_text_size(doc: CheckedDocument, sizes: dict[_Element, float]) -> float:
    """The font size of the page's running text: the size most words of its paragraphs are set in."""
    counts: dict[float, int] = {}
    for paragraph in doc.root.iter("p"):
        size = sizes.get(paragraph)
        if size is not None:
            counts[size] = counts.get(size, 0) + len(text_of(paragraph).split())
    body = doc.root.find("body")
    fallback = sizes.get(body, 16.0) if body is not None else 16.0
    return max(counts, key=lambda size: counts[size]) if counts else fallback


def _styled_line(element: _Element, sem: Semantics) -> bool:
    """A paragraph or div of one short phrase (no blocks inside), followed by content it could head."""
    if sem.explicit_role(element) is not None or not sem.is_exposed(element):
        return False
    if any(isinstance(child.tag, str) and child.tag not in _INLINE for child in element):
        return False
    text = squash(text_of(element))
    if not text or len(text.split()) > _HEADING_MAX_WORDS or _SENTENCE_END.search(text):
        return False
    for ancestor in element.iterancestors():
        if ancestor.tag in _NOT_HEADING_CONTEXT or ancestor.tag in _HEADING_TAGS:
            return False
        if sem.explicit_role(ancestor) in _NOT_HEADING_ROLES:
            return False
    following = element.getnext()
    return following is not None and following.tag in _CONTENT and bool(squash(text_of(following)))


@rule(
    "styled-heading",
    description="Section titles that the style sheet draws large and bold are marked as headings.",
    wcag=["1.3.1"],
)
def styled_heading(doc: CheckedDocument) -> Iterator[Violation]:
    """A class that makes paragraphs look like headings ("rubrik", "title") hides them from heading navigation.

    Okay: <style>.lead { font-size: 1.4rem; }</style><p class="lead">Kurse im Frühjahr</p><p>Ab Januar</p><p class="lead">Anmeldung</p><p>Online</p>
    Okay: <style>h2 { font-size: 1.5rem; }</style><h2>Englisch</h2><p>Montags</p><h2>Spanisch</h2><p>Dienstags</p>
    Error: <style>.rubrik { font-size: 1.5rem; font-weight: 700; }</style><p class="rubrik">Englisch</p><p>Montags, 18 Uhr</p><p class="rubrik">Spanisch</p><p>Dienstags, 10 Uhr</p>
    Error: <style>.title { font-weight: bold; font-size: 24px; }</style><div class="title">Opening hours</div><p>Monday to Friday</p><div class="title">Getting here</div><ul><li>Bus 41</li></ul>
    """
    sem = semantics(doc)
    styles = text_styles(doc)
    base = _page_text_size(doc, {element: style.size for element, style in styles.items()})
    lines = []
    for element in doc.root.iter("p", "div"):
        style = styles.get(element)
        if style is None or not style.bold or style.size < base * _HEADING_SCALE:
            continue
        if _styled_line(element, sem):
            lines.append(element)
    if len(lines) < _MIN_STYLED_HEADINGS:
        return
    for element in lines:
        yield Violation(
            message(
                doc,
                "%(element)s (“%(text)s”) is drawn large and bold like a section heading but is not one: "
                "make it a heading (h2, h3, ...) so that screen reader users can find and skip sections.",
                element=describe(element),
                text=squash(text_of(element)),
            ),
            element,
        )


# Column tracks of a grid: repeat(5, 1fr) counts five; repeat(auto-fill, ...) makes a flowing card grid.
_REPEAT = re.compile(r"repeat\(\s*(\d+)\s*,")
_FLOWING = re.compile(r"repeat\(\s*auto-(?:fill|fit)")
_MIN_COLUMNS = 3
_MIN_ROWS = 3
_CELL_TAGS = frozenset({"div", "span", "p"})


def _column_count(template: str) -> int:
    """How many columns ``grid-template-columns`` lays out (0 when they flow with the width)."""
    if _FLOWING.search(template) or "subgrid" in template or "masonry" in template:
        return 0
    repeated = sum(int(count) for count in _REPEAT.findall(template))
    outside = re.sub(r"repeat\((?:[^()]|\([^()]*\))*\)", " ", template)
    outside = re.sub(r"\((?:[^()]|\([^()]*\))*\)", "", outside)  # minmax(...), fit-content(...)
    tracks = [token for token in outside.split() if not token.startswith("[")]
    return repeated + len(tracks)


def _leaf_cells(container: _Element, sem: Semantics) -> list[_Element] | None:
    """The container's children when each is a cell of text (no blocks, no role), else None."""
    cells = [child for child in container if isinstance(child.tag, str)]
    for cell in cells:
        if cell.tag not in _CELL_TAGS or cell.get("role") or not sem.is_exposed(cell):
            return None
        if any(isinstance(inner.tag, str) and inner.tag not in _INLINE for inner in cell.iterdescendants()):
            return None
    return cells


@rule(
    "grid-drawn-table",
    description="Data laid out in rows and columns with a CSS grid of plain boxes is marked up as a table.",
    wcag=["1.3.1"],
)
def grid_drawn_table(doc: CheckedDocument) -> Iterator[Violation]:
    """A timetable of divs placed by ``display: grid`` shows columns only to the eye: no headers are read.

    Okay: <style>.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }</style><div class="cards"><div>A</div><div>B</div><div>C</div><div>D</div><div>E</div><div>F</div><div>G</div><div>H</div><div>I</div></div>
    Okay: <style>.plan { display: grid; grid-template-columns: repeat(3, 1fr); }</style><div class="plan" role="table" aria-label="Plan"><div role="row"><span role="columnheader">Zeit</span></div></div>
    Error: <style>.row { display: grid; grid-template-columns: 1fr 1fr 2fr; }</style><div><div class="row"><div>Date</div><div>Time</div><div>Place</div></div><div class="row"><div>3 Dec</div><div>14:30</div><div>Town hall</div></div><div class="row"><div>10 Dec</div><div>09:00</div><div>Library</div></div></div>
    Error: <style>.plan { display: grid; grid-template-columns: 6rem repeat(2, 1fr); }</style><div class="plan"><div>Zeit</div><div>Montag</div><div>Dienstag</div><div>08:15</div><div>Chemie</div><div></div><div>10:15</div><div></div><div>Physik</div></div>
    """
    sem = semantics(doc)
    rows: dict[_Element, list[_Element]] = {}  # grids of one row each, by the element holding them
    for container in doc.root.iter("div", "section", "ul", "ol", "li"):
        if (sem.style(container, "display") or "") not in ("grid", "inline-grid"):
            continue
        if sem.explicit_role(container) is not None or not sem.is_exposed(container):
            continue
        columns = _column_count(sem.style(container, "grid-template-columns") or "")
        cells = _leaf_cells(container, sem) if columns >= _MIN_COLUMNS else None
        if cells is None:
            continue
        if len(cells) >= columns * _MIN_ROWS:
            yield _grid_violation(doc, container, len(cells), columns)
        elif len(cells) >= _MIN_COLUMNS and (parent := container.getparent()) is not None:
            rows.setdefault(parent, []).append(container)
    for parent, found in rows.items():
        if len(found) >= _MIN_ROWS and sem.explicit_role(parent) is None:
            count = sum(len(_leaf_cells(row, sem) or ()) for row in found)
            columns = _column_count(sem.style(found[0], "grid-template-columns") or "")
            yield _grid_violation(doc, parent, count, columns)


def _grid_violation(doc: CheckedDocument, container: _Element, count: int, columns: int) -> Violation:
    return Violation(
        message(
            doc,
            "%(element)s lays out %(count)d boxes in %(columns)d columns with a CSS grid, like a table: "
            "screen readers read them one after another without row or column headers. Mark it up as a "
            "table (table, th, td).",
            element=describe(container),
            count=count,
            columns=columns,
        ),
        container,
    )


_PART_FIELDS = frozenset({"select", "input"})
_PART_TYPES = frozenset({"", "text", "number", "tel"})


def _is_part(element: _Element) -> bool:
    kind = (element.get("type") or "").lower()
    return element.tag in _PART_FIELDS and (element.tag == "select" or kind in _PART_TYPES)


def _unlabelled_parts(first: _Element, sem: Semantics) -> list[_Element]:
    """The fields right after ``first`` in its container that have no name of their own."""
    parts = []
    for sibling in first.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling.tag == "label" or sibling.find(".//label") is not None:
            break
        if _is_part(sibling) and sem.is_exposed(sibling):
            if sem.name(sibling).strip():
                break
            parts.append(sibling)
        elif next(sibling.iter("input", "select", "textarea"), None) is not None:
            break  # another kind of field, or a block holding fields: the row has ended
    return parts


@rule(
    "field-parts-one-label",
    description="Each part of a field split into parts (day, month, year) has its own label.",
    wcag=["3.3.2"],
)
def field_parts_one_label(doc: CheckedDocument) -> Iterator[Violation]:
    """One label "Date of birth" names only the first of three boxes: the others are unlabelled (WCAG F82).

    Okay: <fieldset><legend>Geburtsdatum</legend><label for="t">Tag</label><input id="t"><label for="m">Monat</label><input id="m"></fieldset>
    Okay: <label for="p">Phone</label><input id="p" type="tel"><input type="tel" aria-label="Extension">
    Error: <label for="t">Geburtsdatum</label><div><select id="t"><option>Tag</option></select><select><option>Monat</option></select><select><option>Jahr</option></select></div>
    Error: <label for="a">Phone</label><input id="a" type="tel" size="4"> / <input type="tel" size="8">
    """
    sem = semantics(doc)
    for label in doc.root.iter("label"):
        field = doc.by_id.get(label.get("for") or "")
        if field is None or not _is_part(field) or not sem.is_exposed(field):
            continue
        parts = _unlabelled_parts(field, sem)
        if parts:
            yield Violation(
                message(
                    doc,
                    "The label “%(label)s” names only the first of %(count)d fields in a row; %(element)s and "
                    "the others have no label: give each part its own label (e.g. day, month, year) and group "
                    "them in a fieldset whose legend names the whole.",
                    label=squash(text_of(label)),
                    count=len(parts) + 1,
                    element=describe(parts[0]),
                ),
                parts[0],
            )


# Class names a style sheet uses to paint a field as wrong ("is-invalid", "has-error", "feld-fehler").
_ERROR_CLASS = re.compile(r"(?:^|[-_])(?:error|errors|fehler|fehlerhaft|invalid|ungueltig|danger)(?:$|[-_])")


def _error_class(field: _Element) -> bool:
    return any(_ERROR_CLASS.search(token.lower()) for token in (field.get("class") or "").split())


def _told_in_text(doc: CheckedDocument, field: _Element) -> bool:
    if (field.get("aria-invalid") or "").strip().lower() not in ("", "false"):
        return True
    refs = f"{field.get('aria-describedby') or ''} {field.get('aria-errormessage') or ''}".split()
    return any(ref in doc.by_id and squash(text_of(doc.by_id[ref])) for ref in refs)


@rule(
    "error-shown-by-style",
    description="A field found wrong is identified in text, not only by an error style (a red border).",
    wcag=["3.3.1"],
)
def error_shown_by_style(doc: CheckedDocument) -> Iterator[Violation]:
    """A field with an error class but neither aria-invalid nor an error text tied to it is wrong only to the eye.

    Okay: <label for="e">E-Mail</label><input id="e" class="fehler" aria-invalid="true" aria-describedby="e-f"><p id="e-f">Nach dem @ fehlt etwas.</p>
    Okay: <label for="n">Name</label><input id="n" class="field">
    Error: <label for="e">E-Mail</label><input id="e" class="fehler" value="jana@">
    Error: <label for="y">Year</label><input id="y" class="form-control is-invalid" value="19">
    """
    sem = semantics(doc)
    for field in doc.root.iter("input", "select", "textarea"):
        if not _error_class(field) or not sem.is_exposed(field) or _told_in_text(doc, field):
            continue
        yield Violation(
            message(
                doc,
                'Field %(element)s is marked as wrong only by its style: set aria-invalid="true" and tie a '
                "text saying what is wrong to it with aria-describedby.",
                element=describe(field),
            ),
            field,
        )
