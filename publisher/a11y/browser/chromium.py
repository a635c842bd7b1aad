"""A headless Chromium driven over the DevTools protocol pipe, with no dependency beyond the browser.

Chromium started with ``--remote-debugging-pipe`` reads commands from its fd 3 and writes replies and
events to its fd 4, each a JSON object ending in a NUL byte; one page (a tab) is attached as a flat session.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from publisher.errors import PublisherError

__all__ = ["BROWSER_FLAGS", "BrowserError", "Chromium", "find_chromium"]

JSON = dict[str, Any]

# Headless and quiet: the machine may have no network, and Chromium stalls on connections it tries to make.
BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--window-size=1280,1024",
    # Every host name fails at once: checked pages load only from the loopback server (by address).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)

_CANDIDATES = ("chromium", "chromium-browser")


class BrowserError(PublisherError):
    """The browser could not be started, stopped answering, or reported an error."""


def find_chromium() -> Path | None:
    """The Chromium executable on PATH (Debian names it ``chromium``), or None."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


class Chromium:
    """One headless Chromium process with one tab, spoken to over the DevTools pipe."""

    def __init__(self, executable: Path, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="publisher-chromium-")
        self._log = open(Path(self._profile.name) / "stderr.log", "wb")  # noqa: SIM115 - closed in close()
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        args = [
            str(executable),
            *BROWSER_FLAGS,
            f"--user-data-dir={self._profile.name}/profile",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        # Moved above fd 4 first so that placing them at 3 and 4 in the child cannot overwrite each other.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w)]
        try:
            # posix_spawn renumbers fds without running Python in the child (safe if the caller has threads).
            self._pid = os.posix_spawn(
                str(executable),
                args,
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, self._log.fileno(), 1),
                    (os.POSIX_SPAWN_DUP2, self._log.fileno(), 2),
                    (os.POSIX_SPAWN_DUP2, high[0], 3),
                    (os.POSIX_SPAWN_DUP2, high[1], 4),
                ],
                setpgroup=0,  # its own process group, so that a kill reaches the browser behind the wrapper
            )
        except OSError as error:
            for fd in (self._to_browser, self._from_browser):
                os.close(fd)
            self._log.close()
            self._profile.cleanup()
            raise BrowserError(f"cannot start {executable}: {error}") from error
        finally:
            for fd in (to_browser_r, from_browser_w, *high):
                os.close(fd)
        self._exit_status: int | None = None
        self._buffer = b""
        self._next_id = 0
        self._events: list[JSON] = []
        # Commands sent with ``post`` whose answers are not collected yet, and answers that came.
        self._posted: set[int] = set()
        self._late: dict[int, JSON] = {}
        self.session = ""
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"})
            attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
            self.session = str(attached["sessionId"])
            self.window: int = self.send("Browser.getWindowForTarget", {"targetId": target["targetId"]})[
                "windowId"
            ]
            self.send("Page.enable", session=self.session)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Chromium:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def send(self, method: str, params: JSON | None = None, *, session: str | None = None) -> JSON:
        """Run one DevTools command and return its result; events that arrive meanwhile are kept."""
        return self._exchange([(method, params or {})], session)[0]

    def send_many(self, commands: list[tuple[str, JSON]], *, session: str | None = None) -> list[JSON]:
        """Run several commands in one write (the browser runs them in order); their results, in order.

        Saves a round trip per command: a sequence of key presses with a probe after each costs
        about as much as one command.
        """
        return self._exchange(commands, session)

    def post(self, commands: list[tuple[str, JSON]], *, session: str | None = None) -> list[int]:
        """Send ``commands`` in one write without waiting for them; their numbers, for ``collect``.

        The browser works on them while this process does something else.
        """
        numbers = self._write_commands(commands, session)
        self._posted.update(numbers)
        return numbers

    def collect(self, numbers: list[int]) -> list[JSON]:
        """The answers (result or error) to posted commands, waiting for those not in yet."""
        deadline = time.monotonic() + self.timeout
        while not all(number in self._late for number in numbers):
            self._aside(self._read(deadline, f"no answer to {len(numbers)} commands sent before"))
        self._posted.difference_update(numbers)
        return [self._late.pop(number) for number in numbers]

    def _exchange(self, commands: list[tuple[str, JSON]], session: str | None) -> list[JSON]:
        numbers = self._write_commands(commands, session)
        first = numbers[0]
        results: dict[int, JSON] = {}
        deadline = time.monotonic() + self.timeout
        more = f" and {len(commands) - 1} more" if len(commands) > 1 else ""
        while len(results) < len(commands):
            reply = self._read(deadline, f"no answer to {commands[0][0]}{more}")
            number = reply.get("id")
            if "method" in reply or not isinstance(number, int) or not first <= number <= numbers[-1]:
                self._aside(reply)
                continue
            if "error" in reply:
                method = commands[number - first][0]
                raise BrowserError(f"Chromium refused {method}: {reply['error'].get('message')}")
            results[number] = reply.get("result", {})
        return [results[number] for number in numbers]

    def _write_commands(self, commands: list[tuple[str, JSON]], session: str | None) -> list[int]:
        payload = b""
        numbers = []
        for method, params in commands:
            self._next_id += 1
            numbers.append(self._next_id)
            message: JSON = {"id": self._next_id, "method": method, "params": params}
            if session:
                message["sessionId"] = session
            payload += json.dumps(message).encode() + b"\0"
        self._write(payload)
        return numbers

    def _aside(self, message: JSON) -> None:
        """Keep an event, or the answer to a posted command, that came while waiting for something else."""
        if "method" in message:
            self._events.append(message)
        elif message.get("id") in self._posted:
            self._late[message["id"]] = message

    def wait_for(self, event: str, *, session: str | None = None) -> JSON:
        """The next ``event`` of ``session`` (earlier events kept by ``send`` count too)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for index, seen in enumerate(self._events):
                if seen["method"] == event and seen.get("sessionId") == session:
                    del self._events[: index + 1]
                    params: JSON = seen.get("params", {})
                    return params
            self._aside(self._read(deadline, f"no {event}"))

    def forget_events(self) -> None:
        """Drop the events kept so far, e.g. before a navigation whose own events are awaited."""
        self._events.clear()

    def navigate(
        self,
        url: str,
        *,
        before: list[tuple[str, JSON]] | None = None,
        after: list[tuple[str, JSON]] | None = None,
    ) -> None:
        """Load ``url`` in the tab and return once its ``load`` event fired (images and styles loaded).

        ``before``: commands to run first, in the same write (e.g. the emulation the page loads under);
        ``after``: commands to run once the navigation has started, in the same write.
        """
        self.forget_events()
        commands = [*(before or []), ("Page.navigate", {"url": url}), *(after or [])]
        navigation = self.send_many(commands, session=self.session)[len(before or [])]
        if navigation.get("errorText"):
            raise BrowserError(f"Chromium could not load {url}: {navigation['errorText']}")
        self.wait_for("Page.loadEventFired", session=self.session)

    def painting(self, on: bool) -> tuple[str, JSON]:
        """The command that shows the tab's window (``on``) or minimises it.

        A minimised window paints nothing: scripts still lay the page out and measure it (with focus
        emulation on, the page still counts as visible and focused), but no frame is rastered and
        composited after each change. Screenshots need the window shown.
        """
        state = "normal" if on else "minimized"
        return ("Browser.setWindowBounds", {"windowId": self.window, "bounds": {"windowState": state}})

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the tab, after awaiting it if it is a promise."""
        return self.evaluate_after([], expression)

    def evaluate_after(self, commands: list[tuple[str, JSON]], expression: str) -> Any:
        """Run ``commands`` in the tab, then evaluate ``expression`` as ``evaluate`` does, in one round trip.

        Commands of one session reach the page in order (emulation settings, e.g., apply before the
        script that follows them measures the layout): one write instead of a round trip each.
        """
        return self.evaluate_in_turn([(commands, expression)])[0]

    def evaluate_in_turn(self, steps: list[tuple[list[tuple[str, JSON]], str]]) -> list[Any]:
        """``evaluate_after`` for each (commands, expression) of ``steps`` in turn, all in one write.

        Only the last expression may be a promise: the tab takes the next command as soon as a script
        returns, so commands after a script that awaits would run while it waits.
        """
        commands: list[tuple[str, JSON]] = []
        for before, expression in steps:
            evaluation = {"expression": expression, "awaitPromise": True, "returnByValue": True}
            commands += [*before, ("Runtime.evaluate", evaluation)]
        replies = self.send_many(commands, session=self.session)
        values = []
        for (method, _), reply in zip(commands, replies, strict=True):
            if method != "Runtime.evaluate":
                continue
            if "exceptionDetails" in reply:
                details = reply["exceptionDetails"]
                text = details.get("exception", {}).get("description") or details.get("text")
                raise BrowserError(f"script failed in Chromium: {text}")
            values.append(reply.get("result", {}).get("value"))
        return values

    def close(self) -> None:
        """Stop the browser and remove its throw-away profile."""
        if self._exit_status is None:
            with contextlib.suppress(BrowserError):
                self._write(json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            if not self._reap(wait=5.0):
                os.killpg(self._pid, signal.SIGKILL)
                self._reap(wait=None)
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._log.close()
        self._profile.cleanup()

    def _reap(self, *, wait: float | None) -> bool:
        """Collect the browser's exit status, waiting up to ``wait`` seconds (None: for ever)."""
        deadline = None if wait is None else time.monotonic() + wait
        while self._exit_status is None:
            pid, status = os.waitpid(self._pid, 0 if deadline is None else os.WNOHANG)
            if pid:
                self._exit_status = status
            elif deadline is not None and time.monotonic() > deadline:
                return False
            else:
                time.sleep(0.02)
        return True

    def _write(self, data: bytes) -> None:
        try:
            while data:
                data = data[os.write(self._to_browser, data) :]
        except OSError as error:
            raise BrowserError(f"Chromium has stopped ({error}){self._log_tail()}") from error

    def _read(self, deadline: float, waiting_for: str) -> JSON:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"Chromium timed out after {self.timeout:g} s: {waiting_for}")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium exited while waiting ({waiting_for}){self._log_tail()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: JSON = json.loads(message)
        return parsed

    def _log_tail(self) -> str:
        self._log.flush()
        lines = (Path(self._profile.name) / "stderr.log").read_text(errors="replace").splitlines()
        return ("; browser log: " + " | ".join(lines[-5:])) if lines else ""
