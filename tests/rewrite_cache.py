"""Write pytest's rewritten bytecode of the test modules once, before the test processes start.

    python -m tests.rewrite_cache          # `make test` runs it after compiling the code

pytest rewrites the asserts of every test module, conftest and test plugin as it imports them, in
every test process (twice with ``-n 2``), and keeps the result in ``__pycache__`` only where bytecode
may be written: never under PYTHONDONTWRITEBYTECODE. It reads a rewritten file that is there either
way, so written here once, each test process saves the rewriting (about 2.5 CPU-s for all modules).
A file already rewritten for its current source is left as it is.

This uses pytest's internal rewrite functions: if they change, nothing is written and a line says so;
pytest then rewrites in each process as before, and the tests are the same.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


class _Quiet:
    """The trace pytest's functions write to: nothing to say here."""

    def trace(self, message: str) -> None:
        del message


def rewritten_files() -> list[Path]:
    """What pytest rewrites on import: test modules, conftests and the plugins the root conftest names."""
    files = [*TESTS.rglob("test_*.py"), *TESTS.rglob("conftest.py")]
    tree = ast.parse((TESTS / "conftest.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytest_plugins" for target in node.targets
        ):
            for name in ast.literal_eval(node.value):
                files.append(TESTS.parent.joinpath(*name.split(".")).with_suffix(".py"))
    return sorted(set(files))


def main() -> int:
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            get_cache_dir,
        )
    except ImportError as error:
        print(f"pytest's rewritten bytecode not written ahead: {error}", file=sys.stderr)
        return 0
    quiet = _Quiet()
    for source in rewritten_files():
        cache = get_cache_dir(source)
        pyc = cache / (source.name[:-3] + PYC_TAIL)
        if _read_pyc(source, pyc, quiet.trace) is not None:
            continue
        cache.mkdir(parents=True, exist_ok=True)
        source_hash, code = _rewrite_test(source, None)  # type: ignore[arg-type]
        _write_pyc(quiet, code, source_hash, pyc)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
