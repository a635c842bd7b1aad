"""Print the README's settings table, generated from ``publisher.settings.Settings``."""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from publisher.settings import Settings


def _rows(prefix: str, fields: dict[str, FieldInfo]) -> list[str]:
    rows = []
    for name, field in fields.items():
        dotted = f"{prefix}{name}"
        default = field.default
        if isinstance(default, BaseModel):
            rows += _rows(f"{dotted}.", type(default).model_fields)
            continue
        shown = "unset" if default is None else f"`{default}`"
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{dotted}` | {shown} | {description} |")
    return rows


def settings_table() -> str:
    """The Markdown table of every setting, its default and what it means."""
    lines = ["| setting | default | meaning |", "|---|---|---|", *_rows("", Settings.model_fields)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(settings_table())
