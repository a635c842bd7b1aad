"""Front matter dates as German editors write them, beside ISO 8601, read in the site's zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from publisher.errors import InvalidSource
from publisher.sources import parse_article

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("30.11.2026 10:00", datetime(2026, 11, 30, 10, tzinfo=BERLIN)),
        ("30.11.2026, 10:00 Uhr", datetime(2026, 11, 30, 10, tzinfo=BERLIN)),
        ("1.7.2026 9.30 Uhr", datetime(2026, 7, 1, 9, 30, tzinfo=BERLIN)),
        ("30.11.2026", datetime(2026, 11, 30, 0, tzinfo=BERLIN)),
        ("2026-11-30T10:00:00+01:00", datetime(2026, 11, 30, 10, tzinfo=BERLIN)),
        ("2026-11-30 10:00", datetime(2026, 11, 30, 10, tzinfo=BERLIN)),
    ],
)
def test_german_and_iso_dates_name_the_same_moment(
    write_article: Callable[..., Path], written: str, meant: datetime
) -> None:
    article = parse_article(write_article(date=written, embargo=written)).article
    assert article.date == meant and article.embargo == meant
    assert article.date.utcoffset() == meant.utcoffset()  # summer and winter time of the site's zone


def test_a_date_is_read_in_the_sites_zone(write_article: Callable[..., Path]) -> None:
    article = parse_article(write_article(date="30.11.2026 10:00"), timezone="America/New_York").article
    assert article.date.isoformat() == "2026-11-30T10:00:00-05:00"


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("31.02.2026 10:00", "no day of the calendar"),
        ("30.11.2026 25:00", "no day of the calendar"),
        ("30.11.26", "not a date"),
        ("nächsten Montag", "not a date"),
    ],
)
def test_a_wrong_date_is_named_with_field_line_and_the_accepted_forms(
    write_article: Callable[..., Path], written: str, words: str
) -> None:
    path = write_article(embargo=written)
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    (problem,) = caught.value.problems
    line = next(
        number for number, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("embargo:")
    )
    assert (problem.field, problem.line) == ("embargo", line)
    assert words in problem.message and "20.11.2026 10:00" in problem.message
