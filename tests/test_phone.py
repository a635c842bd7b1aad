"""Phone numbers in running text are found with their E.164 form, for tel: links on the page and in emails."""

from __future__ import annotations

import pytest

from publisher.phone import find_phone_numbers, phone_runs, tel_uri


@pytest.mark.parametrize(
    ("text", "written", "e164"),
    [
        ("Hotline: 0711 126-2000 (Mo.–Fr.)", "0711 126-2000", "+497111262000"),
        ("Fax: +49 (0)711 / 126 20 00", "+49 (0)711 / 126 20 00", "+497111262000"),
        ("Zentrale 0711/126-0", "0711/126-0", "+497111260"),
        ("Telefon (0711) 126-2345", "(0711) 126-2345", "+497111262345"),
        ("Vermittlung: 030 18 272-0", "030 18 272-0", "+4930182720"),
        ("Mobil 0171 1234567", "0171 1234567", "+491711234567"),
        ("Tel. 0049 89 2192-01", "0049 89 2192-01", "+4989219201"),
    ],
)
def test_a_german_phone_number_is_found_as_written_with_its_global_number(
    text: str, written: str, e164: str
) -> None:
    """National, international, with brackets, slashes, spaces and extensions: one E.164 number each."""
    [number] = find_phone_numbers(text)
    assert number.written == written
    assert text[number.start : number.end] == written
    assert number.e164 == e164
    assert number.uri == f"tel:{e164}"


@pytest.mark.parametrize(
    "text",
    [
        "Az. 4-0141.5/123 vom 01.04.2026",
        "Die Förderung läuft 2025-2027 und kostet 1.200.000 Euro.",
        "Drs. 17/4567, BGBl. I S. 1234, § 34 Abs. 1 BauGB",
        "Sprechzeiten 8–16 Uhr, Raum 0.123",
    ],
)
def test_dates_file_numbers_and_amounts_are_not_phone_numbers(text: str) -> None:
    """Digit runs with hyphens, dots and slashes that are not dialable get no link."""
    assert find_phone_numbers(text) == []


def test_a_text_is_cut_into_runs_a_renderer_wraps_in_tel_links() -> None:
    """Text between numbers is kept exactly; each number carries the URI its link dials."""
    text = "Tel. 0711 126-2000, Fax 0711 126-2881."
    runs = phone_runs(text)
    assert "".join(part for part, _ in runs) == text
    assert runs == [
        ("Tel. ", None),
        ("0711 126-2000", "tel:+497111262000"),
        (", Fax ", None),
        ("0711 126-2881", "tel:+497111262881"),
        (".", None),
    ]
    assert phone_runs("Keine Nummer hier.") == [("Keine Nummer hier.", None)]


def test_a_number_without_country_code_is_read_in_the_given_region() -> None:
    """An Austrian office's national numbers get +43."""
    [number] = find_phone_numbers("Tel. 01 531 20-0", region="AT")
    assert number.e164 == "+431531200"
    assert tel_uri(number.e164) == "tel:+431531200"
