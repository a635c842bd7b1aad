"""Editorial rules no generic checker has: alt text quality, link wording, capitals and readability.

Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples that a test runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from posixpath import basename, splitext
from urllib.parse import unquote, urldefrag, urlsplit

from babel.numbers import format_decimal
from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.language import language_of
from publisher.a11y.dom.link_text import CONTEXT_ONLY_LINK_TEXTS, VAGUE_LINK_TEXTS, comparable, exposed_links
from publisher.a11y.dom.messages import message
from publisher.a11y.dom.prose import may_have_capital_run, text_blocks
from publisher.a11y.dom.readability import readability
from publisher.a11y.registry import Violation, rule

__all__ = [
    "all_caps",
    "alt_credit",
    "alt_equals_caption",
    "alt_file_name",
    "alt_placeholder",
    "alt_too_long",
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
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NOT_EDITORIAL_TEXT = frozenset({"code", "pre", "kbd", "samp", "var", "abbr"})
# Not running text: page furniture, and fragments (headings, list items, captions) that would pass for
# very short sentences and make any text look easy.
_NOT_RUNNING_TEXT = frozenset(
    {"nav", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "th", "caption",
     "figcaption", "summary", "label", "button"}
)  # fmt: skip


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
    Okay: <a href="plan.png" download>Herunterladen <img src="plan.png" alt="plan.png"></a>
    Error: <img src="rathaus.jpg" alt="rathaus.jpg">
    Error: <img src="/media/x.jpg" alt="DSC_0042">
    Error: <img src="/m/94251e110d24a4c2b6e6ce76e7203374" alt="94251e110d24a4c2b6e6ce76e7203374">
    """
    for element, name in doc.shared(_images):
        # A download link's image may name the file it downloads.
        if any(a.tag == "a" and a.get("download") is not None for a in element.iterancestors()):
            continue
        stem = comparable(name)
        machine_made = bool(_MACHINE_NAME.match(name)) or (
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
    """
    for element, name in doc.shared(_images):
        if re.sub(r"[\s\d]+$", "", comparable(name)) in _PLACEHOLDERS:
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


@rule(
    "link-text-vague",
    description="Link text says where the link goes, not just 'hier', 'mehr' or 'click here'.",
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
    for element, name in doc.shared(exposed_links):
        if comparable(name) in VAGUE_LINK_TEXTS:
            yield Violation(
                message(
                    doc,
                    'The link text "%(link)s" does not say where the link goes: name the target, e.g. '
                    '"Annual report 2024 (PDF)".',
                    link=name,
                ),
                element,
            )


@rule(
    "link-text-alone",
    description="Link text says where the link goes without its context (level AAA).",
    severity="warning",
    wcag=["2.4.9"],
    act=["aizyf1"],
    level="AAA",
)
def link_text_alone(doc: CheckedDocument) -> Iterator[Violation]:
    """A link list read out of context ("PDF", "HTML", "this product") does not say where each link goes.

    Okay: <a href="bericht.pdf">Jahresbericht 2024 (PDF)</a>
    Error: <p>Jahresbericht 2024: <a href="bericht.pdf">PDF</a></p>
    """
    for element, name in doc.shared(exposed_links):
        if comparable(name) in CONTEXT_ONLY_LINK_TEXTS:
            yield Violation(
                message(
                    doc,
                    'The link text "%(link)s" says where the link goes only together with the text around it: '
                    'name the target in the link, e.g. "Annual report 2024 (PDF)".',
                    link=name,
                ),
                element,
            )


def _target(href: str) -> str:
    # A trailing slash does not make a different target.
    url, fragment = urldefrag(href.strip())
    url = url.rstrip("/") or "/"
    return f"{url}#{fragment}" if fragment else url


@rule(
    "link-text-repeated",
    description="The same link text does not lead to different targets.",
    severity="warning",
    wcag=["2.4.4", "2.4.9"],
)
def link_text_repeated(doc: CheckedDocument) -> Iterator[Violation]:
    """Two links with the same text and different targets cannot be told apart in a list of links.

    A scripted link (``role="link"`` with ``onclick="location='...'"``) counts with its target too.

    Okay: <a href="/a">Programm</a> <a href="/a/">Programm</a>
    Error: <a href="/sommerfest">Programm</a> <a href="/herbstmarkt">Programm</a>
    Error: <span role="link" tabindex="0" onclick="location='/sommerfest'">Programm</span> <span role="link" tabindex="0" onclick="location='/herbstmarkt'">Programm</span>
    """
    groups: dict[str, dict[str, tuple[_Element, str]]] = {}
    for element, name in doc.shared(exposed_links):
        href = element.get("href")
        if href is None:
            scripted = _SCRIPTED_TARGET.search(element.get("onclick") or "")
            href = scripted.group(1) if scripted else None
        key = comparable(name)
        if href is not None and key and key not in VAGUE_LINK_TEXTS:
            groups.setdefault(key, {}).setdefault(_target(href), (element, name))
    for by_target in groups.values():
        if len(by_target) > 1:
            (_, name), (second, _) = list(by_target.values())[:2]
            yield Violation(
                message(
                    doc,
                    'The link text "%(link)s" leads to %(count)s different targets: make each link text '
                    "unique, e.g. add the event or document name.",
                    link=name,
                    count=len(by_target),
                ),
                second,
            )


_SCRIPTED_TARGET = re.compile(
    r"""(?:location(?:\.href)?\s*=|location\.assign\(|window\.open\()\s*['"]([^'"]+)['"]"""
)


def _skipped(doc: CheckedDocument) -> Callable[[_Element], bool]:
    """Leaves out code and what nobody perceives: neither is the author's prose."""
    unexposed = semantics(doc).unexposed
    return lambda element: element in unexposed or element.tag in _NOT_EDITORIAL_TEXT


@rule("all-caps", description="Running text is not written in capitals.", severity="warning")
def all_caps(doc: CheckedDocument) -> Iterator[Violation]:
    """Capitals are harder to read, and screen readers may spell out words written in capitals.

    Okay: <p>Die EU und das BMBF fördern das Projekt.</p>
    Error: <p>ACHTUNG: DIE STRASSE IST AB MONTAG GESPERRT.</p>
    """
    body = doc.root.find("body")
    if body is None:
        return
    blocks = text_blocks(body, _skipped(doc))
    if not may_have_capital_run(text for _, text in blocks):
        return
    for block, text in blocks:
        run: list[str] = []
        for word in [*_WORD.findall(text), ""]:
            if word.isupper():
                run.append(word)
                continue
            # Three capital words in a row are shouting; "EU" or "BMBF" alone are abbreviations.
            if len(run) >= 3 and sum(map(len, run)) >= 10:
                yield Violation(
                    message(
                        doc,
                        'The text "%(words)s" is written in capitals: write it in normal case and use bold '
                        "(strong) for emphasis.",
                        words=" ".join(run),
                    ),
                    block,
                )
                break
            run = []


def _main_text(doc: CheckedDocument) -> _Element | None:
    """The article's own text: ``main`` or ``article`` on a page, the body of an email."""
    if doc.channel == "web":
        for tag in ("main", "article"):
            found = doc.root.find(f".//{tag}")
            if found is not None:
                return found
    return doc.root.find("body")


@rule(
    "readability",
    description="The running text of the main content is not harder to read than the configured school grade.",
    severity="warning",
    wcag=["3.1.5"],
)
def main_text_readability(doc: CheckedDocument) -> Iterator[Violation]:
    """Press releases should be understood by everyone: long sentences and long words make them hard.

    Measured on the paragraphs of ``main`` (or ``article``; the body of an email) in the page's language;
    headings, list items and captions are fragments, not sentences, and are left out.

    Okay: <html lang="de"><body><main><p>Die Stadt baut eine neue Brücke. Sie ist aus Holz. Kinder können dort spielen. Der Bau dauert ein Jahr. Die Kosten trägt das Land. Alle Bürger sind zur Feier eingeladen. Es gibt Musik und Essen. Wir freuen uns auf Sie. Die Feier beginnt um zehn Uhr. Der Eintritt ist frei.</p></main></body></html>
    Okay: <html lang="fr"><body><main><p>La administration a décidé de restructurer fondamentalement tous les processus de communication internes, garantissant particulièrement interopérabilité des systèmes hétérogènes et la confidentialité des procédures de transmission concernant la sécurité nationale.</p></main></body></html>
    Error: <html lang="de"><body><main><p>Die Bundesregierung beabsichtigt im Rahmen der fortschreitenden Digitalisierungsstrategie eine umfassende Neustrukturierung sämtlicher verwaltungsinterner Kommunikationsprozesse, wobei insbesondere die Interoperabilität heterogener Informationssysteme sowie die datenschutzrechtliche Unbedenklichkeit sicherheitsrelevanter Übertragungsverfahren gewährleistet werden soll, nachdem entsprechende Vorarbeiten bereits abgeschlossen wurden.</p></main></body></html>
    Error: <html lang="en"><body><main><p>The administration intends, within the framework of its comprehensive digitalisation strategy, to fundamentally restructure all internal administrative communication processes, particularly guaranteeing the interoperability of heterogeneous information systems and the unobjectionable confidentiality of security-relevant transmission procedures, considering preparatory investigations already concluded.</p></main></body></html>
    """
    container = _main_text(doc)
    # A list of teasers (an index page) is not running text.
    if container is None or len(container.findall(".//article")) > 1:
        return
    language = language_of(container).split("-")[0].lower()
    # Passages in another language are not measured with this language's formula.
    left_out = set(semantics(doc).unexposed)
    for element in doc.having("lang"):
        own = (element.get("lang") or "").split("-")[0].lower()
        if own and own != language:
            left_out.add(element)
    tags = _NOT_EDITORIAL_TEXT | _NOT_RUNNING_TEXT
    blocks = text_blocks(container, lambda element: element in left_out or element.tag in tags)
    result = readability("\n\n".join(text for _, text in blocks), language)
    limit = doc.settings.readability_max_difficulty
    if result is not None and result.grade > limit:
        yield Violation(
            message(
                doc,
                "The main text reads at school grade %(grade)s (%(formula)s), above the limit of %(limit)s: "
                "use shorter sentences and common, shorter words.",
                grade=format_decimal(result.grade, locale=doc.locale),
                formula=result.formula,
                limit=format_decimal(limit, locale=doc.locale),
            ),
            container,
        )
