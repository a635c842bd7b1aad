"""The ``publisher check`` and ``publisher rules`` commands: the accessibility gate on any HTML.

``check`` exits 0 when no finding is an error, 1 when one is, and 2 on bad input (a missing,
unreadable or non-UTF-8 file, a folder without HTML, an empty document).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import click
import lxml.html
from lxml.etree import ParserError

from publisher.a11y.browser.rendered import BROWSER_RULES, BrowserRule
from publisher.a11y.browser.stage import browser_rules_for
from publisher.a11y.engine import check_html, rules_for
from publisher.a11y.findings import ChannelKind, Finding, has_errors
from publisher.a11y.registry import RULES, Rule
from publisher.errors import PublisherError
from publisher.i18n import SUPPORTED_LOCALES, translations, ui_locale
from publisher.settings import A11ySettings, get_settings

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_ERRORS",
    "EXIT_OK",
    "check_command",
    "collect_html_files",
    "registered_rules",
    "rules_command",
]

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(click.ClickException):
    """A path that cannot be checked; click prints ``Error: ...`` and exits with status 2."""

    exit_code = EXIT_BAD_INPUT


@dataclass(frozen=True)
class _Page:
    path: Path
    html: str
    text_part: str | None
    locale: str


def collect_html_files(paths: tuple[Path, ...] | list[Path]) -> list[Path]:
    """The files to check: each file named, and every ``*.html`` under each folder named (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(candidate for candidate in path.rglob("*.html") if candidate.is_file())
            if not found:
                raise BadInput(f"{path}: the folder has no .html files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise BadInput(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text (byte {error.start}); save the file as UTF-8") from error
    except OSError as error:
        raise BadInput(f"{path}: cannot be read ({error.strerror or error})") from error


def _document_lang(html: str) -> str:
    try:
        root = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return ""
    return (root.get("lang") or "").strip()


def _load(path: Path, channel: ChannelKind, lang: str | None) -> _Page:
    html = _read_text(path)
    if not html.strip():
        raise BadInput(f"{path}: the file is empty")
    # An email's plain-text part sits beside it: newsletter.html + newsletter.txt.
    text_file = path.with_suffix(".txt")
    text_part = _read_text(text_file) if channel == "email" and text_file.is_file() else None
    return _Page(path, html, text_part, ui_locale(lang or _document_lang(html) or "en"))


def _a11y_settings() -> A11ySettings:
    try:
        return get_settings().a11y
    except ValueError as error:
        raise BadInput(f"invalid settings: {error}") from error


def _check_builtin(page: _Page, channel: ChannelKind, settings: A11ySettings) -> list[Finding]:
    return check_html(
        page.html,
        channel=channel,
        locale=page.locale,
        text_part=page.text_part,
        path=str(page.path),
        settings=settings,
        base_dir=page.path.parent,
    )


def _check_axe(pages: list[_Page]) -> dict[Path, list[Finding]]:
    from publisher.a11y.browser.axe import check_files_with_axe

    results: dict[Path, list[Finding]] = {}
    for locale in dict.fromkeys(page.locale for page in pages):
        batch = [page.path for page in pages if page.locale == locale]
        try:
            found = check_files_with_axe(batch, locale=locale)
        except (PublisherError, OSError) as error:
            raise BadInput(f"the axe engine could not run: {error}") from error
        results.update(found)
    return results


def _check_browser(
    pages: list[_Page], channel: ChannelKind, screenshots: Path | None
) -> dict[Path, list[Finding]]:
    """The browser stage's findings per page (one Chromium for all), crops saved under ``screenshots``."""
    from publisher.a11y.browser.chromium import BrowserError
    from publisher.a11y.browser.stage import BrowserStage

    results: dict[Path, list[Finding]] = {}
    try:
        with BrowserStage() as stage:
            for number, page in enumerate(pages, start=1):
                checked = stage.check_file(
                    page.path, channel=channel, locale=page.locale, shown_as=str(page.path)
                )
                if screenshots is not None and checked.crops:
                    folder = screenshots / f"{number:03d}-{page.path.stem}"
                    results[page.path] = checked.save_crops(folder, f"{folder}/")
                else:
                    results[page.path] = [
                        finding.model_copy(update={"screenshot": None}) for finding in checked.findings
                    ]
    except (BrowserError, OSError) as error:
        raise BadInput(f"the browser stage could not run: {error}") from error
    return results


def _severity_label(severity: str, locale: str) -> str:
    gettext = translations(locale, "report").gettext
    return gettext("error") if severity == "error" else gettext("warning")


def _print_text(results: list[tuple[_Page, list[Finding]]]) -> None:
    errors = warnings = 0
    for page, findings in results:
        gettext = translations(page.locale, "report").gettext
        click.echo(f"{page.path}")
        if not findings:
            click.echo(f"  {gettext('No findings.')}")
        for finding in findings:
            where = ""
            if finding.location is not None:
                line = f":{finding.location.line}" if finding.location.line else ""
                where = f"  [{finding.location.selector or ''}{line}]"
            label = _severity_label(finding.severity, page.locale)
            click.echo(f"  {label:<8} {finding.rule}: {finding.message}{where}")
            if finding.screenshot:
                click.echo(f"  {'':<8} {finding.screenshot}")
        errors += sum(1 for finding in findings if finding.severity == "error")
        warnings += sum(1 for finding in findings if finding.severity == "warning")
    locale = results[0][0].locale if results else "en"
    summary = translations(locale, "report").gettext(
        "Files checked: %(files)s; errors: %(errors)s; warnings: %(warnings)s"
    )
    click.echo(summary % {"files": len(results), "errors": errors, "warnings": warnings})


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Findings as readable text or as JSON.",
)
@click.option(
    "--channel",
    type=click.Choice(list(get_args(ChannelKind))),
    default="web",
    show_default=True,
    help="Check as a web page or as an HTML email (X.txt beside X.html is its plain-text part).",
)
@click.option(
    "--engine",
    type=click.Choice(["builtin", "axe"]),
    default="builtin",
    show_default=True,
    help="The built-in rules, or axe-core in Chromium.",
)
@click.option("--lang", type=click.Choice(list(SUPPORTED_LOCALES)), default=None,
              help="Language of the messages (default: each document's own lang).")  # fmt: skip
@click.option("--browser", is_flag=True,
              help="Also run the browser stage: render each file in Chromium (light and dark mode, "
              "320 CSS px, 200 % zoom, text spacing, a Tab walk) with axe-core.")  # fmt: skip
@click.option("--screenshots", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --browser: save a PNG crop of each finding under this folder.")  # fmt: skip
def check_command(
    paths: tuple[Path, ...],
    output: str,
    channel: ChannelKind,
    engine: str,
    lang: str | None,
    browser: bool,
    screenshots: Path | None,
) -> None:
    """Check HTML files (or every *.html under a folder) against the accessibility rules.

    Exit status: 0 no errors (warnings allowed), 1 some finding is an error, 2 bad input.
    """
    pages = [_load(path, channel, lang) for path in collect_html_files(paths)]
    if engine == "axe":
        by_path = _check_axe(pages)
        results = [(page, by_path.get(page.path, [])) for page in pages]
    else:
        settings = _a11y_settings()
        results = [(page, _check_builtin(page, channel, settings)) for page in pages]
    if browser:
        rendered = _check_browser(pages, channel, screenshots)
        # axe runs inside the browser stage too: with --engine axe its findings would come twice.
        results = [
            (
                page,
                found
                + [
                    f
                    for f in rendered.get(page.path, [])
                    if not (engine == "axe" and f.rule.startswith("axe:"))
                ],
            )
            for page, found in results
        ]
    if output == "json":
        payload = {
            "results": [
                {
                    "path": str(page.path),
                    "findings": [finding.model_dump(mode="json") for finding in findings],
                }
                for page, findings in results
            ]
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_text(results)
    sys.exit(EXIT_ERRORS if any(has_errors(findings) for _, findings in results) else EXIT_OK)


def registered_rules() -> list[Rule | BrowserRule]:
    """Every registered rule once: the static rules, then the browser stage's, in registration order."""
    ids = {candidate.id for channel in get_args(ChannelKind) for candidate in rules_for(channel)}
    browser_rules_for("web")  # registers the browser rules
    return [
        *(candidate for candidate in RULES.values() if candidate.id in ids),
        *BROWSER_RULES.values(),
    ]


def _rule_record(candidate: Rule | BrowserRule, locale: str) -> dict[str, object]:
    return {
        "id": candidate.id,
        "description": translations(locale, "a11y").gettext(candidate.description),
        "severity": candidate.severity,
        "stage": "browser" if BROWSER_RULES.get(candidate.id) is candidate else "static",
        "level": candidate.level,
        "channels": list(candidate.channels),
        "wcag": list(candidate.wcag),
        "act": list(candidate.act),
    }


def _markdown_table(records: list[dict[str, object]]) -> str:
    def cell(value: object) -> str:
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        return (text or "—").replace("|", "\\|")

    lines = [
        "| Rule | Description | Severity | Stage | Channels | WCAG 2.2 | ACT rules |",
        "|---|---|---|---|---|---|---|",
    ]
    for record in records:
        if record["level"] == "AAA":  # run only with a11y.level = "AAA"
            record = {**record, "severity": f"{record['severity']} (AAA)"}
        keys = ("id", "description", "severity", "stage", "channels", "wcag", "act")
        lines.append(
            "| "
            + " | ".join(f"`{cell(record[key])}`" if key == "id" else cell(record[key]) for key in keys)
            + " |"
        )
    return "\n".join(lines)


def rules_markdown(locale: str = "en") -> str:
    """The Markdown table of every registered rule (the README's rule table)."""
    return _markdown_table([_rule_record(candidate, locale) for candidate in registered_rules()])


@click.command("rules")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="A readable list, JSON, or a Markdown table (for the README).",
)
@click.option("--lang", type=click.Choice(list(SUPPORTED_LOCALES)), default="en", show_default=True,
              help="Language of the descriptions.")  # fmt: skip
def rules_command(output: str, lang: str) -> None:
    """List every registered accessibility rule: id, description, severity, channels, WCAG and ACT ids."""
    records = [_rule_record(candidate, lang) for candidate in registered_rules()]
    if output == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif output == "markdown":
        click.echo(rules_markdown(lang))
    else:
        for record, candidate in zip(records, registered_rules(), strict=True):
            references = [f"WCAG {', '.join(candidate.wcag)}"] if candidate.wcag else []
            references += [f"ACT {', '.join(candidate.act)}"] if candidate.act else []
            channels = "/".join(candidate.channels)
            click.echo(f"{candidate.id:<26} {candidate.severity:<8} {channels:<10} {record['description']}")
            if references:
                click.echo(f"{'':<47}{'; '.join(references)}")
