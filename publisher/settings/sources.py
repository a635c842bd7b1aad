"""Where setting values come from: the ``PUBLISHER_*`` environment over the TOML file, merged field by field.

A variable names a field by its path, ``__`` between the levels and in any case
(``PUBLISHER_SITE__TITLE`` is ``site.title``); a list, a mapping or a whole section is written as
JSON (``PUBLISHER_AUDIO__VOICES='{"de": "..."}'``). Variables that name no setting are left alone
(``PUBLISHER_CONFIG`` names the file). Values given in code win over both; sections merge key by
key, so one variable changes one value of a section the file fills. The file's relative paths
are taken from the file's own folder.

Not pydantic-settings: importing it (asyncio, dotenv, its cloud and command-line sources) took
0.08 s of CPU at every start of every command, more than these few lines ever cost.
"""

from __future__ import annotations

import json
import os
import tomllib
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

__all__ = ["PREFIX", "gathered"]

PREFIX = "PUBLISHER_"
_LEVELS = "__"
# Settings holding a path, which the TOML file may give relative to its own folder.
_FILE_PATHS = ("lexicon", "staging_dir")
_JSON_TYPES = (list, tuple, set, frozenset, dict)


def gathered(model: type[BaseModel], given: Mapping[str, Any], config: Path | None) -> dict[str, Any]:
    """The values to build ``model`` from: ``given`` over the environment over the file ``config``."""
    values: dict[str, Any] = _merged(_merged(_file_values(config), _environment_values(model)), dict(given))
    return values


def _file_values(config: Path | None) -> dict[str, Any]:
    if config is None or not config.is_file():
        return {}
    with config.open("rb") as handle:
        data = tomllib.load(handle)
    for key in _FILE_PATHS:
        if isinstance(data.get(key), str) and not Path(data[key]).is_absolute():
            data[key] = str(config.parent / data[key])
    return data


def _environment_values(model: type[BaseModel]) -> dict[str, Any]:
    paths = [
        (name[len(PREFIX) :].lower().split(_LEVELS), text)
        for name, text in os.environ.items()
        if name.upper().startswith(PREFIX)
    ]
    values: dict[str, Any] = {}
    # A whole section first, then the variables naming its values, which win over it.
    for path, text in sorted(paths, key=lambda entry: len(entry[0])):
        annotation = _annotation_at(model, path)
        if annotation is None:
            continue
        target = values
        for part in path[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        value = _decoded(text, annotation)
        target[path[-1]] = _merged(target[path[-1]], value) if path[-1] in target else value
    return values


def _annotation_at(model: type[BaseModel], path: list[str]) -> Any:
    """The type of the setting at ``path`` below ``model``; None where a part names none.

    Below a mapping setting (``audio.voices``) every key is the mapping's own.
    """
    annotation: Any = model
    for part in path:
        section = _model_in(annotation)
        if section is not None:
            field = section.model_fields.get(part)
            if field is None:
                return None
            annotation = field.annotation
        elif any(get_origin(candidate) is dict for candidate in _alternatives(annotation)):
            annotation = Any
        else:
            return None
    return annotation


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in _alternatives(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _alternatives(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(argument for argument in get_args(annotation) if argument is not type(None))
    return (annotation,)


def _decoded(text: str, annotation: Any) -> Any:
    """A section, list or mapping is written as JSON; other values stay text for the field to read.

    Text that is not JSON stays text, so validation names the setting and what it expects.
    """
    wants_json = any(
        _model_in(candidate) is not None or (get_origin(candidate) or candidate) in _JSON_TYPES
        for candidate in _alternatives(annotation)
    )
    if not wants_json:
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _merged(lower: Any, upper: Any) -> Any:
    """``upper`` over ``lower``, mappings merged key by key."""
    if not (isinstance(lower, dict) and isinstance(upper, dict)):
        return upper
    merged = dict(lower)
    for key, value in upper.items():
        merged[key] = _merged(merged[key], value) if key in merged else value
    return merged
