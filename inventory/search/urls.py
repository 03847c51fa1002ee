from django.urls import path

from inventory.search import apis

urlpatterns = [
    path("search", apis.SearchApi.as_view(), name="api-search"),
    path("search/suggestions", apis.SearchSuggestionsApi.as_view(), name="api-search-suggestions"),
    path("search/filters", apis.SearchFiltersApi.as_view(), name="api-search-filters"),
]
