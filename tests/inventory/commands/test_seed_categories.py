"""`seed_categories`: the ten shared categories, restored however often it runs."""

from io import StringIO

import pytest
from django.core.management import call_command

from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Category

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_categories", stdout=out)
    return out.getvalue()


def test_the_migration_already_created_the_defaults_and_seeding_again_changes_nothing():
    before = list(Category.objects.filter(owner__isnull=True).values_list("id", "name"))

    assert "0 created, 10 already present" in seed()
    assert list(Category.objects.filter(owner__isnull=True).values_list("id", "name")) == before
    assert sorted(before) == sorted((cid, name) for cid, name, _, _ in DEFAULT_CATEGORIES)


def test_a_deleted_or_renamed_default_is_restored_under_its_fixed_id():
    Category.objects.filter(name="Tools").delete()
    Category.objects.filter(name="Books").update(name="Bookz", sort_order=999)

    assert "1 created, 9 already present" in seed()
    books = Category.objects.get(id=next(c for c, n, _, _ in DEFAULT_CATEGORIES if n == "Books"))
    assert (books.name, books.sort_order) == ("Books", 20)
    assert Category.objects.filter(owner__isnull=True).count() == 10
