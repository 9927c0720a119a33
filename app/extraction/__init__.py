"""Pure NLP: article text and publication date in, plain dataclasses out.

Nothing here touches a database, HTTP or settings.
"""

from app.extraction.extractor import EXTRACTOR_VERSION, Extractor
from app.extraction.facts import ArticleFacts

__all__ = ["EXTRACTOR_VERSION", "ArticleFacts", "Extractor"]
