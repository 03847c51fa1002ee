"""Search reads: matching, ranking and paging the user's items, suggestions and facets.

Only the user's own items are ever read (`items_for`), and the list endpoint's filters
(`filter_items`) narrow them before any text matching.
"""

from dataclasses import replace

from django.db.models import Count
from django.db.models.functions import Length

from inventory.models import Item
from inventory.search.backends import SubstringBackend, backend_for
from inventory.search.query import SearchText
from inventory.selectors import (
    ItemFilters,
    categories_for,
    filter_items,
    items_for,
    locations_for,
    with_images,
)
from tracktory.api.cursors import DEFAULT_LIMIT, Keyset, Page, SortKey, paginate

RELEVANCE = "relevance"
SUGGESTION_LIMIT = 8


# Keyset over (score, created_at, id), all descending: the score is recomputed by the same
# SQL for the same rows, so it compares exactly, and ties fall back to newest first.
BY_RELEVANCE = Keyset(name=RELEVANCE, keys=(SortKey("search_score", "number"),
                                            SortKey("created_at", "datetime")))


# ---- search ------------------------------------------------------------------------------

def search_items(*, user, text: SearchText, filters: ItemFilters, by_relevance: bool = True,
                 cursor: str | None = None, limit: int = DEFAULT_LIMIT,
                 backend: SubstringBackend | None = None) -> Page:
    """The user's items matching `text` and `filters`, best first (or in the filters' order).

    Each row carries `search_score`. An empty `text` matches nothing.
    """
    if not text:
        return Page(rows=[], limit=limit, next_cursor=None)
    backend = backend or backend_for()
    # The text replaces the list's own `q` (a plain substring filter on name/description).
    narrowed = filter_items(items_for(user=user), replace(filters, q=None))
    queryset = with_images(backend.search(narrowed, text))
    with backend.session():
        if by_relevance:
            return paginate(queryset, keyset=BY_RELEVANCE, cursor=cursor, limit=limit)
        return paginate(queryset, keyset=filters.keyset, cursor=cursor, limit=limit)


def suggest_names(*, user, text: SearchText, limit: int = SUGGESTION_LIMIT,
                  backend: SubstringBackend | None = None) -> list[str]:
    """Distinct item names for autocomplete: word-start matches first, then shorter names."""
    if not text:
        return []
    backend = backend or backend_for()
    with backend.session():
        names = list(
            backend.suggest(items_for(user=user), text)
            .order_by("-suggest_score", Length("name"), "name")
            .values_list("name", flat=True)[: limit * 4]
        )
    seen, distinct = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            distinct.append(name)
    return distinct[:limit]


def search_facets(*, user) -> dict:
    """Categories (the defaults too) and locations with the user's item counts per value.

    Counts come from one grouped query per facet over the user's items only, never from
    a join across everyone's items in a shared default category.
    """
    items = items_for(user=user)

    def counts(field: str) -> dict:
        rows = items.order_by().values(field).annotate(n=Count("id"))
        return {row[field]: row["n"] for row in rows}

    by_category, by_location = counts("category_id"), counts("location_id")
    by_status, by_condition = counts("status"), counts("condition")
    return {
        "categories": [
            {"category": category, "item_count": by_category.get(category.id, 0)}
            for category in categories_for(user=user)
        ],
        "locations": [
            {"location": location, "item_count": by_location.get(location.id, 0)}
            for location in locations_for(user=user)
        ],
        "statuses": [(value, by_status.get(value, 0)) for value in Item.Status.values],
        "conditions": [(value, by_condition.get(value, 0)) for value in Item.Condition.values]
        + [(None, by_condition.get("", 0))],
        "uncategorized": by_category.get(None, 0),
        "unlocated": by_location.get(None, 0),
        "total": sum(by_status.values()),
    }
