"""Scoring extraction output against hand-made annotations (the gold format of shared/gold/seeds.json).

Pure functions: the export (``Timeline.export()``), the gold annotations and the article texts in,
figures and a list of misses out. The metrics follow the reference scorer's definitions:

- time expressions: recall over gold occurrences (optional ones skipped), value accuracy at the
  gold's precision, precision over predictions (a prediction overlapping a gold occurrence counts),
  false dates (predictions overlapping ``not_dates`` or ``boilerplate`` strings);
- claims: a gold claim is found when a predicted claim overlaps at least half of its ``contains``
  span; then claimant, about and event time are checked on the found claims;
- boilerplate leaks: predicted claims overlapping boilerplate strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s or "").casefold()).strip()


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while needle and i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _period(value: str) -> tuple[str, str]:
    """[first day, day after the last day) of a YYYY, YYYY-MM or YYYY-MM-DD value."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1).isoformat(), date(parts[0] + 1, 1, 1).isoformat()
    if len(parts) == 2:
        y, m = parts
        return date(y, m, 1).isoformat(), date(y + m // 12, m % 12 + 1, 1).isoformat()
    d = date(*parts)
    return d.isoformat(), (d + timedelta(days=1)).isoformat()


def _day_before(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def _prefix(pred: str | None, gold: str) -> bool:
    return bool(pred) and str(pred)[: len(gold)] == gold


def timex_value_ok(start: str | None, end: str | None, gold: dict[str, Any]) -> bool:
    """Predicted [start, end) against a gold timex (point value or anchored interval)."""
    if gold.get("interval"):
        gs, ge = gold["interval"]
        return _prefix(start, gs) and _prefix(end, ge)
    value = gold.get("value") or ""
    if not value or value.startswith("P") or not start or not end:
        return False
    first, after = _period(value)
    return start[:10] == first and end[:10] in (after, _day_before(after))


def event_ok(start: str | None, end: str | None, gs: str, ge: str) -> bool:
    """Predicted event interval against the gold one (month precision by prefix, days exactly)."""
    if len(gs) < 10 or len(ge) < 10:
        return _prefix(start, gs) and _prefix(end, ge)
    return bool(start and end) and start[:10] == gs and end[:10] in (ge, _day_before(ge))


def _names(gold: dict[str, Any], keys: list[str]) -> list[str]:
    out = []
    for k in keys:
        e = gold.get("entities", {}).get(k, {})
        out += [k, e.get("name", ""), *e.get("seen_as", [])]
    return [_norm(n) for n in out if n]


def names_match(pred: dict[str, Any] | None, names: list[str]) -> bool:
    """An entity (id/name/aliases) matches any of the gold names, allowing containment of 4+ chars."""
    if not pred:
        return False
    candidates = [_norm(pred.get("name")), _norm(pred.get("id")), *(_norm(a) for a in pred.get("aliases") or [])]
    for c in filter(None, candidates):
        for n in filter(None, names):
            if n == c or (len(n) >= 4 and n in c) or (len(c) >= 4 and c in n):
                return True
    return False


@dataclass
class Score:
    """Counts, figures and the list of what was missed."""

    counts: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def _ratio(self, a: str, b: str) -> float | None:
        return round(self.counts[a] / self.counts[b], 3) if self.counts[b] else None

    @property
    def figures(self) -> dict[str, float | int | None]:
        """The headline figures, named as the reference scorer names them."""
        return {
            "timex_recall": self._ratio("timex_found", "timex_gold"),
            "timex_precision": self._ratio("timex_pred_ok", "timex_pred"),
            "timex_value_accuracy": self._ratio("timex_value_ok", "timex_gold"),
            "false_dates": self.counts["false_dates"],
            "claim_recall": self._ratio("claim_found", "claim_gold"),
            "claimant_accuracy": self._ratio("claimant_ok", "claim_gold"),
            "about_accuracy": self._ratio("about_ok", "claim_gold"),
            "event_time_accuracy": self._ratio("event_ok", "event_gold"),
            "boilerplate_leaks": self.counts["boilerplate_leaks"],
            "articles_missing": self.counts["articles_missing"],
        }


_COUNTERS = (
    "timex_gold",
    "timex_found",
    "timex_value_ok",
    "timex_pred",
    "timex_pred_ok",
    "false_dates",
    "claim_gold",
    "claim_found",
    "claimant_ok",
    "about_ok",
    "event_gold",
    "event_ok",
    "boilerplate_leaks",
    "articles_missing",
)


def score(gold: dict[str, Any], export: dict[str, Any], texts: dict[str, str]) -> Score:
    """Score ``export`` against ``gold``; ``texts`` maps each gold file name to its text."""
    result = Score(counts=dict.fromkeys(_COUNTERS, 0))
    c = result.counts
    by_file = {str(a.get("source") or a.get("url") or "").rsplit("/", 1)[-1]: a for a in export.get("articles", [])}
    for ga in gold.get("articles", []):
        name = ga["file"]
        text = texts[name]
        pa = by_file.get(name)
        if pa is None:
            c["articles_missing"] += 1
            result.misses.append(f"{name}: article missing from export")
            pa = {}
        _score_timexes(ga, pa, text, result)
        _score_claims(gold, ga, pa, text, result)
    return result


def _score_timexes(ga: dict[str, Any], pa: dict[str, Any], text: str, result: Score) -> None:
    c, name = result.counts, ga["file"]
    preds = pa.get("time_expressions") or []
    gold_spans = [(occ, t) for t in ga.get("timexes", []) for occ in _occurrences(text, t["text"])]
    bad = [o for s in ga.get("not_dates", []) + ga.get("boilerplate", []) for o in _occurrences(text, s)]
    for occ, t in gold_spans:
        if t.get("optional"):
            continue
        c["timex_gold"] += 1
        hits = [p for p in preds if _overlap((p.get("start", -1), p.get("end", -1)), occ) > 0]
        if not hits:
            result.misses.append(f"{name}: timex {t['text']!r} not found")
            continue
        c["timex_found"] += 1
        if any(timex_value_ok(p.get("value_start"), p.get("value_end"), t) for p in hits):
            c["timex_value_ok"] += 1
        else:
            got = [(p.get("value_start"), p.get("value_end")) for p in hits]
            result.misses.append(f"{name}: timex {t['text']!r} value {got} != {t.get('interval') or t.get('value')}")
    for p in preds:
        span = (p.get("start", -1), p.get("end", -1))
        c["timex_pred"] += 1
        if any(_overlap(span, o) > 0 for o in bad):
            c["false_dates"] += 1
            result.misses.append(f"{name}: false date {text[span[0] : span[1]]!r}")
        elif any(_overlap(span, occ) > 0 for occ, _ in gold_spans):
            c["timex_pred_ok"] += 1
        else:
            result.misses.append(f"{name}: unexpected timex {text[span[0] : span[1]]!r}")


def _score_claims(gold: dict[str, Any], ga: dict[str, Any], pa: dict[str, Any], text: str, result: Score) -> None:
    c, name = result.counts, ga["file"]
    claims = pa.get("claims") or []
    boiler = [o for s in ga.get("boilerplate", []) for o in _occurrences(text, s)]
    for p in claims:
        if any(_overlap((p.get("start", -1), p.get("end", -1)), o) > 0 for o in boiler):
            c["boilerplate_leaks"] += 1
            result.misses.append(f"{name}: claim from page chrome: {text[p['start'] : p['end']][:60]!r}")
    for gc in ga.get("claims", []):
        c["claim_gold"] += 1
        occs = _occurrences(text, gc["contains"])
        if not occs:
            result.misses.append(f"{gc['id']}: 'contains' text not in {name}")
            continue
        occ = occs[0]
        need = max(1, (occ[1] - occ[0]) // 2)
        hits = [p for p in claims if _overlap((p.get("start", -1), p.get("end", -1)), occ) >= need]
        if not hits:
            result.misses.append(f"{gc['id']}: claim not found ({gc['contains']!r})")
            continue
        c["claim_found"] += 1
        if any(names_match(p.get("claimant"), _names(gold, gc["claimant"])) for p in hits):
            c["claimant_ok"] += 1
        else:
            got = [(p.get("claimant") or {}).get("name") for p in hits]
            result.misses.append(f"{gc['id']}: claimant {got} not in {gc['claimant']}")
        if all(
            any(names_match(e, _names(gold, [k])) for p in hits for e in p.get("entities") or [])
            for k in gc.get("about", [])
        ):
            c["about_ok"] += 1
        else:
            got = [[e.get("name") for e in p.get("entities") or []] for p in hits]
            result.misses.append(f"{gc['id']}: entities {got} miss {gc['about']}")
        if gc.get("event"):
            c["event_gold"] += 1
            gs, ge = gc["event"]
            if any(event_ok(p.get("event_start"), p.get("event_end"), gs, ge) for p in hits):
                c["event_ok"] += 1
            else:
                got = [(p.get("event_start"), p.get("event_end")) for p in hits]
                result.misses.append(f"{gc['id']}: event time {got} != {gc['event']}")
