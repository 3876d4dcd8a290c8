"""A realistic news corpus of any size, deterministic from a seed, written from our own material.

Every article is recombined from the hand-written per-language articles in ``tests/corpus/<lang>/``
(written for this project): their body paragraphs are shuffled and re-filled — each annotated date
(from the folder's ``gold.json``) becomes a fresh date in another form (CLDR long and full forms via
Babel, day-month without a year, numeric ``d/M`` in the locale's order, ISO), each number outside a
date becomes another quantity in the locale's notation (``1.234.567`` / ``1 234 567`` / ``1,234,567``),
and each gazetteer name becomes another spelling of the same entity (or another entity of its kind).
Relative expressions, weekdays and anchored durations ("over the past five years") stay as written
and resolve against each article's own publication date. Page chrome is added around the body: a
header with the crawl date, a breadcrumb, a related-articles list with dates, a donation banner and
a copyright footer. Each article is 2–6 KB of UTF-8.

Output is JSONL in the ingest format (``text``, ``source``, ``url``, ``outlet``, ``published_at``,
``language``), streamed: one article is in memory at a time.

    python -m benchmarks.corpus 1000 --seed 7 --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "tests" / "corpus"
LANGUAGES = ["vi", "id", "ar", "uk", "en", "ru", "ko", "ja", "zh", "de", "fr", "es", "it", "pt"]
CJK = {"ja", "zh", "ko"}
MIN_BYTES, MAX_BYTES = 2048, 6144
FIRST_DAY, DAYS = date(2019, 1, 1), 6 * 365

# Our own page chrome, per language: (related-articles heading, donation banner, footer cue).
# Each contains a chrome cue of timeline/extract/languages/<lang>.json so the extractor can tell.
CHROME: dict[str, tuple[str, str, str]] = {
    "en": ("Related articles", "Support us: donate to keep this newsroom independent", "All rights reserved"),
    "vi": ("Tin liên quan", "Ủng hộ tòa soạn độc lập của chúng tôi", "Giữ bản quyền"),
    "id": ("Berita terkait", "Dukung jurnalisme independen kami", "Hak cipta dilindungi undang-undang"),
    "ar": ("أخبار ذات صلة", "ادعمنا: تبرع لدعم الصحافة المستقلة", "جميع الحقوق محفوظة"),
    "uk": ("Читайте також", "Підтримати редакцію: ваша підтримка важлива", "Усі права захищені"),
    "ru": ("Материалы по теме", "Поддержите нас: ваша поддержка важна", "Все права защищены"),
    "ko": ("관련기사", "독립 언론을 후원하기", "무단전재 및 재배포 금지"),
    "ja": ("関連記事", "独立した報道のために寄付をお願いします", "無断転載を禁じます"),
    "zh": ("相关新闻", "支持我们：捐款支持独立新闻", "版权所有"),
    "de": ("Mehr zum Thema", "Unterstützen Sie uns: jetzt spenden", "Alle Rechte vorbehalten"),
    "fr": ("Sur le même sujet", "Soutenez-nous : faire un don", "Tous droits réservés"),
    "es": ("Noticias relacionadas", "Apóyanos: dona para un periodismo independiente", "Todos los derechos reservados"),
    "it": ("Articoli correlati", "Sostienici: dona per un giornalismo indipendente", "Tutti i diritti riservati"),
    "pt": ("Notícias relacionadas", "Apoie o jornalismo independente: doe", "Todos os direitos reservados"),
}
# Invented outlets (two per language) and their domains.
OUTLETS: dict[str, list[str]] = {
    "en": ["Harbour Ledger", "Northern Dispatch"],
    "vi": ["Báo Sông Hồng", "Tin Phương Nam"],
    "id": ["Warta Nusantara", "Kabar Selat"],
    "ar": ["صحيفة الأفق", "بوابة المشرق"],
    "uk": ["Вісник Дніпра", "Полтавський кур'єр"],
    "ru": ["Волжский вестник", "Северная газета"],
    "ko": ["한강일보", "동해신문"],
    "ja": ["湾岸新報", "北海タイムズ"],
    "zh": ["江南日报", "海峡时报"],
    "de": ["Rheinischer Bote", "Nordkurier am Abend"],
    "fr": ["Le Courrier du Rhône", "La Gazette d'Armor"],
    "es": ["El Heraldo del Sur", "Diario de la Costa"],
    "it": ["Il Corriere del Lago", "La Voce di Levante"],
    "pt": ["Jornal do Atlântico", "Folha da Serra"],
}

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")


@dataclass(frozen=True, slots=True)
class Slot:
    """A span of a paragraph to re-fill: a date, a quantity or an entity name."""

    start: int
    end: int
    kind: str  # "date" | "number" | "entity"
    value: str  # the original text (numbers) or the entity id (entities)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A hand-written paragraph with its slots (sorted, non-overlapping)."""

    text: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class Material:
    """Everything the generator draws on for one language."""

    language: str
    titles: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]
    breadcrumbs: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]  # entity id -> spellings in this language
    kinds: dict[str, tuple[str, ...]]  # entity kind -> entity ids with spellings in this language
    date_order: str


def _entity_names(language: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, str]]:
    """Spellings per entity of the bundled gazetteer in one language, ids per kind, and entity of each spelling."""
    raw = json.loads((ROOT / "timeline" / "data" / "gazetteer.json").read_text(encoding="utf-8"))
    aliases: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for rec in raw["entities"]:
        names = tuple(dict.fromkeys(n for n in rec.get("aliases", {}).get(language, []) if len(n) >= 2))
        if not names:
            continue
        aliases[rec["id"]] = names
        kinds.setdefault(rec.get("kind", "unknown"), []).append(rec["id"])
        for n in names:
            owner.setdefault(n, rec["id"])
    return aliases, {k: tuple(v) for k, v in kinds.items()}, owner


def _find_slots(text: str, dates: list[str], owner: dict[str, str], cased: bool) -> tuple[Slot, ...]:
    """The slots of one paragraph: annotated dates first, then entity names, then other numbers."""
    taken: list[tuple[int, int]] = []
    slots: list[Slot] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int, kind: str, value: str) -> None:
        if free(s, e):
            taken.append((s, e))
            slots.append(Slot(s, e, kind, value))

    for d in dates:
        for m in re.finditer(re.escape(d), text):
            add(m.start(), m.end(), "date", d)
    for name in sorted(owner, key=len, reverse=True):
        bound = r"(?<!\w)" if cased else ""
        for m in re.finditer(bound + re.escape(name) + (r"(?!\w)" if cased else ""), text):
            add(m.start(), m.end(), "entity", owner[name])
    for m in _NUMBER.finditer(text):
        s, e, digits = m.start(), m.end(), m.group()
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        is_year = len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100
        if is_year or before.isalpha() or before in "-/:" or after in "/:" or (after.isalpha() and after.isascii()):
            continue
        add(s, e, "number", digits.strip())
    return tuple(sorted(slots, key=lambda x: x.start))


@cache
def material(language: str) -> Material:
    """Load and slot the hand-written articles of one language (cached)."""
    folder = CORPUS_DIR / language
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    supplement = json.loads(
        (ROOT / "timeline" / "extract" / "languages" / f"{language}.json").read_text(encoding="utf-8")
    )
    cues = [c.casefold() for c in supplement.get("boilerplate_cues", [])]
    aliases, kinds, owner = _entity_names(language)
    short = 12 if language in CJK else 40
    titles: list[Paragraph] = []
    body: list[Paragraph] = []
    crumbs: list[str] = []
    for ga in gold["articles"]:
        text = (folder / ga["file"]).read_text(encoding="utf-8")
        chrome = set(ga.get("boilerplate", []))
        dates = [
            t["text"]
            for t in ga.get("timexes", [])
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(t.get("value"))) and re.search(r"\d", t["text"])
        ]
        seen_title = False
        for line in (x.strip() for x in text.splitlines()):
            if not line:
                continue
            folded = line.casefold()
            if line in chrome:
                if not re.search(r"\d", line) and re.search(r"[›>＞»|/]", line):
                    crumbs.append(line)
                continue
            if len(line) < short * 2 and any(c in folded for c in cues):
                break  # the related-articles list and everything after it
            if len(line) < short:
                continue
            para = Paragraph(line, _find_slots(line, dates, owner, language not in CJK))
            if not seen_title:
                titles.append(para)
                seen_title = True
            else:
                body.append(para)
    return Material(
        language, tuple(titles), tuple(body), tuple(crumbs), aliases, kinds, supplement.get("date_order", "DMY")
    )


def _date_text(rng: random.Random, d: date, m: Material) -> str:
    """One date in a form the extractor reads: long, full, day-month, numeric d/M or d/M/yyyy, ISO."""
    lang = m.language
    form = rng.choices(["long", "full", "daymonth", "numeric", "numeric_year", "iso"], [5, 1, 3, 2, 1, 1])[0]
    if form in ("numeric", "numeric_year") and lang not in CJK:
        first, second = (d.month, d.day) if m.date_order.startswith("M") else (d.day, d.month)
        sep = "." if lang == "de" else "/"
        core = f"{first}{sep}{second}"
        return f"{core}{sep}{d.year}" if form == "numeric_year" else core + ("." if lang == "de" else "")
    if form == "iso":
        return d.isoformat()
    if form == "daymonth" or form.startswith("numeric"):
        return format_skeleton("MMMMd", d, locale=lang)
    return format_date(d, "full" if form == "full" else "long", locale=lang)


def _number_text(rng: random.Random, original: str, lang: str) -> str:
    """Another quantity of about the same size, written in the locale's notation."""
    groups = re.split(r"[.,\u00a0\u202f ]", original)
    decimal = len(groups) > 1 and len(groups[-1]) != 3
    whole = int("".join(groups[:-1] if decimal else groups) or "0")
    value = max(1, int(whole * rng.uniform(0.5, 2.0)) if whole > 2 else rng.randint(2, 12))
    if decimal:
        return format_decimal(value + rng.randint(1, 9) / 10, locale=lang, numbering_system="latn")
    return format_decimal(value, locale=lang, numbering_system="latn")


def _fill(rng: random.Random, p: Paragraph, m: Material, published: date) -> str:
    out: list[str] = []
    cursor = 0
    for s in p.slots:
        out.append(p.text[cursor : s.start])
        if s.kind == "date":
            out.append(_date_text(rng, published - timedelta(days=rng.randint(0, 45)), m))
        elif s.kind == "number":
            out.append(_number_text(rng, s.value, m.language))
        else:
            entity = s.value
            if rng.random() < 0.25:  # another entity of the same kind
                kind = next((k for k, ids in m.kinds.items() if entity in ids), None)
                if kind is not None:
                    entity = rng.choice(m.kinds[kind])
            out.append(rng.choice(m.aliases[entity]))
        cursor = s.end
    out.append(p.text[cursor:])
    return "".join(out)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def article(seed: int, index: int) -> dict[str, Any]:
    """Article number ``index`` of the corpus of ``seed`` (independent of every other article)."""
    rng = random.Random(f"{seed}:{index}")
    lang = LANGUAGES[index % len(LANGUAGES)]
    m = material(lang)
    related, banner, footer = CHROME[lang]
    outlet = rng.choice(OUTLETS[lang])
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    crawled = published + timedelta(days=rng.randint(1, 400))
    target = rng.randint(MIN_BYTES + 300, MAX_BYTES - 300)

    head = [format_date(crawled, "full", locale=lang)]
    if m.breadcrumbs:
        head.append(rng.choice(m.breadcrumbs))
    title = _fill(rng, rng.choice(m.titles), m, published)
    tail = [related]
    for _ in range(rng.randint(2, 4)):
        tail.append(_fill(rng, rng.choice(m.titles), m, published)[:90])
        tail.append(format_date(crawled - timedelta(days=rng.randint(0, 30)), "medium", locale=lang))
    tail += [banner, f"© {crawled.year} {outlet} · {footer} · {seed}-{index}"]

    used = _size("\n".join([*head, title, *tail])) + 2
    body: list[str] = []
    order = list(m.body)
    rng.shuffle(order)
    while used < target:
        if not order:
            order = list(m.body)
            rng.shuffle(order)
        para = _fill(rng, order.pop(), m, published)
        size = _size(para) + 1
        if used + size > MAX_BYTES - 64 and used >= MIN_BYTES:
            break
        body.append(para)
        used += size
    text = "\n".join([*head, "", title, "", *body, "", *tail])
    slug = f"{published:%Y/%m}/{seed}-{index}"
    domain = re.sub(r"[^a-z]", "", outlet.lower().encode("ascii", "ignore").decode()) or f"outlet{lang}"
    return {
        "text": text,
        "source": f"bench:{seed}:{index}",
        "url": f"https://{domain}.example/{lang}/{slug}",
        "outlet": outlet,
        "published_at": published.isoformat(),
        "language": lang,
    }


def articles(n: int, seed: int = 0, start: int = 0) -> Iterator[dict[str, Any]]:
    """Articles ``start`` … ``start + n - 1`` of the corpus of ``seed``, one at a time."""
    for i in range(start, start + n):
        yield article(seed, i)


def write(n: int, seed: int, out: TextIO, start: int = 0) -> int:
    """Write ``n`` articles as JSONL to ``out``; returns the bytes of text written."""
    total = 0
    for rec in articles(n, seed, start):
        line = json.dumps(rec, ensure_ascii=False)
        out.write(line + "\n")
        total += len(line)
    return total


def write_file(path: str | Path, n: int, seed: int = 0, start: int = 0) -> Path:
    """Write ``n`` articles of the corpus of ``seed`` to a JSONL file."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        write(n, seed, fh, start)
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.corpus N [--seed S] [--out FILE]``."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0])
    p.add_argument("n", type=int, help="number of articles")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start", type=int, default=0, help="index of the first article (to extend a corpus)")
    p.add_argument("--out", "-o", default="-", help="JSONL file (default: stdout)")
    args = p.parse_args(argv)
    if args.out == "-":
        write(args.n, args.seed, sys.stdout, args.start)
    else:
        write_file(args.out, args.n, args.seed, args.start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
