"""The media tests' storage fixtures, for the item photo tests."""

from tests.media_pipeline.conftest import local_files  # noqa: F401  (a fixture, found by name)
