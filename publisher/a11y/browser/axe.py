"""The second accessibility engine: axe-core (npm) run in Debian's headless Chromium, as ``Finding``s.

Pages are served from a loopback HTTP server started for the batch, so images and stylesheets load
as they would on the site (its root is the folder common to the batch unless the caller names one);
one browser checks the whole batch, with axe injected into every document it loads.

Only axe's *violations* become findings (severity ``error``); its "needs review" (incomplete) results
are left out, as in the ACT comparison of the built-in engine. Same-origin iframes are checked too;
cross-origin ones are not (axe would need a second browser session per frame process).

PublisherError
├── AxeUnavailable   Chromium or the axe-core files are not installed
└── BrowserError     Chromium failed or timed out while checking (from ``publisher.a11y.browser.chromium``)
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from publisher.a11y.browser.chromium import BrowserError, Chromium, find_chromium
from publisher.a11y.browser.rendered import CONDITIONS
from publisher.a11y.browser.server import PageServer
from publisher.a11y.findings import Finding, Location
from publisher.a11y.registry import RULES
from publisher.errors import PublisherError

__all__ = [
    "AXE_DARK",
    "AXE_IN_PAGE",
    "AXE_NARROW",
    "AXE_PROBED",
    "AXE_RULE_LIST",
    "AXE_TAGS",
    "AxeRunner",
    "AxeRuns",
    "AxeUnavailable",
    "BrowserError",
    "axe_core_dir",
    "axe_findings",
    "axe_script",
    "axe_source",
    "check_files_with_axe",
    "check_html_with_axe",
    "condition_findings",
    "rules_left_to_axe",
    "take_axe_violations",
    "with_axe",
]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe tags level AA of 2.2 only: it added no A criterion axe tests).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

SETUP_HINT = "install them with `apt-get install chromium` and `scripts/setup-axe.sh` (runs `npm ci`)"

_SC_TAG = re.compile(r"wcag(\d)(\d)(\d+)")
_page_numbers = itertools.count(1)

# Runs in the page on axe's results: each violation reduced to what a Finding needs (the rule's ACT ids
# from axe's metadata); both scripts below end with it.
_AS_VIOLATIONS = """(results) => {
    const acts = {};
    for (const known of axe.getRules()) { acts[known.ruleId] = known.actIds || []; }
    return results.violations.map((found) => ({
      id: found.id, help: found.help, tags: found.tags, act: acts[found.id] || [],
      nodes: found.nodes.map((node) => ({target: node.target, summary: node.failureSummary || ""})),
    }));
  }"""

# Runs in the page: axe on the document, for the checker's own axe engine.
_RUN_AXE = (
    """
(() => {
  if (typeof axe === "undefined") { throw new Error("axe-core was not injected into this document"); }
  const options = {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]};
  return axe.run(document, options).then("""
    + _AS_VIOLATIONS
    + """);
})()
"""
)


class AxeUnavailable(PublisherError):
    """Chromium or the axe-core files are missing, so the axe engine cannot run."""


def axe_core_dir() -> Path | None:
    """The installed ``node_modules/axe-core`` (current directory first, then the source checkout)."""
    checkout = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), checkout):
        candidate = base / "node_modules" / "axe-core"
        if (candidate / "axe.min.js").is_file():
            return candidate
    return None


def check_files_with_axe(
    paths: list[Path], *, locale: str = "en", root: Path | None = None
) -> dict[Path, list[Finding]]:
    """axe-core's WCAG A/AA violations for each HTML file, checked in one browser.

    ``root`` is served as the site's top folder (``/``); by default the folder common to all pages.
    """
    pages = [Path(path).resolve() for path in paths]
    for page in pages:
        if not page.is_file():
            raise FileNotFoundError(f"no such HTML file: {page}")
    if not pages:
        return {}
    if root is None:
        root = Path(os.path.commonpath([page.parent for page in pages]))
    with AxeRunner(root, locale=locale) as runner:
        return {path: runner.check_file(page, shown_as=path) for path, page in zip(paths, pages, strict=True)}


def check_html_with_axe(html: str, *, base_path: Path | None = None, locale: str = "en") -> list[Finding]:
    """axe-core's WCAG A/AA violations for one page given as text.

    ``base_path`` is where the page would live: a folder (its relative links resolve there) or the page's
    own file name (the text is checked in its place and findings name that path).
    """
    if base_path is None:
        with tempfile.TemporaryDirectory(prefix="publisher-axe-") as empty:
            return _check_text(html, Path(empty), name=None, locale=locale, shown_as=None)
    base = base_path.resolve()
    if base.is_dir():
        return _check_text(html, base, name=None, locale=locale, shown_as=None)
    return _check_text(html, base.parent, name=base.name, locale=locale, shown_as=base_path)


def _check_text(
    html: str, root: Path, *, name: str | None, locale: str, shown_as: Path | None
) -> list[Finding]:
    with AxeRunner(root, locale=locale) as runner:
        return runner.check_text(html, name=name, shown_as=shown_as)


class AxeRunner:
    """One Chromium with axe-core and a loopback server for the files under ``root``; checks pages in turn."""

    def __init__(self, root: Path, *, locale: str = "en", timeout: float = 30.0) -> None:
        chromium = find_chromium()
        axe_dir = axe_core_dir()
        if chromium is None:
            raise AxeUnavailable(f"the axe engine needs Chromium, which is not on PATH: {SETUP_HINT}")
        if axe_dir is None:
            raise AxeUnavailable(f"the axe engine needs node_modules/axe-core, not found: {SETUP_HINT}")
        self.root = root.resolve()
        self._server = PageServer(self.root)
        try:
            self._browser = Chromium(chromium, timeout=timeout)
            self._browser.send(
                "Page.addScriptToEvaluateOnNewDocument",
                {"source": axe_source(axe_dir, locale)},
                session=self._browser.session,
            )
        except BaseException:
            self._server.close()
            raise

    def __enter__(self) -> AxeRunner:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def check_file(self, path: Path, *, shown_as: Path | None = None) -> list[Finding]:
        """Load one file under ``root`` over loopback HTTP and return axe's violations on it.

        Raises ValueError for a file outside ``root``.
        """
        relative = path.resolve().relative_to(self.root)
        return self._check(self._server.url(relative.as_posix()), shown_as or path)

    def check_text(
        self, html: str, *, name: str | None = None, shown_as: Path | None = None
    ) -> list[Finding]:
        """Serve ``html`` as the file ``name`` in ``root`` (a fresh name if None) and check it."""
        served = name or f"publisher-axe-page-{next(_page_numbers)}.html"
        with self._server.serving(served, html.encode("utf-8")):
            return self._check(self._server.url(served), shown_as)

    def close(self) -> None:
        """Stop the browser and the server."""
        try:
            self._browser.close()
        finally:
            self._server.close()

    def _check(self, url: str, shown_as: Path | None) -> list[Finding]:
        try:
            self._browser.navigate(url)
            violations = self._browser.evaluate(_RUN_AXE % json.dumps(list(AXE_TAGS)))
        except BrowserError as error:
            raise BrowserError(f"{shown_as or url}: {error}") from error
        return list(axe_findings(violations, shown_as))


def axe_findings(violations: Iterable[dict[str, Any]], path: Path | None) -> Iterator[Finding]:
    """axe's violations (as ``_RUN_AXE`` returns them) as findings, one per element."""
    for violation in violations:
        wcag = [".".join(match.groups()) for tag in violation["tags"] if (match := _SC_TAG.fullmatch(tag))]
        for node in violation["nodes"]:
            yield Finding(
                rule=f"axe:{violation['id']}",
                severity="error",
                message=_message(violation["help"], node["summary"]),
                wcag=wcag,
                act=list(violation["act"]),
                location=Location(selector=_selector(node["target"]), path=str(path) if path else None),
            )


def _message(help_text: str, summary: str) -> str:
    """axe's one-line help, then its failure summary ("Fix any of the following: ...") on one line."""
    text = help_text.rstrip(".")
    separator = ". "
    for line in filter(None, (line.strip().rstrip(".") for line in summary.splitlines())):
        text += separator + line
        separator = " " if line.endswith(":") else "; "
    return text


def _selector(target: list[Any]) -> str:
    """axe's target: one selector per frame level, a list of selectors where shadow DOM is crossed."""
    parts = [" >>> ".join(part) if isinstance(part, list) else str(part) for part in target]
    return " >> ".join(parts)


def axe_source(axe_dir: Path, locale: str, *, all_locales: bool = False) -> str:
    """axe-core's script, followed by the translation of its messages for ``locale`` when axe ships one.

    ``all_locales``: instead, keep axe's German translation in ``window.__axeLocales`` for the caller to pick.
    """
    source = (axe_dir / "axe.min.js").read_text(encoding="utf-8")
    if all_locales:
        german = axe_dir / "locales" / "de.json"
        if german.is_file():
            source += f"\n;window.__axeLocales = {{de: {german.read_text(encoding='utf-8')}}};"
        return source
    language = re.split(r"[-_]", locale)[0].lower()
    translation = axe_dir / "locales" / f"{language}.json"
    if language != "en" and translation.is_file():
        source += f"\n;axe.configure({{locale: {translation.read_text(encoding='utf-8')}}});"
    return source


# The rules of a run (``only``, given by id) that can fail on this page; the others are left out. Only
# in a page without frames or shadow DOM, which axe looks into and the tests here do not:
# - a rule whose selector matches no element (the native selector engine; one it cannot read is kept)
#   does not apply: axe would select the same nothing with its own engine and its virtual tree;
# - link-in-text-block, costly for the colours it works out behind each link, passes every link when
#   each that could be in a block of text (axe's isInTextBlock leaves out block-like and inline-block
#   ones, and hidden ones) is told apart from its block parent (found as axe finds it) by more than
#   colour, by axe's own test of that (elementIsDistinct, its check link-in-text-block-style).
_CAN_FAIL = """((only) => {
    const audit = axe._audit && axe._audit.rules;
    if (only.type !== "rule" || !audit || document.querySelector("iframe, frame, object, embed")) return only;
    for (const element of document.querySelectorAll("*")) { if (element.shadowRoot) return only; }
    const selects = (id) => {
      const rule = audit.find((known) => known.id === id);
      try { return !rule || !rule.selector || Boolean(document.querySelector(rule.selector)); }
      catch (error) { return true; }
    };
    const display = (element) => getComputedStyle(element).getPropertyValue("display");
    const blocks = ["block", "list-item", "table", "flex", "grid", "inline-block"];
    const notInText = [...blocks, "inline-flex", "inline-grid", "none"];
    const isBlock = (element) => blocks.includes(display(element)) || display(element).startsWith("table-");
    const parentOf = axe.commons.dom.getComposedParent, distinct = axe.commons.color.elementIsDistinct;
    const links = () => Array.from(document.querySelectorAll("a[href], [role=link]"));
    const linksDistinct = () => links().every((link) => {
      const shown = display(link);
      if (notInText.includes(shown) || shown.startsWith("table-")) return true;
      let parent = parentOf(link);
      while (parent && parent.nodeType === 1 && !isBlock(parent)) parent = parentOf(parent);
      return Boolean(parent && parent.nodeType === 1 && distinct(link, parent));
    });
    const canFail = (id) => selects(id) && (id !== "link-in-text-block" || !linksDistinct());
    return {type: "rule", values: only.values.filter(canFail)};
  })"""

# Runs in a page the browser stage loaded: axe with the rules or tags given (only those that can fail,
# ``_CAN_FAIL``), messages in the page's language when axe ships it (the stage keeps the German
# translation in window.__axeLocales).
AXE_IN_PAGE = (
    """
(() => {
  if (typeof axe === "undefined") { return []; }
  const only = """
    + _CAN_FAIL
    + """(%s);
  if (only.type === "rule" && !only.values.length) { return []; }
  const lang = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  const locales = window.__axeLocales || {};
  // Configured once per document: axe.configure rebuilds every rule's messages.
  if (locales[lang] && window.__axeLocale !== lang) {
    axe.configure({locale: locales[lang]});
    window.__axeLocale = lang;
  }
  return axe.run(document, {runOnly: only, resultTypes: ["violations"]}).then("""
    + _AS_VIOLATIONS
    + """);
})()
"""
)


# axe rules whose outcome depends on the colour scheme or the viewport: re-run there, not all of axe.
AXE_DARK = ("color-contrast", "link-in-text-block")
AXE_NARROW = ("color-contrast", "target-size")
# axe rules whose check a probe makes on the rendered page (rendered-contrast, target-size,
# scrollable-reachable, under every condition they apply to).
AXE_PROBED = frozenset({"color-contrast", "target-size", "scrollable-region-focusable"})


def axe_script(rules: tuple[str, ...] | None) -> str:
    """The script that runs axe-core in the page for ``rules`` (None: every WCAG A/AA rule)."""
    only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": list(AXE_TAGS)}
    return AXE_IN_PAGE % json.dumps(only)


def with_axe(measure: str, axe: str | None) -> str:
    """The script ``measure`` (an object) with axe-core's violations (script ``axe``) as its "axe", if given.

    One script for both: the page's measurements and axe-core's run in one round trip.
    """
    if axe is None:
        return measure
    return f"(async () => {{ const found = {measure}; found.axe = await {axe}; return found; }})()"


# Evaluated in a page with axe-core: its rules for the WCAG A/AA tags, each with its ACT rule ids.
AXE_RULE_LIST = (
    f"axe.getRules({json.dumps(list(AXE_TAGS))}).map((found) => [found.ruleId, found.actIds || []])"
)


def rules_left_to_axe(known: Iterable[list[Any]], probed: Iterable[str] = ()) -> tuple[str, ...]:
    """The axe rules among ``known`` ([id, ACT ids] pairs) that no static rule and no probe covers.

    Covered: a static rule has the axe rule's id or claims every ACT rule it implements, or the rule is
    one of ``probed`` (measured by the browser stage's own probes).
    """
    import publisher.a11y.rules  # noqa: F401  (importing the rule modules registers the static rules)

    static_acts = {act for candidate in RULES.values() for act in candidate.act}
    left_out = set(RULES) | set(probed)
    return tuple(
        str(name) for name, acts in known if name not in left_out and not (acts and set(acts) <= static_acts)
    )


def condition_findings(
    runs: list[tuple[str, list[dict[str, Any]]]], shown_as: str | None, say: Callable[[str], str]
) -> list[Finding]:
    """axe's violations under each condition as findings, each element once, the condition named."""
    findings: list[Finding] = []
    seen: set[tuple[str, str | None]] = set()
    for condition, violations in runs:
        for finding in axe_findings(violations, Path(shown_as) if shown_as else None):
            key = (finding.rule, finding.location.selector if finding.location else None)
            if key in seen:
                continue
            seen.add(key)
            where = say(CONDITIONS[condition])
            findings.append(
                finding.model_copy(update={"message": f"{finding.message} ({where})", "condition": condition})
            )
    return findings


# axe-core's violations per condition it ran under, in the order the stage measured them.
AxeRuns = list[tuple[str, list[dict[str, Any]]]]


def take_axe_violations(found: dict[str, Any], condition: str, axe: AxeRuns | None) -> None:
    """Move axe-core's violations, if it ran in the script that measured ``found``, into ``axe``."""
    if axe is not None and "axe" in found:
        axe.append((condition, list(found.pop("axe") or [])))
