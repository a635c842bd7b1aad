"""Which normaliser speaks which language: German for ``de-*``, English for everything else."""

from __future__ import annotations

from publisher.channels.audio.speech import normalize_de, normalize_en
from publisher.channels.audio.speech.normalize import LanguageRules

__all__ = ["rules_for"]


def rules_for(language: str) -> LanguageRules:
    """The rules for a BCP 47 language tag: German for ``de-*``, English otherwise."""
    primary = language.split("-")[0].lower()
    return normalize_de.RULES if primary == "de" else normalize_en.RULES
