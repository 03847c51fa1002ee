"""What a person typed, reduced to plain terms that never reach SQL as syntax.

Search input is text only. We cut it to a sane length, lower-case it and keep runs of
letters and digits as terms; every operator character (quotes, `&|!:*()`, `%`, `_`,
backslashes) is a separator. Terms then travel as bound parameters, and the one piece of
query syntax we build ourselves (the tsquery) is made of quoted terms and our own `&`/`:*`.
"""

import re
from dataclasses import dataclass

MIN_QUERY_LENGTH = 2
# Longer input is cut, not refused: a pasted paragraph still searches its beginning.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# Letters and digits of any script; the underscore is a LIKE wildcard, so it separates.
TERM_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchText:
    text: str  # normalized: lower case, single spaces, terms only
    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def tsquery(self) -> str:
        """Every term as a prefix, all required: `'dri':* & 'claw':*`.

        The terms hold letters and digits only, so the quotes cannot be closed early.
        """
        return " & ".join(f"'{term}':*" for term in self.terms)


EMPTY = SearchText(text="", terms=())


def parse_search_text(raw: str | None) -> SearchText:
    """Terms of a search box's text; fewer than 2 characters searches nothing."""
    if not raw:
        return EMPTY
    cut = raw[:MAX_QUERY_LENGTH]
    if len(raw) > MAX_QUERY_LENGTH and not raw[MAX_QUERY_LENGTH].isspace() and " " in cut:
        # Drop the word the cut went through rather than search for its first letters.
        cut = cut.rsplit(" ", 1)[0]
    stripped = " ".join(cut.split())
    if len(stripped) < MIN_QUERY_LENGTH:
        return EMPTY
    terms = tuple(dict.fromkeys(TERM_RE.findall(stripped.lower())))[:MAX_TERMS]
    return SearchText(text=" ".join(terms), terms=terms)
