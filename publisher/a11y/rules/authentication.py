"""Rules for signing in: a password may be pasted, and nobody is asked to solve a puzzle to get in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["login_puzzle", "paste_allowed"]

# A handler that cancels the paste: "return false", "preventDefault()".
_CANCELS = re.compile(r"return\s+false|preventDefault\s*\(", re.IGNORECASE)
_CREDENTIALS = frozenset({"username", "email", "current-password", "new-password", "one-time-code"})
# An arithmetic question: "7 plus 5", "3 + 4", "Wie viel ist drei plus vier".
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)"
_SUM = re.compile(
    rf"\b{_NUMBER}\s*(?:\+|plus|minus|mal|times|×)\s*{_NUMBER}\b|\brechenaufgabe|\bsolve the (?:sum|puzzle)",
    re.IGNORECASE,
)

# Copying distorted characters from a picture (a CAPTCHA) is a transcription test, like a sum.
_TRANSCRIBE = re.compile(
    r"captcha|(?:characters|letters|text|code)\s+(?:shown\s+)?(?:in|from|on)\s+the\s+(?:picture|image)"
    r"|characters\s+(?:you\s+see|shown)|(?:zeichen|buchstaben|text|code)\s+(?:aus|im|auf)\s+dem\s+bild"
    r"|abgebildeten?\s+(?:zeichen|buchstaben|code)",
    re.IGNORECASE,
)


def _credential_fields(form: _Element) -> list[_Element]:
    """Fields of ``form`` that take a credential: passwords, and fields declared as a user name or code."""
    return [
        field
        for field in form.iter("input")
        if (field.get("type") or "").lower() == "password"
        or (field.get("autocomplete") or "").lower().split()[-1:] in [[token] for token in _CREDENTIALS]
    ]


def _sign_in_forms(doc: CheckedDocument) -> list[_Element]:
    return [form for form in doc.root.iter("form") if any(_is_password(f) for f in form.iter("input"))]


def _is_password(field: _Element) -> bool:
    return (field.get("type") or "").lower() == "password"


@rule(
    "paste-allowed",
    description="Password and sign-in fields let people paste (from a password manager, or copied text).",
    wcag=["3.3.8"],
)
def paste_allowed(doc: CheckedDocument) -> Iterator[Violation]:
    """Blocking paste makes people remember and type a password: a test of memory WCAG 3.3.8 rules out.

    Okay: <form><label for="p">Password</label><input id="p" type="password" autocomplete="current-password"></form>
    Error: <form><label for="p">Passwort</label><input id="p" type="password" onpaste="return false"></form>
    Error: <form><label for="u">User name</label><input id="u" autocomplete="username" onpaste="event.preventDefault()"></form>
    """
    for form in doc.root.iter("form"):
        for field in _credential_fields(form):
            handlers = " ".join(field.get(name) or "" for name in ("onpaste", "ondrop"))
            if _CANCELS.search(handlers):
                yield Violation(
                    message(
                        doc,
                        "%(element)s refuses pasted text: people who keep their passwords in a password manager, "
                        "or cannot type them from memory, are locked out. Remove the onpaste handler.",
                        element=describe(field),
                    ),
                    field,
                )


@rule(
    "login-puzzle",
    description="Signing in asks for no sum or puzzle to solve, unless another way needs none.",
    wcag=["3.3.8"],
)
def login_puzzle(doc: CheckedDocument) -> Iterator[Violation]:
    """A sum or riddle on the sign-in form is a cognitive test that WCAG 3.3.8 does not allow alone.

    Okay: <form><label for="p">Password</label><input id="p" type="password"><label for="r">Remember me for 30 days</label><input id="r" type="checkbox"></form>
    Error: <form><label for="p">Password</label><input id="p" type="password"><label for="s">What is 7 plus 5?</label><input id="s"></form>
    Error: <form><label for="p">Passwort</label><input id="p" type="password"><label for="s">Sicherheitsfrage: 3 + 4 = ?</label><input id="s"></form>
    Error: <form><label for="p">Password</label><input id="p" type="password"><label for="c">Type the characters shown in the picture</label><input id="c"></form>
    Error: <form><label for="p">Passwort</label><input id="p" type="password"><img src="code.png" alt="Captcha"><label for="c">Code</label><input id="c" name="captcha"></form>
    """
    sem = semantics(doc)
    for form in _sign_in_forms(doc):
        for field in form.iter("input"):
            kind = (field.get("type") or "").lower()
            if kind in ("password", "hidden", "checkbox", "radio", "submit", "button") or not sem.is_exposed(
                field
            ):
                continue
            if (field.get("autocomplete") or "").lower().endswith("one-time-code"):
                continue  # a code sent to the person is copied, not solved
            if _SUM.search(sem.name(field)) or _TRANSCRIBE.search(
                f"{sem.name(field)} {field.get('name') or ''}"
            ):
                yield Violation(
                    message(
                        doc,
                        "Signing in asks %(element)s to solve a sum or puzzle: that is a test of memory and "
                        "reckoning. Remove it, or offer a way in without it (a link sent by email, a passkey).",
                        element=describe(field),
                    ),
                    field,
                )
