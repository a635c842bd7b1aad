"""Write the example articles' PDF downloads with WeasyPrint (a tagged PDF in German).

Run once from anywhere: ``python examples/downloads/make_documents.py``. The PDF is committed;
this script documents how it was made. All figures are invented for the state of Beispielland.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

HERE = Path(__file__).resolve().parent

PROJECTS = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Geförderte Glasfaserprojekte 2027–2028</title></head>
<body>
<h1>Geförderte Glasfaserprojekte 2027–2028</h1>
<p>Förderaufruf Nr. 2/2026 des Ministeriums für Digitales und Verwaltung Beispielland.</p>
<table>
<caption>Förderung nach Region</caption>
<thead><tr><th scope="col">Region</th><th scope="col">Haushalte</th><th scope="col">Förderung</th></tr></thead>
<tbody>
<tr><th scope="row">Landkreis Talbach</th><td>9.400</td><td>14,2 Mio. Euro</td></tr>
<tr><th scope="row">Landkreis Hohenfeld</th><td>8.100</td><td>12,5 Mio. Euro</td></tr>
<tr><th scope="row">Landkreis Auenried</th><td>7.300</td><td>10,9 Mio. Euro</td></tr>
<tr><th scope="row">Landkreis Steinbühl</th><td>6.200</td><td>9,6 Mio. Euro</td></tr>
<tr><th scope="row">Landkreis Moorwiesen</th><td>5.600</td><td>8,3 Mio. Euro</td></tr>
<tr><th scope="row">Stadt Beispielstadt</th><td>4.400</td><td>6,5 Mio. Euro</td></tr>
</tbody>
</table>
</body></html>
"""


def main() -> None:
    HTML(string=PROJECTS).write_pdf(HERE / "glasfaserprojekte-2027-2028.pdf", pdf_variant="pdf/ua-1")


if __name__ == "__main__":
    main()
