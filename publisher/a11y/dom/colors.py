"""Colour arithmetic (WCAG relative luminance, contrast, alpha blending) and the CSS values it reads."""

from __future__ import annotations

import re
from functools import lru_cache

import tinycss2
from tinycss2 import color4

from publisher.a11y.dom.caches import register_cache

__all__ = [
    "RGB",
    "RGBA",
    "blend",
    "color_value",
    "contrast_ratio",
    "font_px",
    "luminance",
    "paints",
    "shadow_color",
]

RGB = tuple[float, float, float]
RGBA = tuple[float, float, float, float]
_LENGTH = re.compile(r"^([+-]?\d*\.?\d+)(px|pt|em|rem|%|pc|in|cm|mm)?$")
_KEYWORD_PX = {
    "xx-small": 9.0,
    "x-small": 10.0,
    "small": 13.0,
    "medium": 16.0,
    "large": 18.0,
    "x-large": 24.0,
    "xx-large": 32.0,
    "xxx-large": 48.0,
}
# A colour written as hex digits alone (surrounding CSS whitespace allowed): read without tokenizing.
_HEX = re.compile(r"[ \t\n\r\f]*#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})[ \t\n\r\f]*")
_UNIT_PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "rem": 16.0}


def luminance(color: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (channels 0..1)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in color)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@register_cache
@lru_cache(maxsize=4096)
def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(top: RGBA, bottom: RGB) -> RGB:
    """``top`` painted over the opaque ``bottom``."""
    alpha = top[3]
    return (
        top[0] * alpha + bottom[0] * (1 - alpha),
        top[1] * alpha + bottom[1] * (1 - alpha),
        top[2] * alpha + bottom[2] * (1 - alpha),
    )


def _parse(value: str | tinycss2.ast.Node) -> RGBA | str | None:
    digits = _HEX.fullmatch(value) if isinstance(value, str) else None
    if digits is not None:
        return _hex_color(digits.group(1))
    if not isinstance(value, str) and value.type == "hash" and _HEX.fullmatch("#" + value.value):
        return _hex_color(value.value)
    parsed = color4.parse_color(value)
    if parsed == "currentcolor":
        return "currentcolor"
    if parsed is None or not hasattr(parsed, "to"):
        return None
    red, green, blue = (min(1.0, max(0.0, float(part))) for part in parsed.to("srgb").coordinates)
    return (red, green, blue, float(parsed.alpha))


def _hex_color(digits: str) -> RGBA:
    """``#digits`` as tinycss2 reads it (the same numbers): 3, 4, 6 or 8 hex digits, alpha last."""
    pairs = (
        [digit * 2 for digit in digits]
        if len(digits) <= 4
        else [digits[i : i + 2] for i in range(0, len(digits), 2)]
    )
    channels = [int(pair, 16) / 255 for pair in pairs]
    alpha = channels.pop() if len(channels) == 4 else 1.0
    red, green, blue = (min(1.0, max(0.0, channel)) for channel in channels)
    return (red, green, blue, max(0.0, min(1.0, alpha)))


@register_cache
@lru_cache(maxsize=1024)
def color_value(value: str) -> RGBA | str | None:
    """A CSS colour as RGBA, ``"currentcolor"``, or None when it is not a colour (cached)."""
    return _parse(value)


@register_cache
@lru_cache(maxsize=1024)
def paints(value: str, *, colors: bool) -> tuple[RGBA | str, ...] | None:
    """What a ``background``/``background-image`` value paints: colours, gradient stops; None for images."""
    found: list[RGBA | str] = []
    for token in tinycss2.parse_component_value_list(value):
        if token.type == "url" or (token.type == "function" and token.lower_name == "url"):
            return None
        if token.type == "function" and token.lower_name.endswith("gradient"):
            stops = [_parse(part) for part in token.arguments if part.type in ("ident", "hash", "function")]
            kept = [stop for stop in stops if stop is not None]
            if not kept:
                return None
            found.extend(kept)
        elif colors and token.type in ("ident", "hash", "function"):
            parsed = _parse(token)
            if parsed is not None:
                found.append(parsed)
    return tuple(found)


def shadow_color(value: str) -> RGBA | str | None:
    """The colour of the first shadow in a ``text-shadow`` value (``currentcolor`` when it names none)."""
    for token in tinycss2.parse_component_value_list(value):
        parsed = _parse(token) if token.type in ("ident", "hash", "function") else None
        if parsed is not None:
            return parsed
    return "currentcolor"


def font_px(value: str, inherited: float) -> float | None:
    """A ``font-size`` value in px, relative sizes taken from ``inherited``; None when not understood."""
    if value in _KEYWORD_PX:
        return _KEYWORD_PX[value]
    if value == "larger":
        return inherited * 1.2
    if value == "smaller":
        return inherited / 1.2
    found = _LENGTH.match(value)
    if not found:
        return None
    number, unit = float(found.group(1)), found.group(2) or "px"
    if unit == "em":
        return number * inherited
    if unit == "%":
        return number * inherited / 100
    return number * _UNIT_PX[unit]
