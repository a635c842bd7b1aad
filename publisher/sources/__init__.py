"""Article sources: turn authored files into the canonical model."""

from publisher.sources.markdown import SourceArticle, parse_article

__all__ = ["SourceArticle", "parse_article"]
