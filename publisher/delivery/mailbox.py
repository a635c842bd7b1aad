"""Poll the bounce mailbox (IMAP or POP3, standard library clients) and hand each message to a handler.

A message is removed from the mailbox only after its handler returned, i.e. after its event is
committed: a crash in between reads it again next time (handling a report twice records it twice
and changes nothing more). Messages that are no report stay: IMAP marks them seen, POP3 reads them
again at every poll.
"""

from __future__ import annotations

import imaplib
import poplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from publisher.errors import ConfigurationError

__all__ = ["MailboxRun", "MailboxTarget", "poll_mailbox"]

# Called with the raw message; True when it was a report (then it is deleted from the mailbox).
Handler = Callable[[bytes], bool]
_PORTS = {"imap": 143, "imaps": 993, "pop3": 110, "pop3s": 995}


@dataclass(frozen=True)
class MailboxTarget:
    """Where the bounce mailbox is: scheme, host, port, login and (IMAP) folder."""

    scheme: str
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"

    @classmethod
    def parse(cls, url: str) -> MailboxTarget:
        parts = urlsplit(url)
        if parts.scheme not in _PORTS:
            raise ConfigurationError(
                "newsletter.bounce_mailbox_url must start with imaps://, pop3s://, imap:// or pop3://"
            )
        if not parts.hostname or not parts.username:
            raise ConfigurationError(
                "newsletter.bounce_mailbox_url needs user and host: imaps://user:pass@host/"
            )
        folder = unquote(parts.path.strip("/")) or "INBOX"
        return cls(parts.scheme, parts.hostname, parts.port or _PORTS[parts.scheme],
                   unquote(parts.username), unquote(parts.password or ""), folder)  # fmt: skip

    def __str__(self) -> str:  # never the password
        return f"{self.scheme}://{self.user}@{self.host}:{self.port}/{self.folder}"


@dataclass
class MailboxRun:
    """How many messages a poll read, and how many of them were reports."""

    read: int = 0
    reports: int = 0


def poll_mailbox(target: MailboxTarget, handler: Handler, timeout: float = 30.0) -> MailboxRun:
    """Read every new message of the mailbox once; delete those the handler took as reports."""
    try:
        if target.scheme.startswith("imap"):
            return _poll_imap(target, handler, timeout)
        return _poll_pop3(target, handler, timeout)
    except (imaplib.IMAP4.error, poplib.error_proto) as error:
        raise ConfigurationError(f"the bounce mailbox {target} refused: {error}") from error
    except OSError as error:
        raise ConfigurationError(f"cannot reach the bounce mailbox {target}: {error}") from error


def _poll_imap(target: MailboxTarget, handler: Handler, timeout: float) -> MailboxRun:
    run = MailboxRun()
    context = ssl.create_default_context()
    client = (
        imaplib.IMAP4_SSL(target.host, target.port, ssl_context=context, timeout=timeout)
        if target.scheme == "imaps"
        else imaplib.IMAP4(target.host, target.port, timeout=timeout)
    )
    with client:
        client.login(target.user, target.password)
        client.select(_imap_folder(target.folder))
        _, found = client.uid("SEARCH", "UNSEEN")
        for uid in found[0].split() if found and found[0] else []:
            _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            if raw is None:
                continue
            run.read += 1
            if handler(raw):
                run.reports += 1
                client.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
                client.expunge()
            else:
                client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        client.logout()
    return run


def _imap_folder(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _poll_pop3(target: MailboxTarget, handler: Handler, timeout: float) -> MailboxRun:
    run = MailboxRun()
    client = (
        poplib.POP3_SSL(target.host, target.port, context=ssl.create_default_context(), timeout=timeout)
        if target.scheme == "pop3s"
        else poplib.POP3(target.host, target.port, timeout=timeout)
    )
    try:
        client.user(target.user)
        client.pass_(target.password)
        count, _ = client.stat()
        for number in range(1, count + 1):
            _, lines, _ = client.retr(number)
            run.read += 1
            if handler(b"\r\n".join(lines) + b"\r\n"):
                run.reports += 1
                client.dele(number)
        client.quit()  # deletions take effect only at QUIT
    finally:
        client.close()
    return run
