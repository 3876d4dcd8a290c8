"""Pure extraction: article text in, :class:`timeline.domain.model.Extraction` out. No I/O."""

from timeline.extract.pipeline import EXTRACTOR_VERSION, Extractor

__all__ = ["EXTRACTOR_VERSION", "Extractor"]
