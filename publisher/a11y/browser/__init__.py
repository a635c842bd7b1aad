"""Checks in a real browser: axe-core run in headless Chromium, driven over the DevTools pipe."""
