"""Notebook-style example: load the bundled seed articles, then plot claims per outlet over time.

Run it as `python examples/claims_per_outlet.py [OUT.png]` from the repository root.
"""

# %% Load the fixtures into a fresh database
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import polars as pl

import timeline

root = Path(__file__).resolve().parent.parent
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("claims_per_outlet.png")
db = Path(tempfile.mkdtemp()) / "example.duckdb"
tl = timeline.open(db)
tl.ingest_paths([root / "fixtures" / "seeds"])

# %% Claims per outlet and month of statement, with polars
claims = tl.claims()
per_outlet = (
    claims.with_columns(
        pl.coalesce("outlet", pl.col("source").str.split("/").list.last()).alias("outlet"),
        pl.col("stated_start").dt.truncate("1mo").alias("month"),
    )
    .group_by("outlet", "month")
    .agg(pl.len().alias("claims"))
    .sort("month", "outlet")
)
print(per_outlet)

# %% Plot
fig, ax = plt.subplots(figsize=(9, 4))
for outlet, frame in per_outlet.group_by("outlet", maintain_order=True):
    ax.bar([str(m) for m in frame["month"]], frame["claims"], label=outlet[0], alpha=0.7)
ax.set_ylabel("claims")
ax.set_title("Claims per outlet, by month stated")
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(out)
print(f"wrote {out}")
