"""Reads: querysets with the joins their callers need, scoped to one owner.

`ItemFilters` + `filter_items` are shared with search (`/api/search` takes the same
filters as the item list), so they only narrow a queryset and never order it.
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from inventory.models import Category, Image, Item, ItemHistory, Location
from tracktory.api.cursors import DEFAULT_LIMIT, Keyset, Page, paginate
from tracktory.api.errors import NotFound

# API sort name -> (field or annotation, cursor kind, expression). Names sort case-blind, so
# "apple, Banana, cherry" reads the same on SQLite and PostgreSQL.
SORT_FIELDS = {
    "createdAt": ("created_at", "datetime", None),
    "updatedAt": ("updated_at", "datetime", None),
    "name": ("name_sort_key", "str", Lower("name")),
}


@dataclass(frozen=True)
class ItemFilters:
    q: str | None = None
    category_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    statuses: tuple[str, ...] = field(default_factory=tuple)
    conditions: tuple[str, ...] = field(default_factory=tuple)
    sort_by: str = "createdAt"
    sort_dir: str = "desc"

    @property
    def keyset(self) -> Keyset:
        model_field, kind, expression = SORT_FIELDS[self.sort_by]
        return Keyset.by(model_field, kind=kind, descending=self.sort_dir == "desc",
                         expression=expression)


def filter_items(queryset: QuerySet, filters: ItemFilters) -> QuerySet:
    if filters.q:
        queryset = queryset.filter(
            Q(name__icontains=filters.q) | Q(description__icontains=filters.q)
        )
    if filters.category_id:
        queryset = queryset.filter(category_id=filters.category_id)
    if filters.location_id:
        queryset = queryset.filter(location_id=filters.location_id)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.conditions:
        # The API's null condition is stored as "".
        queryset = queryset.filter(condition__in=filters.conditions)
    return queryset


def with_images(queryset: QuerySet) -> QuerySet:
    """One extra query for all images of a page, whatever its size.

    They land in `item.image_list`, a plain list: `item.images.all()` would build a new
    queryset per call, which costs more than the rest of an item's serialisation.
    """
    return queryset.prefetch_related(
        Prefetch("images", queryset=Image.objects.order_by("position", "created_at"),
                 to_attr="image_list")
    )


def images_of(item) -> list:
    """An item's images, from `with_images` when it ran, else from the database."""
    images = getattr(item, "image_list", None)
    return images if images is not None else list(item.images.all())


def items_for(*, user) -> QuerySet:
    return Item.objects.filter(owner=user)


def item_list(*, user, filters: ItemFilters, cursor: str | None = None,
              limit: int = DEFAULT_LIMIT) -> Page:
    queryset = with_images(filter_items(items_for(user=user), filters))
    return paginate(queryset, keyset=filters.keyset, cursor=cursor, limit=limit)


def item_get(*, user, item_id) -> Item:
    """The user's item or NOT_FOUND; another user's item is indistinguishable from none."""
    item = with_images(items_for(user=user)).filter(pk=item_id).first()
    if item is None:
        raise NotFound("Item not found.")
    return item


HISTORY_ORDER = Keyset.by("created_at", kind="datetime", descending=True)


def item_history(*, user, item_id, cursor: str | None = None, limit: int = 50) -> Page:
    """History outlives its item: a deleted item's history stays readable by its owner."""
    rows = ItemHistory.objects.filter(owner=user, item_id=item_id).select_related("actor")
    if not rows.exists() and not items_for(user=user).filter(pk=item_id).exists():
        raise NotFound("Item not found.")
    return paginate(rows, keyset=HISTORY_ORDER, cursor=cursor, limit=limit)


def categories_for(*, user) -> QuerySet:
    """The shared defaults and the user's own, defaults first within each sort order."""
    return Category.objects.filter(Q(owner__isnull=True) | Q(owner=user)).order_by(
        "sort_order", "name", "id"
    )


def category_get(*, user, category_id) -> Category:
    category = categories_for(user=user).filter(pk=category_id).first()
    if category is None:
        raise NotFound("Category not found.")
    return category


def locations_for(*, user) -> QuerySet:
    return Location.objects.filter(owner=user).order_by("name", "id")


def location_get(*, user, location_id) -> Location:
    location = locations_for(user=user).filter(pk=location_id).first()
    if location is None:
        raise NotFound("Location not found.")
    return location
