"""Articles parsed side by side (the API takes posts in a thread pool) all parse, links included."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import mdurl._decode
import mdurl._encode
import pytest

from publisher.sources.blocks import convert_body


def _body(number: int) -> str:
    return "\n\n".join(
        f"Absatz {n} mit [Link {n}](https://example.de/bezirk-{number}/seite {n}?a=ä&b=%41#teil)."
        for n in range(40)
    )


def _links(number: int) -> int:
    blocks, issues = convert_body(_body(number), lambda *args: None)
    assert issues == []
    return len(blocks)


def test_the_first_articles_parsed_at_once_in_threads_all_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process: mdurl's tables not built yet, 16 articles with links parsed at the same time."""
    monkeypatch.setattr(mdurl._encode, "encode_cache", {})
    monkeypatch.setattr(mdurl._decode, "decode_cache", {})

    def hex_letting_others_run(code: int) -> str:  # the table's fill yields, as on a busy machine
        time.sleep(0)
        return hex(code)

    monkeypatch.setattr(mdurl._encode, "hex", hex_letting_others_run, raising=False)
    with ThreadPoolExecutor(max_workers=16) as pool:
        counts = list(pool.map(_links, range(16)))
    assert counts == [40] * 16
