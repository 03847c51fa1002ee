"""Everything under /api/: one line per area, each owned by its app."""

from django.urls import include, path

urlpatterns = [
    path("auth/", include("tracktory.accounts.urls")),
    path("", include("inventory.search.urls")),
    path("", include("inventory.urls")),
    path("", include("media_pipeline.urls")),
]
