"""Everything under /api/: one line per area, each owned by its app."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from tracktory.api import schema  # noqa: F401  (registers the JWT scheme for the schema)

urlpatterns = [
    path("auth/", include("tracktory.accounts.urls")),
    path("", include("inventory.search.urls")),
    path("", include("inventory.urls")),
    path("", include("inventory.photos.urls")),
    path("", include("households.urls")),
    # OpenAPI 3 and its docs page are public: they describe the API, they expose no data.
    path("schema", SpectacularJSONAPIView.as_view(authentication_classes=[],
                                                  permission_classes=[]), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="schema", authentication_classes=[],
                                                     permission_classes=[]), name="api-docs"),
]
