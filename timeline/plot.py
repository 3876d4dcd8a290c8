"""A static picture of a timeline (PNG or SVG) for reports: the same lanes and marks as the page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from timeline.errors import InputError

FORMATS = (".png", ".svg")


def plot_claims(rows: list[dict[str, Any]], out: str | Path, title: str) -> int:
    """Draw claims (rows of ``Timeline.claims``) to ``out``; returns how many were placed."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise InputError(f"{out}: the picture must end in .png or .svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    placed = []
    for r in rows:
        start = r.get("event_start") or r.get("stated_start")
        end = (r.get("event_end") if r.get("event_start") else r.get("stated_end")) or start
        if start is not None:
            placed.append((r.get("claimant") or "unattributed", start, end, r.get("language") or "?"))
    lanes = sorted({p[0] for p in placed})
    languages = sorted({p[3] for p in placed})
    palette = plt.get_cmap("tab10")
    colour = {lang: palette(i % 10) for i, lang in enumerate(languages)}
    fig, ax = plt.subplots(figsize=(12, 1.2 + 0.6 * max(1, len(lanes))))
    for lane, start, end, lang in placed:
        y = lanes.index(lane)
        days = (end - start).days if isinstance(end, date) else 1
        if days > 1:
            ax.broken_barh([(mdates.date2num(start), days)], (y - 0.3, 0.6), color=colour[lang], alpha=0.55)
        else:
            ax.plot(mdates.date2num(start + timedelta(hours=12)), y, "o", color=colour[lang], markersize=7)
    ax.set_yticks(range(len(lanes)), [lane[:40] for lane in lanes])
    ax.xaxis_date()
    ax.set_title(title)
    for lang in languages:
        ax.plot([], [], "s", color=colour[lang], label=lang)
    if languages:
        ax.legend(loc="upper left", fontsize=8, ncols=min(8, len(languages)))
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
    return len(placed)
