"""The PWA's server-rendered pages, manifest and service worker."""

urlpatterns: list = []
