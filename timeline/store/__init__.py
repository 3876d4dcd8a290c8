"""Storage: the DuckDB event log and the projections built from it. No DuckDB exception escapes."""

from timeline.store.database import Database

__all__ = ["Database"]
