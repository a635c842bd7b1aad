"""The printable PDF of a release: tagged, in the article's language, titled, figures described, linked."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from pathlib import Path

import pikepdf
from PIL import Image as PillowImage

from publisher.a11y.pdf import check_pdf, pdf_figures
from publisher.settings import Settings
from tests.helpers import page, publish

BODY = """## Worum es geht

Die Stadtwerke bauen ab März 40 neue Ladesäulen.

![Eine Ladesäule mit zwei Kabeln vor dem Rathaus](saeule.png)
"""


def test_an_untagged_pdf_without_language_or_title_is_held(tmp_path: Path) -> None:
    """A PDF as many office tools write it fails every check a screen reader depends on."""
    plain = tmp_path / "ohne-tags.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(plain)
    rules = {finding.rule for finding in check_pdf(plain, "de", "de")}
    assert rules == {"pdf-tagged", "pdf-language", "pdf-title"}
    (finding,) = [f for f in check_pdf(plain, "de", "de") if f.rule == "pdf-language"]
    assert finding.severity == "error" and "Sprache" in finding.message


def test_the_release_pdf_is_tagged_titled_described_and_linked(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    source = write_article(body=BODY)
    PillowImage.new("RGB", (600, 300), (30, 110, 160)).save(source.parent / "saeule.png")
    (report,) = publish([source], tmp_path / "public", settings, channels=("pdf", "web"))
    assert {name: channel["status"] for name, channel in report["channels"].items()} == {
        "pdf": "released",
        "web": "released",
    }, report
    folder = tmp_path / "public" / report["slug"]
    printed = folder / f"{report['slug']}.pdf"
    assert check_pdf(printed, "de", "de") == []
    with pikepdf.open(printed) as pdf:
        assert str(pdf.Root.Lang) == "de"
        assert str(pdf.docinfo["/Title"]) == "Neue Ladesäulen für Musterstadt"
        alts = [str(figure.get("/Alt")) for figure in pdf_figures(pdf.Root.StructTreeRoot)]
        assert alts == ["Eine Ladesäule mit zwei Kabeln vor dem Rathaus"]
    link = page(folder / "index.html").find(".//a[@type='application/pdf']")
    assert link.get("href") == printed.name and link.text == "Diese Pressemitteilung als PDF"
    assert "(PDF, " in link.getparent().text_content() and "kB)" in link.getparent().text_content()


def test_an_image_on_another_server_is_never_requested_for_the_pdf(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    """The PDF is made from the release's own files: a web address in the article is not fetched."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        remote = f"http://127.0.0.1:{server.server_address[1]}/bild.png"
        image = {"src": remote, "alt": "Ein Bild auf einem anderen Server", "credit": "Foto: Stadt"}
        (report,) = publish([write_article(image=image)], tmp_path / "public", settings, channels=("pdf",))
        server.shutdown()
        thread.join(timeout=30)
    assert report["channels"]["pdf"]["status"] == "released", report
    assert requests == []
