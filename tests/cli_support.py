"""The ``publisher`` command run in the test's own process, answering as the command run as a program.

Starting Python and importing the publisher for each command costs most of a short command's time;
``tests/test_cli.py`` and ``tests/test_cli_startup.py`` run the real program for the entry point itself.
"""

from __future__ import annotations

import os
import subprocess
import traceback
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from pathlib import Path

from click.testing import CliRunner

from publisher.cli import main
from publisher.settings import get_settings
from tests.conftest import EXAMPLES

__all__ = ["invoke"]


@contextmanager
def _environment(values: dict[str, str], removed: tuple[str, ...]) -> Iterator[None]:
    """``os.environ`` with ``values`` set and ``removed`` unset, as it was again afterwards."""
    before = dict(os.environ)
    for name in removed:
        os.environ.pop(name, None)
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)
        get_settings.cache_clear()


def invoke(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``publisher ARGS`` in folder ``cwd`` with the example settings and ``env``, without a broker.

    The exit status, stdout and stderr are the program's: an exception no command handles is exit
    status 1 with its traceback on stderr, as Python prints it.
    """
    settings = {"PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), **(env or {})}
    with _environment(settings, removed=("PUBLISHER_BROKER_URL",)), chdir(cwd):
        result = CliRunner(mix_stderr=False).invoke(main, list(args), prog_name="publisher")
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(["publisher", *args], result.exit_code, result.stdout, stderr)
