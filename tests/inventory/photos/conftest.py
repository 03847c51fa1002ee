"""The media tests' photos, items and storage fixtures, for the item photo tests."""

from tests.media_pipeline.conftest import (  # noqa: F401  (fixtures, found by name)
    fast_password_hashing,
    item,
    jpeg,
    local_files,
    other_item,
)
