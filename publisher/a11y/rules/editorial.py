"""Editorial rules no generic checker has: alt text quality, link wording, capitals and readability.

Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples that a test runs.
"""
# ruff: noqa: E501  (the docstring examples are one HTML line each, however long)

from __future__ import annotations

import re
from collections.abc import Iterator
from posixpath import basename, splitext
from urllib.parse import unquote, urldefrag, urlsplit

from lxml.etree import _Element

from publisher.a11y.document import CheckedDocument
from publisher.a11y.readability import readability
from publisher.a11y.registry import Violation, rule
from publisher.a11y.rules._text import (
    accessible_name,
    is_hidden,
    language_of,
    links,
    normalise,
    text_blocks,
)

__all__ = [
    "alt_credit",
    "alt_equals_caption",
    "alt_file_name",
    "alt_placeholder",
    "alt_too_long",
    "all_caps",
    "link_text_repeated",
    "link_text_vague",
    "main_text_readability",
]

_IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|tiff?|bmp|heic|ico)$", re.IGNORECASE)
# Names cameras, phones and scanners give files, and hashes content stores use.
_MACHINE_NAME = re.compile(
    r"^(?:(?:img|dsc[nf]?|dcim|pxl|pict?|mvimg|screenshot|bildschirmfoto|scan|wp|photo|foto)[-_]?\d{2,}.*|[0-9a-f]{16,})$",
    re.IGNORECASE,
)
_PLACEHOLDERS = frozenset(
    {"bild", "bilder", "foto", "fotos", "symbolbild", "symbolfoto", "grafik", "abbildung", "platzhalter",
     "illustration", "titelbild", "beitragsbild", "vorschaubild", "pressefoto", "logo", "leer", "bildbeschreibung",
     "image", "images", "img", "photo", "photograph", "picture", "pic", "graphic", "placeholder", "thumbnail",
     "untitled", "unbenannt", "spacer", "blank", "alt", "alt text", "alttext", "banner", "icon"}
)  # fmt: skip
_CREDIT = re.compile(
    r"©|\(c\)\s|\bcopyright\b|\b(?:foto|fotos|bild|bildquelle|quelle|fotograf(?:in)?|credits?|photo|source)\s*:",
    re.IGNORECASE,
)
_VAGUE_LINK_TEXTS = frozenset(
    {"hier", "mehr", "weiter", "weiterlesen", "mehr lesen", "mehr erfahren", "mehr dazu", "mehr infos",
     "mehr informationen", "hier klicken", "klicken sie hier", "hier lesen", "lesen sie mehr", "link", "details",
     "zum artikel", "hier entlang", "here", "click here", "click", "more", "read more", "learn more", "more info",
     "continue", "continue reading", "this link", "go", "this page"}
)  # fmt: skip
_UPPER_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NOT_EDITORIAL_TEXT = frozenset({"code", "pre", "kbd", "samp", "var", "abbr"})


def _images(doc: CheckedDocument) -> Iterator[tuple[_Element, str]]:
    """Images with a non-empty accessible name that people can perceive, with that name."""
    for element in doc.elements:
        is_image = element.tag == "img" or (element.tag == "input" and element.get("type") == "image")
        if not is_image or is_hidden(element):
            continue
        name = accessible_name(element)
        if name:
            yield element, name


def _comparable(text: str) -> str:
    return normalise(text).casefold().strip(" .,:;!?-–—\"'„“”»«")


def _file_stems(element: _Element) -> set[str]:
    sources = [element.get("src") or ""]
    sources += [part.split()[0] for part in (element.get("srcset") or "").split(",") if part.split()]
    return {_comparable(splitext(basename(unquote(urlsplit(src).path)))[0]) for src in sources if src}


@rule(
    "alt-file-name",
    description="Alt text is not a file name",
    wcag=["1.1.1"],
    act=["9eb3f6"],
)
def alt_file_name(doc: CheckedDocument) -> Iterator[Violation]:
    """An image named like a file ("IMG_0412.jpg") tells the listener nothing about it.

    Okay: <img src="rathaus.jpg" alt="Das Rathaus am Marktplatz im Abendlicht">
    Okay: <a href="plan.png" download>Herunterladen <img src="plan.png" alt="plan.png"></a>
    Error: <img src="rathaus.jpg" alt="rathaus.jpg">
    Error: <img src="/media/x.jpg" alt="DSC_0042">
    Error: <img src="/m/94251e110d24a4c2b6e6ce76e7203374" alt="94251e110d24a4c2b6e6ce76e7203374">
    """
    for element, name in _images(doc):
        # A download link's image may name the file it downloads.
        in_download = any(a.tag == "a" and a.get("download") is not None for a in element.iterancestors())
        if in_download:
            continue
        stem = _comparable(name)
        looks_machine_made = bool(_MACHINE_NAME.match(name.strip())) or (
            stem in _file_stems(element) and " " not in stem and re.search(r"[\d_]", stem) is not None
        )
        if _IMAGE_EXTENSION.search(name.strip()) or looks_machine_made:
            yield Violation(
                doc.gettext(
                    'The alt text "{alt}" is a file name: describe what the image shows and why it is there.'
                ).format(alt=name),
                element,
            )


@rule("alt-placeholder", description="Alt text is not a placeholder such as 'Bild' or 'image'", wcag=["1.1.1"])
def alt_placeholder(doc: CheckedDocument) -> Iterator[Violation]:
    """A placeholder alt text ("Bild", "Foto 2", "image") says that there is an image, not what it shows.

    Okay: <img src="a.jpg" alt="Bürgermeisterin Anna Beispiel eröffnet das neue Hallenbad">
    Okay: <img src="spacer.gif" alt="">
    Error: <img src="a.jpg" alt="Symbolbild">
    Error: <img src="a.jpg" alt="Foto 2">
    Error: <img src="a.jpg" alt="image">
    """
    for element, name in _images(doc):
        word = re.sub(r"[\s\d]+$", "", _comparable(name))
        if word in _PLACEHOLDERS:
            yield Violation(
                doc.gettext(
                    'The alt text "{alt}" is a placeholder: describe what the image shows, or use alt="" if it is decorative.'
                ).format(alt=name),
                element,
            )


@rule(
    "alt-equals-caption",
    description="Alt text does not repeat the figure caption",
    severity="warning",
    wcag=["1.1.1"],
)
def alt_equals_caption(doc: CheckedDocument) -> Iterator[Violation]:
    """Alt text equal to the caption is read twice; the alt should describe what the caption does not.

    Okay: <figure><img src="a.jpg" alt="Drei Kinder lesen auf einer Bank"><figcaption>Die neue Stadtbibliothek öffnet am Montag.</figcaption></figure>
    Error: <figure><img src="a.jpg" alt="Die neue Stadtbibliothek"><figcaption>Die neue Stadtbibliothek.</figcaption></figure>
    """
    for element, name in _images(doc):
        figure = next((a for a in element.iterancestors() if a.tag == "figure"), None)
        caption = figure.find(".//figcaption") if figure is not None else None
        if caption is not None and _comparable(caption.text_content()) == _comparable(name):
            yield Violation(
                doc.gettext(
                    "The alt text repeats the caption: describe what the image shows that the caption does not say."
                ),
                element,
            )


@rule(
    "alt-too-long",
    description="Alt text is short; long descriptions go in the text or a linked description",
    severity="warning",
    wcag=["1.1.1"],
)
def alt_too_long(doc: CheckedDocument) -> Iterator[Violation]:
    """Long alt text cannot be paused or navigated; a chart or diagram needs a long description instead.

    Okay: <img src="a.jpg" alt="Balkendiagramm: Besucherzahlen 2020 bis 2024, stetig steigend">
    Error: <img src="a.jpg" alt="Das Diagramm zeigt die Besucherzahlen der städtischen Museen von 2015 bis 2024, wobei die Zahlen bis 2019 stetig steigen, 2020 und 2021 stark einbrechen und sich danach wieder erholen, bis sie 2024 den bisherigen Höchststand übertreffen.">
    """
    limit = doc.settings.alt_text_max_length
    for element, name in _images(doc):
        if len(name) > limit:
            yield Violation(
                doc.gettext(
                    "The alt text has {length} characters (more than {limit}): keep it short and put the full "
                    "description in the text, a caption or a linked long description (aria-describedby)."
                ).format(length=len(name), limit=limit),
                element,
            )


@rule(
    "alt-credit",
    description="Alt text carries no photo credit or copyright",
    severity="warning",
    wcag=["1.1.1"],
)
def alt_credit(doc: CheckedDocument) -> Iterator[Violation]:
    """A credit in the alt text ("Foto: dpa", "©") is not part of what the image shows.

    Okay: <figure><img src="a.jpg" alt="Feuerwehrleute löschen einen Scheunenbrand"><figcaption>Foto: Stadt Beispielstadt</figcaption></figure>
    Error: <img src="a.jpg" alt="Feuerwehrleute löschen einen Brand. Foto: Stadt Beispielstadt">
    Error: <img src="a.jpg" alt="Sunset over the harbour © Jane Doe">
    """
    for element, name in _images(doc):
        if _CREDIT.search(name):
            yield Violation(
                doc.gettext(
                    'The alt text "{alt}" contains a credit or copyright notice: move it to the caption.'
                ).format(alt=name),
                element,
            )


@rule(
    "link-text-vague",
    description="Link text says where the link goes, not just 'hier', 'mehr' or 'click here'",
    wcag=["2.4.4"],
    act=["5effbb"],
)
def link_text_vague(doc: CheckedDocument) -> Iterator[Violation]:
    """Links are often read out of context, in a list of links: "hier" alone does not say where it goes.

    Okay: <p>Lesen Sie <a href="/bericht.pdf">den Jahresbericht 2024 (PDF)</a>.</p>
    Okay: <a href="/bericht" aria-label="Jahresbericht 2024 lesen">Mehr</a>
    Error: <p>Den Jahresbericht finden Sie <a href="/bericht">hier</a>.</p>
    Error: <a href="/anmeldung">Hier klicken</a>
    Error: <a href="/news/1">Read more …</a>
    """
    for element in links(doc.root):
        name = accessible_name(element)
        if _comparable(name) in _VAGUE_LINK_TEXTS:
            yield Violation(
                doc.gettext(
                    'The link text "{text}" does not say where the link goes: name the target, e.g. '
                    '"Jahresbericht 2024 (PDF)".'
                ).format(text=name),
                element,
            )


def _target(href: str) -> str:
    # Trailing slashes and empty fragments do not make a different target.
    url, fragment = urldefrag(href.strip())
    url = url.rstrip("/") or "/"
    return f"{url}#{fragment}" if fragment else url


@rule(
    "link-text-repeated",
    description="The same link text does not lead to different targets",
    severity="warning",
    wcag=["2.4.4"],
)
def link_text_repeated(doc: CheckedDocument) -> Iterator[Violation]:
    """Two links with the same text and different targets cannot be told apart in a list of links.

    Okay: <a href="/a">Programm</a> <a href="/a/">Programm</a>
    Error: <a href="/sommerfest">Programm</a> <a href="/herbstmarkt">Programm</a>
    """
    targets: dict[str, dict[str, _Element]] = {}
    for element in links(doc.root):
        href = element.get("href")
        name = _comparable(accessible_name(element))
        if href is None or not name or name in _VAGUE_LINK_TEXTS:
            continue
        targets.setdefault(name, {}).setdefault(_target(href), element)
    for by_target in targets.values():
        if len(by_target) > 1:
            elements = list(by_target.values())
            yield Violation(
                doc.gettext(
                    'The link text "{text}" leads to {count} different targets: make each link text unique, '
                    "e.g. add the event or document name."
                ).format(text=accessible_name(elements[0]), count=len(elements)),
                elements[1],
            )


def _skip_editorial(element: _Element) -> bool:
    return element.tag in _NOT_EDITORIAL_TEXT or is_hidden(element)


@rule("all-caps", description="Running text is not written in capitals", severity="warning")
def all_caps(doc: CheckedDocument) -> Iterator[Violation]:
    """Capitals are harder to read, and screen readers may spell out words written in capitals.

    Okay: <p>Die EU und das BMBF fördern das Projekt.</p>
    Error: <p>ACHTUNG: DIE STRASSE IST AB MONTAG GESPERRT.</p>
    """
    body = doc.root.find("body")
    if body is None:
        return
    for block, text in text_blocks(body, _skip_editorial):
        run: list[str] = []
        for word in [*_UPPER_WORD.findall(text), ""]:
            if word and word.isupper():
                run.append(word)
                continue
            if len(run) >= 3 and sum(len(w) for w in run) >= 10:
                yield Violation(
                    doc.gettext(
                        'The text "{text}" is written in capitals: write it in normal case and use <strong> '
                        "for emphasis."
                    ).format(text=" ".join(run)),
                    block,
                )
                break
            run = []


def _main_text_container(doc: CheckedDocument) -> _Element | None:
    if doc.channel == "web":
        for tag in ("main", "article"):
            found = doc.root.find(f".//{tag}")
            if found is not None:
                return found
    return doc.root.find("body")


@rule(
    "readability",
    description="The main text is not harder to read than the configured school grade",
    severity="warning",
    wcag=["3.1.5"],
)
def main_text_readability(doc: CheckedDocument) -> Iterator[Violation]:
    """Press releases should be understood by everyone: long sentences and long words make them hard.

    Okay: <html lang="de"><body><main><p>Die Stadt baut eine neue Brücke. Sie ist aus Holz. Kinder können dort spielen. Der Bau dauert ein Jahr. Die Kosten trägt das Land. Alle Bürger sind zur Feier eingeladen. Es gibt Musik und Essen. Wir freuen uns auf Sie. Die Feier beginnt um zehn Uhr. Der Eintritt ist frei.</p></main></body></html>
    Error: <html lang="de"><body><main><p>Die Bundesregierung beabsichtigt im Rahmen der fortschreitenden Digitalisierungsstrategie eine umfassende Neustrukturierung sämtlicher verwaltungsinterner Kommunikationsprozesse, wobei insbesondere die Interoperabilität heterogener Informationssysteme sowie die datenschutzrechtliche Unbedenklichkeit sicherheitsrelevanter Übertragungsverfahren gewährleistet werden soll, nachdem entsprechende Vorarbeiten bereits abgeschlossen wurden.</p></main></body></html>
    Error: <html lang="en"><body><main><p>The administration intends, within the framework of its comprehensive digitalisation strategy, to fundamentally restructure all internal administrative communication processes, particularly guaranteeing the interoperability of heterogeneous information systems and the unobjectionable confidentiality of security-relevant transmission procedures, considering preparatory investigations already concluded.</p></main></body></html>
    """
    container = _main_text_container(doc)
    if container is None:
        return
    language = language_of(container).split("-")[0].lower()

    def skip(element: _Element) -> bool:
        # Quotes in another language, code and navigation are not the article's prose.
        own = (element.get("lang") or "").split("-")[0].lower()
        return (
            _skip_editorial(element)
            or (bool(own) and own != language)
            or element.tag in {"nav", "header", "footer", "aside"}
        )

    text = "\n\n".join(block_text for _, block_text in text_blocks(container, skip))
    result = readability(text, language)
    limit = doc.settings.readability_max_difficulty
    if result is not None and result.grade > limit:
        yield Violation(
            doc.gettext(
                "The main text reads at school grade {grade} ({formula}), above the limit of {limit}: "
                "use shorter sentences and common, shorter words."
            ).format(grade=result.grade, formula=result.formula, limit=limit),
            container,
        )

