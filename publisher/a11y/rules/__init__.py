"""The built-in rules; each submodule registers its rules on import."""

from publisher.a11y.rules import (  # noqa: F401
    aria,
    aria_tree,
    contrast,
    editorial,
    email,
    forms,
    images,
    labels,
    language,
    links,
    media,
    meta,
    orientation,
    spacing,
    structure,
    tables,
)
