"""WAI-ARIA 1.2 tables: roles, their required and supported states and properties, and value types."""

from __future__ import annotations

__all__ = [
    "ABSTRACT_ROLES",
    "ATTRIBUTE_TYPES",
    "GLOBAL_ATTRIBUTES",
    "LINK_ROLES",
    "NAME_FROM_CONTENT",
    "NAME_PROHIBITED",
    "REQUIRED_ATTRIBUTES",
    "ROLES",
    "TOKEN_VALUES",
    "allowed_attributes",
]

ABSTRACT_ROLES = frozenset(
    [
        "command",
        "composite",
        "input",
        "landmark",
        "range",
        "roletype",
        "section",
        "sectionhead",
        "select",
        "structure",
        "widget",
        "window",
    ]
)

# States and properties every role supports ("global"), including those ARIA 1.2 deprecates as global.
GLOBAL_ATTRIBUTES = frozenset(
    [
        "aria-atomic",
        "aria-busy",
        "aria-controls",
        "aria-current",
        "aria-describedby",
        "aria-details",
        "aria-disabled",
        "aria-dropeffect",
        "aria-errormessage",
        "aria-flowto",
        "aria-grabbed",
        "aria-haspopup",
        "aria-hidden",
        "aria-invalid",
        "aria-keyshortcuts",
        "aria-label",
        "aria-labelledby",
        "aria-live",
        "aria-owns",
        "aria-relevant",
        "aria-roledescription",
        "aria-description",
        "aria-braillelabel",
        "aria-brailleroledescription",
    ]
)

# Role -> role-specific states and properties it supports or inherits (besides the global ones).
_TABLE_CELL = "aria-colindex aria-colspan aria-rowindex aria-rowspan"
_HEADER = f"{_TABLE_CELL} aria-expanded aria-haspopup aria-readonly aria-required aria-selected aria-sort"
_RANGE = "aria-valuemax aria-valuemin aria-valuenow aria-valuetext"
_TEXTBOX = (
    "aria-activedescendant aria-autocomplete aria-multiline aria-placeholder aria-readonly aria-required"
)
_SELECT_LIKE = "aria-activedescendant aria-orientation"
_SET_ITEM = "aria-posinset aria-setsize"
_MENUITEM = f"{_SET_ITEM} aria-expanded aria-haspopup"
ROLES: dict[str, str] = {
    "alert": "",
    "alertdialog": "aria-modal",
    "application": "aria-activedescendant aria-expanded",
    "article": _SET_ITEM,
    "banner": "",
    "blockquote": "",
    "button": "aria-expanded aria-pressed",
    "caption": "",
    "cell": _TABLE_CELL,
    "checkbox": "aria-checked aria-expanded aria-readonly aria-required",
    "code": "",
    "columnheader": _HEADER,
    "combobox": "aria-activedescendant aria-autocomplete aria-expanded aria-readonly aria-required",
    "comment": f"{_SET_ITEM} aria-level",
    "complementary": "",
    "contentinfo": "",
    "definition": "",
    "deletion": "",
    "dialog": "aria-modal",
    "directory": "",
    "document": "aria-expanded",
    "emphasis": "",
    "feed": "",
    "figure": "",
    "form": "",
    "generic": "",
    "grid": "aria-activedescendant aria-colcount aria-multiselectable aria-readonly aria-rowcount",
    "gridcell": f"{_TABLE_CELL} aria-expanded aria-readonly aria-required aria-selected",
    "group": "aria-activedescendant aria-expanded",
    "heading": "aria-level",
    "image": "",
    "img": "",
    "insertion": "",
    "link": "aria-expanded",
    "list": "",
    "listbox": f"{_SELECT_LIKE} aria-expanded aria-multiselectable aria-readonly aria-required",
    "listitem": f"{_SET_ITEM} aria-level",
    "log": "",
    "main": "",
    "mark": "",
    "marquee": "",
    "math": "",
    "menu": _SELECT_LIKE,
    "menubar": _SELECT_LIKE,
    "menuitem": _MENUITEM,
    "menuitemcheckbox": f"{_MENUITEM} aria-checked",
    "menuitemradio": f"{_MENUITEM} aria-checked",
    "meter": _RANGE,
    "navigation": "",
    "none": "",
    "note": "",
    "option": f"{_SET_ITEM} aria-checked aria-selected",
    "paragraph": "",
    "presentation": "",
    "progressbar": _RANGE,
    "radio": f"{_SET_ITEM} aria-checked",
    "radiogroup": f"{_SELECT_LIKE} aria-readonly aria-required",
    "region": "",
    "row": f"{_SET_ITEM} aria-activedescendant aria-colindex aria-expanded aria-level aria-rowindex"
    " aria-selected",
    "rowgroup": "",
    "rowheader": _HEADER,
    "scrollbar": f"{_RANGE} aria-orientation",
    "search": "",
    "searchbox": _TEXTBOX,
    "separator": f"{_RANGE} aria-orientation",
    "slider": f"{_RANGE} aria-orientation aria-readonly",
    "spinbutton": f"{_RANGE} aria-activedescendant aria-readonly aria-required",
    "status": "",
    "strong": "",
    "subscript": "",
    "suggestion": "",
    "superscript": "",
    "switch": "aria-checked aria-expanded aria-readonly aria-required",
    "tab": f"{_SET_ITEM} aria-expanded aria-selected",
    "table": "aria-colcount aria-rowcount",
    "tablist": f"{_SELECT_LIKE} aria-multiselectable",
    "tabpanel": "",
    "term": "",
    "textbox": _TEXTBOX,
    "time": "",
    "timer": "",
    "toolbar": "aria-activedescendant aria-orientation",
    "tooltip": "",
    "tree": f"{_SELECT_LIKE} aria-multiselectable aria-required",
    "treegrid": (
        "aria-activedescendant aria-colcount aria-multiselectable aria-orientation aria-readonly"
        " aria-required aria-rowcount"
    ),
    "treeitem": f"{_SET_ITEM} aria-checked aria-expanded aria-level aria-selected",
    # Graphics module and Digital Publishing module roles.
    "graphics-document": "",
    "graphics-object": "aria-expanded",
    "graphics-symbol": "",
    **{
        f"doc-{name}": ""
        for name in [
            "abstract",
            "acknowledgments",
            "afterword",
            "appendix",
            "backlink",
            "biblioentry",
            "bibliography",
            "biblioref",
            "chapter",
            "colophon",
            "conclusion",
            "cover",
            "credit",
            "credits",
            "dedication",
            "endnote",
            "endnotes",
            "epigraph",
            "epilogue",
            "errata",
            "example",
            "footnote",
            "foreword",
            "glossary",
            "glossref",
            "index",
            "introduction",
            "noteref",
            "notice",
            "pagebreak",
            "pagefooter",
            "pageheader",
            "pagelist",
            "part",
            "preface",
            "prologue",
            "pullquote",
            "qna",
            "subtitle",
            "tip",
            "toc",
        ]
    },
}

# Attributes a role cannot do without (ARIA 1.2); combobox's aria-controls only matters when expanded.
REQUIRED_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "checkbox": ("aria-checked",),
    "combobox": ("aria-expanded",),
    "heading": ("aria-level",),
    "menuitemcheckbox": ("aria-checked",),
    "menuitemradio": ("aria-checked",),
    "meter": ("aria-valuenow",),
    "radio": ("aria-checked",),
    "scrollbar": ("aria-controls", "aria-valuenow"),
    "slider": ("aria-valuenow",),
    "switch": ("aria-checked",),
}

# ``link`` and the DPUB roles that inherit from it.
LINK_ROLES = frozenset({"link", "doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref"})

# Roles whose accessible name comes from their content when nothing else names them.
NAME_FROM_CONTENT = frozenset(
    [
        "button",
        "cell",
        "checkbox",
        "columnheader",
        "comment",
        "gridcell",
        "heading",
        "link",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "option",
        "radio",
        "row",
        "rowheader",
        "sectionhead",
        "suggestion",
        "switch",
        "tab",
        "tooltip",
        "treeitem",
        "doc-backlink",
        "doc-biblioref",
        "doc-glossref",
        "doc-noteref",
    ]
)

# Roles that must not be named by aria-label or aria-labelledby.
NAME_PROHIBITED = frozenset(
    [
        "caption",
        "code",
        "deletion",
        "emphasis",
        "generic",
        "insertion",
        "mark",
        "none",
        "paragraph",
        "presentation",
        "strong",
        "subscript",
        "suggestion",
        "superscript",
    ]
)

BOOLEAN = ("true", "false")
TOKEN_VALUES: dict[str, tuple[str, ...]] = {
    "aria-atomic": BOOLEAN,
    "aria-busy": BOOLEAN,
    "aria-disabled": BOOLEAN,
    "aria-modal": BOOLEAN,
    "aria-multiline": BOOLEAN,
    "aria-multiselectable": BOOLEAN,
    "aria-readonly": BOOLEAN,
    "aria-required": BOOLEAN,
    "aria-checked": ("true", "false", "mixed", "undefined"),
    "aria-pressed": ("true", "false", "mixed", "undefined"),
    "aria-expanded": ("true", "false", "undefined"),
    "aria-grabbed": ("true", "false", "undefined"),
    "aria-hidden": ("true", "false", "undefined"),
    "aria-selected": ("true", "false", "undefined"),
    "aria-autocomplete": ("inline", "list", "both", "none"),
    "aria-current": ("page", "step", "location", "date", "time", "true", "false"),
    "aria-haspopup": ("false", "true", "menu", "listbox", "tree", "grid", "dialog"),
    "aria-invalid": ("grammar", "false", "spelling", "true"),
    "aria-live": ("assertive", "off", "polite"),
    "aria-orientation": ("horizontal", "undefined", "vertical"),
    "aria-sort": ("ascending", "descending", "none", "other"),
}

# Value type of every state and property that is not a single token from TOKEN_VALUES.
ATTRIBUTE_TYPES: dict[str, str] = {
    **dict.fromkeys(TOKEN_VALUES, "token"),
    "aria-dropeffect": "tokens:copy execute link move none popup",
    "aria-relevant": "tokens:additions all removals text",
    "aria-activedescendant": "idref",
    "aria-details": "idrefs",
    "aria-errormessage": "idrefs",
    "aria-controls": "idrefs",
    "aria-describedby": "idrefs",
    "aria-flowto": "idrefs",
    "aria-labelledby": "idrefs",
    "aria-owns": "idrefs",
    "aria-colcount": "integer",
    "aria-colindex": "integer",
    "aria-colspan": "integer",
    "aria-level": "integer",
    "aria-posinset": "integer",
    "aria-rowcount": "integer",
    "aria-rowindex": "integer",
    "aria-rowspan": "integer",
    "aria-setsize": "integer",
    "aria-valuemax": "number",
    "aria-valuemin": "number",
    "aria-valuenow": "number",
    "aria-label": "string",
    "aria-placeholder": "string",
    "aria-roledescription": "string",
    "aria-valuetext": "string",
    "aria-keyshortcuts": "string",
    "aria-description": "string",
    "aria-braillelabel": "string",
    "aria-brailleroledescription": "string",
}


def allowed_attributes(role: str | None) -> frozenset[str]:
    """The states and properties ``role`` supports, global ones included (only global ones without a role)."""
    if role is None or role not in ROLES:
        return GLOBAL_ATTRIBUTES
    return _ALLOWED[role]


_ALLOWED = {name: GLOBAL_ATTRIBUTES | frozenset(attrs.split()) for name, attrs in ROLES.items()}
