"""Branding a press site without forking its templates: logo, colours, favicon and a template folder.

Colours are checked when the settings are read: each one is refused, naming the background and the
ratio, unless it reaches WCAG 2.2 AA contrast (4.5:1 for text, 1.4.3) against every background it
is painted on or paints under text, in the mode it is for. The built-in dark mode needs colours of
its own: no colour reaches 4.5:1 against both a white and a near-black page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, Field, model_validator

__all__ = ["AA_TEXT_CONTRAST", "BrandSettings", "css_color"]

AA_TEXT_CONTRAST = 4.5
# The backgrounds of templates/web/site.css that links, buttons and kickers sit on (or, for buttons, under).
LIGHT_BACKGROUNDS = {"page background": "#ffffff", "panel background": "#f3f4f6"}
DARK_BACKGROUNDS = {"page background": "#141414", "panel background": "#232323"}
_IMAGE_TYPES = {".svg", ".png", ".webp", ".jpg", ".jpeg"}
_ICON_TYPES = {".svg", ".png", ".ico"}

if TYPE_CHECKING:
    from coloraide import Color


def _color(value: str) -> Color:
    # coloraide builds its colour spaces' tables on import: only settings with brand colours pay for it.
    from coloraide import Color

    return Color(value)


def css_color(value: str) -> str:
    """``value`` (any CSS colour: ``#0a4f8f``, ``rgb(10 79 143)``, ``teal``) as ``#rrggbb``; opaque only."""
    try:
        color = _color(value.strip()).convert("srgb")
    except ValueError:
        raise ValueError(f"{value!r} is not a CSS colour (e.g. '#0a4f8f')") from None
    if color.alpha() < 1:
        raise ValueError(f"{value!r} is see-through; give an opaque colour, its contrast depends on it")
    return str(color.fit("srgb").to_string(hex=True, alpha=False))


CssColor = Annotated[str, AfterValidator(css_color)]


def _image(types: set[str]) -> AfterValidator:
    def check(path: Path) -> Path:
        if path.suffix.lower() not in types:
            raise ValueError(f"{path}: use one of {', '.join(sorted(types))}")
        if not path.is_file():
            raise ValueError(f"{path}: no such file")
        return path

    return AfterValidator(check)


class BrandSettings(BaseModel):
    """The organisation's look on every page: the organisation's name is the site's ``owner``."""

    logo: Annotated[Path, _image(_IMAGE_TYPES)] | None = Field(
        None, description="Logo image (SVG, PNG, WebP or JPEG) in the header of every page."
    )
    logo_alt: str | None = Field(
        None, min_length=1, description="Text alternative of the logo, e.g. the organisation's name."
    )
    favicon: Annotated[Path, _image(_ICON_TYPES)] | None = Field(
        None, description="Icon (SVG, PNG or ICO) browsers show in tabs and bookmarks."
    )
    primary_color: CssColor | None = Field(
        None, description="Links and buttons in light mode; needs 4.5:1 against white and #f3f4f6."
    )
    primary_color_dark: CssColor | None = Field(
        None, description="Links and buttons in dark mode; needs 4.5:1 against #141414 and #232323."
    )
    accent_color: CssColor | None = Field(
        None, description="Kickers and quote rules in light mode; needs 4.5:1 against white and #f3f4f6."
    )
    accent_color_dark: CssColor | None = Field(
        None, description="Kickers and quote rules in dark mode; needs 4.5:1 against #141414 and #232323."
    )
    templates: Path | None = Field(
        None,
        description="Folder searched before the built-in web templates: a file there with a built-in "
        "template's name (e.g. base.html.j2, site.css) replaces it.",
    )

    @model_validator(mode="after")
    def _readable(self) -> BrandSettings:
        if self.logo is not None and not self.logo_alt:
            raise ValueError("a logo needs its text alternative: set logo_alt (e.g. the organisation's name)")
        if self.templates is not None and not self.templates.is_dir():
            raise ValueError(f"templates: {self.templates} is not a folder")
        for name, mode, backgrounds in (
            ("primary_color", "light", LIGHT_BACKGROUNDS),
            ("accent_color", "light", LIGHT_BACKGROUNDS),
            ("primary_color_dark", "dark", DARK_BACKGROUNDS),
            ("accent_color_dark", "dark", DARK_BACKGROUNDS),
        ):
            color = getattr(self, name)
            if color is not None:
                _check_contrast(name, color, mode, backgrounds)
        return self

    @property
    def logo_file(self) -> str | None:
        """Where the logo is published, relative to the site root."""
        return f"brand/logo{self.logo.suffix.lower()}" if self.logo else None

    @property
    def favicon_file(self) -> str | None:
        """Where the favicon is published, relative to the site root."""
        return f"brand/favicon{self.favicon.suffix.lower()}" if self.favicon else None


def _check_contrast(name: str, color: str, mode: str, backgrounds: dict[str, str]) -> None:
    for where, background in backgrounds.items():
        ratio = _color(color).contrast(_color(background), method="wcag21")
        if ratio < AA_TEXT_CONTRAST:
            lighter = "darker" if mode == "light" else "lighter"
            raise ValueError(
                f"{name} {color} has a contrast of {ratio:.2f}:1 against the {where} ({background}) "
                f"in {mode} mode; WCAG 2.2 AA (1.4.3) needs {AA_TEXT_CONTRAST}:1 for text: "
                f"choose a {lighter} colour"
            )
