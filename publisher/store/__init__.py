"""The database: subscribers, newsletter releases and deliveries (SQLAlchemy, migrated by Alembic)."""

from publisher.store.database import Store, close_store, open_store
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
from publisher.store.tables import Delivery, NewsletterRelease, Subscriber
from publisher.store.tokens import InvalidToken, TokenSigner, token_signer

__all__ = [
    "Delivery",
    "InvalidAddress",
    "InvalidToken",
    "NewsletterRelease",
    "Preferences",
    "Store",
    "Subscriber",
    "TokenSigner",
    "add_subscriber",
    "close_store",
    "confirm_subscriber",
    "erase_subscriber",
    "export_subscriber",
    "find_by_email",
    "normalise_email",
    "open_store",
    "subscriber_for_token",
    "token_signer",
    "unsubscribe",
    "update_preferences",
]
