"""A fast reader for the plain CSS most pages carry: rules, ``@media`` blocks and declarations.

tinycss2 tokenises everything in Python, which costs milliseconds for a site's style sheet on every
page checked with cold caches. Most style sheets need no tokeniser: this scanner finds braces,
semicolons and colons outside strings, comments and parentheses and gives the same rules and
declarations. It returns None for anything it does not read the way a tokeniser would (escapes,
nested rules, unbalanced braces); the caller then uses tinycss2.
"""

from __future__ import annotations

import re

__all__ = ["scan_declarations", "scan_rules"]

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# Strings, comments, parentheses and the structural characters, in one pass.
_TOKEN = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|/\*.*?\*/|[{}();]", re.DOTALL)
_IMPORTANT = re.compile(r"!\s*important\s*$", re.IGNORECASE)
_SINGLE_QUOTED = re.compile(r"'([^'\"]*)'")
_NAME = re.compile(r"^-?-?[A-Za-z_][\w-]*$")
_BLOCK_AT_RULES = frozenset({"media", "supports", "layer"})

# A whole block without braces inside (prelude, content), or else the text up to the next brace and it.
_PIECE = re.compile(r"([^{}]*)\{([^{}]*)\}|([^{}]*)([{}])")
_PAREN_STRUCTURE = re.compile(r"\([^)]*[{};]")
_STRING_OR_COMMENT = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|/\*.*?\*/", re.DOTALL)

Declaration = tuple[str, str, bool]
Rule = tuple[str, str, tuple[Declaration, ...]]


def scan_declarations(text: str) -> tuple[Declaration, ...] | None:
    """(property, value, important) of a declaration list, or None when it needs the full tokeniser."""
    if "\\" in text or "{" in text or "}" in text:
        return None
    if "/*" in text:
        text = _COMMENT.sub(" ", text)
    if '"' in text or "'" in text or "url(" in text.lower() or "data:" in text:
        parts: list[str] = []
        depth = start = 0
        for found in _TOKEN.finditer(text):
            char = found.group()
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(0, depth - 1)
            elif char == ";" and not depth:
                parts.append(text[start : found.start()])
                start = found.end()
        parts.append(text[start:])
    else:
        parts = text.split(";")  # without strings and URLs no semicolon can sit inside a value
    result: list[Declaration] = []
    for part in parts:
        name, colon, value = part.partition(":")
        name = name.strip()
        if not colon:
            if name:
                return None  # a stray word: let the tokeniser decide what it is
            continue
        if not _NAME.match(name):
            return None
        value = value.strip()
        if "'" in value:  # tinycss2 writes strings in double quotes: so does the scanner
            value = _SINGLE_QUOTED.sub(r'"\1"', value)
            if "'" in value:
                return None
        important = "!" in value and bool(_IMPORTANT.search(value))
        if important:
            value = _IMPORTANT.sub("", value).rstrip()
        result.append((name.lower() if not name.startswith("--") else name, value, important))
    return tuple(result)


def scan_rules(sheet: str) -> tuple[Rule, ...] | None:
    """(media condition, selectors, declarations) of every style rule, or None to use the tokeniser."""
    if "\\" in sheet:
        return None
    plain = _without_comments(sheet)
    if plain is not None:
        return _scan_braces(plain)
    return _scan_tokens(sheet)


def _block(prelude: str, media: str) -> tuple[str, str]:
    """The open block a prelude starts, as (media condition inside it, kind) for the scanners' stacks.

    Kinds: "rule" (a style rule), "media" (rules inside: @media, @supports, @layer), "skip" (others,
    such as @font-face or @keyframes, whose contents are no style rules).
    """
    if not prelude.startswith("@"):
        return media, "rule"
    keyword, _, condition = prelude[1:].partition(" ")
    keyword = keyword.lower()
    if keyword == "media":
        condition = condition.strip().lower()
        return (f"{media} and {condition}" if media else condition), "media"
    return media, "media" if keyword in _BLOCK_AT_RULES else "skip"


def _scan_tokens(sheet: str) -> tuple[Rule, ...] | None:
    """``scan_rules`` for a sheet with comments or strings: one step per token outside them."""
    rules: list[Rule] = []
    stack: list[tuple[str, str]] = []  # the open blocks, as ``_block`` gives them
    start = 0
    depth = 0  # parentheses in a prelude or a declaration
    for found in _TOKEN.finditer(sheet):
        char = found.group()
        if char in "()":
            depth = depth + 1 if char == "(" else max(0, depth - 1)
            continue
        if depth or char not in "{};":
            continue
        if char == ";":
            if not stack or stack[-1][1] != "rule":
                start = found.end()  # a statement at-rule such as @import or @charset
            continue
        if char == "{":
            if stack and stack[-1][1] in ("rule", "skip"):
                if stack[-1][1] == "rule":
                    return None  # nested style rules: CSS nesting
                stack.append((stack[-1][0], "skip"))
                continue
            prelude = _COMMENT.sub(" ", sheet[start : found.start()]).strip()
            stack.append(_block(prelude, stack[-1][0] if stack else ""))
            if stack[-1][1] == "rule":
                rules.append((stack[-1][0], prelude, ()))
        elif not _close_block(stack, rules, sheet[start : found.start()]):
            return None
        start = found.end()
    if stack or _COMMENT.sub("", sheet[start:]).strip():
        return None  # unclosed blocks or text after the last rule: unusual, so tokenise
    return tuple(rules)


def _close_block(stack: list[tuple[str, str]], rules: list[Rule], content: str) -> bool:
    """Close the innermost block at a "}" (its ``content`` the declarations of a style rule).

    False when the scanner must give up: no block is open, or the declarations need the tokeniser.
    """
    if not stack:
        return False
    if stack.pop()[1] == "rule":
        declared = scan_declarations(content)
        if declared is None:
            return False
        rules[-1] = (rules[-1][0], rules[-1][1], declared)
    return True


def _without_comments(sheet: str) -> str | None:
    """The sheet with comments blanked, when only its braces give it structure; else None.

    That is: no string holds a brace or semicolon, no quote is left open, and no parenthesis holds a
    brace or semicolon (``url(data:...;base64,...)``).
    """
    if "/*" not in sheet and '"' not in sheet and "'" not in sheet:
        plain = sheet
    else:
        parts: list[str] = []
        start = 0
        for found in _STRING_OR_COMMENT.finditer(sheet):
            token = found.group()
            if token[0] == "/":
                parts.append(sheet[start : found.start()] + " ")
            elif "{" in token or "}" in token or ";" in token:
                return None
            else:
                parts.append(sheet[start : found.end()])
            start = found.end()
        parts.append(sheet[start:])
        plain = "".join(parts)
        rest = _STRING_OR_COMMENT.sub("", plain)
        if '"' in rest or "'" in rest:
            return None  # a quote that opens no complete string
    return None if _PAREN_STRUCTURE.search(plain) else plain


def _scan_braces(sheet: str) -> tuple[Rule, ...] | None:
    """``scan_rules`` for a sheet without comments, strings, escapes or structure inside parentheses.

    There only braces open and close blocks, and a semicolon outside a style rule ends a statement
    at-rule. The regex engine finds each whole style rule ("prelude { declarations }") and each
    other brace: one step per rule instead of one per token.
    """
    rules: list[Rule] = []
    stack: list[tuple[str, str]] = []  # as in _scan_tokens
    for prefix, content, before, brace in _PIECE.findall(sheet):
        if brace:  # a brace of an at-rule block, or one the whole-block pattern could not take
            done = _open_block(stack, rules, before) if brace == "{" else _close_block(stack, rules, before)
        elif stack and stack[-1][1] != "media":  # a block inside a style rule or a skipped at-rule
            done = _open_block(stack, rules, prefix) and _close_block(stack, rules, content)
        else:
            prelude = prefix.rpartition(";")[2].strip()
            media = stack[-1][0] if stack else ""
            if prelude.startswith("@"):
                stack.append(_block(prelude, media))
                done = _close_block(stack, rules, content)
            else:
                declared = scan_declarations(content)
                rules.append((media, prelude, declared or ()))
                done = declared is not None
        if not done:
            return None
    if stack or sheet[sheet.rfind("}") + 1 :].strip():
        return None
    return tuple(rules)


def _open_block(stack: list[tuple[str, str]], rules: list[Rule], before: str) -> bool:
    """Open a block at a "{" after the text ``before``; False for a style rule inside a style rule."""
    if stack and stack[-1][1] in ("rule", "skip"):
        if stack[-1][1] == "rule":
            return False  # nested style rules: CSS nesting
        stack.append((stack[-1][0], "skip"))
        return True
    stack.append(_block(before.rpartition(";")[2].strip(), stack[-1][0] if stack else ""))
    if stack[-1][1] == "rule":
        rules.append((stack[-1][0], before.rpartition(";")[2].strip(), ()))
    return True
