"""Item history: snapshots in the API's camelCase names and the old/new diff between them.

Which fields are tracked, and how their values look, comes from the field table.
"""

from inventory.fields import TRACKED_FIELDS
from inventory.models import Item, ItemHistory


def snapshot(item: Item, specs=TRACKED_FIELDS) -> dict:
    """The item's values by API name (the tracked fields unless `specs` says otherwise)."""
    return {spec.api: spec.to_api(getattr(item, spec.attr)) for spec in specs}


def diff(old: dict, new: dict) -> dict:
    return {
        spec.api: {"old": old.get(spec.api), "new": new.get(spec.api)}
        for spec in TRACKED_FIELDS
        if old.get(spec.api) != new.get(spec.api)
    }


def record(*, item_id, owner, household_id, actor, action: str,
           changes: dict) -> ItemHistory:
    """`owner` is who added the item, `actor` the member who made this change."""
    return ItemHistory.objects.create(
        item_id=item_id, owner_id=getattr(owner, "pk", owner), household_id=household_id,
        actor=actor, action=action, changes=changes,
    )
