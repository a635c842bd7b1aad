"""Imports run one way: down a package's layers, never up, and never round in a circle.

A layer list names a package's rooms from the top down. A module may import from its own room and
from the rooms of lower layers. Rooms in one layer written ``a | b`` are independent (neither may
import the other); written ``a : b`` they may import each other. ``rules.*`` makes each submodule of
``rules`` a room of its own, so ``"rules.*"`` alone says that no rule module imports another.
Imports between a package and its own submodules are left to the cycle check (a package gathers its
parts). Every import statement counts, inside functions and under ``TYPE_CHECKING`` too: a lazy
import is still a dependency. Imports by name string (``import_module("...")``) are not seen.

Contracts: the whole project (``PROJECT_LAYERS``), the channels among themselves, the audio channel's
rooms and the checker's (``A11Y_LAYERS``); no import cycle anywhere; ``publisher`` never imports
``workers``. A test feeds the checks a graph with wrong imports added, so they are seen to fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
        "cli | conformance | gate | pdf",  # tools over the two stages; the checks of a PDF
        "engine | browser",  # the built-in engine (static stage); the browser stage beside it
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


# --- the whole project ---------------------------------------------------------------------------

PROJECT_LAYERS = Layers(
    "",
    (
        "workers",  # Celery tasks over publisher functions; nothing in publisher imports them
        "publisher.cli",  # the command: options in, calls out, prints
        "publisher.api",  # the HTTP app, assembled around the subscribers' pages
        "publisher.release | publisher.subscribers",  # the services
        "publisher.delivery",  # sending a released newsletter
        "publisher.channels",  # one package per channel
        "publisher.sources | publisher.store | publisher.a11y",  # read, store, check
        # The ground floor: the model and the helpers every channel and service shares.
        "publisher.model : publisher.settings : publisher.errors : publisher.i18n : publisher.paths"
        " : publisher.urls : publisher.files : publisher.lexicon : publisher.rendering : publisher.published"
        " : publisher.audio_summary : publisher.late_values : publisher.tokens : publisher.signing_key"
        " : publisher.broker"
        " : publisher.phone : publisher.site_links : publisher.branding : publisher.fields : publisher.press"
        " : publisher.press_text : publisher.typography : publisher.user_cache : publisher.site_index"
        " : publisher.language_tags : publisher.compiled_code",
    ),
)
# The channels are independent of each other: what one hands another lives on the ground floor.
CHANNEL_LAYERS = Layers("publisher.channels", ("web | newsletter | audio | pdf", "base"))
# Inside the audio channel, speech synthesis hands its samples to the signal processing, never back.
AUDIO_LAYERS = Layers(
    "publisher.channels.audio",
    ("checks | podcast | directories", "transcript | streamed", "tags | speech | cover", "signal"),
)


def test_the_project_imports_only_down_its_layers() -> None:
    """Every module sits in a layer and imports only from its own layer and those below."""
    assert layer_violations(PROJECT_LAYERS, import_graph()) == []


def test_no_channel_imports_another() -> None:
    """A channel reads another channel's output only through the ground floor (e.g. audio_summary)."""
    assert layer_violations(CHANNEL_LAYERS, import_graph()) == []


def test_speech_hands_samples_to_signal_never_back() -> None:
    """The audio channel's signal processing knows nothing of speech, and speech nothing of its checks."""
    assert layer_violations(AUDIO_LAYERS, import_graph()) == []


def test_the_project_has_no_import_cycle() -> None:
    """No chain of imports anywhere in publisher or workers leads back to where it started."""
    assert import_cycles("", import_graph()) == []


def test_publisher_never_imports_workers() -> None:
    """The release and the sending reach the workers by task name only, never through an import."""
    graph = import_graph()
    assert [
        f"{module} -> {imported}"
        for module in graph
        if _within(module, "publisher")
        for imported in graph[module]
        if _within(imported, "workers")
    ] == []


# SQLAlchemy's statement builders: whoever imports one writes SQL. Types and errors may be used anywhere.
SQL_BUILDERS = frozenset(
    {"select", "insert", "update", "delete", "text", "func", "case", "bindparam", "literal", "or_", "and_"}
)


def sql_writers(package: Path) -> list[str]:
    """Modules outside ``publisher/store/`` that import a statement builder of SQLAlchemy."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if REPO / "publisher" / "store" in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                names = {alias.name for alias in node.names} & SQL_BUILDERS
                found += [f"{_module_name(path)}: {name}" for name in sorted(names)]
    return found


def test_only_the_store_writes_sql() -> None:
    """Every query lives in publisher/store/; the rest of the project calls its functions."""
    assert [line for package in PACKAGES for line in sql_writers(REPO / package)] == []


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


def test_the_project_check_reports_an_upward_import_a_channel_importing_a_channel_and_a_cycle() -> None:
    """Fed a graph with a ground-floor module importing a service, the checks report each wrong import."""
    graph = {
        **import_graph(),
        "publisher.urls": import_graph()["publisher.urls"] | {"publisher.release.report"},
        "publisher.channels.web.page": import_graph()["publisher.channels.web.page"]
        | {"publisher.channels.audio.tags"},
        "publisher.release.report": import_graph()["publisher.release.report"] | {"workers.release_tasks"},
    }
    assert layer_violations(PROJECT_LAYERS, graph) == [
        "publisher.urls -> publisher.release.report: imports upward",
        "publisher.release.report -> workers.release_tasks: imports upward",
    ]
    assert layer_violations(CHANNEL_LAYERS, graph) == [
        "publisher.channels.web.page -> publisher.channels.audio.tags: imports an independent sibling"
    ]
    (cycle,) = import_cycles("", graph)
    assert {"publisher.urls", "publisher.release.report", "publisher.model"} <= set(cycle)
