"""Parsed files kept between releases: a file replaced since is parsed again, an unchanged one is not."""

from __future__ import annotations

import json
import os
from pathlib import Path

from publisher.files import atomic_write, read_parsed


def test_a_file_replaced_by_a_rename_is_parsed_again_and_an_unchanged_one_is_not(tmp_path: Path) -> None:
    path = tmp_path / "liste.json"
    atomic_write(path, b'["erste"]')
    parsed: list[bytes] = []

    def parse(data: bytes) -> object:
        parsed.append(data)
        return json.loads(data)

    assert read_parsed(path, parse) == ["erste"]
    assert read_parsed(path, parse) == ["erste"]
    atomic_write(path, b'["zweite"]')  # same size, new file: as a release replaces its files
    assert read_parsed(path, parse) == ["zweite"]
    assert parsed == [b'["erste"]', b'["zweite"]']


def test_a_file_written_in_place_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "liste.json"
    path.write_bytes(b"[1]")
    assert read_parsed(path, json.loads) == [1]
    path.write_bytes(b"[1, 2]")
    os.utime(path, ns=(1, 1))  # even with an old modification time: the size and change time differ
    assert read_parsed(path, json.loads) == [1, 2]
