"""Extraction output, dumped and compared: a guard for performance work that must not change results.

    python -m benchmarks.regression dump before.jsonl     # extract every text, one JSON line each
    python -m benchmarks.regression compare before.jsonl after.jsonl

The texts: corpus articles from several seeds (``benchmarks.corpus``), the seed articles in
``fixtures/seeds/`` with their metadata, and every ``tests/corpus/<lang>/*.txt`` with the language and
document date of its ``gold.json``; then all of them again with no language given, so language
identification runs too. Each line holds the text's label, the full ``Extraction.to_json()`` and the
unrounded language confidence, serialised canonically (sorted keys).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from benchmarks import corpus
from timeline.domain.model import ArticleInput
from timeline.ingest.readers import article_from_record, parse_date, read_inputs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
CORPUS_SEEDS = (3, 11, 29)
PER_SEED = 200


def texts() -> Iterator[tuple[str, ArticleInput]]:
    """Every (label, article) the regression covers, in a fixed order."""
    given: list[tuple[str, ArticleInput]] = []
    for seed in CORPUS_SEEDS:
        for i, record in enumerate(corpus.articles(PER_SEED, seed)):
            given.append((f"corpus/{seed}/{i}", article_from_record(record, record["source"])))
    for item in read_inputs([SEEDS]):
        if isinstance(item, ArticleInput):
            given.append((f"seeds/{Path(item.source).name}", item))
    for gold_path in sorted(corpus.CORPUS_DIR.glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        meta = {a["file"]: a for a in gold["articles"]}
        for path in sorted(gold_path.parent.glob("*.txt")):
            a = meta.get(path.name, {})
            art = ArticleInput(
                text=path.read_text(encoding="utf-8"),
                source=str(path.relative_to(ROOT)),
                outlet=a.get("outlet"),
                published_at=parse_date(a.get("dct")),
                language=a.get("language") or gold_path.parent.name,
            )
            given.append((f"tests/{gold_path.parent.name}/{path.name}", art))
    yield from given
    for label, art in given:
        yield f"{label}#nolang", replace(art, language=None)


def dump(out: Path) -> int:
    """Extract every text and write one canonical JSON line per text; returns how many."""
    from timeline.data import gazetteer_records
    from timeline.extract import Extractor

    ex = Extractor(gazetteer_records())
    n = 0
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for label, art in texts():
            result = ex.extract(art)
            line = {"label": label, "confidence": repr(result.language_confidence), "extraction": result.to_json()}
            f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    print(f"{n} texts extracted in {time.perf_counter() - start:.1f} s -> {out}")
    return n


def compare(a: Path, b: Path, show: int = 5) -> bool:
    """True when both dumps are byte-identical; otherwise print the first differing texts."""
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    if left == right:
        print(f"identical: {len(left)} texts")
        return True
    if len(left) != len(right):
        print(f"different lengths: {len(left)} vs {len(right)} texts")
    differ = [(x, y) for x, y in zip(left, right, strict=False) if x != y]
    print(f"{len(differ)} of {min(len(left), len(right))} texts differ")
    for x, y in differ[:show]:
        jx, jy = json.loads(x), json.loads(y)
        print(f"- {jx['label']}")
        for key in sorted(set(jx["extraction"]) | set(jy["extraction"])):
            if jx["extraction"].get(key) != jy["extraction"].get(key):
                print(f"    {key}: {json.dumps(jx['extraction'].get(key), ensure_ascii=False)[:300]}")
                print(f"    {' ' * len(key)}  {json.dumps(jy['extraction'].get(key), ensure_ascii=False)[:300]}")
        if jx["confidence"] != jy["confidence"]:
            print(f"    confidence: {jx['confidence']} vs {jy['confidence']}")
    return False


def main(argv: list[str] | None = None) -> int:
    """``dump FILE`` or ``compare A B``."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.regression", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="extract every text and write the results")
    d.add_argument("out", type=Path)
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = p.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out)
        return 0
    return 0 if compare(args.a, args.b) else 1


if __name__ == "__main__":
    sys.exit(main())
