"""What the checker remembers across documents is registered in one place and forgotten in one call."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path
from typing import Any

import publisher.a11y
from publisher.a11y import check_html
from publisher.a11y.engine import clear_caches

A11Y_DIR = Path(publisher.a11y.__file__).parent
# A style sheet, style attributes, colours, a part in another language and enough prose for a grade:
# every kind of cache the checker keeps gets something to remember.
PAGE = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Haushalt 2027</title>'
    "<style>main p { color: #333; background: #fff } @media screen { h1 { color: #111 } }</style>"
    '</head><body><main><h1 style="font-size: 2em">Haushalt 2027</h1>'
    + "<p>Der Rat beschließt den Haushalt für das kommende Jahr mit großer Mehrheit. " * 8
    + '<span lang="en">Open Data</span></p></main></body></html>'
)


def cached_functions() -> dict[str, Any]:
    """Every function under ``publisher.a11y`` wrapped by ``functools.lru_cache``, by dotted name."""
    importlib.import_module("publisher.a11y.rules")
    found: dict[str, Any] = {}
    for info in pkgutil.walk_packages(publisher.a11y.__path__, "publisher.a11y."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if hasattr(value, "cache_info") and getattr(value, "__module__", None) == module.__name__:
                found[f"{info.name}.{name}"] = value
    return found


def test_clear_caches_forgets_everything_a_check_remembered() -> None:
    """After a check, ``clear_caches`` leaves every cache empty (private ones too) and findings unchanged."""
    clear_caches()
    before = check_html(PAGE, locale="de")
    cached = cached_functions()
    filled = {name for name, function in cached.items() if function.cache_info().currsize}
    # The page fills the style sheet caches, some of whose names are private to the CSS modules.
    sheet_caches = (
        "css_parse.declarations",
        "css_select.compiled_selector",
        "css_parse.style_rules",
        "css._sheet_plan",
    )
    assert {f"publisher.a11y.dom.{name}" for name in sheet_caches} <= filled
    clear_caches()
    assert [name for name, function in cached.items() if function.cache_info().currsize] == []
    assert check_html(PAGE, locale="de") == before


def test_keeping_the_style_sheets_forgets_everything_else() -> None:
    """``keep_style_sheets`` keeps only the parsed sheet and its selectors; the findings stay the same."""
    clear_caches()
    before = check_html(PAGE, locale="de")
    cached = cached_functions()
    clear_caches(keep_style_sheets=True)
    kept = {name for name, function in cached.items() if function.cache_info().currsize}
    sheet_caches = ("css_select.compiled_selector", "css_parse.style_rules", "css._sheet_plan")
    assert kept == {f"publisher.a11y.dom.{name}" for name in sheet_caches}
    assert check_html(PAGE, locale="de") == before


def _decorator_name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def test_every_cache_of_the_checker_is_registered() -> None:
    """Each ``lru_cache`` or ``cache`` in ``publisher/a11y`` is registered (either kind)."""
    unregistered: list[str] = []
    for path in sorted(A11Y_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = [_decorator_name(decorator) for decorator in node.decorator_list]
            cache_at = next((n for n, name in enumerate(names) if name in ("lru_cache", "cache")), None)
            registered = {"register_cache", "register_sheet_cache"} & set(names[: cache_at or 0])
            if cache_at is not None and not registered:
                unregistered.append(f"{path.relative_to(A11Y_DIR)}:{node.lineno} {node.name}")
    assert unregistered == []
