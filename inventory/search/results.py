"""The search endpoints' answers: selectors, presented, cached per memberships and data."""

from inventory.search.backends import backend_for
from inventory.search.cache import Payload, cached_payload
from inventory.search.presenters import facets, search_hit, suggestion
from inventory.search.query import SearchText
from inventory.search.selectors import search_facets, search_items, suggest_names
from inventory.search.serializers import SearchParams


def search_results(*, user, params: SearchParams) -> Payload:
    if not params.text:
        # Under two characters: an empty answer at once, no query, no cache entry.
        return Payload(data=[], page={"limit": params.limit, "next_cursor": None})

    def build() -> Payload:
        backend = backend_for()
        page = search_items(user=user, text=params.text, filters=params.filters,
                            by_relevance=params.by_relevance, cursor=params.cursor,
                            limit=params.limit, backend=backend)
        hits = [search_hit(item, params.text, fuzzy=backend.fuzzy) for item in page.rows]
        return Payload(data=hits, page={"limit": page.limit, "next_cursor": page.next_cursor})

    return cached_payload(user=user, kind="items", params=params.cache_params(),
                          build=build)


def suggestion_results(*, user, text: SearchText, limit: int) -> Payload:
    if not text:
        return Payload(data=[])

    def build() -> Payload:
        names = suggest_names(user=user, text=text, limit=limit)
        return Payload(data=[suggestion(name, text) for name in names])

    return cached_payload(user=user, kind="suggestions",
                          params={"q": text.text, "limit": limit}, build=build)


def facet_results(*, user) -> Payload:
    return cached_payload(user=user, kind="facets", params={},
                          build=lambda: Payload(data=facets(search_facets(user=user))))
