"""Where the settings' values come from: the values given, over ``PUBLISHER_*`` variables, over the TOML file.

A variable names a setting in lower or upper case, a section's setting after ``__``
(``PUBLISHER_SITE__TITLE``); a setting that holds a section, list or table takes JSON
(``PUBLISHER_AUDIO__VOICES='{"en": "en-us"}'``), every other one its text, which validation
converts. Variables that name no setting are left alone. Sections from several sources merge key by
key; a relative path in the file is taken from the file's folder.
"""

from __future__ import annotations

import json
import os
import tomllib
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from publisher.errors import ConfigurationError

__all__ = ["PREFIX", "config_file", "settings_values"]

PREFIX = "PUBLISHER_"
_NESTED = "__"
# Settings of the file that name paths, resolved from the file's folder.
_FILE_PATHS = ("lexicon", "staging_dir")
_COMPLEX = (list, tuple, set, frozenset, dict, Mapping)


def config_file() -> Path | None:
    """The TOML settings file in use, if any."""
    explicit = os.environ.get("PUBLISHER_CONFIG")
    if explicit:
        return Path(explicit)
    default = Path("publisher.toml")
    return default if default.is_file() else None


def settings_values(model: type[BaseModel], given: Mapping[str, Any]) -> dict[str, Any]:
    """What ``model`` is validated from: ``given``, over the environment's values, over the file's."""
    path = config_file()
    values = _file_values(path) if path is not None else {}
    _merge(values, _environment_values(model, os.environ))
    _merge(values, dict(given))
    return values


def _file_values(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for key in _FILE_PATHS:
        if isinstance(data.get(key), str) and not Path(data[key]).is_absolute():
            data[key] = str(path.parent / data[key])
    return data


def _environment_values(model: type[BaseModel], environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    named = {key.lower(): value for key, value in environ.items() if key.upper().startswith(PREFIX)}
    prefix = PREFIX.lower()
    for name, field in model.model_fields.items():
        whole = named.get(prefix + name)
        if whole is not None:
            values[name] = _decoded(field.annotation, whole, prefix + name)
        nested: dict[str, Any] = {}
        for key, value in sorted(named.items()):
            if key.startswith(prefix + name + _NESTED):
                path = key[len(prefix + name + _NESTED) :].split(_NESTED)
                _place(nested, path, _decoded(_annotation_at(field.annotation, path), value, key))
        if nested:
            values[name] = _merge(values[name], nested) if isinstance(values.get(name), dict) else nested
    return values


def _place(target: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        inner = target.get(key)
        target = target.setdefault(key, {}) if not isinstance(inner, dict) else inner
        if not isinstance(target, dict):  # a whole value was given above: the nested one cannot go in
            return
    target[path[-1]] = value


def _annotation_at(annotation: Any, path: list[str]) -> Any:
    """The annotation a nested key names (None where the path leaves the declared sections)."""
    for key in path:
        section = next((member for member in _members(annotation) if _is_model(member)), None)
        field = section.model_fields.get(key) if section is not None else None
        if field is None:
            return None
        annotation = field.annotation
    return annotation


def _decoded(annotation: Any, value: str, variable: str) -> Any:
    """JSON for a section, list or table (kept as text when the setting may be text too), else the text."""
    members = _members(annotation)
    complex_members = [member for member in members if _is_complex(member)]
    if not complex_members:
        return value
    try:
        return json.loads(value)
    except ValueError:
        if len(complex_members) < len(members):
            return value
        setting = variable.upper().removeprefix(PREFIX).lower().replace(_NESTED, ".")
        raise ConfigurationError(
            f"invalid settings:\n  setting '{setting}' ({variable.upper()}): expected JSON, "
            'e.g. \'{"en": "en-us"}\' or \'["a", "b"]\''
        ) from None


def _members(annotation: Any) -> list[Any]:
    """The types an annotation allows (a union's members, ``Annotated`` and ``None`` unwrapped)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [member for arg in get_args(annotation) for member in _members(arg)]
    return [] if annotation is type(None) else [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_complex(annotation: Any) -> bool:
    origin = get_origin(annotation) or annotation
    return _is_model(annotation) or (isinstance(origin, type) and issubclass(origin, _COMPLEX))


def _merge(target: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """``update``'s values into ``target``, tables merged key by key."""
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value
    return target
