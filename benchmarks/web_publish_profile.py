"""Where the CPU time of one web publish goes: module imports by package, then each release step.

    python benchmarks/web_publish_profile.py [--article FILE.md] [--packages 25]

Runs ``publisher publish --channels web`` of one article in this process, as
``benchmarks/web_publish.py`` times it (fresh output folder, browser stage off, no broker, the
user cache of earlier runs), and prints the CPU seconds (user + system) spent importing each
package's modules (the importing module's own share, not the modules it imports in turn) and in
each step of the release. CPU seconds move little when other jobs load the machine, so the figures
serve to compare changes; they are not recorded.
"""

from __future__ import annotations

import argparse
import importlib._bootstrap as bootstrap
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The steps of a publish, as (module, function or Class.method): each is timed where the command calls it.
STEPS = (
    ("publisher.settings", "get_settings"),
    ("publisher.release.publish", "plan"),
    ("publisher.release.publish", "stage_release"),
    ("publisher.release.dispatch", "render_channel"),
    ("publisher.release.dispatch", "check_channel"),
    ("publisher.release.dispatch", "finish_release"),
    ("publisher.release.publish", "_record_start"),
    ("publisher.release.publish_record", "RecordFollower._copy"),
    ("publisher.release.publish", "_record_end"),
    ("publisher.release.console", "show_report"),
    ("publisher.release.console", "rebuild_pending"),
)


class ImportClock:
    """CPU seconds of each module's own import, the modules it imports taken out."""

    def __init__(self) -> None:
        self.own: Counter[str] = Counter()
        self._nested: list[float] = []
        self._load = bootstrap._find_and_load  # type: ignore[attr-defined]

    def __enter__(self) -> ImportClock:
        bootstrap._find_and_load = self._timed  # type: ignore[attr-defined]
        return self

    def __exit__(self, *_: object) -> None:
        bootstrap._find_and_load = self._load  # type: ignore[attr-defined]

    def _timed(self, name: str, import_: Any) -> Any:
        if name in sys.modules:
            return self._load(name, import_)
        started = time.process_time()
        self._nested.append(0.0)
        try:
            return self._load(name, import_)
        finally:
            spent = time.process_time() - started
            self.own[name] += spent - self._nested.pop()
            if self._nested:
                self._nested[-1] += spent

    def by_package(self) -> Counter[str]:
        """Seconds per top-level package; the project's own modules per subpackage."""
        packages: Counter[str] = Counter()
        for name, seconds in self.own.items():
            parts = name.split(".")
            packages[".".join(parts[:2]) if parts[0] == "publisher" else parts[0]] += seconds
        return packages


def _timed_steps(spent: Counter[str]) -> None:
    """Replace each step with a wrapper that adds its CPU seconds to ``spent``."""
    for module_name, name in STEPS:
        owner: Any = sys.modules[module_name]
        *classes, function_name = name.split(".")
        for class_name in classes:
            owner = getattr(owner, class_name)
        step = getattr(owner, function_name)
        label = f"{module_name.rsplit('.', 1)[1]}.{name}"
        setattr(owner, function_name, _clocked(step, label, spent))


def _clocked(step: Callable[..., Any], label: str, spent: Counter[str]) -> Callable[..., Any]:
    def clocked(*arguments: Any, **keywords: Any) -> Any:
        started = time.process_time()
        try:
            return step(*arguments, **keywords)
        finally:
            spent[label] += time.process_time() - started

    return clocked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=REPO / "examples" / "open-data-portal.md")
    parser.add_argument("--packages", type=int, default=25, help="how many packages to list")
    options = parser.parse_args()
    os.environ.setdefault("PUBLISHER_CONFIG", str(REPO / "examples" / "publisher.toml"))
    os.environ["PUBLISHER_A11Y__BROWSER_STAGE"] = "false"
    os.environ.pop("PUBLISHER_BROKER_URL", None)
    root = Path(tempfile.mkdtemp(prefix="publisher-web-profile-"))
    steps: Counter[str] = Counter()
    clock = ImportClock()
    try:
        with clock:
            from publisher.cli import main as publisher

            for module_name, _ in STEPS:
                __import__(module_name)
            _timed_steps(steps)
            arguments = ["publish", str(options.article.resolve()), "--channels", "web", "--out"]
            with suppress(SystemExit):  # the command ends with its exit status
                publisher([*arguments, str(root / "site")], standalone_mode=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    total = time.process_time()
    imports = sum(clock.own.values())
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"CPU seconds: this process {total:.3f} (imports {imports:.3f}), "
        f"its child processes (Pagefind) {children.ru_utime + children.ru_stime:.3f}",
        file=sys.stderr,
    )
    for package, seconds in clock.by_package().most_common(options.packages):
        print(f"  import {package:38} {seconds:.3f}", file=sys.stderr)
    for label, seconds in steps.most_common():
        print(f"  step   {label:38} {seconds:.3f}  (imports inside it included)", file=sys.stderr)


if __name__ == "__main__":
    main()
