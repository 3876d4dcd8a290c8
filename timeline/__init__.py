"""timeline: who claimed what, about whom, and when — from news in any language.

>>> import timeline
>>> tl = timeline.open("timeline.duckdb")              # doctest: +SKIP
>>> tl.claims(about="Tumangang", before="2023-10-06")  # doctest: +SKIP  (a polars DataFrame)
"""

from __future__ import annotations

__version__ = "0.1.0"

from timeline.app import Timeline, open

__all__ = ["Timeline", "__version__", "open"]
