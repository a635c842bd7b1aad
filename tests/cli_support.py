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

from publisher import broker
from publisher.cli import main
from publisher.settings import get_settings
from tests.conftest import EXAMPLES

__all__ = ["invoke", "invoke_in"]


@contextmanager
def _environment(environment: dict[str, str]) -> Iterator[None]:
    """``os.environ`` is ``environment`` inside the block, and as it was again afterwards.

    So is the broker this process sends to: a command that reads a broker's state points the
    process's Celery app at it, and the test (or the next one) must not send there by surprise.
    """
    before, broker_before = dict(os.environ), broker._settings
    os.environ.clear()
    os.environ.update(environment)
    get_settings.cache_clear()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)
        get_settings.cache_clear()
        if broker._settings is not broker_before:
            broker.configure(broker_before or get_settings())


def _runner() -> CliRunner:
    """A runner that keeps stderr apart from stdout, as a shell does."""
    try:
        return CliRunner(mix_stderr=False)  # click 8.1
    except TypeError:  # click 8.2 and later keep them apart always, and take no mix_stderr
        return CliRunner()


def invoke(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``publisher ARGS`` in folder ``cwd`` with the example settings and ``env``, without a broker."""
    environment = {**os.environ, "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), **(env or {})}
    environment.pop("PUBLISHER_BROKER_URL", None)
    return invoke_in(*args, env=environment, cwd=cwd)


def invoke_in(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``publisher ARGS`` in folder ``cwd`` with exactly the environment ``env``, as the program answers.

    The exit status, stdout and stderr are the program's: an exception no command handles is exit
    status 1 with its traceback on stderr, as Python prints it.
    """
    with _environment(env), chdir(cwd):
        result = _runner().invoke(main, list(args), prog_name="publisher")
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(["publisher", *args], result.exit_code, result.stdout, stderr)
