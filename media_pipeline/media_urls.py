"""Local-storage endpoints outside /api/: the upload target and served files."""

from django.urls import path

from media_pipeline import media_views

urlpatterns = [
    path("upload", media_views.upload, name="media-upload"),
    path("private/<path:key>", media_views.original, name="media-original"),
    path("public/<path:key>", media_views.rendition, name="media-public"),
]
