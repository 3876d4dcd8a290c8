"""The visible text of an HTML page, character for character where the page has it.

Every offset the extractor reports (claims, time expressions, mentions) is an offset into the input
as the user gave it, so that a claim links back to the exact words of its source. For an HTML page
the text is therefore the page itself with everything that is not visible text blanked out, keeping
its length: tags, comments, scripts, styles and the ``<head>`` become spaces (a block-level tag
becomes a line break, so paragraphs stay lines), and a character reference such as ``&amp;`` becomes
its character followed by spaces. Navigation, asides, footers and forms are page chrome and are
blanked too, as is every line that the main-text extractor (trafilatura) did not keep, except the
date lines a dateline is read from.
"""

from __future__ import annotations

import html as html_lib
import re

_BLANKED_ELEMENTS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "iframe",
    "nav",
    "aside",
    "footer",
    "form",
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
        "body",
        "html",
    ]
)
_COMMENT = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>", re.S)
_TAG = re.compile(r"</?([A-Za-z][\w:-]*)(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WHITESPACE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})
_DIGIT = re.compile(r"\d")


def _blank(chars: list[str], start: int, end: int, first: str = " ") -> None:
    if end > start:
        chars[start] = first
        chars[start + 1 : end] = " " * (end - start - 1)


def _element_spans(page: str, name: str) -> list[tuple[int, int]]:
    """Spans of the outermost ``<name>…</name>`` elements (an unclosed one runs to the end)."""
    spans: list[tuple[int, int]] = []
    opening = re.compile(rf"<{name}(?=[\s/>])[^>]*>|</{name}\s*>", re.I)
    depth, start = 0, 0
    for m in opening.finditer(page):
        closing = m.group(0).startswith("</")
        if not closing and not m.group(0).endswith("/>"):
            if depth == 0:
                start = m.start()
            depth += 1
        elif closing and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
    if depth:
        spans.append((start, len(page)))
    return spans


def visible_text(page: str) -> str:
    """``page`` with all but its visible text blanked (see the module docstring); same length."""
    chars = list(page.translate(_WHITESPACE))
    for m in _COMMENT.finditer(page):
        _blank(chars, m.start(), m.end())
    for name in _BLANKED_ELEMENTS:
        for start, end in _element_spans(page, name):
            _blank(chars, start, end, "\n")
    for m in _TAG.finditer(page):
        if chars[m.start()] != "<":
            continue  # inside something already blanked
        _blank(chars, m.start(), m.end(), "\n" if m.group(1).lower() in _BLOCK_TAGS else " ")
    for m in _ENTITY.finditer(page):
        if chars[m.start()] != "&":
            continue
        decoded = html_lib.unescape(m.group(0))
        decoded = " " if decoded.isspace() or len(decoded) != 1 else decoded
        _blank(chars, m.start(), m.end(), decoded)
    return "".join(chars)


def _squeezed(s: str) -> str:
    return "".join(s.split())


def keep_main_text(text: str, main: str) -> str:
    """``text`` (from :func:`visible_text`) with every line blanked that is not part of ``main`` (the
    main-text extractor's output), except short lines holding a digit above the main text (a dateline,
    a byline date)."""
    body = _squeezed(main)
    out = []
    started = False  # after the first line of the main text, dated lines are related articles or stamps
    for line in text.split("\n"):
        squeezed = _squeezed(line)
        in_main = bool(squeezed) and squeezed in body
        dated = not started and _DIGIT.search(squeezed) is not None and len(line.split()) <= 8
        started = started or (in_main and (len(line.split()) >= 8 or len(squeezed) >= 40))
        out.append(line if not squeezed or in_main or dated else " " * len(line))
    return "\n".join(out)
