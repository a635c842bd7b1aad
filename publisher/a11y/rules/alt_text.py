"""Editorial rules on alt text: no file names, placeholders, repeated captions, credits or essays.

Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples that a test runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from posixpath import basename, splitext
from urllib.parse import unquote, urlsplit

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.link_text import comparable
from publisher.a11y.dom.messages import message
from publisher.a11y.registry import Violation, rule

__all__ = ["alt_credit", "alt_equals_caption", "alt_file_name", "alt_placeholder", "alt_too_long"]

_IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|tiff?|bmp|heic|ico)$", re.IGNORECASE)
# Names cameras, phones and scanners give files, and hashes content stores use.
_MACHINE_NAME = re.compile(
    r"^(?:(?:img|dsc[nf]?|dcim|pxl|pict?|mvimg|screenshot|bildschirmfoto|scan|wp|photo|foto)[-_]?\d{2,}.*|[0-9a-f]{16,})$",
    re.IGNORECASE,
)
# A design system's asset name ("ico_aufzug_32", "btn_search_hover"): one token joined by underscores, with
# a size or a second underscore; people do not write words that way.
_ASSET_NAME = re.compile(r"^(?=.{6,})(?=[^_]*_)(?=.*(?:\d|_.*_))[^\W_]+(?:_[^\W_]+)+$")
_PLACEHOLDERS = frozenset(
    {"bild", "bilder", "foto", "fotos", "symbolbild", "symbolfoto", "grafik", "abbildung", "platzhalter",
     "illustration", "titelbild", "beitragsbild", "vorschaubild", "pressefoto", "logo", "leer", "bildbeschreibung",
     "image", "images", "img", "photo", "photograph", "picture", "pic", "graphic", "placeholder", "thumbnail",
     "untitled", "unbenannt", "spacer", "blank", "alt", "alt text", "alttext", "banner", "icon",
     # the kind of picture only, where its content is the point: a chart, a map; a separator's shape
     "diagramm", "schaubild", "infografik", "karte", "lageplan", "stadtplan", "chart", "graph", "diagram",
     "infographic", "map", "figure", "screenshot", "pfeil", "arrow", "chevron", "trenner", "separator", "bullet",
     # what only decorates: a line, a spacer, an ornament (alt="" says so)
     "trennlinie", "trennstrich", "linie", "abstandhalter", "divider", "line", "ornament", "verzierung",
     "dekoration", "decoration", "schmuckelement", "hintergrund", "background", "rahmen", "border", "pixel"}
)  # fmt: skip
# A gallery's count after the word: "Bild 3", "Image 3 of 6", "Foto 2/8", "picture no. 4".
_NUMBERING = re.compile(r"(?:\s*(?:nr\.?|no\.?|#)?\s*\d+(?:\s*(?:of|von|aus|/)\s*\d+)?)+$")
_CREDIT = re.compile(
    r"©|\(c\)\s|\bcopyright\b|\b(?:foto|fotos|bild|bildquelle|quelle|fotograf(?:in)?|credits?|photo|source)\s*:",
    re.IGNORECASE,
)


def _images(doc: CheckedDocument) -> list[tuple[_Element, str]]:
    """Images in the accessibility tree with a non-empty accessible name, with that name (``doc.shared``)."""
    sem = semantics(doc)
    found: list[tuple[_Element, str]] = []
    for element in doc.root.iter("img", "input"):
        is_image = element.tag == "img" or element.get("type") == "image"
        if is_image and sem.is_exposed(element):
            name = sem.name(element)
            if name:
                found.append((element, name))
    return found


def _file_stems(element: _Element) -> set[str]:
    sources = [element.get("src") or ""]
    sources += [part.split()[0] for part in (element.get("srcset") or "").split(",") if part.split()]
    return {comparable(splitext(basename(unquote(urlsplit(src).path)))[0]) for src in sources if src}


@rule(
    "alt-file-name",
    description="Alt text is not a file name.",
    wcag=["1.1.1"],
    act=["9eb3f6"],
)
def alt_file_name(doc: CheckedDocument) -> Iterator[Violation]:
    """An image named like a file ("IMG_0412.jpg") tells the listener nothing about it.

    Okay: <img src="rathaus.jpg" alt="Das Rathaus am Marktplatz im Abendlicht">
    Okay: <img src="nyhavn.jpg" alt="Nyhavn">
    Okay: <img src="formel.svg" alt="E_kin = m v² / 2">
    Okay: <a href="plan.png" download>Herunterladen <img src="plan.png" alt="plan.png"></a>
    Error: <img src="rathaus.jpg" alt="rathaus.jpg">
    Error: <img src="/media/x.jpg" alt="DSC_0042">
    Error: <img src="/icons/lift.svg" alt="ico_aufzug_32">
    Error: <img src="/m/94251e110d24a4c2b6e6ce76e7203374" alt="94251e110d24a4c2b6e6ce76e7203374">
    """
    for element, name in doc.shared(_images):
        # A download link's image may name the file it downloads.
        if any(a.tag == "a" and a.get("download") is not None for a in element.iterancestors()):
            continue
        stem = comparable(name)
        machine_made = bool(_MACHINE_NAME.match(name) or _ASSET_NAME.match(name)) or (
            stem in _file_stems(element) and " " not in stem and re.search(r"[\d_]", stem) is not None
        )
        if _IMAGE_EXTENSION.search(name) or machine_made:
            yield Violation(
                message(
                    doc,
                    'The alt text "%(alt)s" is a file name: describe what the image shows and why it is there.',
                    alt=name,
                ),
                element,
            )


@rule(
    "alt-placeholder",
    description="Alt text is not a placeholder such as 'Bild' or 'image'.",
    wcag=["1.1.1"],
    # A partial implementation of ACT qt1vmo: a placeholder never describes; other alt texts need a person.
    act=["qt1vmo"],
)
def alt_placeholder(doc: CheckedDocument) -> Iterator[Violation]:
    """A placeholder alt text ("Bild", "Foto 2", "image") says that there is an image, not what it shows.

    Okay: <img src="a.jpg" alt="Bürgermeisterin Anna Beispiel eröffnet das neue Hallenbad">
    Okay: <img src="spacer.gif" alt="">
    Error: <img src="a.jpg" alt="Symbolbild">
    Error: <img src="a.jpg" alt="Foto 2">
    Error: <img src="a.jpg" alt="image">
    Error: <img src="a.jpg" alt="Image 3 of 6">
    Error: <img src="a.jpg" alt="Bild 2/8">
    """
    for element, name in doc.shared(_images):
        if _NUMBERING.sub("", comparable(name)) in _PLACEHOLDERS:
            yield Violation(
                message(
                    doc,
                    'The alt text "%(alt)s" is a placeholder: describe what the image shows, or use alt="" if '
                    "it is only decoration.",
                    alt=name,
                ),
                element,
            )


@rule(
    "alt-equals-caption",
    description="Alt text does not repeat the figure caption.",
    severity="warning",
    wcag=["1.1.1"],
)
def alt_equals_caption(doc: CheckedDocument) -> Iterator[Violation]:
    """Alt text equal to the caption is read twice; the alt should describe what the caption does not.

    Okay: <figure><img src="a.jpg" alt="Drei Kinder lesen auf einer Bank"><figcaption>Die neue Stadtbibliothek öffnet am Montag.</figcaption></figure>
    Error: <figure><img src="a.jpg" alt="Die neue Stadtbibliothek"><figcaption>Die neue Stadtbibliothek.</figcaption></figure>
    """
    captions: dict[_Element, str | None] = {}  # per figure: a figure of many images is searched once
    for element, name in doc.shared(_images):
        figure = next((a for a in element.iterancestors() if a.tag == "figure"), None)
        if figure is None:
            continue
        if figure not in captions:
            caption = next(figure.iter("figcaption"), None)
            captions[figure] = None if caption is None else comparable("".join(map(str, caption.itertext())))
        if captions[figure] is not None and captions[figure] == comparable(name):
            yield Violation(
                message(
                    doc,
                    "The alt text repeats the caption: describe what the image shows that the caption does not "
                    "say.",
                ),
                element,
            )


@rule(
    "alt-too-long",
    description="Alt text is short; long descriptions go in the text or a linked description.",
    severity="warning",
    wcag=["1.1.1"],
)
def alt_too_long(doc: CheckedDocument) -> Iterator[Violation]:
    """Long alt text cannot be paused or navigated; a chart or diagram needs a long description instead.

    Okay: <img src="a.jpg" alt="Balkendiagramm: Besucherzahlen 2020 bis 2024, stetig steigend">
    Error: <img src="a.jpg" alt="Das Diagramm zeigt die Besucherzahlen der städtischen Museen von 2015 bis 2024, wobei die Zahlen bis 2019 stetig steigen, 2020 und 2021 stark einbrechen und sich danach wieder erholen, bis sie 2024 den bisherigen Höchststand übertreffen.">
    """
    limit = doc.settings.alt_text_max_length
    for element, name in doc.shared(_images):
        if len(name) > limit:
            yield Violation(
                message(
                    doc,
                    "The alt text has %(length)s characters (more than %(limit)s): keep it short and give the "
                    "full description in the text, a caption or a long description linked with "
                    "aria-describedby.",
                    length=len(name),
                    limit=limit,
                ),
                element,
            )


@rule(
    "alt-credit",
    description="Alt text carries no photo credit or copyright notice.",
    severity="warning",
    wcag=["1.1.1"],
)
def alt_credit(doc: CheckedDocument) -> Iterator[Violation]:
    """A credit in the alt text ("Foto: dpa", "©") is not part of what the image shows.

    Okay: <figure><img src="a.jpg" alt="Feuerwehrleute löschen einen Scheunenbrand"><figcaption>Foto: Stadt Beispielstadt</figcaption></figure>
    Error: <img src="a.jpg" alt="Feuerwehrleute löschen einen Brand. Foto: Stadt Beispielstadt">
    Error: <img src="a.jpg" alt="Sunset over the harbour © Jane Doe">
    """
    for element, name in doc.shared(_images):
        if _CREDIT.search(name):
            yield Violation(
                message(
                    doc,
                    'The alt text "%(alt)s" contains a credit or copyright notice: move it to the caption.',
                    alt=name,
                ),
                element,
            )
