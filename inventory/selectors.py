"""Reads: querysets with the joins their callers need, scoped to the caller's households.

Every read covers the households the user is a member of (`member_household_ids`, a
subquery: no query of its own, however many households), narrowed to one by `household_id`.
A row of a household the user is not in is indistinguishable from none.

`ItemFilters` + `filter_items` are shared with search (`/api/search` takes the same
filters as the item list), so they only narrow a queryset and never order it.
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from households.models import Role
from households.selectors import check_role, member_household_ids, role_annotation
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
    household_id: uuid.UUID | None = None
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
    if filters.household_id:
        queryset = queryset.filter(household_id=filters.household_id)
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


def items_for(*, user, household_id=None) -> QuerySet:
    return Item.objects.filter(household_id__in=member_household_ids(user, household_id))


def item_list(*, user, filters: ItemFilters, cursor: str | None = None,
              limit: int = DEFAULT_LIMIT) -> Page:
    queryset = with_images(filter_items(items_for(user=user), filters))
    return paginate(queryset, keyset=filters.keyset, cursor=cursor, limit=limit)


def item_get(*, user, item_id) -> Item:
    """An item of one of the user's households or NOT_FOUND; any other is indistinguishable
    from none."""
    item = with_images(items_for(user=user)).filter(pk=item_id).first()
    if item is None:
        raise NotFound("Item not found.")
    return item


def item_for_write(*, user, item_id, lock: bool = False) -> Item:
    """The item and the user's role in its household, in one query: not a member 404,
    a viewer 403. `lock` takes the item's row lock (not the membership's)."""
    items = Item.objects.annotate(member_role=role_annotation(user))
    if lock:
        items = items.select_for_update(of=("self",))
    item = items.filter(pk=item_id).first()
    check_role(item.member_role if item else None, what="Item")
    return item


def may_edit(role) -> bool:
    return role in (Role.OWNER, Role.EDITOR)


HISTORY_ORDER = Keyset.by("created_at", kind="datetime", descending=True)


def item_history(*, user, item_id, cursor: str | None = None, limit: int = 50) -> Page:
    """History outlives its item: a deleted item's history stays readable by the members of
    its last household. Each row names the member who made the change (`actor`)."""
    rows = ItemHistory.objects.filter(
        household_id__in=member_household_ids(user), item_id=item_id).select_related("actor")
    if not rows.exists() and not items_for(user=user).filter(pk=item_id).exists():
        raise NotFound("Item not found.")
    return paginate(rows, keyset=HISTORY_ORDER, cursor=cursor, limit=limit)


def categories_for(*, user, household_id=None) -> QuerySet:
    """The shared defaults and the households' own, defaults first within each sort order."""
    return Category.objects.filter(
        Q(household__isnull=True, owner__isnull=True)
        | Q(household_id__in=member_household_ids(user, household_id))
    ).order_by("sort_order", "name", "id")


def category_get(*, user, category_id) -> Category:
    category = categories_for(user=user).filter(pk=category_id).first()
    if category is None:
        raise NotFound("Category not found.")
    return category


def locations_for(*, user, household_id=None) -> QuerySet:
    return Location.objects.filter(
        household_id__in=member_household_ids(user, household_id)).order_by("name", "id")


def location_get(*, user, location_id) -> Location:
    location = locations_for(user=user).filter(pk=location_id).first()
    if location is None:
        raise NotFound("Location not found.")
    return location
