"""Hostile URL spellings: every way we know to make a browser read a scheme the checker did not see.

Each entry is a format string; ``{js}`` is the script the URL would run.
"""

from __future__ import annotations

HOSTILE_URLS: dict[str, str] = {
    "tab-in-scheme": "java\tscript:{js}",
    "newline-in-scheme": "java\nscript:{js}",
    "carriage-return-in-scheme": "java\rscript:{js}",
    "tab-before-colon": "javascript\t:{js}",
    "tabs-everywhere": "\tj\ta\tv\ta\ts\tc\tr\ti\tp\tt\t:{js}",
    "nul-in-scheme": "java\x00script:{js}",
    "leading-spaces": "   javascript:{js}",
    "leading-c0-controls": "\x01\x02\x1f javascript:{js}",
    "leading-vertical-tab": "\x0bjavascript:{js}",
    "trailing-controls": "javascript:{js}\x00\x1f ",
    "mixed-case": "JaVaScRiPt:{js}",
    "upper-case-with-newline": "JAVA\nSCRIPT:{js}",
    "entity-tab": "java&#9;script:{js}",
    "entity-hex-newline": "java&#x0A;script:{js}",
    "entity-colon": "javascript&colon;{js}",
    "entity-first-letter": "&#106;avascript:{js}",
    "entity-without-semicolon": "&#106avascript:{js}",
    "percent-tab": "java%09script:{js}",
    "percent-first-letter": "%6Aavascript:{js}",
    "percent-colon": "javascript%3A{js}",
    "zero-width-space-first": "\u200bjavascript:{js}",
    "no-break-space-first": "\u00a0javascript:{js}",
    "byte-order-mark-first": "\ufeffjavascript:{js}",
    "data-html": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data-mixed-case-tab": " DaT\ta:text/html,<script>{js}</script>",
    "vbscript": "vbscript:msgbox(1)",
    "file": "file:///etc/passwd",
    "blob": "blob:https://evil.example/0d8f",
    "protocol-relative": "//evil.example/x",
    "two-backslashes": "\\\\evil.example/x",
    "slash-backslash": "/\\evil.example/x",
    "backslash-slash": "\\/evil.example/x",
    "slash-tab-slash": "/\t/evil.example/x",
    "http-without-host": "https:evil.example",
}

SCRIPT = "alert(document.domain)"


def hostile_urls(js: str = SCRIPT) -> dict[str, str]:
    """The hostile URLs with ``js`` as the script each would run."""
    return {name: template.replace("{js}", js) for name, template in HOSTILE_URLS.items()}
