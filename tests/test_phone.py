"""Phone numbers in running text are found with their E.164 form, for tel: links on the page and in emails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher import phone
from publisher.phone import find_phone_numbers, phone_runs, tel_uri
from publisher.user_cache import cache_folder


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache of the test's own, so that phonenumbers itself answers first."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _forget()
    yield home
    _forget()


def _forget() -> None:
    cache_folder.cache_clear()
    phone.ANSWERS.forget()


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


KEPT_TEXTS = [
    "Hotline: 0711 126-2000 (Mo.–Fr.), Fax: +49 (0)711 / 126 20 00",
    "Die Förderung läuft 2025-2027 und kostet 1.200.000 Euro.",
    "Tel. 01 531 20-0",
]


def test_numbers_read_back_from_the_kept_file_are_the_numbers_found() -> None:
    """Asked first (phonenumbers answers), then read back by a run that forgot them: the same numbers."""
    asked = [find_phone_numbers(text) for text in KEPT_TEXTS] + [find_phone_numbers(KEPT_TEXTS[2], "AT")]
    _forget()  # writes what was asked, as the end of the process does
    kept = [find_phone_numbers(text) for text in KEPT_TEXTS] + [find_phone_numbers(KEPT_TEXTS[2], "AT")]
    assert kept == asked
    assert [number.e164 for number in kept[0]] == ["+497111262000", "+497111262000"]
    assert kept[2] == [] and kept[3][0].e164 == "+431531200"  # the region is part of the question


def test_a_run_meeting_known_texts_does_not_import_phonenumbers(cache_home: Path) -> None:
    """The second process reads what the first found: phonenumbers (its import is the cost) stays unloaded."""
    script = (
        "import sys; from publisher.phone import phone_runs; "
        "print(phone_runs('Tel. 0711 126-2000, {more}')[1][1], 'phonenumbers' in sys.modules)"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}

    def run(more: str) -> list[str]:
        command = [sys.executable, "-c", script.format(more=more)]
        return subprocess.run(
            command, env=environment, capture_output=True, text=True, check=True
        ).stdout.split()

    assert run("Zimmer 4") == ["tel:+497111262000", "True"]
    assert run("Zimmer 4") == ["tel:+497111262000", "False"]
    assert run("Zimmer 5") == ["tel:+497111262000", "True"]  # another text: asked, then kept too
    (kept,) = (cache_home / "publisher" / "phone-numbers").iterdir()
    assert len(json.loads(kept.read_text(encoding="utf-8"))) == 2


def test_text_without_digits_asks_nothing_and_keeps_nothing(cache_home: Path) -> None:
    assert phone_runs("Keine Nummer hier.") == [("Keine Nummer hier.", None)]
    _forget()
    assert list((cache_home / "publisher" / "phone-numbers").glob("*")) == []
