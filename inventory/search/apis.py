"""GET /api/search, /api/search/suggestions, /api/search/filters: thin views.

Each answer carries an ETag over its data; a matching If-None-Match gets a bodiless 304.
"""

from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory.search.cache import Payload
from inventory.search.results import facet_results, search_results, suggestion_results
from inventory.search.serializers import (
    FacetsSerializer,
    SearchHitSerializer,
    SuggestionParamsSerializer,
    SuggestionSerializer,
    search_params_from,
)
from tracktory.api.etags import not_modified
from tracktory.api.renderers import paginated


def conditional(request, payload: Payload):
    etag = payload.etag
    if not_modified(request, etag):
        response = HttpResponseNotModified()
    else:
        response = Response(payload.data)
        if payload.page is not None:
            paginated(response, limit=payload.page["limit"],
                      next_cursor=payload.page["next_cursor"])
    response["ETag"] = etag
    # Per user and never stale without asking: clients revalidate with the ETag.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Authorization"])
    return response


ITEM_FILTER_PARAMS = [
    OpenApiParameter("q", str, description="Search text; under 2 characters finds nothing."),
    OpenApiParameter("householdId", OpenApiTypes.UUID,
                     description="Only this household's items (default: all of the caller's)."),
    OpenApiParameter("categoryId", OpenApiTypes.UUID),
    OpenApiParameter("locationId", OpenApiTypes.UUID),
    OpenApiParameter("status", str, many=True, enum=["active", "sold", "lost", "donated"]),
    OpenApiParameter("condition", str, many=True, enum=["excellent", "good", "fair", "poor"]),
    OpenApiParameter("sortBy", str, enum=["relevance", "createdAt", "updatedAt", "name"]),
    OpenApiParameter("sortDir", str, enum=["asc", "desc"]),
    OpenApiParameter("cursor", str),
    OpenApiParameter("limit", int),
]


class SearchApi(APIView):
    @extend_schema(operation_id="search", parameters=ITEM_FILTER_PARAMS,
                   responses=SearchHitSerializer(many=True),
                   summary="Ranked item search with highlights")
    def get(self, request):
        params = search_params_from(request.query_params)
        return conditional(request, search_results(user=request.user, params=params))


class SearchSuggestionsApi(APIView):
    @extend_schema(operation_id="search_suggestions",
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("limit", int)],
                   responses=SuggestionSerializer(many=True),
                   summary="Item names for autocomplete")
    def get(self, request):
        serializer = SuggestionParamsSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        text, limit = serializer.to_params()
        return conditional(request, suggestion_results(user=request.user, text=text,
                                                       limit=limit))


class SearchFiltersApi(APIView):
    @extend_schema(operation_id="search_filters", responses=FacetsSerializer,
                   summary="Categories and locations with item counts, for search filters")
    def get(self, request):
        return conditional(request, facet_results(user=request.user))
