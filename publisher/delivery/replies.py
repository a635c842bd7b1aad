"""What an SMTP answer says about a newsletter send: the recipient's address, or the send as a whole.

An answer is read by the stage of the exchange it came in, its enhanced status code (RFC 3463)
when the server gives one, else its reply code (RFC 5321) and its text. Only an answer to RCPT TO
or to the message itself can be about the recipient; an answer to the greeting, the login or
MAIL FROM is always about the send. When the answer leaves any doubt it is ``UNSURE``, which
retries and never bounces: a wrongly bounced subscriber is lost for good, a deferred message
is not.

>>> read_reply(550, "5.1.1 <a@example.org>: Recipient address rejected: User unknown", "rcpt").verdict
<Verdict.HARD: 'hard'>
>>> read_reply(550, "5.7.1 Service unavailable; client host blocked", "rcpt").verdict
<Verdict.SEND: 'send'>
>>> read_reply(550, "Requested action not taken: blocked by policy", "rcpt").verdict
<Verdict.SEND: 'send'>
>>> read_reply(452, "4.2.2 Mailbox full", "rcpt").verdict
<Verdict.SOFT: 'soft'>
>>> read_reply(550, "Requested action not taken", "rcpt").verdict
<Verdict.UNSURE: 'unsure'>
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = ["Reading", "Stage", "Verdict", "enhanced_code", "read_reply"]

# connect: greeting, EHLO, STARTTLS; login: AUTH; mail: MAIL FROM; rcpt: RCPT TO;
# data: the DATA command; message: the answer after the message was sent.
Stage = Literal["connect", "login", "mail", "rcpt", "data", "message"]


class Verdict(StrEnum):
    """Whom a failure is about, and so what it may change."""

    HARD = "hard"  # the address does not exist or is disabled: the subscriber bounces now
    SOFT = "soft"  # the mailbox cannot take mail now (full, over quota): retried, then a soft bounce
    SEND = "send"  # the sender, its reputation, the message, the server or the connection
    UNSURE = "unsure"  # cannot tell: retried, never touches the subscriber


@dataclass(frozen=True)
class Reading:
    """An answer's enhanced code (``"5.7.1"``, or None when the server gave none) and its verdict."""

    enhanced: str | None
    verdict: Verdict


# At the start of the text (as RFC 3463 places it), or in qmail's "(#5.1.1)" form.
_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)|\(#([245])\.(\d{1,3})\.(\d{1,3})\)")
# Addresses and bracketed paths are removed before reading the words: a mailbox named
# "police@..." or "spam-report@..." says nothing about why the server refused.
_ADDRESSES = re.compile(r"<[^>]*>|\S+@\S+")
_ABOUT_THE_SEND = re.compile(
    r"spam|\bblock|black ?list|deny ?list|reputation|polic(?:y|ies)|\b(?:dns)?bls?\b|\brbls?\b|spamhaus"
    r"|spamcop|barracuda|banned|abuse|\bsender\b|phish|malware|virus|unsolicited|bulk mail|dmarc|\bspf\b"
    r"|dkim|unauthenticated|not authori[sz]ed|relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)"
    r"|unable to relay|rate.?limit|too many|throttl|denied|prohibited|forbidden|\blisted\b|content"
    r"|your (?:ip|host|domain|server|message)|client host|\bip\b|system storage|local error"
    r"|overloaded|too busy|shutting down|timed? ?out|resources|message size|too (?:big|large)"
)
_ADDRESS_UNKNOWN = re.compile(
    r"user unknown|unknown (?:user|recipient|mailbox|address|local.?part)"
    r"|no such (?:user|mailbox|recipient|address|account|person)"
    r"|(?:user|mailbox|recipient|address|account)\b.{0,40}\b(?:does not|doesn'?t|not) exist|does not exist"
    r"|(?:recipient|mailbox|user|address) not found|invalid (?:recipient|mailbox|user)"
    r"|no mailbox here|not a valid (?:recipient|mailbox|user)|unrouteable address"
    r"|(?:mailbox|account) (?:is |has been )?(?:disabled|inactive|deactivated|closed|deleted)"
    r"|doesn'?t have an? .{0,40}account"
)
_MAILBOX_FULL = re.compile(
    r"(?:mailbox|inbox|mail box|quota)\b.{0,30}\b(?:full|exceeded|exhausted)|over ?quota"
    r"|quota exceeded|exceeds? (?:the |his |her |its )?quota|exceeded storage allocation"
)


def enhanced_code(text: str) -> tuple[int, int, int] | None:
    """The enhanced status code at the start of a reply's text (or in qmail's ``(#x.y.z)``).

    >>> enhanced_code("5.7.1 Message rejected")
    (5, 7, 1)
    >>> enhanced_code("Sorry, no mailbox here by that name. (#5.1.1)")
    (5, 1, 1)
    >>> enhanced_code("Postfix 2.4.1 says hello") is None
    True
    """
    match = _ENHANCED.search(text)
    if match is None:
        return None
    klass, subject, detail = match.group(1, 2, 3) if match[1] else match.group(4, 5, 6)
    return int(klass), int(subject), int(detail)


def read_reply(code: int, text: str, stage: Stage) -> Reading:
    """Whom the answer ``code text`` to the ``stage`` of the exchange is about."""
    found = enhanced_code(text)
    enhanced = ".".join(map(str, found)) if found else None
    words = _ADDRESSES.sub(" ", text).lower()
    if stage not in ("rcpt", "message") or code == 421 or not 400 <= code < 600:
        return Reading(enhanced, Verdict.SEND)
    if found is not None and found[0] != code // 100:
        # "550 4.2.2" contradicts itself: a misbehaving server is no ground for a bounce.
        return Reading(enhanced, Verdict.UNSURE)
    by_code = _by_enhanced(found) if found else _by_reply_code(code, stage)
    if by_code is Verdict.SEND:
        return Reading(enhanced, by_code)
    if _ABOUT_THE_SEND.search(words):
        return Reading(enhanced, Verdict.SEND)
    if by_code is Verdict.UNSURE:
        if _ADDRESS_UNKNOWN.search(words):
            return Reading(enhanced, Verdict.HARD if code >= 500 else Verdict.SOFT)
        if _MAILBOX_FULL.search(words):
            return Reading(enhanced, Verdict.SOFT)
    return Reading(enhanced, by_code)


def _by_enhanced(code: tuple[int, int, int]) -> Verdict:
    klass, subject, detail = code
    if subject == 1:  # addressing status
        if detail in (7, 8):  # the sender's address or domain
            return Verdict.SEND
        if detail in (1, 2, 3, 4, 6, 10):  # bad mailbox, system, syntax; ambiguous; moved; null MX
            return Verdict.HARD if klass == 5 else Verdict.SOFT
        return Verdict.UNSURE  # X.1.0 "other", X.1.5 "valid", X.1.9 and unknown details
    if subject == 2:  # mailbox status
        if detail == 1:  # disabled, not accepting messages
            return Verdict.HARD if klass == 5 else Verdict.SOFT
        if detail == 3:  # the message is too long for this mailbox: about the message
            return Verdict.SEND
        return Verdict.SOFT  # X.2.0 other, X.2.2 full, X.2.4 list expansion
    if 3 <= subject <= 7:  # system, network, protocol, content, security or policy
        return Verdict.SEND
    return Verdict.UNSURE  # X.0.x "other or undefined"


def _by_reply_code(code: int, stage: Stage) -> Verdict:
    if code in (500, 501, 502, 503, 504, 555):  # the conversation itself went wrong
        return Verdict.SEND
    if code == 556:  # RFC 7504: the recipient's domain accepts no mail
        return Verdict.HARD
    if code == 552:  # at RCPT: the mailbox's storage; after the message: the message's size
        return Verdict.SOFT if stage == "rcpt" else Verdict.SEND
    return Verdict.UNSURE
