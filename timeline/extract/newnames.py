"""Names the gazetteer does not know, kept as entities of unknown kind rather than dropped.

In scripts with letter case, a run of capitalised words that does not open its sentence (or a
quotation) and is not already a known entity or a time expression is a name: "Odesa", "Izmail",
"Rengo". Its id comes from the normalised, de-inflected words, so "Одеси" and "Одесу" are one entity.
"""

from __future__ import annotations

import re

from timeline.domain.model import EntityRef, Mention, TimeExpression
from timeline.extract.entities import slug, token_key
from timeline.extract.segment import Sentence
from timeline.extract.textnorm import fold_same_length, is_acronym

# capital letters of the Latin (with Vietnamese), Greek and Cyrillic blocks; a range such as "Ā-Ž" would
# also take the small letters between ("đ"), so the class lists the capitals one by one
_CAP = re.escape(
    "".join(c for c in map(chr, [*range(0x41, 0x530), *range(0x1E00, 0x1F00)]) if c.isupper() and c.isalpha())
)
# lower-case words that join the capitalised words of one name: "Agencia de Exploración Aeroespacial de
# Japón", "Institute for the Study of War", "Ministerie van Defensie" (never "and"/"y": those join two names)
_CONNECTORS = (
    r"(?:de|del|de la|de los|de las|della|dello|delle|degli|dei|di|da|do|dos|das|des|du|de l'"
    r"|per|per la|per il|per i|per le|per gli|of|of the|for|for the|van|von|für)"
)
# the same, elided onto the next word: "Côte d'Ivoire", "Banca d'Italia", "Plataforma per l'Habitatge"
# ("dell'", "all'" join a name to another one, "Gasperini dell'Atalanta", and stay out)
_ELIDED_CONNECTORS = r"(?:(?:de|per)\s+l|d)['’]"
# the first capital ahead of the look-behind ("(?<![\w'’-])[A-Z]…" otherwise): the scan jumps from capital to capital
# (a capital after an apostrophe starts a name: "all'Atalanta", "l'Ajax"; "O'Brien" is taken whole from its O)
_NAME_RUN = re.compile(
    rf"[{_CAP}](?<![\w-].)[\w'’.-]*(?:\s+(?:{_CONNECTORS}\s+|{_ELIDED_CONNECTORS})?(?:[{_CAP}][\w'’-]*|\d+))*"
)
# an elided article opening a sentence: "L'Atalanta ha …", "D'après …" (mid-sentence it is written "l'")
_ELIDED = re.compile(rf"[LD]['’](?=[{_CAP}])")
# lower-case words between a capitalised name and the acronym in brackets that abbreviates it: Romance
# institutions write their name so ("l'Agence régionale de santé (ARS)", "l'Istituto nazionale di statistica")
_LOWER_TAIL = re.compile(rf"(?P<words>(?:\s+[^\W\d_{_CAP}][\w'’-]*){{1,5}})\s*\([{_CAP}][^\W\d_]{{1,7}}\)")
_CONNECTOR_BEFORE = re.compile(rf"\s{_CONNECTORS}\s+$")
_OPENERS = "\"'“«„‘(—–-:"


_QUOTES = {"«": "»", "„": "“", "“": "”", '"': '"', "‹": "›"}  # «Поділля-Логістик»: a quoted name
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_WORD_BEFORE = re.compile(r"([\w'’-]+)\s+$")


def _after_noun_marker(text: str, sentence_start: int, start: int, markers: frozenset[str]) -> bool:
    """In languages that capitalise every noun (German), a capitalised word after an article, a
    preposition or a number ("die staatliche Nachrichtenagentur", "an dem Bahnhof", "20 Waggons") is
    a common noun. Up to two lower-case adjectives may stand between."""
    pos = start
    for _ in range(3):
        m = _WORD_BEFORE.search(text, sentence_start, pos)
        if m is None:
            return False
        word = m.group(1)
        if word.lower() in markers or word.isdigit():
            return True
        if not word.islower():
            return False
        pos = m.start()
    return False


def new_name_mentions(
    text: str,
    sentences: list[Sentence],
    known: list[Mention],
    times: list[TimeExpression],
    noun_markers: frozenset[str] = frozenset(),
    min_words: int = 1,
    org_heads: re.Pattern[str] | None = None,
) -> list[Mention]:
    """Mentions of capitalised names that no gazetteer entity or time expression covers.

    ``noun_markers`` (German articles and prepositions) mark a capitalised word as a common noun;
    ``min_words`` is the fewest words a new name has (2 for Vietnamese, whose names are several syllables);
    ``org_heads`` matches (folded) the word that makes a name an organisation's ("agency"); a name that
    ends with one
    may begin with a known one ("UK Space Agency", "US Geological Survey").
    """
    taken = [(m.start, m.end) for m in known] + [(t.start, t.end) for t in times]
    common: set[str] | None = None  # the article's lower-case words, computed when first needed
    parts: set[str] = set()  # the first and last words of the longer names found so far
    out: list[Mention] = []
    for s in sentences:
        for m in _NAME_RUN.finditer(text, s.start, s.end):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in ".-'’":
                end -= 1
            before = text[s.start : start].rstrip()
            after_marker = bool(noun_markers) and _after_noun_marker(text, s.start, start, noun_markers)
            quoted = bool(before) and before[-1] in _QUOTES and text[end : end + 1] == _QUOTES[before[-1]]
            # an apostrophe after a letter elides ("d'Izmaïl"); after a space it opens a quotation
            opens = not before or (before[-1] in _OPENERS and not (before[-1] in "'’" and before[-2:-1].isalpha()))
            if opens and (elided := _ELIDED.match(text, start)) is not None:
                start = elided.end()  # "L'Atalanta": the name is "Atalanta", a name on its own
            elif opens and not quoted:
                # sentence- or quote-initial capital: a name only if another capitalised word follows
                words = text[start:end].split()
                if len(words) < 2 and words[0] not in parts:
                    continue  # (unless it is a word of a name given before: "Quill added …" after "Mara Quill")
                after_marker = words[0].lower() in noun_markers  # "Nach Angaben …": "Angaben" is a noun
                if common is None:
                    common = {w for w in _WORD.findall(text) if w.islower()}
                if words[0].lower() in common or words[0].lower() in noun_markers or not words[0].isalpha():
                    # "The", "Yesterday": a word the article also writes in lower case opens the sentence,
                    # it is no part of the name; "Severn Vale Water", "Bill Nelson" stay whole
                    start = start + len(words[0]) + 1
                    while start < end and text[start].isspace():
                        start += 1
            if after_marker and not is_acronym(text[start:end].split()[0]):
                # "die staatliche Nachrichtenagentur Xinhua", "an dem Bahnhof": the leading noun is no name
                # (an acronym is: "Der ZDS wies …")
                rest = list(re.finditer(r"\S+", text[start:end]))
                if len(rest) < 2 or not rest[1].group(0)[:1].isupper():
                    continue  # ("im Wert von 1,8 Millionen": what is left after the noun is no name)
                start += rest[1].start()
            tail = _LOWER_TAIL.match(text, end, s.end)
            if tail is not None:  # "l'Ufficio nazionale di statistica (Nbs)": the name runs to its acronym
                end = tail.end("words")
            if end - start < 3 or len(text[start:end].split()) < min_words:
                continue  # Vietnamese: one capitalised syllable ("Giám đốc") is no name of its own
            overlapped = [(a, b) for a, b in taken if start < b and end > a]
            name = fold_same_length(text[start:end]) if org_heads is not None else ""
            headed = org_heads is not None and any(m.end() == len(name) for m in org_heads.finditer(name))
            if (
                overlapped
                and not all(a > start and _CONNECTOR_BEFORE.search(text, start, a) for a, _ in overlapped)
                and not (headed and all(start <= a and b < end for a, b in overlapped))
            ):
                continue  # a known name ("President Kim Jong Un") is not a new one; "Agency of Japan" is,
                # and so is "UK Space Agency" (a name ending in an organisation's head word)
            name = text[start:end]
            if name.isupper() and len(name) <= 2:
                continue
            key = " ".join(k for k in (token_key(w) for w in name.split()) if k)
            entity = EntityRef("x-" + slug(key), name, "unknown")
            out.append(Mention(entity, start, end, name))
            taken.append((start, end))
            if len(name.split()) >= 2:
                parts.update((name.split()[0], name.split()[-1]))
    out.extend(_quoted_names(text, sentences, taken))
    return out


_QUOTED = re.compile(rf"[«„“\"](?P<name>[{_CAP}][^«»„“”\".,;:!?\n]{{1,60}}?)[»“”\"]")


def _quoted_names(text: str, sentences: list[Sentence], taken: list[tuple[int, int]]) -> list[Mention]:
    """Short quoted names that start with a capital: «Ревдинский завод металлоконструкций», „Grüne Zukunft“
    (companies, parties and clubs are quoted in Slavic and German news). Up to five words."""
    out: list[Mention] = []
    for s in sentences:
        for m in _QUOTED.finditer(text, s.start, s.end):
            start, end = m.start("name"), m.end("name")
            name = text[start:end].strip()
            if not 1 <= len(name.split()) <= 5 or any(start < b and end > a for a, b in taken):
                continue
            key = " ".join(k for k in (token_key(w) for w in name.split()) if k)
            out.append(Mention(EntityRef("x-" + slug(key), name, "unknown"), start, start + len(name), name))
            taken.append((start, end))
    return out


def link_name_parts(mentions: list[Mention]) -> list[Mention]:
    """A new name of one word that is the first or the last word of a longer new name given earlier
    is that name's entity: "Northlight" after "Northlight Launch", "Ellery" after "Mark Ellery",
    "Морозова" after "Елены Морозовой" (words compared by their keys, so case endings do not matter)."""
    out: list[Mention] = []
    longer: dict[str, EntityRef] = {}  # first or last word key -> the latest longer new name holding it
    for m in sorted(mentions, key=lambda m: m.start):
        if m.entity.kind != "unknown":
            out.append(m)
            continue
        keys = [k for k in (token_key(w) for w in m.text.split()) if k]
        if len(keys) == 1 and len(keys[0]) >= 3 and keys[0] in longer and longer[keys[0]].id != m.entity.id:
            out.append(Mention(longer[keys[0]], m.start, m.end, m.text))
            continue
        if 2 <= len(keys) <= 4:
            longer[keys[0]] = longer[keys[-1]] = m.entity
        out.append(m)
    return out
