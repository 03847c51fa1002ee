"""Writes for items, categories and locations: keyword-only, atomic, validated.

The API, admin, management commands and the offline replay all come through here. Every
write records item history where it touches items and bumps the household's data version,
so every member's cached reads keyed on it go stale at once. Who may write where is asked of
`households.selectors` (not a member: 404; a viewer: 403).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from households.selectors import check_role, role_annotation, role_in, writable_household_id
from inventory import history
from inventory.cache_versions import bump_household_data_version
from inventory.etags import check_if_match
from inventory.fields import BY_ATTR, ITEM_FIELDS, WRITABLE_FIELDS, Kind
from inventory.models import Category, Item, ItemHistory, Location
from inventory.photos.services import delete_images_for_item
from inventory.selectors import item_for_write
from tracktory.api.errors import Forbidden, ValidationFailed

WRITABLE_ATTRS = tuple(spec.attr for spec in WRITABLE_FIELDS)

# snake_case service argument -> camelCase API name, for error details.
API_NAMES = {spec.attr: spec.api for spec in ITEM_FIELDS}
API_NAMES.update({"parent_id": "parentId", "sort_order": "sortOrder", "icon": "icon",
                  "household_id": "householdId"})
# The API's date is the client's, which may run up to 14 h ahead of UTC: "tomorrow in UTC"
# is still today somewhere.
FUTURE_DATE_GRACE = datetime.timedelta(days=1)


def _data_changed(household_id) -> None:
    # Now, for readers in this process, and again after commit, so a reader that filled the
    # cache from pre-commit data in between cannot leave a stale entry reachable.
    bump_household_data_version(household_id)
    transaction.on_commit(lambda: bump_household_data_version(household_id))


# Foreign keys are checked by the services' household rules, not by model validation.
_RELATIONS = ("owner", "household", "category", "location", "parent")


def _full_clean(instance, *, exclude=()) -> None:
    """Model validation as a 400 with camelCase field names (a net for non-API callers)."""
    try:
        instance.full_clean(exclude=[*_RELATIONS, *exclude],
                            validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={
            API_NAMES.get(field, field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }) from exc


def _household_categories(household_id):
    """What a household's rows may point at: the shared defaults and its own categories."""
    return Category.objects.filter(Q(household__isnull=True, owner__isnull=True)
                                   | Q(household_id=household_id))


def _check_category(*, household_id, category_id) -> None:
    if category_id is not None and not _household_categories(household_id).filter(
            pk=category_id).exists():
        raise ValidationFailed(details={"categoryId": ["No such category in this household."]})


def _check_location(*, household_id, location_id) -> None:
    if location_id is not None and not Location.objects.filter(
            pk=location_id, household_id=household_id).exists():
        raise ValidationFailed(details={"locationId": ["No such location in this household."]})


# A foreign key field's `lookup` -> the rule for which targets an item may point at: a
# category or location of the item's own household (the household itself is checked by
# role, before any value is set).
_LOOKUP_CHECKS = {
    "category": lambda item, value: _check_category(household_id=item.household_id,
                                                    category_id=value),
    "location": lambda item, value: _check_location(household_id=item.household_id,
                                                    location_id=value),
    "household": lambda item, value: None,
}


def _item_values(values: dict, *, creating: bool) -> dict:
    """Field values by model attribute, as stored; unknown or missing required ones refused."""
    unknown = set(values) - set(WRITABLE_ATTRS)
    if unknown:
        raise ValidationFailed(details={name: ["Not an item field that can be set."]
                                        for name in sorted(unknown)})
    errors = {}
    for spec in WRITABLE_FIELDS:
        if spec.attr not in values:
            if creating and spec.required:
                errors[spec.api] = ["This field is required."]
            continue
        value = values[spec.attr]
        if spec.required and (value is None or (isinstance(value, str) and not value.strip())):
            errors[spec.api] = ["This field may not be blank."]
        elif isinstance(value, str) and spec.limit and len(value) > spec.limit:
            errors[spec.api] = [f"Ensure this field has no more than {spec.limit} characters."]
    if errors:
        raise ValidationFailed(details=errors)
    return {attr: BY_ATTR[attr].to_model(value) for attr, value in values.items()}


def _check_item_values(*, item: Item, attrs) -> None:
    """The item rules on the values just set (already typed by model validation)."""
    latest = timezone.now().date() + FUTURE_DATE_GRACE
    if "household_id" in attrs:
        # A new household: its category and location must be that household's too.
        attrs = dict.fromkeys([*attrs, "category_id", "location_id"])
    for attr in attrs:
        spec, value = BY_ATTR[attr], getattr(item, attr)
        if spec.lookup:
            _LOOKUP_CHECKS[spec.lookup](item, value)
        elif value is None:
            continue
        elif spec.not_future and value > latest:
            raise ValidationFailed(details={spec.api: ["Cannot be in the future."]})
        elif spec.kind is Kind.MONEY and value < 0:
            # Model validation lets a negative through; the database refuses it less kindly.
            raise ValidationFailed(details={spec.api: ["Must be zero or more."]})


# ---- items -------------------------------------------------------------------------------

@transaction.atomic
def item_create(*, user, actor=None, **values: Any) -> Item:
    """A new item from field values by model attribute (`name=`, `category_id=`, ...; any
    writable field of `inventory.fields`); fields left out take their defaults."""
    values = _item_values(values, creating=True)
    # `household_id` left out or None: the user's personal household.
    values["household_id"] = writable_household_id(user=user,
                                                    household_id=values.get("household_id"))
    item = Item(owner=user, **values)
    _full_clean(item)
    _check_item_values(item=item, attrs=values)
    item.save()
    history.record(item_id=item.id, owner=user, household_id=item.household_id,
                   actor=actor or user, action=ItemHistory.Action.CREATE,
                   changes=history.diff({}, history.snapshot(item)))
    _data_changed(item.household_id)
    return item


def _locked_item(*, user, item_id) -> Item:
    """The item, locked, if the user may edit it (not a member: 404; a viewer: 403)."""
    return item_for_write(user=user, item_id=item_id, lock=True)


@transaction.atomic
def item_update(*, user, item_id, changes: dict, expected_etags=None, actor=None) -> Item:
    """Apply `changes` ({model attribute: value}, any subset of the writable fields).

    `expected_etags` (from If-Match) must include the item's current tag, else 409. A change
    of location alone is recorded as a move; a write that changes nothing records nothing.
    """
    item = _locked_item(user=user, item_id=item_id)
    check_if_match(item, expected_etags)
    changes = _item_values(changes, creating=False)
    old_household_id = item.household_id
    if changes.get("household_id") is None:
        changes.pop("household_id", None)  # left out (or null): stays where it is
    elif changes["household_id"] != old_household_id:
        # Moving to another household: the user must be able to edit there too.
        check_role(role_in(user=user, household_id=changes["household_id"]))
    before = history.snapshot(item, WRITABLE_FIELDS)
    for attr, value in changes.items():
        setattr(item, attr, value)
    _full_clean(item)
    _check_item_values(item=item, attrs=changes)
    after = history.snapshot(item, WRITABLE_FIELDS)
    if after == before:
        return item
    item.version = F("version") + 1
    item.save()
    item.refresh_from_db(fields=["version", "updated_at"])
    delta = history.diff(before, after)
    if delta:  # a field history does not track changes the item, not its story
        action = (ItemHistory.Action.MOVE if set(delta) == {"locationId"}
                  else ItemHistory.Action.UPDATE)
        history.record(item_id=item.id, owner=item.owner_id, household_id=old_household_id,
                       actor=actor or user, action=action, changes=delta)
    if item.household_id != old_household_id:
        # Its story and photos follow it (photo keys hold the adder's and the item's ids,
        # which do not change); the old household's readers see it go.
        ItemHistory.objects.filter(item_id=item.id).update(household_id=item.household_id)
        _data_changed(old_household_id)
    _data_changed(item.household_id)
    return item


def item_move(*, user, item_id, location_id, expected_etags=None, actor=None) -> Item:
    return item_update(user=user, item_id=item_id, changes={"location_id": location_id},
                       expected_etags=expected_etags, actor=actor)


@transaction.atomic
def item_delete(*, user, item_id, expected_etags=None, actor=None) -> None:
    item = _locked_item(user=user, item_id=item_id)
    check_if_match(item, expected_etags)
    history.record(item_id=item.id, owner=item.owner_id, household_id=item.household_id,
                   actor=actor or user, action=ItemHistory.Action.DELETE,
                   changes=history.diff(history.snapshot(item), {}))
    # Rows now; the storage objects once this transaction commits.
    delete_images_for_item(item=item)
    item.delete()
    _data_changed(item.household_id)


def household_contents_delete(sender, instance, **kwargs) -> None:
    """Before a household goes (its rows cascade): its items' photo files go too."""
    for item in Item.objects.filter(household=instance):
        delete_images_for_item(item=item)
    _data_changed(instance.pk)


def _detach_items(*, household_id, **lookup) -> None:
    """Items losing their category or location: a new version, so old ETags go stale."""
    field = next(iter(lookup))
    Item.objects.filter(household_id=household_id, **lookup).update(
        **{field.removesuffix("_id") + "_id": None}, version=F("version") + 1
    )


def _refuse_cycle(*, queryset, node_id, parent_id) -> None:
    """Walk up from the proposed parent (one query); reaching the node itself is a cycle."""
    if parent_id is None or node_id is None:
        return
    parents = dict(queryset.values_list("id", "parent_id"))
    seen, current = set(), parent_id
    while current is not None and current not in seen:
        if current == node_id:
            raise ValidationFailed(details={"parentId": ["Would make a cycle."]})
        seen.add(current)
        current = parents.get(current)


# ---- categories --------------------------------------------------------------------------

def _check_category_parent(*, household_id, parent_id, category_id=None) -> None:
    if parent_id is None:
        return
    categories = _household_categories(household_id)
    if not categories.filter(pk=parent_id).exists():
        raise ValidationFailed(details={"parentId": ["No such category in this household."]})
    if parent_id == category_id:
        raise ValidationFailed(details={"parentId": ["Would make a cycle."]})
    _refuse_cycle(queryset=categories, node_id=category_id, parent_id=parent_id)


def _own_category(*, user, category_id) -> Category:
    """A category of a household the user may edit; a shared default is visible but
    read-only (403); another household's is not found; a viewer's write is 403."""
    category = (Category.objects.select_for_update(of=("self",))
                .annotate(member_role=role_annotation(user)).filter(pk=category_id).first())
    if category is not None and category.household_id is None:
        raise Forbidden("Default categories are shared and cannot be changed.")
    check_role(category.member_role if category else None, what="Category")
    return category


@transaction.atomic
def category_create(*, user, name: str, parent_id=None, icon: str = "",
                    sort_order: int = 0, household_id=None) -> Category:
    household_id = writable_household_id(user=user, household_id=household_id)
    _check_category_parent(household_id=household_id, parent_id=parent_id)
    category = Category(owner=user, household_id=household_id, name=name.strip(),
                        parent_id=parent_id, icon=icon, sort_order=sort_order)
    _full_clean(category)
    category.save()
    _data_changed(household_id)
    return category


@transaction.atomic
def category_update(*, user, category_id, name: str, parent_id=None, icon: str = "",
                    sort_order: int = 0, household_id=None) -> Category:
    """`household_id` is accepted for symmetry with create; a category does not move."""
    category = _own_category(user=user, category_id=category_id)
    _check_category_parent(household_id=category.household_id, parent_id=parent_id,
                           category_id=category.id)
    category.name, category.parent_id = name.strip(), parent_id
    category.icon, category.sort_order = icon, sort_order
    _full_clean(category)
    category.save()
    _data_changed(category.household_id)
    return category


@transaction.atomic
def category_delete(*, user, category_id) -> None:
    category = _own_category(user=user, category_id=category_id)
    _detach_items(household_id=category.household_id, category_id=category.id)
    category.delete()  # child categories keep existing, now top-level (SET_NULL)
    _data_changed(category.household_id)


# ---- locations ---------------------------------------------------------------------------

def _check_location_parent(*, household_id, parent_id, location_id=None) -> None:
    if parent_id is None:
        return
    locations = Location.objects.filter(household_id=household_id)
    if not locations.filter(pk=parent_id).exists():
        raise ValidationFailed(details={"parentId": ["No such location in this household."]})
    if parent_id == location_id:
        raise ValidationFailed(details={"parentId": ["Would make a cycle."]})
    _refuse_cycle(queryset=locations, node_id=location_id, parent_id=parent_id)


def _own_location(*, user, location_id) -> Location:
    location = (Location.objects.select_for_update(of=("self",))
                .annotate(member_role=role_annotation(user)).filter(pk=location_id).first())
    check_role(location.member_role if location else None, what="Location")
    return location


@transaction.atomic
def location_create(*, user, name: str, description: str = "", parent_id=None,
                    household_id=None) -> Location:
    household_id = writable_household_id(user=user, household_id=household_id)
    _check_location_parent(household_id=household_id, parent_id=parent_id)
    location = Location(owner=user, household_id=household_id, name=name.strip(),
                        description=description, parent_id=parent_id)
    _full_clean(location)
    location.save()
    _data_changed(household_id)
    return location


@transaction.atomic
def location_update(*, user, location_id, name: str, description: str = "",
                    parent_id=None, household_id=None) -> Location:
    """`household_id` is accepted for symmetry with create; a location does not move."""
    location = _own_location(user=user, location_id=location_id)
    _check_location_parent(household_id=location.household_id, parent_id=parent_id,
                           location_id=location.id)
    location.name, location.description, location.parent_id = name.strip(), description, parent_id
    _full_clean(location)
    location.save()
    _data_changed(location.household_id)
    return location


@transaction.atomic
def location_delete(*, user, location_id) -> None:
    """Children move up to the deleted location's parent; its items become unplaced."""
    location = _own_location(user=user, location_id=location_id)
    Location.objects.filter(household_id=location.household_id, parent=location).update(
        parent_id=location.parent_id)
    _detach_items(household_id=location.household_id, location_id=location.id)
    location.delete()
    _data_changed(location.household_id)
