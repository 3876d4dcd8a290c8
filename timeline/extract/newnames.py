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

_CAP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄҐΑ-Ω"
# lower-case words that join the capitalised words of one name: "Agencia de Exploración Aeroespacial de
# Japón", "Institute for the Study of War", "Ministerie van Defensie" (never "and"/"y": those join two names)
_CONNECTORS = (
    r"(?:de|del|de la|de los|de las|della|dello|delle|degli|dei|di|da|do|dos|das|des|du|de l'"
    r"|of|of the|for|for the|van|von|der|den|für)"
)
_NAME_RUN = re.compile(rf"(?<![\w'’-])[{_CAP}][\w'’.-]*(?:\s+(?:{_CONNECTORS}\s+)?(?:[{_CAP}][\w'’-]*|\d+))*")
_CONNECTOR_BEFORE = re.compile(rf"\s{_CONNECTORS}\s+$")
_OPENERS = "\"'“«„‘(—–-:"


def new_name_mentions(
    text: str, sentences: list[Sentence], known: list[Mention], times: list[TimeExpression]
) -> list[Mention]:
    """Mentions of capitalised names that no gazetteer entity or time expression covers."""
    taken = [(m.start, m.end) for m in known] + [(t.start, t.end) for t in times]
    out: list[Mention] = []
    for s in sentences:
        for m in _NAME_RUN.finditer(text, s.start, s.end):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in ".-'’":
                end -= 1
            before = text[s.start : start].rstrip()
            if not before or before[-1] in _OPENERS:
                # sentence- or quote-initial capital: a name only if another capitalised word follows
                words = text[start:end].split()
                if len(words) < 2:
                    continue
                start = start + len(words[0]) + 1
                while start < end and text[start].isspace():
                    start += 1
            if end - start < 3:
                continue
            overlapped = [(a, b) for a, b in taken if start < b and end > a]
            if overlapped and not all(a > start and _CONNECTOR_BEFORE.search(text, start, a) for a, _ in overlapped):
                continue  # a known name ("President Kim Jong Un") is not a new one; "Agency of Japan" is
            name = text[start:end]
            if name.isupper() and len(name) <= 2:
                continue
            key = " ".join(k for k in (token_key(w) for w in name.split()) if k)
            entity = EntityRef("x-" + slug(key), name, "unknown")
            out.append(Mention(entity, start, end, name))
            taken.append((start, end))
    return out
