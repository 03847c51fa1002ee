"""Local-storage endpoints outside /api/: the upload target and served files."""

urlpatterns: list = []
