"""``publisher check`` and ``publisher rules``: output formats, exit status and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from publisher.a11y.cli import check_command, registered_rules, rules_command

CLEAN = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Neue Brücke</title></head><body>'
    "<main><h1>Neue Brücke im Stadtpark</h1><p>Die Stadt baut eine neue Brücke aus Holz.</p>"
    '<p><a href="https://example.de/bruecke">Alles zur Brücke im Stadtpark</a></p></main></body></html>'
)
FLAWED = CLEAN.replace(
    "</main>",
    '<img src="b.jpg" alt="Symbolbild">\n<p><a href="https://example.de/plan">hier klicken</a></p></main>',
)
SHOUTING = CLEAN.replace("Die Stadt baut eine neue Brücke aus Holz.", "ACHTUNG DIE BRÜCKE IST GESPERRT.")
ENGLISH_FLAWED = FLAWED.replace('lang="de"', 'lang="en"')
EMAIL = (
    '<!DOCTYPE html><html lang="de" dir="ltr"><head><meta charset="utf-8"><title>Newsletter</title>'
    "<style>p { font-size: 16px }</style></head><body>"
    '<div class="preheader" style="display:none">Die neue Brücke im Stadtpark ist fertig.</div>'
    "<p>Die neue Brücke im Stadtpark ist fertig. Ab Samstag können alle darüber gehen, auch mit Kinderwagen "
    'und Rollstuhl. <a href="https://example.de/bruecke">Alles zur Brücke im Stadtpark</a></p></body></html>'
)


def run(command: object, *args: str) -> Result:
    return CliRunner().invoke(command, list(args), catch_exceptions=False)  # type: ignore[arg-type]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_clean_page_exits_0(tmp_path: Path) -> None:
    """No findings: exit status 0 and the file listed with no findings."""
    page = write(tmp_path, "sauber.html", CLEAN)
    result = run(check_command, str(page))
    assert result.exit_code == 0, result.output
    assert str(page) in result.output and "Keine Befunde." in result.output


def test_a_page_with_errors_exits_1_and_lists_rule_severity_message_and_location(tmp_path: Path) -> None:
    """Errors hold: exit 1; each finding shows rule id, severity, the German message and where it is."""
    page = write(tmp_path, "fehler.html", FLAWED)
    result = run(check_command, str(page))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == str(page)
    placeholder = next(line for line in lines if "alt-placeholder" in line)
    assert placeholder.split()[0] == "Fehler"
    assert "„Symbolbild“ ist ein Platzhalter" in placeholder
    assert "[html > body > main > img:1]" in placeholder
    assert any("link-text-vague" in line for line in lines)
    assert lines[-1].startswith("Geprüfte Dateien: 1; Fehler: 2")


def test_a_linked_style_sheet_beside_the_page_is_read(tmp_path: Path) -> None:
    """Grey on white in ``css/site.css``: the contrast failure is found, as in the gate."""
    write(tmp_path, "css/site.css", "main p { color: #bbbbbb; background: #ffffff }")
    linked = CLEAN.replace("</title>", '</title><link rel="stylesheet" href="css/site.css">')
    result = run(check_command, str(write(tmp_path, "grau.html", linked)))
    assert result.exit_code == 1, result.output
    assert any("contrast" in line and "Fehler" in line for line in result.output.splitlines())


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    """Warnings are reported but do not hold: exit 0."""
    result = run(check_command, str(write(tmp_path, "laut.html", SHOUTING)))
    assert result.exit_code == 0
    assert "Warnung  all-caps" in result.output


def test_json_output_follows_the_contract(tmp_path: Path) -> None:
    """JSON: {"results": [{"path", "findings": [{rule, severity, message, wcag, act, location}]}]}."""
    page = write(tmp_path, "fehler.html", FLAWED)
    result = run(check_command, "--format", "json", str(page))
    assert result.exit_code == 1
    data = json.loads(result.output)
    [entry] = data["results"]
    assert entry["path"] == str(page)
    rules = {finding["rule"]: finding for finding in entry["findings"]}
    assert set(rules) == {"alt-placeholder", "link-text-vague"}
    vague = rules["link-text-vague"]
    assert set(vague) == {"rule", "severity", "message", "wcag", "act", "location", "condition", "screenshot"}
    assert vague["condition"] is None and vague["screenshot"] is None  # only the browser stage sets them
    assert vague["severity"] == "error" and vague["wcag"] == ["2.4.4"] and vague["act"] == ["5effbb"]
    assert vague["location"] == {
        "selector": "html > body > main > p:nth-of-type(3) > a",
        "line": 2,
        "path": str(page),
    }


def test_messages_follow_lang_option_or_the_documents_own_language(tmp_path: Path) -> None:
    """An English page gets English messages; --lang de overrides it."""
    page = write(tmp_path, "english.html", ENGLISH_FLAWED)
    own = run(check_command, str(page))
    forced = run(check_command, "--lang", "de", str(page))
    assert '"Symbolbild" is a placeholder' in own.output and "error    alt-placeholder" in own.output
    assert "„Symbolbild“ ist ein Platzhalter" in forced.output


def test_a_folder_checks_every_html_file_under_it(tmp_path: Path) -> None:
    """Every *.html below a folder is checked, in sorted order; other files are ignored."""
    write(tmp_path, "site/b/index.html", FLAWED)
    write(tmp_path, "site/a/index.html", CLEAN)
    write(tmp_path, "site/notes.txt", "kein HTML")
    result = run(check_command, "--format", "json", str(tmp_path / "site"))
    paths = [entry["path"] for entry in json.loads(result.output)["results"]]
    assert paths == [str(tmp_path / "site/a/index.html"), str(tmp_path / "site/b/index.html")]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("name", "content", "complaint"),
    [
        ("latin1.html", CLEAN.encode("latin-1"), "not UTF-8"),
        ("leer.html", "   \n", "empty"),
    ],
)
def test_unreadable_files_exit_2(tmp_path: Path, name: str, content: bytes | str, complaint: str) -> None:
    """A non-UTF-8 or empty file is bad input: exit 2 with the reason."""
    result = CliRunner().invoke(check_command, [str(write(tmp_path, name, content))])
    assert result.exit_code == 2
    assert complaint in result.output and name in result.output


def test_missing_paths_and_folders_without_html_exit_2(tmp_path: Path) -> None:
    """Nothing to check is bad input too."""
    (tmp_path / "leer").mkdir()
    missing = CliRunner().invoke(check_command, [str(tmp_path / "gibt-es-nicht.html")])
    empty = CliRunner().invoke(check_command, [str(tmp_path / "leer")])
    assert missing.exit_code == empty.exit_code == 2
    assert "no such file" in missing.output and "no .html files" in empty.output


def test_an_email_takes_its_plain_text_part_from_the_sibling_txt_file(tmp_path: Path) -> None:
    """X.txt beside X.html is the text part: with it the email passes, without it the gate holds."""
    page = write(tmp_path, "newsletter.html", EMAIL)
    without = run(check_command, "--channel", "email", "--format", "json", str(page))
    assert without.exit_code == 1
    assert [f["rule"] for f in json.loads(without.output)["results"][0]["findings"]] == ["email-text-part"]
    write(tmp_path, "newsletter.txt", "Die neue Brücke ist fertig.\nhttps://example.de/bruecke\n")
    with_text = run(check_command, "--channel", "email", str(page))
    assert with_text.exit_code == 0, with_text.output


def test_the_web_channel_ignores_email_rules(tmp_path: Path) -> None:
    """Checked as a web page (the default), an email file gets no email findings."""
    result = run(check_command, "--format", "json", str(write(tmp_path, "newsletter.html", EMAIL)))
    rules = [finding["rule"] for finding in json.loads(result.output)["results"][0]["findings"]]
    assert not [rule for rule in rules if rule.startswith("email-")]


def test_rules_json_lists_every_registered_rule_with_its_metadata() -> None:
    """One object per rule with id, description, severity, channels, wcag and act."""
    result = run(rules_command, "--format", "json")
    records = json.loads(result.output)
    assert [record["id"] for record in records] == [rule.id for rule in registered_rules()]
    by_id = {record["id"]: record for record in records}
    assert by_id["link-text-vague"] == {
        "id": "link-text-vague",
        "description": "Link text says where the link goes, not just 'hier', 'mehr' or 'click here'.",
        "severity": "error",
        "stage": "static",
        "level": "AA",
        "channels": ["web", "email"],
        "wcag": ["2.4.4"],
        "act": ["5effbb"],
    }
    assert by_id["reflow"]["stage"] == "browser" and by_id["reflow"]["wcag"] == ["1.4.10"]
    assert by_id["color-contrast-enhanced"]["level"] == "AAA"
    assert by_id["email-preheader"]["channels"] == ["email"]
    assert by_id["readability"]["severity"] == "warning"


def test_rules_markdown_is_a_table_with_one_row_per_rule() -> None:
    """The README's rule table: a header, a separator and a row per rule."""
    lines = run(rules_command, "--format", "markdown").output.strip().splitlines()
    assert lines[0] == "| Rule | Description | Severity | Stage | Channels | WCAG 2.2 | ACT rules |"
    assert len(lines) == 2 + len(registered_rules())
    row = next(line for line in lines if line.startswith("| `all-caps` |"))
    assert row.endswith("| warning | static | web, email | — | — |")
    row = next(line for line in lines if line.startswith("| `focus-visible` |"))
    assert row.endswith("| error | browser | web, email | 2.4.7 | — |")


def test_rules_text_and_german_descriptions() -> None:
    """The text list shows each id; --lang de translates the descriptions that have a translation."""
    text = run(rules_command).output
    german = run(rules_command, "--lang", "de").output
    assert all(rule.id in text for rule in registered_rules())
    assert "Alternativtext ist kein Dateiname." in german and "WCAG 1.1.1; ACT 9eb3f6" in german


@pytest.mark.browser
def test_the_axe_engine_reports_through_the_same_output(tmp_path: Path) -> None:
    """--engine axe runs axe-core in Chromium; a missing alt fails with exit 1 and the same JSON shape."""
    page = write(tmp_path, "ohne-alt.html", CLEAN.replace("</main>", '<img src="b.png"></main>'))
    result = CliRunner().invoke(check_command, ["--engine", "axe", "--format", "json", str(page)])
    assert result.exit_code == 1, result.output
    [entry] = json.loads(result.output)["results"]
    assert entry["path"] == str(page)
    assert any(finding["severity"] == "error" and "1.1.1" in finding["wcag"] for finding in entry["findings"])


@pytest.mark.browser
def test_check_with_the_browser_stage_finds_rendered_barriers_and_saves_crops(tmp_path: Path) -> None:
    """--browser adds what only rendering shows (here: reflow at 320 px), with a PNG per finding."""
    barriers = Path(__file__).resolve().parent / "barriers"
    shots = tmp_path / "shots"
    result = run(
        check_command, "--browser", "--format", "json", "--screenshots", str(shots),
        str(barriers / "reflow-fixed-width.bad.html"), str(barriers / "reflow-fixed-width.clean.html"),
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    bad, clean = json.loads(result.output)["results"]
    assert clean["findings"] == []
    (reflow,) = [finding for finding in bad["findings"] if finding["rule"] == "reflow"]
    assert reflow["condition"] == "narrow" and reflow["wcag"] == ["1.4.10"]
    assert Path(reflow["screenshot"]).read_bytes().startswith(b"\x89PNG")
    assert Path(reflow["screenshot"]).is_relative_to(shots)
