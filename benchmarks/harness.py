"""What every benchmark shares: sizes, result rows, timing, the table, a served database, curve fits."""

from __future__ import annotations

import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GRAPHQL_DIR = ROOT / "graphql"


@dataclass(frozen=True)
class Sizes:
    """How big each benchmark runs: ``FULL`` for the README table, ``SHORT`` for CI."""

    name: str
    extraction_articles: int  # extraction throughput, ours and the baseline, on the same texts
    ingest_articles: tuple[int, ...]  # end-to-end ingest at each size (the largest is the table row)
    memory_articles: tuple[int, int]  # peak RSS of an ingest subprocess at two sizes
    base_articles: int  # distinct articles extracted once to build the query databases
    claims: tuple[int, ...]  # query databases (claims), by replicating the base articles' events
    requests: int  # headline queries per database (p50/p99)
    throughput_seconds: float  # mixed-query load, 16 concurrent clients
    clients: int = 16
    seed: int = 20261123


FULL = Sizes(
    name="full",
    extraction_articles=420,
    ingest_articles=(250, 500, 1000, 2000),
    memory_articles=(1000, 4000),
    base_articles=700,
    claims=(10_000, 100_000, 1_000_000),
    requests=300,
    throughput_seconds=20,
)
SHORT = Sizes(
    name="short",
    extraction_articles=28,
    ingest_articles=(14, 42),
    memory_articles=(14, 42),
    base_articles=28,
    claims=(500, 2500),
    requests=30,
    throughput_seconds=3,
)


@dataclass
class Row:
    """One line of the results table."""

    what: str
    measured: float | None
    unit: str
    target: str
    met: bool | None  # None: no target, or not measured
    baseline: float | None = None
    baseline_unit: str = ""
    ratio: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _num(x: float | None) -> str:
    if x is None:
        return "—"
    if x != x:  # NaN
        return "—"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def cells(r: Row) -> list[str]:
    """A row as table cells: what, measured, baseline, ratio, target, met?, note."""
    met = "—" if r.met is None else ("yes" if r.met else "NO")
    measured = f"{_num(r.measured)} {r.unit}".strip()
    base = f"{_num(r.baseline)} {r.baseline_unit}".strip() if r.baseline is not None else "—"
    ratio = f"{_num(r.ratio)}×" if r.ratio is not None else "—"
    return [r.what, measured, base, ratio, r.target, met, r.note]


HEADER = ["what", "measured", "baseline (same run)", "ratio", "target", "met?", "note"]


def table(rows: Sequence[Row], markdown: bool = False) -> str:
    """The results as a Markdown table or an aligned plain-text one."""
    body = [cells(r) for r in rows]
    if markdown:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h) for i, h in enumerate(HEADER)]
    widths[-1] = len(HEADER[-1])  # notes run on
    out = ["  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body]
    return "\n".join(out)


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@contextmanager
def timed() -> Iterator[list[float]]:
    """``with timed() as t: ...`` then ``t[0]`` is the wall time in seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation."""
    data = sorted(values)
    if not data:
        return math.nan
    k = (len(data) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def loglog_exponent(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The exponent b of y = a·x^b fitted by least squares on log-log axes."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-12)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    den = sum((x - mx) ** 2 for x in lx)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / den if den else math.nan


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Intercept and slope of y = a + b·x by least squares."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0
    return my - slope * mx, slope


def timeline_exe() -> str:
    """The installed ``timeline`` command next to this interpreter."""
    exe = shutil.which("timeline", path=str(Path(sys.executable).parent)) or shutil.which("timeline")
    if not exe:
        raise RuntimeError("the `timeline` command is not installed (pip install -e .)")
    return exe


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    db: Path, env: dict[str, str] | None = None, args: Sequence[str] = (), start_timeout: float = 120
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``timeline serve [args]`` on a free port of 127.0.0.1 in its own process; yields the base URL and
    the process. Its log goes to a file beside ``db``: a pipe nobody reads fills up with logged GraphQL
    errors and then blocks the server on its next log line."""
    port = free_port()
    log_path = db.with_name(f"{db.name}.{port}.serve.log")
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [timeline_exe(), "--db", str(db), "serve", "--port", str(port), "--log-level", "warning", *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env=env if env is not None else dict(os.environ),
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"timeline serve exited: {log_path.read_text(encoding='utf-8')}") from None
                if time.time() > deadline:
                    proc.kill()
                    raise RuntimeError(f"timeline serve did not start within {start_timeout:g} s") from None
                time.sleep(0.2)
        try:
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def serving(db: Path, args: Sequence[str] = ()) -> Iterator[str]:
    """``timeline serve [args]`` with mutations disabled; yields the base URL."""
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_TOKEN"}
    with served(db, env, args) as (url, _proc):
        yield url


def graphql_operation(name: str) -> str:
    """The text of ``graphql/<name>.graphql``."""
    return (GRAPHQL_DIR / f"{name}.graphql").read_text(encoding="utf-8")


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
