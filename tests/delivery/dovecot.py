"""A real IMAP and POP3 server (Debian's dovecot) on free local ports, its mailboxes in a fresh folder."""

from __future__ import annotations

import imaplib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import missing_part
from tests.newsletter_support import free_port

PASSWORD = "bounce-box-" + "7Qm2vX9kLp4R"
_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log
protocols = imap pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    address = 127.0.0.1
    port = {pop3}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
"""


@dataclass(frozen=True)
class Dovecot:
    imap_port: int
    pop3_port: int

    def url(self, scheme: str, user: str = "bounces") -> str:
        port = self.imap_port if scheme == "imap" else self.pop3_port
        return f"{scheme}://{user}:{PASSWORD}@127.0.0.1:{port}/"

    def deliver(self, *messages: bytes, user: str = "bounces") -> None:
        """Put messages into the user's inbox (IMAP APPEND), as the mail server would."""
        with imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=30) as client:
            client.login(user, PASSWORD)
            for message in messages:
                client.append("INBOX", "", imaplib.Time2Internaldate(time.time()), message)

    def count(self, user: str = "bounces") -> int:
        with imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=30) as client:
            client.login(user, PASSWORD)
            _, data = client.select("INBOX")
            return int(data[0] or 0)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot ended: {log.read_text() if log.exists() else ''}")
        try:
            with imaplib.IMAP4("127.0.0.1", port, timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("dovecot did not listen within 300 s")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    """dovecot serving IMAP and POP3 without TLS on loopback, any user with one password."""
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists() or os.geteuid() != 0:
        missing_part("dovecot (Debian dovecot-imapd, dovecot-pop3d) is not installed or not run as root")
    root = Path(tempfile.mkdtemp(prefix="publisher-f-newsletter-dovecot-"))
    root.chmod(0o755)  # the mail processes run as the dovecot user
    for folder in ("run", "state", "mail"):
        (root / folder).mkdir()
    shutil.chown(root / "mail", "dovecot", "dovecot")
    server = Dovecot(free_port(), free_port())
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(root=root, password=PASSWORD, imap=server.imap_port, pop3=server.pop3_port)
    )
    process = subprocess.Popen(
        [binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _wait_until_listening(server.imap_port, process, root / "log")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
