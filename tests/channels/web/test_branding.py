"""Branding without forking: logo, colours checked for contrast, favicon, a template override folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from publisher.branding import BrandSettings
from publisher.errors import ConfigurationError
from publisher.settings import Settings, get_settings
from tests.helpers import page, publish


def _branded(settings: Settings, **brand: object) -> Settings:
    site = settings.site.model_copy(update={"brand": BrandSettings.model_validate(brand)})
    return settings.model_copy(update={"site": site})


def test_logo_colours_and_favicon_appear_on_every_page(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    logo, icon = tmp_path / "wappen.png", tmp_path / "icon.png"
    Image.new("RGB", (120, 60), (0, 70, 120)).save(logo)
    Image.new("RGB", (32, 32), (0, 70, 120)).save(icon)
    settings = _branded(
        settings,
        logo=logo,
        logo_alt="Wappen der Stadt Musterstadt",
        favicon=icon,
        primary_color="#00497a",
        primary_color_dark="#9fd0ff",
        accent_color="rgb(120 20 60)",
    )
    out = tmp_path / "public"
    (report,) = publish([write_article()], out, settings)

    assert report["status"] == "released", report["channels"]["web"]["findings"]
    assert (out / "brand" / "logo.png").read_bytes() == logo.read_bytes()
    assert (out / "brand" / "favicon.png").is_file()
    for path, root in [
        (out / "index.html", ""),
        (out / "neue-ladesaeulen-fuer-musterstadt" / "index.html", "../"),
    ]:
        document = page(path)
        (image,) = document.xpath("//header//a[@class='site-name']/img")
        assert image.get("src") == f"{root}brand/logo.png"
        assert image.get("alt") == "Wappen der Stadt Musterstadt"
        assert document.xpath("//link[@rel='icon']/@href") == [f"{root}brand/favicon.png"]
        style = document.xpath("string(//style)")
        assert "--link: #00497a" in style and "--accent: #78143c" in style and "--link: #9fd0ff" in style


@pytest.mark.parametrize(
    ("brand", "message"),
    [
        (
            {"primary_color": "#7aa7d8"},
            "primary_color #7aa7d8 has a contrast of 2.52:1 against the page background",
        ),
        ({"accent_color_dark": "#5a1010"}, "in dark mode; WCAG 2.2 AA (1.4.3) needs 4.5:1"),
        ({"primary_color": "#0a4f8f80"}, "see-through"),
        ({"accent_color": "dunkelblau"}, "'dunkelblau' is not a CSS colour"),
        ({"logo": "wappen.png"}, "wappen.png: no such file"),
    ],
)
def test_unusable_brand_settings_are_refused_when_read(
    brand: dict[str, str], message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PUBLISHER_CONFIG", str(tmp_path / "publisher.toml"))
    lines = "\n".join(f'{key} = "{value}"' for key, value in brand.items())
    (tmp_path / "publisher.toml").write_text(f"[site.brand]\n{lines}\n", encoding="utf-8")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError) as refused:
            get_settings()
    finally:
        get_settings.cache_clear()
    assert "setting 'site.brand" in str(refused.value)
    assert message in str(refused.value)


def test_a_logo_without_its_text_alternative_is_refused(tmp_path: Path) -> None:
    logo = tmp_path / "wappen.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    with pytest.raises(ValueError, match="a logo needs its text alternative"):
        BrandSettings(logo=logo)


def test_a_template_in_the_override_folder_replaces_the_built_in_one(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "eigene-vorlagen"
    folder.mkdir()
    built_in = (Path(__file__).parents[3] / "templates" / "web" / "base.html.j2").read_text(encoding="utf-8")
    (folder / "base.html.j2").write_text(
        built_in.replace(
            '<footer class="site-footer">', '<footer class="site-footer">\n<p>Ein Angebot des Landes.</p>'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "public"
    publish([write_article()], out, _branded(settings, templates=folder))
    for path in (
        out / "index.html",
        out / "topics" / "verkehr" / "index.html",
        out / "neue-ladesaeulen-fuer-musterstadt" / "index.html",
    ):
        assert "Ein Angebot des Landes." in page(path).xpath("string(//footer[@class='site-footer'])"), path
