"""The built-in rules; each submodule registers its rules on import.

The import order below is the registration order, which is the order of ``publisher rules``, of the
README's rules table and of the findings in a report: keep it (``links`` before the editorial rules) and
add a new module at the end.
"""

# isort: off
from publisher.a11y.rules import (  # noqa: F401
    aria,
    aria_tree,
    contrast,
    links,
    alt_text,
    link_wording,
    editorial,
    email,
    forms,
    images,
    labels,
    language,
    media,
    meta,
    orientation,
    spacing,
    structure,
    tables,
    data_tables,
    lists,
    form_groups,
    keyboard,
    markup,
    page_language,
    link_context,
    widgets,
    text_structure,
    interaction,
    motion,
    nontext,
    authentication,
    time_limits,
    instructions,
    form_errors,
    control_names,
    exposure,
    text_images,
    charts,
    navigation,
    language_links,
    link_files,
    style_meaning,
    flashing,
    input_modes,
    focus_scripts,
    naming,
    app_scripts,
    app_widgets,
)
# isort: on
