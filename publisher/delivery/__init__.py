"""Sending a released newsletter: batches, the SMTP exchange's outcome, retries and the send's state.

``replies``   what an SMTP answer says: about the recipient's address, or about the send
``smtp``      one SMTP connection, each failure read by ``replies``
``preflight`` the settings a real send needs (HTTPS unsubscribe, strong secret, matching DKIM key)
``return_paths`` signed message ids and VERP return paths naming their subscriber
``governor``  the sending rate per provider (shared through Redis) and the warm-up cap
``state``     the send's state and alert, the circuit breaker, the last retry, resuming, the summary
``journal``   each accepted message written to a local file before the next is sent; taken over later
``batches``   one batch over one SMTP connection; accepted messages committed ``record_every`` at a time
``service``   a whole release in this process, one batch as a worker runs it, the settings check
``trial``     ``publish --test-send``: every variant to one address, nothing recorded
``bounce_reports`` reading mailed bounces (RFC 3464) and complaints (RFC 5965)
``bounces``   what a mailed report proves and changes; ``mailbox`` polls IMAP or POP3 for them
``cli``       ``publisher subscribers deliveries`` and ``resume``; ``bounce_cli`` bounce-mail, bounce-poll
"""

from publisher.delivery.batches import BatchResult, deliver_batch, plan_batches, queue_release
from publisher.delivery.service import check_sending, run_batch, send_queued, send_release
from publisher.delivery.state import DeliverySummary, delivery_summary, give_up, resume_release, stop_release

__all__ = [
    "BatchResult",
    "DeliverySummary",
    "check_sending",
    "deliver_batch",
    "delivery_summary",
    "give_up",
    "plan_batches",
    "queue_release",
    "resume_release",
    "run_batch",
    "send_queued",
    "send_release",
    "stop_release",
]
