"""Reading SMTP answers: only an answer that names a gone address may bounce a subscriber."""

from __future__ import annotations

import doctest

import pytest

from publisher.delivery import replies
from publisher.delivery.replies import Stage, Verdict, read_reply
from publisher.delivery.smtp import PermanentFailure, TemporaryFailure

HARD, SOFT, SEND, UNSURE = Verdict.HARD, Verdict.SOFT, Verdict.SEND, Verdict.UNSURE

# (reply code, text, stage, verdict): phrasings of the kind mail servers and providers answer with.
ANSWERS: list[tuple[int, str, Stage, Verdict]] = [
    # the recipient's address is gone
    (
        550,
        "5.1.1 <leser@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
        "rcpt",
        HARD,
    ),
    (
        550,
        "5.1.1 The email account that you tried to reach does not exist. Please check the address.",
        "rcpt",
        HARD,
    ),
    (550, "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "rcpt", HARD),
    (553, "5.1.3 Bad recipient address syntax", "rcpt", HARD),
    (550, "5.2.1 Mailbox disabled, not accepting messages", "rcpt", HARD),
    (550, "Sorry, no mailbox here by that name. (#5.1.1)", "rcpt", HARD),
    (550, "No such user here", "rcpt", HARD),
    (554, "delivery error: This user doesn't have an example.org account", "rcpt", HARD),
    (556, "Domain does not accept mail", "rcpt", HARD),
    (550, "5.1.1 user unknown", "message", HARD),
    # the mailbox cannot take it now
    (452, "4.2.2 Mailbox full", "rcpt", SOFT),
    (552, "5.2.2 <leser@example.org>: Mailbox over quota", "rcpt", SOFT),
    (
        450,
        "4.2.0 <leser@example.org>: Recipient address rejected: Mailbox temporarily unavailable",
        "rcpt",
        SOFT,
    ),
    (452, "Mailbox full, try a smaller message", "rcpt", SOFT),
    (552, "Requested mail action aborted: exceeded storage allocation", "rcpt", SOFT),
    (450, "4.1.1 Recipient lookup failed, try later", "rcpt", SOFT),
    # the send: policy, reputation, content, the sender's address, the server, the protocol
    (550, "5.7.1 blocked", "rcpt", SEND),
    (554, "5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org", "rcpt", SEND),
    (
        550,
        "5.7.26 Unauthenticated email from example.org is not accepted due to its DMARC policy",
        "message",
        SEND,
    ),
    (550, "5.7.606 Access denied, banned sending IP", "rcpt", SEND),
    (421, "4.7.0 Try again later, closing connection", "rcpt", SEND),
    (451, "4.7.650 The mail server has been temporarily rate limited due to IP reputation", "rcpt", SEND),
    (452, "4.5.3 Too many recipients", "rcpt", SEND),
    (452, "4.3.1 Insufficient system storage", "rcpt", SEND),
    (552, "5.3.4 Message size exceeds fixed limit", "message", SEND),
    (552, "Message size exceeds maximum permitted", "message", SEND),
    (554, "5.6.0 Message content rejected", "message", SEND),
    (550, "5.2.3 Message length exceeds administrative limit", "message", SEND),
    (553, "5.1.8 <newsletter@example.org>: Sender address rejected: Domain not found", "rcpt", SEND),
    (550, "5.1.7 Invalid address in MAIL FROM", "mail", SEND),
    (
        550,
        "5.1.0 <newsletter@example.org>: Sender address rejected: User unknown in local recipient table",
        "rcpt",
        SEND,
    ),
    (550, "5.1.1 <leser@example.org>: Recipient address rejected: blocked by policy", "rcpt", SEND),
    (503, "5.5.1 Error: need MAIL command", "rcpt", SEND),
    (500, "Command unrecognized", "rcpt", SEND),
    (554, "Transaction failed: message rejected as spam", "message", SEND),
    (550, "Requested action not taken: blocked by policy", "rcpt", SEND),
    (550, "Your IP address is listed on a block list", "rcpt", SEND),
    (550, "Relaying denied", "rcpt", SEND),
    (550, "Rejected: reputation too low", "rcpt", SEND),
    (554, "Message refused: looks like spam", "data", SEND),
    (550, "5.1.1 user unknown", "mail", SEND),
    (535, "5.7.8 Authentication credentials invalid", "login", SEND),
    (554, "No SMTP service here", "connect", SEND),
    (451, "4.3.0 Temporary local problem, try again later", "message", SEND),
    # cannot tell: retried, never bounced
    (550, "Requested action not taken: mailbox unavailable", "rcpt", UNSURE),
    (550, "5.0.0 Rejected", "rcpt", UNSURE),
    (550, "4.2.2 contradicts its own reply code", "rcpt", UNSURE),
    (451, "Requested action aborted", "rcpt", UNSURE),
    (550, "5.1.5 Destination address valid", "rcpt", UNSURE),
    (551, "User not local; please try elsewhere", "rcpt", UNSURE),
    (554, "Transaction failed", "rcpt", UNSURE),
]


@pytest.mark.parametrize(("code", "text", "stage", "verdict"), ANSWERS)
def test_each_answer_is_read_as_about_the_address_or_about_the_send(
    code: int, text: str, stage: Stage, verdict: Verdict
) -> None:
    """Recipient failures are told apart from failures of the sender, its reputation and the server."""
    assert read_reply(code, text, stage).verdict is verdict


def test_an_address_in_the_answer_does_not_sway_the_verdict() -> None:
    """A mailbox called spam-meldung@ or police@ that does not exist is still a gone address."""
    for address in ("spam-meldung@example.org", "police@example.org", "blocked.user@example.org"):
        assert (
            read_reply(550, f"5.1.1 <{address}>: Recipient address rejected: User unknown", "rcpt").verdict
            is HARD
        )
        assert read_reply(550, f"{address}... User unknown", "rcpt").verdict is HARD


def test_only_a_permanent_hard_answer_can_bounce() -> None:
    """4xx answers are temporary whatever they say: at worst a soft bounce after the retries."""
    for code, text, stage, _ in ANSWERS:
        failure = (PermanentFailure if code >= 500 else TemporaryFailure)(code, text, stage=stage)
        if failure.verdict is HARD:
            assert code >= 500


def test_identical_failures_share_a_key_whatever_address_they_name() -> None:
    """The circuit breaker counts "the same failure" by its codes, not by the address in the text."""
    first = PermanentFailure(550, "<a@example.org> rejected by policy")
    second = PermanentFailure(550, "<b@example.net> rejected by policy")
    assert first.key == second.key == "550 rejected by policy"
    assert PermanentFailure(550, "5.7.1 blocked <a@x.de>").key == PermanentFailure(550, "5.7.1 nope").key
    assert PermanentFailure(550, "5.7.1 blocked").key != PermanentFailure(554, "5.7.1 blocked").key


def test_the_examples_in_the_module_hold() -> None:
    """The docstring examples of publisher.delivery.replies run as written."""
    failures, _ = doctest.testmod(replies, raise_on_error=False)
    assert failures == 0
