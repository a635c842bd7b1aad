"""The gate's second stage: pages rendered in Debian's Chromium (``stage``), axe-core in the same browser."""
