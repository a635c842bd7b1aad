"""The install's secret key for signing subscriber links, refused unless it is strong.

Strong means: at least 32 characters, not a value published as an example or placeholder, and
unpredictable by the patterns zxcvbn knows (runs, sequences such as ``0123456789abcdef``, keyboard
walks, repeats, dates, common words and passwords). ``secrets.token_urlsafe(32)`` always passes.
"""

from __future__ import annotations

from functools import lru_cache

from zxcvbn import zxcvbn

from publisher.errors import ConfigurationError
from publisher.settings import Settings

__all__ = ["MIN_GUESSES_LOG10", "MIN_LENGTH", "key_weakness", "require_signing_key"]

MIN_LENGTH = 32
# About 80 bits by zxcvbn's count, which credits a random character with only 10 guesses (a random
# 32-character hex key scores 27 or more); predictable keys of any length score far lower.
MIN_GUESSES_LOG10 = 24.0

GENERATE = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'

# Keys printed in public documentation and tutorials, which attackers try first.
_PUBLISHED = frozenset(
    {
        "09d25e094faa6ca2556c818166b7a9563b093f7099f6f0f4caa6cf63b88e8d7",  # FastAPI's JWT tutorial
        "a-string-secret-at-least-256-bits-long",  # jwt.io's default HMAC secret
        "your-256-bit-secret",
        "keyboard cat",
        "you-will-never-guess",
        "super secret key",
    }
)
# Words that mark a value meant to be replaced (compared without case, separators removed).
_PLACEHOLDER_MARKERS = (
    "changeme", "changethis", "replaceme", "replacethis", "placeholder", "example", "yoursecret",
    "yourkey", "secretkey", "insecure", "notsecret", "default", "dummy", "password",
    "correcthorsebatterystaple", "thequickbrownfox", "loremipsum",
)  # fmt: skip


def _folded(value: str) -> str:
    return "".join(char for char in value.casefold() if char.isalnum())


@lru_cache(maxsize=8)
def key_weakness(value: str) -> str | None:
    """Why ``value`` is no strong signing key, or None when it is one (the reason never quotes it)."""
    if len(value) < MIN_LENGTH:
        return f"too short ({len(value)} characters, at least {MIN_LENGTH} are needed)"
    if value in _PUBLISHED or _folded(value) in {_folded(known) for known in _PUBLISHED}:
        return "a value published in documentation"
    folded = _folded(value)
    if any(marker in folded for marker in _PLACEHOLDER_MARKERS):
        return "a placeholder, not a secret"
    if len(set(value)) < 8:
        return "made of too few different characters"
    # Separators make zxcvbn count a run of words or dates as random: judge the value without them too.
    bare = "".join(char for char in value if char.isascii() and char.isalnum())
    if (
        min(zxcvbn(value)["guesses_log10"], zxcvbn(bare)["guesses_log10"] if bare else 0.0)
        < MIN_GUESSES_LOG10
    ):
        return "predictable (a run, sequence, keyboard pattern, repetition, dates or common words)"
    return None


def require_signing_key(settings: Settings) -> str:
    """The configured signing secret; raises ConfigurationError naming the setting if weak or unset."""
    secret = settings.newsletter.secret_key
    value = secret.get_secret_value() if secret is not None else ""
    reason = key_weakness(value) if value else "not set"
    if reason is None:
        return value
    raise ConfigurationError(
        f"PUBLISHER_NEWSLETTER__SECRET_KEY (newsletter.secret_key) is {reason}. The subscription pages "
        "and the subscriber commands sign every link with it, so they do not run without a strong one. "
        f"Generate one per install with: {GENERATE}"
    )
