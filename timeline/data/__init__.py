"""Bundled reference data: the gazetteer of domain entities, and countries from CLDR (Babel)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from timeline.extract.entities import slug
from timeline.extract.lexicon import supported_languages

_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"}


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
    """All bundled entity records: CLDR countries (with ``country_aliases.json``) plus ``gazetteer.json``."""
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
    out.extend(raw.get("entities", []))
    return tuple(out)
