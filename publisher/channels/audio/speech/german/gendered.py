"""Gender-inclusive short forms read as both words: "Bürger*innen" -> "Bürgerinnen und Bürger"."""

from __future__ import annotations

import re

__all__ = ["speak_gendered"]

# "Managerinnen und -manager": the second word completed from the first.
# Words, not numbers: "231-4567 oder -4568" is a second extension.
_SUSPENDED = re.compile(r"([^\W\d_]\w*)\s+(und|oder|sowie|bzw\.)\s+-([^\W\d_]\w*)")
# "Bürger*innen", "Bürger:innen", "Bürger_innen", "BürgerInnen", "Bürger/-innen", "Bürger(innen)".
_SHORT = re.compile(
    r"([^\W\d_]{2,}?)(?:[*:_·]|/-?|\()(in|innen)\)?(?![\w])|([^\W\d_]{2,}?)(In|Innen)(?![\w])"
)


_IRREGULAR = {"Ärzt": "Ärzte", "Bäuer": "Bauern", "Jüd": "Juden", "Französ": "Franzosen"}


def _suspended(match: re.Match[str]) -> str:
    first, joiner, tail = match[1], match[2], match[3]
    lowered = first.lower()
    for length in range(len(tail), 2, -1):
        index = lowered.rfind(tail[:length].lower())
        if index >= 0:
            whole = first[:index] + tail if index else tail[:1].upper() + tail[1:]
            return f"{first} {joiner} {whole}"
    return f"{first} {joiner} {tail}"


def _both(match: re.Match[str]) -> str:
    base = match[1] or match[3]
    plural = (match[2] or match[4]).lower() == "innen"
    if not plural:
        return f"{base}in"
    # "Kolleg*innen" -> "Kolleginnen und Kollegen"; "Bürger*innen" -> "Bürgerinnen und Bürger".
    masculine = _IRREGULAR.get(base) or (
        base if base.endswith(("er", "el", "en")) else base + ("n" if base.endswith("e") else "en")
    )
    return f"{base}innen und {masculine}"


def speak_gendered(text: str) -> str:
    """Both forms spelled out, the feminine first as the short form writes it."""
    text = _SUSPENDED.sub(_suspended, text)
    return _SHORT.sub(_both, text)
