"""Query parameters of the search endpoints, parsed into plain values (input only)."""

from dataclasses import asdict, dataclass

from rest_framework import serializers

from inventory.search.query import SearchText, parse_search_text
from inventory.search.selectors import RELEVANCE, SUGGESTION_LIMIT
from inventory.selectors import ItemFilters
from inventory.serializers import ItemOutSerializer, item_filters_from
from tracktory.api.cursors import DEFAULT_LIMIT, PageParamsSerializer

MAX_SUGGESTIONS = 20


@dataclass(frozen=True)
class SearchParams:
    text: SearchText
    filters: ItemFilters
    by_relevance: bool
    cursor: str | None
    limit: int

    def cache_params(self) -> dict:
        """Everything the answer depends on, normalized ("Drill!" and "drill" share it)."""
        return {
            "q": self.text.text,
            "filters": {k: v for k, v in asdict(self.filters).items() if k != "q"},
            "relevance": self.by_relevance,
            "cursor": self.cursor,
            "limit": self.limit,
        }


def search_params_from(query_params) -> SearchParams:
    """`q` is free text (never refused: cut and tokenized); the rest as the item list's.

    `sortBy` may also be `relevance`, the default; the list's sorts are accepted too.
    """
    text = parse_search_text(query_params.get("q"))
    rest = query_params.copy()
    rest.pop("q", None)
    by_relevance = rest.get("sortBy") in (None, "", RELEVANCE)
    if by_relevance:
        rest.pop("sortBy", None)
    filters = item_filters_from(rest)
    page = PageParamsSerializer(data={k: query_params.get(k) for k in ("cursor", "limit")
                                      if k in query_params})
    page.is_valid(raise_exception=True)
    return SearchParams(text=text, filters=filters, by_relevance=by_relevance,
                        cursor=page.validated_data.get("cursor") or None,
                        limit=page.validated_data.get("limit", DEFAULT_LIMIT))


class SuggestionParamsSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_SUGGESTIONS,
                                     default=SUGGESTION_LIMIT)

    def to_params(self) -> tuple[SearchText, int]:
        return parse_search_text(self.validated_data.get("q")), self.validated_data["limit"]



# ---- output shapes, for the OpenAPI schema (the presenters build the same dicts) ---------

class HighlightsSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The name, HTML-escaped, <em> around matches.")
    description = serializers.CharField(
        help_text="The description (cut around the first match when long), HTML-escaped, "
                  "<em> around matches.")


class SearchHitSerializer(ItemOutSerializer):
    score = serializers.FloatField(help_text="Relevance; 1 or more when the name matches.")
    highlights = HighlightsSerializer()


class SuggestionSerializer(serializers.Serializer):
    name = serializers.CharField()
    highlight = serializers.CharField(help_text="HTML-escaped, <em> around matches.")


class FacetCategorySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    icon = serializers.CharField()
    parentId = serializers.UUIDField(allow_null=True)
    isDefault = serializers.BooleanField()
    itemCount = serializers.IntegerField()


class FacetLocationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    parentId = serializers.UUIDField(allow_null=True)
    itemCount = serializers.IntegerField()


class FacetCountSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True)
    itemCount = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    categories = FacetCategorySerializer(many=True)
    locations = FacetLocationSerializer(many=True)
    statuses = FacetCountSerializer(many=True)
    conditions = FacetCountSerializer(many=True)
    uncategorizedCount = serializers.IntegerField()
    unlocatedCount = serializers.IntegerField()
    totalItems = serializers.IntegerField()
