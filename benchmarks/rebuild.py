"""``timeline rebuild``: every projection rebuilt from the log, timed on the bulk databases."""

from __future__ import annotations

from benchmarks.bulk import Built
from benchmarks.harness import Row, linear_fit, loglog_exponent

TARGET_EVENTS, TARGET_SECONDS = 1_000_000, 60.0


def rows(built: list[Built]) -> list[Row]:
    """Row: rebuild time of the largest log, and the time for 1M events (measured or extrapolated)."""
    largest = max(built, key=lambda b: b.events)
    rate = largest.events / largest.rebuild_seconds
    exponent = loglog_exponent([b.events for b in built], [b.rebuild_seconds for b in built]) if len(built) > 1 else 1
    if largest.events >= TARGET_EVENTS:
        at_target, how = largest.rebuild_seconds * TARGET_EVENTS / largest.events, "measured"
    else:  # a fixed cost (process start, opening the file) plus a cost per event, fitted on the sizes run
        fixed, per_event = linear_fit([b.events for b in built], [b.rebuild_seconds for b in built])
        if len(built) < 2 or per_event <= 0:
            fixed, per_event = 0.0, largest.rebuild_seconds / largest.events
        at_target = fixed + per_event * TARGET_EVENTS
        how = "extrapolated"
    return [
        Row(
            f"`timeline rebuild`, 1M events ({how})",
            at_target,
            "s",
            "≤ 60 s",
            at_target <= TARGET_SECONDS,
            note=f"{largest.events:,} events in {largest.rebuild_seconds:.1f} s ({rate:,.0f} events/s); "
            f"growth exponent {exponent:.2f}; sizes "
            + ", ".join(f"{b.events:,}: {b.rebuild_seconds:.1f} s" for b in built),
        )
    ]
