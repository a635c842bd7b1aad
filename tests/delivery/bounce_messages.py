"""Delivery status notifications (RFC 3464) and feedback reports (RFC 5965) as mail servers write them."""

from __future__ import annotations

import email
import email.policy


def original_headers(message: bytes) -> str:
    """The header block of a sent message, as a report quotes it."""
    return message.split(b"\r\n\r\n", 1)[0].decode("ascii").replace("\r\n", "\n")


def dsn(
    quoted: str,
    *,
    recipient: str,
    to: str = "newsletter@presse.example.de",
    action: str = "failed",
    status: str = "5.1.1",
    diagnostic: str = "smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown",
) -> bytes:
    """A bounce from a relay that accepted the message and could not deliver it later."""
    text = f"""\
From: Mail Delivery System <MAILER-DAEMON@mx.empfang.example.net>
To: {to}
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="grenze"

--grenze
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to one or more recipients.

--grenze
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.empfang.example.net
Arrival-Date: Mon, 30 Nov 2026 09:00:00 +0000

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; postfach.example.net
Diagnostic-Code: {diagnostic.format(recipient=recipient)}

--grenze
Content-Type: text/rfc822-headers

{quoted}
--grenze--
"""
    return text.replace("\n", "\r\n").encode()


def arf(quoted: str, *, recipient: str, feedback_type: str = "abuse") -> bytes:
    """A complaint a mailbox provider forwards when a reader presses "this is spam"."""
    text = f"""\
From: Feedback Loop <fbl@postfach.example.net>
To: newsletter@presse.example.de
Subject: complaint about a message from presse.example.de
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="teil"

--teil
Content-Type: text/plain; charset=us-ascii

A recipient of the attached message reported it as spam.

--teil
Content-Type: message/feedback-report

Feedback-Type: {feedback_type}
User-Agent: PostfachFBL/2.1
Version: 1
Original-Rcpt-To: <{recipient}>
Arrival-Date: Mon, 30 Nov 2026 09:12:00 +0000

--teil
Content-Type: message/rfc822
Content-Disposition: inline

{quoted}

(body removed)
--teil--
"""
    return text.replace("\n", "\r\n").encode()


def parsed(raw: bytes) -> email.message.EmailMessage:
    message: email.message.EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[assignment]
    return message
