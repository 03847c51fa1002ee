"""How each database matches and ranks items for a search.

Both backends give the same *literal* answers: an item matches when every term is a
case-insensitive substring of its name, description, category name or location name
(so a prefix such as "dri" finds "Drill"). PostgreSQL adds two things SQLite cannot do
with an index: word-prefix full-text matching over the weighted `search_vector`, and typo
tolerance by trigram word similarity on the name ("hamer" finds "Claw Hammer") whenever
the literal answer is shorter than a page (see `PostgresBackend.wants_typos`).

The score is built in tiers so that a name match always outranks any other match:

    1.0 x share of terms found in the name          (name hit: score >= 1.0)
  + 0.4 x share found in the description
  + 0.2 x share found in the category name
  + 0.1 x share found in the location name          (no name hit: at most 0.7 so far)
  + 0.1 x share of terms that start a word of the name
  + PostgreSQL only: 0.1 x ts_rank (normalized below 1) + 0.09 x name word similarity

Without a name hit the total stays below 0.9, under any item whose name holds every term.
The `search_vector`, `search_document` columns and their triggers are created by migration
0003 on PostgreSQL only; the ORM does not model them (see `ItemColumn`).
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Lower, StrIndex
from django.db.models.lookups import Exact, GreaterThan

from inventory.search.query import SearchText

FIELD_WEIGHTS = (
    ("name", 1.0),
    ("description", 0.4),
    ("category__name", 0.2),
    ("location__name", 0.1),
)
WORD_START_WEIGHT = 0.1
TS_RANK_WEIGHT = 0.1
FUZZY_WEIGHT = 0.09
FUZZY_MIN_TERM = 3
WORD_SIMILARITY_THRESHOLD = 0.55
TYPO_FALLBACK_BELOW = 20


def contains(field: str, term: str):
    """Case-insensitive substring test that reads the same on SQLite and PostgreSQL."""
    return GreaterThan(StrIndex(Lower(field), Value(term)), 0)


def starts_word(field: str, term: str):
    return Exact(StrIndex(Lower(field), Value(term)), 1) | GreaterThan(
        StrIndex(Lower(field), Value(f" {term}")), 0
    )


def share(condition_for, field: str, terms, weight: float):
    """weight x (terms meeting the condition / all terms), as one SQL sum."""
    each = weight / len(terms)
    parts = [
        Case(When(condition_for(field, term), then=Value(each)), default=Value(0.0),
             output_field=FloatField())
        for term in terms
    ]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


class SubstringBackend:
    """The literal matcher: SQLite's (the embedded default) and the base of PostgreSQL's."""

    fuzzy = False

    @contextmanager
    def session(self):
        """Wraps the evaluation of this backend's querysets."""
        yield

    def literal_match(self, text: SearchText) -> Q:
        match = Q()
        for term in text.terms:
            match &= Q(contains("name", term)) | Q(contains("description", term)) | Q(
                contains("category__name", term)) | Q(contains("location__name", term))
        return match

    def match(self, text: SearchText) -> Q:
        return self.literal_match(text)

    def score(self, text: SearchText):
        terms = text.terms
        total = share(starts_word, "name", terms, WORD_START_WEIGHT)
        for field, weight in FIELD_WEIGHTS:
            total = total + share(contains, field, terms, weight)
        return total

    def search(self, queryset: QuerySet, text: SearchText) -> QuerySet:
        """Matching items annotated with `search_score` (unordered)."""
        return queryset.filter(self.match(text)).annotate(search_score=self.score(text))

    def name_match(self, text: SearchText) -> Q:
        match = Q()
        for term in text.terms:
            match &= Q(contains("name", term))
        return match

    def name_score(self, text: SearchText):
        return share(starts_word, "name", text.terms, 1.0) + share(
            contains, "name", text.terms, 1.0)

    def suggest(self, queryset: QuerySet, text: SearchText) -> QuerySet:
        """Items whose name matches, annotated with `suggest_score` (unordered)."""
        return queryset.filter(self.name_match(text)).annotate(
            suggest_score=self.name_score(text))


class ItemColumn(Expression):
    """A column of the item table that only PostgreSQL has (migration 0003), unknown to
    the ORM; compiled against whatever alias the query gives the item table."""

    def __init__(self, column: str, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        table = compiler.quote_name_unless_alias(alias)
        return f"{table}.{connection.ops.quote_name(self.column)}", []


class Operator(Func):
    """`left <op> right` as a boolean condition."""

    template = "(%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, left, op: str, right):
        super().__init__(left, right)
        # '%' must reach the driver doubled.
        self.arg_joiner = f" {op.replace('%', '%%')} "


class ToTsQuery(Func):
    # The search text is already reduced to quoted letter/digit terms with our own `:*`/`&`.
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"
    output_field = TextField()


class PostgresBackend(SubstringBackend):
    fuzzy = True

    @contextmanager
    def session(self):
        # pg_trgm's default threshold (0.6) misses "expresso" for "Espresso" (0.556); 0.55
        # still keeps "drill" from matching "Grill" (0.5). SET LOCAL: this transaction only.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                           [str(WORD_SIMILARITY_THRESHOLD)])
            yield

    def literal_match(self, text: SearchText) -> Q:
        """Every term inside the item's texts (search_document holds name, description,
        category and location: the same substring answers as SQLite, from the trigram
        GIN), or every term a word prefix in the weighted vector (GIN)."""
        document = ItemColumn("search_document", TextField())
        every_term = Q()
        for term in text.terms:
            every_term &= Q(Operator(document, "ILIKE", Value(f"%{term}%")))
        vector = ItemColumn("search_vector", TextField())
        return Q(Operator(vector, "@@", ToTsQuery(Value(text.tsquery)))) | every_term

    def typo_match(self, column, text: SearchText) -> Q:
        """Every term inside `column` or close to a word of the name (a typo).

        `<%` is word_similarity >= pg_trgm.word_similarity_threshold (set by `session`;
        "hamer" ~ "Claw Hammer" is 0.625, "drill" ~ "Grill" only 0.5), served by the
        trigram GIN on name. Terms under 3 letters have too few trigrams to judge a typo.
        """
        every_term = Q()
        for term in text.terms:
            match = Q(Operator(column, "ILIKE", Value(f"%{term}%")))
            if len(term) >= FUZZY_MIN_TERM:
                match |= Q(Operator(Value(term), "<%", F("name")))
            every_term &= match
        return every_term

    def wants_typos(self, literal: QuerySet, text: SearchText) -> bool:
        """Typo matching only when the literal answer is short (under a page).

        A broad query ("garage": 1 700 of 10 000 items) has its answer already, and the
        typo test would run on every one of the user's rows (~55 ms of ~70 measured);
        a typo ("hamer") finds little literally, and then the trigram GIN does the work.
        The decision depends only on the query, filters and data, not on the page asked
        for, so every page of one search is cut from the same answer.
        """
        if all(len(term) < FUZZY_MIN_TERM for term in text.terms):
            return False
        return literal.order_by()[:TYPO_FALLBACK_BELOW].count() < TYPO_FALLBACK_BELOW

    def match_queryset(self, queryset: QuerySet, text: SearchText, literal: Q,
                       typo: Q) -> tuple[QuerySet, bool]:
        """The matches, and whether typo matches are among them."""
        matched = queryset.filter(literal)
        if self.wants_typos(matched, text):
            return queryset.filter(literal | typo), True
        return matched, False

    def search(self, queryset: QuerySet, text: SearchText) -> QuerySet:
        document = ItemColumn("search_document", TextField())
        matched, typos = self.match_queryset(
            queryset, text, self.literal_match(text), self.typo_match(document, text))
        return matched.annotate(search_score=self.score(text, typos=typos))

    def word_similarity(self, text: SearchText) -> Func:
        return Func(Value(text.text), F("name"), function="word_similarity",
                    output_field=FloatField())

    def score(self, text: SearchText, *, typos: bool = True):
        # Normalization 32 maps the rank into [0, 1): it can never lift a tier.
        ts_rank = Func(ItemColumn("search_vector", TextField()), ToTsQuery(Value(text.tsquery)),
                       Value(32), function="ts_rank", output_field=FloatField())
        score = super().score(text) + TS_RANK_WEIGHT * ts_rank
        # Similarity only orders typo matches; without them it would cost a trigram
        # comparison per matched row for nothing.
        return score + FUZZY_WEIGHT * self.word_similarity(text) if typos else score

    def suggest(self, queryset: QuerySet, text: SearchText) -> QuerySet:
        # Trigram GIN on name serves both the substring and the typo-tolerant test.
        literal = Q()
        for term in text.terms:
            literal &= Q(Operator(F("name"), "ILIKE", Value(f"%{term}%")))
        matched, typos = self.match_queryset(queryset, text, literal,
                                             self.typo_match(F("name"), text))
        return matched.annotate(suggest_score=self.name_score(text, typos=typos))

    def name_score(self, text: SearchText, *, typos: bool = True):
        score = super().name_score(text)
        return score + 0.5 * self.word_similarity(text) if typos else score


def backend_for(vendor: str | None = None) -> SubstringBackend:
    vendor = vendor or connection.vendor
    return PostgresBackend() if vendor == "postgresql" else SubstringBackend()
