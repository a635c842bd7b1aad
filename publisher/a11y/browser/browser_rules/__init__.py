"""The browser stage's rules; each submodule registers its rules on import (keep the order)."""

# isort: off
from publisher.a11y.browser.browser_rules import visual, layout, keyboard, narrow  # noqa: F401
# isort: on
