"""Contrast of text over a picture: measured against the pixels behind it in a screenshot."""

from __future__ import annotations

import io

from publisher.a11y.dom.colors import blend, contrast_ratio

__all__ = ["ratio_over_pixels", "ratio_over_png"]


def ratio_over_png(color: list[float], png: bytes) -> float | None:
    """The contrast of text in ``color`` (RGBA, channels 0..255) over the picture in ``png``."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as shot:
        data = shot.convert("RGB").tobytes()
    return ratio_over_pixels(color, [tuple(data[i : i + 3]) for i in range(0, len(data), 3)])


def ratio_over_pixels(color: list[float], pixels: list[tuple[int, ...]]) -> float | None:
    """The contrast the text has over the median pixel behind it.

    As with gradients in the static rule, text that can be read over most of what lies behind it is
    not reported; text over a busy or low-contrast picture is.
    """
    if not pixels:
        return None
    step = max(1, len(pixels) // 4000)
    text = (color[0] / 255, color[1] / 255, color[2] / 255, float(color[3]))
    ratios = sorted(
        contrast_ratio(blend(text, behind), behind)
        for behind in ((r / 255, g / 255, b / 255) for r, g, b in pixels[::step])
    )
    return ratios[len(ratios) // 2]
