"""The ``timeline`` command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from timeline import __version__
from timeline.errors import TimelineError

HEADLINE = {"about": "Tumangang", "before": "2023-10-06"}
EXIT_OK, EXIT_REJECTED, EXIT_ERROR = 0, 1, 2


def fixtures_dir() -> Path:
    """The bundled seed articles: inside the installed package, else next to it in a source checkout."""
    packaged = Path(str(resources.files("timeline"))) / "_fixtures" / "seeds"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
    if checkout.is_dir():
        return checkout
    raise TimelineError("the bundled fixtures are missing from this installation; pass article paths instead")


def _open(args: argparse.Namespace, read_only: bool = False) -> Any:
    import timeline

    return timeline.open(args.db, read_only=read_only)


def _count_inputs(paths: Sequence[str]) -> int | None:
    from timeline.ingest.readers import SUFFIXES

    total = 0
    for p in map(Path, paths):
        if p.is_dir():
            total += sum(
                1 for c in p.rglob("*") if c.is_file() and c.suffix.lower() in SUFFIXES and c.suffix.lower() != ".jsonl"
            )
            if any(p.rglob("*.jsonl")):
                return None
        elif p.suffix.lower() == ".jsonl":
            return None
        else:
            total += 1
    return total


def _ingest(tl: Any, paths: Sequence[str], quiet: bool = False, workers: int = 1) -> int:
    from tqdm import tqdm

    total = _count_inputs(paths)
    show = not quiet and (total is None or total > 3)
    with tqdm(total=total, unit="article", desc="ingest", disable=None if show else True, file=sys.stderr) as bar:
        summary = tl.ingest_paths(paths, on_item=lambda _source, _outcome: bar.update(1), workers=workers)
    if not quiet:
        print(
            f"{summary.new} new, {summary.present} already present, {len(summary.rejected)} rejected "
            f"({summary.claims} claims extracted)"
        )
    for r in summary.rejected:
        print(f"rejected: {r.source}: {r.reason}", file=sys.stderr)
    return EXIT_REJECTED if summary.rejected else EXIT_OK


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def cmd_ingest(args: argparse.Namespace) -> int:
    with _open_for_ingest(args) as tl:
        if args.events:
            return _restore(tl, args.paths)
        from timeline.ingest.parallel import default_workers

        return _ingest(tl, args.paths, args.quiet, args.workers or default_workers())


def _open_for_ingest(args: argparse.Namespace) -> Any:
    """The database; or, when `timeline serve` holds it, the server (the articles then go through it)."""
    import os

    from timeline.app import default_db_path
    from timeline.errors import StoreLockedError
    from timeline.ingest.remote import RemoteTimeline, find_server

    try:
        return _open(args)
    except StoreLockedError as exc:
        db = args.db or default_db_path()
        url = None if args.events else find_server(db)
        if url is None:
            raise TimelineError(
                f"{exc} To ingest while `timeline serve` runs, start the server with TIMELINE_TOKEN set and run "
                "`timeline ingest` with the same TIMELINE_TOKEN: the articles then go through the server."
            ) from None
        token = os.environ.get("TIMELINE_TOKEN") or None
        if not token:
            raise TimelineError(
                f"{db} is held by `timeline serve` at {url}: set TIMELINE_TOKEN to that server's token and run "
                "the same command again to ingest through it (or stop the server)"
            ) from None
        if not args.quiet:
            print(f"{db} is held by `timeline serve` at {url}: sending the articles through it", file=sys.stderr)
        return RemoteTimeline(url, token)


def _restore(tl: Any, paths: Sequence[str]) -> int:
    if tl.db.rows("SELECT count(*) FROM events")[0][0]:
        raise TimelineError(f"{tl.db.path} is not empty: restore an event log into a new database file")

    def records() -> Any:
        for path in paths:
            try:
                with open(path, encoding="utf-8") as fh:
                    for number, line in enumerate(fh, start=1):
                        if line.strip():
                            try:
                                yield json.loads(line)
                            except ValueError:
                                raise TimelineError(f"{path}:{number}: not valid JSON") from None
            except OSError as exc:
                raise TimelineError(f"{path}: {exc.strerror}") from None

    count = tl.import_events(records())
    print(f"restored {count} events; projections rebuilt")
    return EXIT_OK


def _date(d: Any) -> str:
    return d.isoformat() if d is not None else "—"


def _when(row: dict[str, Any]) -> str:
    if row.get("event_start") is not None:
        expr = f" ({row['event_expression']})" if row.get("event_expression") else ""
        end = row["event_end"]
        span = _date(row["event_start"])
        if end is not None and (end - row["event_start"]).days > 1:
            span = f"{_date(row['event_start'])}…{_date(end)}"
        return span + expr
    return f"stated {_date(row.get('stated_start'))}"


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=max(8, width)) or [""]


def print_claims(frame: Any, as_json: bool) -> None:
    """Print claims as a readable table (or JSON lines)."""
    rows = frame.to_dicts()
    if as_json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, default=str))
        return
    if not rows:
        print("no claims match")
        return
    total = max(80, shutil.get_terminal_size((120, 20)).columns)
    widths = [24, 20, 16]
    widths.append(total - sum(widths) - 3 * len(widths))
    header = ["when", "claimant", "outlet", "claim (source [span])"]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        source = r.get("url") or r.get("source") or ""
        cells = [
            _wrap(_when(r), widths[0]),
            _wrap(r.get("claimant") or "(unattributed)", widths[1]),
            _wrap(r.get("outlet") or "—", widths[2]),
            _wrap(r["text"], widths[3])
            + _wrap(f"about: {', '.join(r.get('entities') or []) or '—'}", widths[3])
            + _wrap(f"{source} [{r['start_offset']}:{r['end_offset']}]", widths[3]),
        ]
        for i in range(max(len(c) for c in cells)):
            print(" | ".join((c[i] if i < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)))
        print("-+-".join("-" * w for w in widths))
    print(f"{len(rows)} claim(s)")


def cmd_claims(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as tl:
        frame = tl.claims(about=args.about, before=args.before, after=args.after, by=args.by, language=args.language)
        print_claims(frame, args.json)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    folder = fixtures_dir()
    with contextlib.suppress(ValueError):  # sources read better relative to where the user is
        folder = folder.relative_to(Path.cwd())
    with _open(args) as tl:
        print(f"Ingesting the bundled seed articles from {folder} into {tl.db.path}")
        status = _ingest(tl, [str(folder)])
        print()
        print(f"What was claimed about {HEADLINE['about']} before {HEADLINE['before']}, and by whom?")
        print()
        print_claims(tl.claims(**HEADLINE), as_json=False)
    return status


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {k: getattr(args, k) for k in ("about", "before", "after", "by", "language") if getattr(args, k, None)}


def _write(text: str, out: str | None, what: str) -> None:
    if out in (None, "-"):
        print(text)
    else:
        Path(out).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {what} to {out}", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as tl:
        if args.format == "json":
            data = tl.export()
            _write(json.dumps(data, ensure_ascii=False, indent=1), args.out, f"{len(data['articles'])} articles")
        elif args.format in ("timelinejs", "vis"):
            feed = tl.feed(args.format, **_filters(args))
            count = len(feed.get("events", feed.get("items", [])))
            _write(json.dumps(feed, ensure_ascii=False, indent=1, default=str), args.out, f"{count} claims")
        elif args.format == "jsonl":
            lines = (json.dumps(e, ensure_ascii=False) for e in tl.export_events())
            _write("\n".join(lines), args.out, "the event log")
        else:  # parquet, csv
            if not args.out:
                raise TimelineError(f"--format {args.format} needs --out FILE")
            frame = tl.claims(**_filters(args))
            if args.format == "parquet":
                frame.write_parquet(args.out)
            else:
                import polars as pl

                frame.with_columns(pl.col("entities").list.join("; ")).write_csv(args.out)
            print(f"wrote {frame.height} claims to {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_plot(args: argparse.Namespace) -> int:
    from timeline.plot import plot_claims

    with _open(args, read_only=True) as tl:
        rows = tl.claims(**_filters(args)).to_dicts()
    title = f"Claims about {args.about}" if args.about else "Claims"
    count = plot_claims(rows, args.out, title)
    print(f"wrote {count} claims to {args.out}")
    return EXIT_OK


def cmd_reextract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    with _open(args) as tl:
        total = tl.db.rows("SELECT count(*) FROM articles")[0][0] if not args.article else len(args.article)
        with tqdm(total=total, unit="article", desc="re-extract", disable=None, file=sys.stderr) as bar:
            summary = tl.reextract(args.article or None, on_item=lambda _s, _o: bar.update(1))
    print(f"{summary.reextracted} re-extracted, {summary.unchanged} unchanged")
    for missing in summary.missing:
        print(f"no article with id {missing}", file=sys.stderr)
    return EXIT_REJECTED if summary.missing else EXIT_OK


def cmd_rebuild(args: argparse.Namespace) -> int:
    with _open(args) as tl:
        position = tl.rebuild()
    print(f"projections rebuilt from the log up to position {position}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as tl:
        count = tl.verify()
    print(f"ok: {count} events, hash chain intact")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from timeline.api.limits import Limits
    from timeline.api.server import create_app
    from timeline.ingest.remote import remove_sidecar, write_sidecar

    origins = args.cors_origin or [o for o in os.environ.get("TIMELINE_CORS_ORIGINS", "").split(",") if o.strip()]
    limits = Limits(time_limit=args.time_limit if args.time_limit > 0 else None)
    tl = _open(args)
    local_host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    url = f"http://{local_host}:{args.port}"
    print(f"serving {tl.db.path} — GraphQL and GraphiQL at http://{args.host}:{args.port}/graphql", file=sys.stderr)
    app = create_app(
        tl,
        limits=limits,
        cors_origins=[o.strip() for o in origins],
        on_start=lambda: write_sidecar(tl.db.path, url),
        on_stop=lambda: remove_sidecar(tl.db.path),
        response_cache=max(0, args.response_cache),
    )
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    finally:
        remove_sidecar(tl.db.path)
        tl.close()
    return EXIT_OK


def cmd_sql(args: argparse.Namespace) -> int:
    import polars as pl

    with _open(args, read_only=True) as tl:
        frame = tl.sql(args.query)
    with pl.Config(tbl_rows=args.limit, fmt_str_lengths=80, tbl_width_chars=shutil.get_terminal_size().columns):
        print(frame)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from timeline.api.schema import sdl
    from timeline.store.database import schema_sql

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "timeline.graphql").write_text(sdl(), encoding="utf-8")
    (out / "timeline.sql").write_text(schema_sql(), encoding="utf-8")
    print(f"wrote {out / 'timeline.graphql'} and {out / 'timeline.sql'}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from timeline.app import evaluate

    result = evaluate(args.gold, args.texts, args.db if args.use_db else None)
    base = evaluate(args.gold, args.texts, baseline=True) if args.baseline else None
    if args.json:
        out = {"figures": result.figures, "counts": result.counts}
        if base is not None:
            out["baseline"] = base.figures
        print(json.dumps(out, ensure_ascii=False))
        return EXIT_OK
    if base is not None:
        print(f"{'figure':24} {'timeline':>10} {'search_dates':>13}")
        for key, value in result.figures.items():
            theirs = base.figures[key] if key.startswith(("timex", "false")) else "—"
            print(f"{key:24} {value!s:>10} {theirs!s:>13}")
        return EXIT_OK
    for key, value in result.figures.items():
        print(f"{key:24} {value}")
    if args.misses:
        print("\n".join(result.misses))
    else:
        print(f"({len(result.misses)} misses; --misses lists them)")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    p = argparse.ArgumentParser(prog="timeline", description="Who claimed what, about whom, and when.")
    p.add_argument("--version", action="version", version=f"timeline {__version__}")
    p.add_argument("--db", default=None, help="database file (default: $TIMELINE_DB or ./timeline.duckdb)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("ingest", help="ingest .txt, .html and .jsonl files or directories")
    s.add_argument("paths", nargs="+")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    s.add_argument(
        "--events", action="store_true", help="the paths are event logs (`export --format jsonl`) to restore"
    )
    s.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        help="processes extracting articles (default: one per CPU core; a few articles use one)",
    )
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("claims", help="what was claimed about X before D, and by whom")
    s.add_argument("--about", help="entity name or alias in any script, or id")
    s.add_argument("--before", help="event time (else stated time) starts before this ISO date")
    s.add_argument("--after", help="event time (else stated time) ends after this ISO date")
    s.add_argument("--by", help="claimant name or id")
    s.add_argument("--language", help="ISO 639-1 code")
    s.add_argument("--json", action="store_true", help="one JSON object per line")
    s.set_defaults(func=cmd_claims)

    s = sub.add_parser("demo", help="ingest the bundled fixtures and answer the headline question")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("export", help="export claims, feeds or the raw event log")
    s.add_argument(
        "--format",
        choices=["json", "timelinejs", "vis", "parquet", "csv", "jsonl"],
        default="json",
        help="json: the scoring contract; timelinejs/vis: timeline feeds; parquet/csv: claims with entities "
        "and sources; jsonl: the raw event log (a backup for `timeline ingest --events`)",
    )
    s.add_argument("--out", "-o", help="output file (default: stdout; required for parquet and csv)")
    for flag in ("about", "before", "after", "by", "language"):
        s.add_argument(f"--{flag}", help=f"only claims matching {flag} (feeds, parquet and csv)")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("plot", help="draw the claims on a timeline to a PNG or SVG file")
    s.add_argument("--out", "-o", required=True, help="timeline.png or timeline.svg")
    for flag in ("about", "before", "after", "by", "language"):
        s.add_argument(f"--{flag}", help=f"only claims matching {flag}")
    s.set_defaults(func=cmd_plot)

    s = sub.add_parser("reextract", help="run the current extractor again over stored articles")
    s.add_argument("--article", action="append", help="an article id (repeatable; default: all)")
    s.set_defaults(func=cmd_reextract)

    s = sub.add_parser("rebuild", help="rebuild every projection from the event log")
    s.set_defaults(func=cmd_rebuild)

    s = sub.add_parser("verify", help="verify the event log's hash chain")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("eval", help="score the pipeline against annotations in the gold format")
    s.add_argument("gold", help="annotations (the format of shared/gold/seeds.json)")
    s.add_argument("--texts", required=True, help="directory holding the annotated files")
    s.add_argument("--use-db", action="store_true", help="score the articles in --db instead of ingesting afresh")
    s.add_argument("--json", action="store_true", help="print figures and counts as JSON")
    s.add_argument("--misses", action="store_true", help="list every miss")
    s.add_argument("--baseline", action="store_true", help="also score dateparser.search_dates, side by side")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("serve", help="serve GraphQL (GraphiQL at /graphql)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    s.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="allow cross-origin requests from ORIGIN, e.g. https://example.org (repeatable; default: "
        "$TIMELINE_CORS_ORIGINS, comma-separated, else none)",
    )
    s.add_argument(
        "--time-limit", type=float, default=10.0, metavar="SECONDS", help="per-query time limit (0: none; default 10)"
    )
    s.add_argument(
        "--response-cache",
        type=int,
        default=512,
        metavar="N",
        help="keep up to N query results until the database next changes (0: none; default 512)",
    )
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("sql", help="run one read-only SQL query and print a table")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=50, help="rows to print")
    s.set_defaults(func=cmd_sql)

    s = sub.add_parser("schema", help="write the GraphQL SDL and DuckDB DDL (to ./schema by default)")
    s.add_argument("--out", default="schema")
    s.set_defaults(func=cmd_schema)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a subcommand; errors print one line and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TimelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
