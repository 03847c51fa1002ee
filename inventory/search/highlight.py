"""Highlights safe to put in innerHTML: the item's text HTML-escaped, `<em>` around matches.

We find matches in the raw text, then escape each slice on its own, so an entity like
`&amp;` is never split and the only markup in the output is the `<em>` we add. Done in
Python rather than with ts_headline so SQLite and PostgreSQL highlight identically.
"""

import re
from html import escape

from inventory.search.query import TERM_RE

SNIPPET_LENGTH = 200
SNIPPET_LEAD = 60
ELLIPSIS = "…"
# A word counts as the typo'd term when their trigram similarity reaches this (pg_trgm's
# `similarity`); PostgreSQL finds such items by name with word_similarity >= 0.6.
FUZZY_HIGHLIGHT_SIMILARITY = 0.5


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: lower case, two spaces before and one after."""
    padded = f"  {word.lower()} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def literal_spans(text: str, terms) -> list[tuple[int, int]]:
    spans = []
    for term in terms:
        # One-letter terms would light up half the text; they still filter, unmarked.
        if len(term) < 2:
            continue
        spans.extend(m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE))
    return spans


def fuzzy_spans(text: str, terms) -> list[tuple[int, int]]:
    """Words that are a near miss of a term with no literal match ("Hammer" for "hamer")."""
    spans = []
    for term in terms:
        if len(term) < 3 or re.search(re.escape(term), text, re.IGNORECASE):
            continue
        spans.extend(
            m.span() for m in TERM_RE.finditer(text)
            if similarity(term, m.group()) >= FUZZY_HIGHLIGHT_SIMILARITY
        )
    return spans


def merge(spans) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def render(text: str, spans) -> str:
    out, at = [], 0
    for start, end in spans:
        out.append(escape(text[at:start]))
        out.append(f"<em>{escape(text[start:end])}</em>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def highlight(text: str, terms, *, fuzzy: bool = False) -> str:
    """The whole text, escaped, with every match of a term wrapped in `<em>`."""
    spans = literal_spans(text, terms)
    if fuzzy:
        spans += fuzzy_spans(text, terms)
    return render(text, merge(spans))


def highlight_snippet(text: str, terms, *, length: int = SNIPPET_LENGTH) -> str:
    """Like `highlight`, cut to a window around the first match when the text is long."""
    spans = merge(literal_spans(text, terms))
    if len(text) <= length:
        return render(text, spans)
    start = max(0, spans[0][0] - SNIPPET_LEAD) if spans else 0
    end = min(len(text), start + length)
    start = max(0, end - length)
    # Whole matches only: a match cut by the window edge is left out, not half-marked.
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = render(text[start:end], inside)
    return (ELLIPSIS if start else "") + body + (ELLIPSIS if end < len(text) else "")
