"""The database: subscribers, newsletter sends and deliveries, release records (SQLAlchemy, Alembic)."""

from publisher.store.database import Store, close_store, open_store
from publisher.store.links import (
    LinkOutcome,
    change_preferences_by_link,
    confirm_by_link,
    confirmation_state,
    unsubscribe_by_link,
)
from publisher.store.release_tables import ReleaseChannel, ReleaseFile, ReleaseRecord
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

__all__ = [
    "Delivery",
    "InvalidAddress",
    "LinkOutcome",
    "NewsletterRelease",
    "Preferences",
    "ReleaseChannel",
    "ReleaseFile",
    "ReleaseRecord",
    "Store",
    "Subscriber",
    "SubscriptionMail",
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
    "unsubscribe",
    "unsubscribe_by_link",
    "update_preferences",
]
