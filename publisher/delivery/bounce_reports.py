"""Read a bounce or complaint mailed back after a send: RFC 3464 delivery status notifications and RFC 5965
feedback reports, with what they quote of the original message (its Message-ID) and the VERP address
they were sent to.

Nothing here touches the database: ``read_report`` turns raw bytes into a ``Report``, and
``publisher.delivery.bounces`` decides whom it is about and what it changes. What a DSN's status
means is read exactly as an SMTP answer is (``publisher.delivery.replies``): only a failure that is
about the address bounces it.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import Message
from email.parser import HeaderParser
from typing import Literal

from publisher.delivery.replies import Verdict, read_reply

__all__ = ["Finding", "Report", "read_report"]

# hard/soft: the recipient's mailbox; complaint: the recipient marked the message as spam;
# delayed: still being tried (recorded, changes nothing); send: the failure was about the sender.
Kind = Literal["hard", "soft", "complaint", "delayed", "send"]
_ADDRESS = re.compile(r"[^\s<>;]+@[^\s<>;]+")
_CODE = re.compile(r"\b([245])\d\d\b")


@dataclass(frozen=True)
class Finding:
    """What a report says about one recipient."""

    kind: Kind
    # The address the report names (Final-Recipient, Original-Rcpt-To), when it names one.
    address: str | None
    status: str | None
    reason: str


@dataclass
class Report:
    """A mailed report: ``source`` dsn or arf; its findings; the ids and return paths it carries."""

    source: Literal["dsn", "arf"]
    findings: list[Finding] = field(default_factory=list)
    # Message-IDs of the original message quoted in the report.
    message_ids: list[str] = field(default_factory=list)
    # Addresses the report was delivered to (VERP candidates).
    envelope: list[str] = field(default_factory=list)


def _clean(value: object, limit: int = 400) -> str:
    """A header value as one line of printable text (reports come from strangers)."""
    text = " ".join(str(value or "").split())
    return "".join(char for char in text if char.isprintable())[:limit]


def _address(value: object) -> str | None:
    # "rfc822; someone@example.org" or a bare address.
    found = _ADDRESS.search(_clean(value).split(";", 1)[-1])
    return found.group(0).strip("<>").lower() if found else None


def _envelope(message: Message) -> list[str]:
    headers = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Return-Path")
    found = [_address(value) for name in headers for value in message.get_all(name, [])]
    return [address for address in found if address]


def _messages(part: Message) -> list[Message]:
    """The messages (or header blocks) a message/* part holds."""
    payload = part.get_payload()
    return [item for item in payload if isinstance(item, Message)] if isinstance(payload, list) else []


def _text_fields(part: Message) -> Message:
    """The header fields written as the text of a part (text/rfc822-headers and the like)."""
    body = part.get_payload(decode=True)
    return HeaderParser().parsestr(body.decode("latin-1") if isinstance(body, bytes) else "")


def _quoted_message_ids(report: Message) -> list[str]:
    ids: list[str] = []
    for part in report.walk():
        content_type = part.get_content_type()
        if content_type in ("message/rfc822", "message/global"):
            ids += [_clean(original.get("Message-ID")) for original in _messages(part)]
        elif content_type in ("text/rfc822-headers", "text/global-headers"):
            ids.append(_clean(_text_fields(part).get("Message-ID")))
    return [value for value in ids if value]


def _dsn_finding(fields: Message) -> Finding | None:
    action = _clean(fields.get("Action")).lower()
    address = _address(fields.get("Final-Recipient")) or _address(fields.get("Original-Recipient"))
    status = _clean(fields.get("Status"), 16) or None
    diagnostic = _clean(fields.get("Diagnostic-Code"))
    reason = f"{action} {status or ''}: {diagnostic}".strip() if diagnostic else f"{action} {status or ''}"
    if action == "delayed":
        return Finding("delayed", address, status, reason)
    if action != "failed":
        return None  # delivered, relayed, expanded: nothing went wrong
    text = diagnostic.split(";", 1)[-1].strip() if diagnostic else ""
    code_found = _CODE.search(text)
    status_class = int(status[0]) if status and status[0] in "45" else 5
    code = int(code_found.group(0)) if code_found else status_class * 100 + 50
    # The Status field is authoritative; the diagnostic adds its words.
    verdict = read_reply(code, f"{status or ''} {text}".strip(), "rcpt").verdict
    if verdict is Verdict.HARD and status_class == 4:
        verdict = Verdict.SOFT  # a temporary failure never removes an address
    kinds: dict[Verdict, Kind] = {
        Verdict.HARD: "hard", Verdict.SOFT: "soft", Verdict.SEND: "send", Verdict.UNSURE: "send"
    }  # fmt: skip
    return Finding(kinds[verdict], address, status, reason)


def _delivery_status(report: Message) -> list[Finding]:
    findings: list[Finding] = []
    for part in report.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        # The first block is about the message, each further one about one recipient.
        for fields in _messages(part)[1:]:
            finding = _dsn_finding(fields)
            if finding is not None:
                findings.append(finding)
    return findings


def _feedback(report: Message) -> list[Finding]:
    for part in report.walk():
        if part.get_content_type() != "message/feedback-report":
            continue
        blocks = _messages(part)
        # Some senders mark the part as text: then its body is the fields.
        fields = blocks[0] if blocks else _text_fields(part)
        feedback_type = _clean(fields.get("Feedback-Type"), 16).lower() or "abuse"
        address = _address(fields.get("Original-Rcpt-To")) or _address(fields.get("Removal-Recipient"))
        if feedback_type in ("abuse", "fraud", "virus", "other", "not-spam"):
            if feedback_type == "not-spam":
                return []
            return [Finding("complaint", address, feedback_type, f"complaint ({feedback_type})")]
    return []


def read_report(raw: bytes) -> Report | None:
    """The report in ``raw`` (one RFC 5322 message); None when it is neither a DSN nor an ARF report."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    report_type = _clean(message.get_param("report-type", "") if message.get_content_type() ==
                         "multipart/report" else "").lower()  # fmt: skip
    if report_type == "delivery-status":
        report = Report("dsn", _delivery_status(message))
    elif report_type == "feedback-report":
        report = Report("arf", _feedback(message))
    else:
        return None
    report.message_ids = _quoted_message_ids(message)
    report.envelope = _envelope(message)
    return report
