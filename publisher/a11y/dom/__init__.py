"""The document model every rule reads: the parsed page, its CSS, rendering, roles and accessible names."""
