"""The built-in rules; each submodule registers its rules on import."""
