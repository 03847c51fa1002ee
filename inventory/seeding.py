"""Idempotent creation of the shared default categories."""

from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Category


def seed_default_categories() -> tuple[int, int]:
    """Create or restore the ten shared categories; return (created, updated)."""
    created = updated = 0
    for category_id, name, icon, sort_order in DEFAULT_CATEGORIES:
        _, was_created = Category.objects.update_or_create(
            id=category_id,
            defaults={"owner": None, "parent": None, "name": name, "icon": icon,
                      "sort_order": sort_order},
        )
        created += was_created
        updated += not was_created
    return created, updated
