"""Imports run one way: down a package's layers, never up, and never round in a circle.

A layer list names a package's rooms from the top down. A module may import from its own room and
from the rooms of lower layers. Rooms in one layer written ``a | b`` are independent (neither may
import the other); written ``a : b`` they may import each other. ``rules.*`` makes each submodule of
``rules`` a room of its own, so ``"rules.*"`` alone says that no rule module imports another.
Imports between a package and its own submodules are left to the cycle check (a package gathers its
parts). Every import statement counts, inside functions and under ``TYPE_CHECKING`` too: a lazy
import is still a dependency. Imports by name string (``import_module("...")``) are not seen.

The checker's contracts are active. The whole project's layer list is written down too; its test is
a strict expected failure that names today's wrong imports, until they are gone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("publisher", "workers")
Graph = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Layers:
    """The rooms of ``container`` from the top layer down (room names relative to the container)."""

    container: str
    layers: tuple[str, ...]

    def absolute(self, name: str) -> str:
        return f"{self.container}.{name}" if self.container else name

    def rooms(self, modules: Iterable[str]) -> dict[str, tuple[int, bool]]:
        """Each room's absolute name, with its layer's number (0 at the top) and whether it is independent."""
        found: dict[str, tuple[int, bool]] = {}
        for number, layer in enumerate(self.layers):
            independent = "|" in layer or layer.endswith(".*")
            for name in (part.strip() for part in layer.replace("|", ":").split(":")):
                if name.endswith(".*"):
                    parent = self.absolute(name[:-2])
                    found[parent] = (number, independent)
                    found.update(dict.fromkeys(_children(parent, modules), (number, independent)))
                else:
                    found[self.absolute(name)] = (number, independent)
        return found


def _children(parent: str, modules: Iterable[str]) -> set[str]:
    depth = parent.count(".") + 1
    return {".".join(module.split(".")[: depth + 1]) for module in modules if module.startswith(parent + ".")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The project modules an import loads; ``from a import b`` loads module ``a.b`` if there is one."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
        names = [f"{base}.{alias.name}" for alias in node.names]
        targets = [name if name in known else base for name in names]
    return {target for target in targets if target in known}


@cache
def import_graph() -> Graph:
    """Every module of the project and the project modules it imports (external packages left out)."""
    files = {_module_name(path): path for package in PACKAGES for path in (REPO / package).rglob("*.py")}
    graph: dict[str, frozenset[str]] = {}
    for module, path in files.items():
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                imported |= _imported(node, module, path.name == "__init__.py", set(files))
        graph[module] = frozenset(imported - {module})
    return graph


def _within(module: str, container: str) -> bool:
    return not container or module == container or module.startswith(container + ".")


def _holds_rooms(module: str, rooms: Iterable[str]) -> bool:
    return any(room.startswith(module + ".") for room in rooms)


def _related(first: str, second: str) -> bool:
    return first.startswith(second + ".") or second.startswith(first + ".")


def layer_violations(layers: Layers, graph: Graph) -> list[str]:
    """Each import that breaks ``layers``, and each module of the container that no room holds."""
    inside = [module for module in graph if _within(module, layers.container)]
    rooms = layers.rooms(inside)

    def room_of(module: str) -> str | None:
        candidates = [room for room in rooms if module == room or module.startswith(room + ".")]
        return max(candidates, key=len) if candidates else None

    # A package that holds rooms (the container, ``publisher`` itself) needs no room of its own.
    found = [
        f"{module}: in no layer"
        for module in inside
        if not room_of(module) and not _holds_rooms(module, rooms)
    ]
    for importer in inside:
        for imported in sorted(graph[importer]):
            source, target = room_of(importer), room_of(imported)
            if source is None or target is None or source == target or _related(importer, imported):
                continue
            (above, independent), (below, _) = rooms[source], rooms[target]
            if below < above:
                found.append(f"{importer} -> {imported}: imports upward")
            elif below == above and independent:
                found.append(f"{importer} -> {imported}: imports an independent sibling")
    return found


def import_cycles(container: str, graph: Graph) -> list[list[str]]:
    """The import cycles among the modules of ``container`` (Tarjan's strongly connected components)."""
    inside = {module for module in graph if _within(module, container)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(graph[module]):
            if imported not in inside:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(inside):
        if module not in index:
            visit(module)
    return cycles


# --- the accessibility checker: active ----------------------------------------------------------

A11Y_LAYERS = Layers(
    "publisher.a11y",
    (
        "cli | conformance",  # tools over the engine
        "engine | browser",  # the built-in engine; the axe-core runner beside it
        "rules.*",  # only registered rules; no rule module imports another
        "registry",
        "dom",  # the document model every rule reads
        "findings",  # what a check reports
    ),
)


def test_the_checker_imports_only_down_its_layers() -> None:
    """No rule module imports another, the document model imports no rule, nothing imports upward."""
    assert layer_violations(A11Y_LAYERS, import_graph()) == []


def test_the_checker_has_no_import_cycle() -> None:
    """No chain of imports inside ``publisher.a11y`` leads back to where it started."""
    assert import_cycles("publisher.a11y", import_graph()) == []


# --- the whole project: documented, not yet enforced ----------------------------------------------

PROJECT_LAYERS = Layers(
    "",
    (
        "workers",
        "publisher.cli : publisher.subscribers.cli : publisher.api : publisher.migrations",
        "publisher.release.steps : publisher.release.report : publisher.delivery",
        "publisher.release.staging",
        "publisher.channels",
        "publisher.site : publisher.newsletter : publisher.audio : publisher.channels.audio.speech",
        "publisher.a11y",
        "publisher.store",
        "publisher.sources",
        "publisher.model : publisher.settings : publisher.errors : publisher.i18n : publisher.paths",
    ),
)
# What the whole-project check finds today. When all of it is gone the test passes, which a strict
# expected failure reports as a failure: then drop the mark, and the list becomes a contract.
KNOWN_WRONG_IMPORTS = (
    # The CLI runs the release itself instead of calling a release service the workers also call.
    "publisher.cli -> workers.canvas: imports upward",
    "publisher.cli -> workers.celery_app: imports upward",
    "publisher.cli -> workers.newsletter_tasks: imports upward",
    # Helpers every channel shares (template environment, URLs, published-article index) sit in channels/.
    "publisher.site -> publisher.channels.base: imports upward",
    "publisher.site -> publisher.rendering: imports upward",
    "publisher.channels.audio.podcast -> publisher.channels.base: imports upward",
    "publisher.release.report_page -> publisher.rendering: imports upward",
    "publisher.channels.newsletter.compose -> publisher.rendering: imports upward",
    "publisher.channels.newsletter.compose -> publisher.channels.web: imports upward",
    "publisher.channels.newsletter.html_blocks -> publisher.rendering: imports upward",
    "cycle: publisher.channels.audio.speech.normalize, publisher.channels.audio.speech.normalize_de, "
    "publisher.channels.audio.speech.normalize_en",
)


def wrong_imports(layers: Layers, graph: Graph) -> list[str]:
    """What breaks ``layers`` and every import cycle in the container, one line each."""
    cycles = import_cycles(layers.container, graph)
    return layer_violations(layers, graph) + [f"cycle: {', '.join(cycle)}" for cycle in cycles]


@pytest.mark.xfail(strict=True, reason=f"{len(KNOWN_WRONG_IMPORTS)} known, see KNOWN_WRONG_IMPORTS")
def test_the_whole_project_imports_only_downward_without_cycles() -> None:
    """Every package imports from its own layer and those below, in no circle (xfail lists today's)."""
    assert wrong_imports(PROJECT_LAYERS, import_graph()) == []


# --- the check itself --------------------------------------------------------------------------


def test_the_layer_check_reports_each_kind_of_wrong_import() -> None:
    """A rule importing a rule, the document model importing a rule and a module in no room are reported."""
    graph = {
        "publisher.a11y.engine": frozenset({"publisher.a11y.rules"}),
        "publisher.a11y.rules": frozenset({"publisher.a11y.rules.links", "publisher.a11y.rules.editorial"}),
        "publisher.a11y.rules.links": frozenset({"publisher.a11y.dom.accname"}),
        "publisher.a11y.rules.editorial": frozenset({"publisher.a11y.rules.links"}),
        "publisher.a11y.dom.accname": frozenset({"publisher.a11y.rules.aria"}),
        "publisher.a11y.rules.aria": frozenset(),
        "publisher.a11y.gadget": frozenset(),
    }
    assert layer_violations(A11Y_LAYERS, graph) == [
        "publisher.a11y.gadget: in no layer",
        "publisher.a11y.rules.editorial -> publisher.a11y.rules.links: imports an independent sibling",
        "publisher.a11y.dom.accname -> publisher.a11y.rules.aria: imports upward",
    ]


def test_the_cycle_check_finds_a_cycle_through_a_package() -> None:
    """A module importing the package that imports it closes a cycle, and is reported."""
    graph = {
        "publisher.a11y": frozenset({"publisher.a11y.engine"}),
        "publisher.a11y.engine": frozenset({"publisher.a11y.registry"}),
        "publisher.a11y.registry": frozenset({"publisher.a11y"}),
        "publisher.a11y.findings": frozenset(),
    }
    assert import_cycles("publisher.a11y", graph) == [
        ["publisher.a11y", "publisher.a11y.engine", "publisher.a11y.registry"]
    ]


def test_the_import_graph_counts_imports_inside_functions_and_modules_imported_from_packages() -> None:
    """The engine's lazy load of the rules is an edge; ``from package import module`` names the module."""
    graph = import_graph()
    assert "publisher.a11y.rules" in graph["publisher.a11y.engine"]
    assert "publisher.a11y.browser.axe" in graph["publisher.a11y.cli"]
    assert "publisher.a11y.dom.caches" in graph["publisher.a11y.engine"]
    assert "publisher.a11y.dom" not in graph["publisher.a11y.engine"]
