"""Short names an article defines for a name it has just given.

News writes a long name once with its short form in brackets and then uses the short form:
"Badan Pusat Statistik (BPS)", "Ревдинский завод металлоконструкций (РЗМК)", "合肥蓝鲸新能源汽车股份有限公司
（下称“蓝鲸汽车”）", "Verrerie Dulac (ci-après « Dulac »)". Every mention of the short form is then the
entity of the long one (or, when only the short form is known to the gazetteer, the long one is the
short form's entity). ``alias_markers`` in a language file lists the words that may open the
brackets ("下称", "以下简称", "hereinafter", "далее"), matched on folded text.
"""

from __future__ import annotations

import re

from timeline.domain.model import EntityRef, Mention
from timeline.extract.lexicon import Lexicon
from timeline.extract.textnorm import fold_same_length

_OPEN = "(（"
_CLOSE = ")）"
_QUOTES = "\"'“”«»„「」『』‘’"
_MAX_ALIAS = 40
# a short form that may stand for a name: an acronym, a capitalised word or two, or a run in a script
# without case (a quoted one, or two to eight characters)
_SHORT_FORM = re.compile(r"^(?:[^\W\d_][\w.&'’-]*(?: [^\W\d_][\w.&'’-]*){0,2}|\d?[^\W\d_]{2,8})$")


def _alias_after(text: str, folded: str, start: int, end: int, markers: list[str]) -> tuple[int, int] | None:
    """The span of the short form defined in the brackets right after the name ``text[start:end]``: one
    a marker introduces, or one whose letters the name holds in order; else None."""
    i = end
    while i < len(text) and (text[i] == " " or text[i] in _QUOTES):  # «Тверской завод насосов» (ТЗН)
        i += 1
    if i >= len(text) or text[i] not in _OPEN:
        return None
    close = min((j for j in (text.find(c, i + 1, i + 2 + _MAX_ALIAS) for c in _CLOSE) if j > 0), default=-1)
    if close < 0:
        return None
    a, b = i + 1, close
    marked = False
    for marker in markers:  # "下称", "hereinafter", "далее —"
        if folded.startswith(marker, a):
            a += len(marker)
            marked = True
            break
    while a < b and (text[a].isspace() or text[a] in _QUOTES or text[a] in ",:：—–-、"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _QUOTES):
        b -= 1
    alias = text[a:b]
    if not alias or not _SHORT_FORM.match(alias) or alias[0].islower():
        return None
    return (a, b) if marked or _abbreviates(alias, text[start:end]) else None


def link_aliases(
    text: str, folded: str, lex: Lexicon, mentions: list[Mention], spans: list[tuple[int, int]]
) -> list[Mention]:
    """``mentions`` with every mention of a defined short form given its long form's entity, plus new
    mentions of a short form no other rule found inside ``spans`` (the sentences; see the module
    docstring)."""
    markers = sorted(lex.words("alias_markers"), key=len, reverse=True)
    by_start = {m.start: m for m in mentions}
    remap: dict[str, EntityRef] = {}
    forms: dict[str, EntityRef] = {}
    for m in mentions:
        span = _alias_after(text, folded, m.start, m.end, markers)
        if span is None or m.entity.id in remap:
            continue
        a, b = span
        short = by_start.get(a)
        if short is not None and short.end != b:
            short = None
        if short is not None and short.entity.id == m.entity.id:
            continue
        # the known entity wins: "Badan Pusat Statistik (BPS)" is the gazetteer's BPS if only it is known
        keep = short.entity if short is not None and m.entity.kind == "unknown" != short.entity.kind else m.entity
        if short is not None:
            remap[short.entity.id if keep is m.entity else m.entity.id] = keep
        forms[text[a:b]] = keep
    if not remap and not forms:
        return mentions
    out = [Mention(remap.get(m.entity.id, m.entity), m.start, m.end, m.text) for m in mentions]
    for form, entity in forms.items():  # the short form where nothing else was found
        rx = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)" if form[0].isalnum() and lex.spaced else re.escape(form))
        for lo, hi in spans:
            for hit in rx.finditer(text, lo, hi):
                a, b = hit.start(), hit.end()
                over = [m for m in out if m.start < b and a < m.end]
                if any(m.entity.kind != "unknown" or m.entity.id == entity.id for m in over):
                    continue
                # a new name holding the short form ("Представители ТЗН" opening a sentence) is the short form
                out = [m for m in out if m not in over]
                out.append(Mention(entity, a, b, form))
    return sorted(out, key=lambda m: m.start)


def _abbreviates(short: str, name: str) -> bool:
    """True when the letters of ``short`` appear in order in ``name`` ("BPS" in "Badan Pusat Statistik",
    "РЗМК", "蓝鲸汽车" in "合肥蓝鲸新能源汽车股份有限公司"); in a cased script from the start of one of
    its first two words ("La Nordenhamer Umschlagsgesellschaft (NUG)"), so "(Seine-Maritime)" after
    a town or "(КНДР)" after a port is no short form of it."""
    a, b = fold_same_length(short), fold_same_length(name)
    letters = [c for c in a if c.isalpha()]
    if len(letters) < 2 or len(letters) >= len([c for c in b if c.isalpha()]):
        return False
    if short[0].lower() != short[0].upper():  # cased: the short form starts like one of the first words
        initials = [w[0] for w in re.findall(r"[^\W\d_]+", b)[:2]]
        b = b[b.index(letters[0]) :] if letters[0] in initials else ""
    it = iter(b)
    return bool(b) and all(c in it for c in letters)
