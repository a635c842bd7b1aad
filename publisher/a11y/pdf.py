"""Accessibility checks of a PDF (PDF/UA's essentials): tagged, in a language, titled, figures described.

A screen reader reads a PDF through its structure tree; without tags it reads the page's text
in drawing order, without ``/Lang`` in the wrong voice, and an image without ``/Alt`` not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf

from publisher.a11y.findings import Finding
from publisher.i18n import translations

__all__ = ["PDF_MESSAGES", "check_pdf", "pdf_figures"]

# Rule -> (WCAG success criterion, what is wrong), translated in the "press" catalog.
PDF_MESSAGES = {
    "pdf-tagged": (
        "1.3.1",
        "The PDF is not tagged: screen readers cannot tell its headings and tables.",
    ),
    "pdf-language": ("3.1.1", "The PDF does not declare the article's language (/Lang)."),
    "pdf-title": ("2.4.2", "The PDF has no title shown in the window (/Title with DisplayDocTitle)."),
    "pdf-figure-alt": ("1.1.1", "A figure in the PDF has no alternative text (/Alt)."),
}


def check_pdf(path: Path, language: str, locale: str) -> list[Finding]:
    """What keeps the PDF at ``path`` from being read aloud correctly; [] when nothing does."""
    gettext = translations(locale, "press").gettext
    findings: list[Finding] = []

    def found(rule: str) -> None:
        wcag, message = PDF_MESSAGES[rule]
        findings.append(Finding(rule=rule, severity="error", message=gettext(message), wcag=[wcag]))

    with pikepdf.open(path) as pdf:
        root: Any = pdf.Root
        marked = _entry(root, "/MarkInfo", "/Marked")
        tree = root.get("/StructTreeRoot")
        if not marked or tree is None:
            found("pdf-tagged")
        declared = str(root.get("/Lang", "")).split("-")[0].lower()
        if declared != language.split("-")[0].lower():
            found("pdf-language")
        title = str(pdf.docinfo.get("/Title", "")).strip()
        shows_title = _entry(root, "/ViewerPreferences", "/DisplayDocTitle")
        if not title or not shows_title:
            found("pdf-title")
        if tree is not None and any(not str(figure.get("/Alt", "")).strip() for figure in pdf_figures(tree)):
            found("pdf-figure-alt")
    return findings


def _entry(root: Any, dictionary: str, key: str) -> bool:
    """Whether ``root[dictionary][key]`` is set and true."""
    found = root.get(dictionary)
    return bool(found is not None and found.get(key, False))


def pdf_figures(node: Any, depth: int = 0) -> Iterator[Any]:
    """The structure elements of type /Figure below ``node`` (a structure tree is shallow; bounded anyway)."""
    if depth > 100:
        return
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from pdf_figures(child, depth + 1)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    if node.get("/S") == pikepdf.Name.Figure:
        yield node
    kids = node.get("/K")
    if kids is not None:
        yield from pdf_figures(kids, depth + 1)
