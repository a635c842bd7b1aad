"""The database: subscribers, newsletter sends and deliveries, release records (SQLAlchemy, Alembic, sqlite3).

Names load with their module on first use: a command that only records a release does not import
the subscriber queries, their address checks and token signing.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.store.database import Store, close_store, open_store
    from publisher.store.links import (
        LinkOutcome,
        change_preferences_by_link,
        confirm_by_link,
        confirmation_state,
        unsubscribe_by_link,
    )
    from publisher.store.release_rows import ReleaseChannel, ReleaseRecord
    from publisher.store.subscribers import (
        InvalidAddress,
        Preferences,
        add_subscriber,
        confirm_subscriber,
        erase_subscriber,
        export_subscriber,
        find_by_email,
        normalise_email,
        subscriber_for_token,
        unsubscribe,
        update_preferences,
    )
    from publisher.store.tables import Delivery, NewsletterRelease, Subscriber, SubscriptionMail
    from publisher.store.transactions import StoreError, Transaction, transaction

_HOMES = {
    "Delivery": "publisher.store.tables",
    "InvalidAddress": "publisher.store.subscribers",
    "LinkOutcome": "publisher.store.links",
    "NewsletterRelease": "publisher.store.tables",
    "Preferences": "publisher.store.subscribers",
    "ReleaseChannel": "publisher.store.release_rows",
    "ReleaseRecord": "publisher.store.release_rows",
    "Store": "publisher.store.database",
    "StoreError": "publisher.store.transactions",
    "Subscriber": "publisher.store.tables",
    "SubscriptionMail": "publisher.store.tables",
    "Transaction": "publisher.store.transactions",
    "add_subscriber": "publisher.store.subscribers",
    "change_preferences_by_link": "publisher.store.links",
    "close_store": "publisher.store.database",
    "confirm_by_link": "publisher.store.links",
    "confirm_subscriber": "publisher.store.subscribers",
    "confirmation_state": "publisher.store.links",
    "erase_subscriber": "publisher.store.subscribers",
    "export_subscriber": "publisher.store.subscribers",
    "find_by_email": "publisher.store.subscribers",
    "normalise_email": "publisher.store.subscribers",
    "open_store": "publisher.store.database",
    "subscriber_for_token": "publisher.store.subscribers",
    "transaction": "publisher.store.transactions",
    "unsubscribe": "publisher.store.subscribers",
    "unsubscribe_by_link": "publisher.store.links",
    "update_preferences": "publisher.store.subscribers",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'publisher.store' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "Delivery",
    "InvalidAddress",
    "LinkOutcome",
    "NewsletterRelease",
    "Preferences",
    "ReleaseChannel",
    "ReleaseRecord",
    "Store",
    "StoreError",
    "Subscriber",
    "SubscriptionMail",
    "Transaction",
    "add_subscriber",
    "change_preferences_by_link",
    "close_store",
    "confirm_by_link",
    "confirm_subscriber",
    "confirmation_state",
    "erase_subscriber",
    "export_subscriber",
    "find_by_email",
    "normalise_email",
    "open_store",
    "subscriber_for_token",
    "transaction",
    "unsubscribe",
    "unsubscribe_by_link",
    "update_preferences",
]
