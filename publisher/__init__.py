"""publisher: write one article, release it accessibly to web, newsletter and audio."""

__version__ = "0.1.0"
