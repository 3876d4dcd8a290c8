"""Bundled reference data: the gazetteer of domain entities, and countries from CLDR (Babel)."""

from __future__ import annotations

import gc
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from timeline.data.index_cache import cache_dir, cached
from timeline.extract.entities import Gazetteer, key_fingerprint, slug
from timeline.extract.lexicon import supported_languages
from timeline.extract.pipeline import share_gazetteer

_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"}
# CLDR's world regions that the press names ("Asia", "亚洲", "آسيا", "Southeast Asia"); regions whose
# short names collide with other words ("中非" is also "China–Africa") are left out
_REGIONS = [
    "002",
    "019",
    "142",
    "150",
    "009",
    "419",
    "005",
    "030",
    "035",
    "145",
    "151",
    "155",
    "039",
    "154",
    "034",
    "143",
    "015",
    "202",
    "013",
    "029",
    "011",
    "014",
    "018",
]


def _regions() -> list[dict[str, Any]]:
    from babel import Locale

    english = Locale.parse("en").territories
    records = []
    for code in _REGIONS:
        aliases: dict[str, list[str]] = {}
        for lang in supported_languages():
            try:
                name = Locale.parse(lang).territories.get(code)
            except Exception:
                continue
            if name:
                aliases.setdefault(lang, []).append(name)
        records.append({"id": slug(english[code]), "name": english[code], "kind": "place", "aliases": aliases})
    return records


def _countries() -> list[dict[str, Any]]:
    from babel import Locale

    english = Locale.parse("en").territories
    records: dict[str, dict[str, Any]] = {}
    for code, name in english.items():
        if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
            continue
        records[code] = {
            "id": slug(name),
            "name": name,
            "kind": "country",
            "country_code": code,
            "aliases": {"en": [name]},
        }
    for lang in supported_languages():
        try:
            names = Locale.parse(lang).territories
        except Exception:
            continue
        for code, rec in records.items():
            if code in names:
                rec["aliases"].setdefault(lang, []).append(names[code])
    return list(records.values())


@lru_cache(maxsize=1)
def gazetteer_records() -> tuple[dict[str, Any], ...]:
    """All bundled entity records (see :func:`_records`). Their gazetteer comes with them: every
    :class:`timeline.extract.Extractor` of these records uses it. Both are read from the per-user index
    cache (:mod:`timeline.data.index_cache`) when it holds this version's, else built and cached."""
    records, gazetteer = cached(cache_dir(), build_gazetteer)
    share_gazetteer(records, gazetteer)
    return records


def build_gazetteer() -> tuple[tuple[dict[str, Any], ...], Gazetteer]:
    """The records (:func:`_records`) and their gazetteer, built from the data files (with the cyclic
    garbage collector paused: tens of thousands of long-lived records would be scanned over and over)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        records = _records()
        return records, Gazetteer.from_records(records)
    finally:
        if enabled:
            gc.enable()


def _records() -> tuple[dict[str, Any], ...]:
    """All bundled entity records: CLDR countries (with ``country_aliases.json``) and regions, ``gazetteer.json``,
    ``regions.json``, then the cities of ``places.json`` and the ISO 3166-2 subdivisions of
    ``subdivisions.json`` that are not taken yet (a name two places share goes to the first: the curated
    one, else the most populous city, else the city before the region)."""
    countries = {r["country_code"]: r for r in _countries()}
    folder = resources.files("timeline.data")
    raw = json.loads((folder / "gazetteer.json").read_text(encoding="utf-8"))
    extra = json.loads((folder / "country_aliases.json").read_text(encoding="utf-8"))
    out = []
    for rec in extra.get("country_aliases", []):
        target = countries.get(rec["code"])
        if target is not None:
            for lang, names in rec["aliases"].items():
                target["aliases"].setdefault(lang, []).extend(names)
    out.extend(countries.values())
    out.extend(_regions())
    out.extend(raw.get("entities", []))
    out.extend(_regions_file({r["id"] for r in out}))
    taken_ids = {r["id"] for r in out}
    taken_names = {a for r in out for a in _all_names(r)}
    cities = _places(taken_ids, taken_names)
    out.extend(cities)
    taken_names.update(a for r in cities for a in r["aliases"])
    out.extend(_subdivisions(taken_ids, taken_names))
    return tuple(out)


def _regions_file(taken_ids: set[str]) -> list[dict[str, Any]]:
    """Regions and geographic features (``regions.json``: seas, straits, rivers, disputed territories,
    oblasts), minus those whose id the curated gazetteer already has."""
    folder = resources.files("timeline.data")
    rows = json.loads((folder / "regions.json").read_text(encoding="utf-8"))["entities"]
    out = []
    for row in rows:
        if row["id"] in taken_ids:
            continue  # the curated record wins
        taken_ids.add(row["id"])
        out.append(row)
    return out


def _all_names(record: dict[str, Any]) -> list[str]:
    names = record.get("aliases", [])
    flat = [n for values in names.values() for n in values] if isinstance(names, dict) else list(names)
    return [record["name"], *flat]


def _places(taken_ids: set[str], taken_names: set[str]) -> list[dict[str, Any]]:
    """Cities from GeoNames (``places.json``), minus those the curated gazetteer already has. The cities
    the list held before it grew (500,000 people or more, 1,000,000 in the US) are imported into the
    database as gazetteer entities; the others become entities when an article names them."""
    folder = resources.files("timeline.data")
    data = json.loads((folder / "places.json").read_text(encoding="utf-8"))
    fresh = data.get("key_fingerprint") == key_fingerprint()  # the stored keys are this matcher's
    out = []
    for row in data["places"]:
        entity_id = slug(row["name"])
        if entity_id in taken_ids or row["name"] in taken_names:
            continue  # "Vladivostok" is curated; "Mexico" the city yields to the country
        taken_ids.add(entity_id)
        kept = [i for i, a in enumerate(row["aliases"]) if a not in taken_names]
        big = row.get("population", 0) >= (1_000_000 if row.get("country") == "US" else 500_000)
        # listed in every script it is written in, so no transliteration guess ("Ministério" is no "مانشستر");
        # "bulk": a town from the long list, which yields to a person's name around it (the large cities
        # the list held before match as they did)
        record = {
            "id": entity_id,
            "name": row["name"],
            "kind": "place",
            "aliases": [row["aliases"][i] for i in kept],
            "fuzzy": False,
            "bulk": not big,
            "imported": big,
            "name_matches": row["name"] in row["aliases"],
        }
        if fresh:
            record["keys"] = [row["keys"][i] for i in kept]
        out.append(record)
    return out


_CJK_UNITS = set("都道府県市省区县州")


def _subdivisions(taken_ids: set[str], taken_names: set[str]) -> list[dict[str, Any]]:
    """States, provinces, oblasts, prefectures, départements and counties (``subdivisions.json``, ISO
    3166-2), minus the names and ids taken before them; found in articles, not imported."""
    folder = resources.files("timeline.data")
    data = json.loads((folder / "subdivisions.json").read_text(encoding="utf-8"))
    fresh = data.get("key_fingerprint") == key_fingerprint()
    out = []
    for row in data["entities"]:
        if row["id"] in taken_ids:
            continue  # "kursk-oblast" is curated in regions.json
        aliases: dict[str, list[str]] = {}
        keys: dict[str, list[str]] = {}
        for lang, names in row["aliases"].items():
            # "東京都" is Tokyo, already known as "東京": the prefecture does not take the city's name
            kept = [
                i
                for i, a in enumerate(names)
                if a not in taken_names and not (a[-1] in _CJK_UNITS and a[:-1] in taken_names)
            ]
            if kept:
                aliases[lang] = [names[i] for i in kept]
                keys[lang] = [row["keys"][lang][i] for i in kept]
        if not aliases:
            continue
        taken_ids.add(row["id"])
        taken_names.update(a for names in aliases.values() for a in names)
        listed = any(row["name"] in names for names in aliases.values())
        record = {**row, "aliases": aliases, "fuzzy": False, "bulk": True, "imported": False, "name_matches": listed}
        if fresh:
            record["keys"] = keys
        else:
            record.pop("keys", None)
        out.append(record)
    return out
