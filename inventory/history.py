"""Item history: snapshots in the API's camelCase names and the old/new diff between them."""

from inventory.models import Item, ItemHistory

# API field name -> model attribute, for every field a client can change.
TRACKED_FIELDS = {
    "name": "name",
    "description": "description",
    "categoryId": "category_id",
    "locationId": "location_id",
    "purchasePrice": "purchase_price",
    "purchaseDate": "purchase_date",
    "status": "status",
    "condition": "condition",
}


def _api_value(api_name: str, value):
    """A model value as the API shows it (JSON-safe)."""
    if value is None:
        return None
    if api_name in ("categoryId", "locationId"):
        return str(value)
    if api_name == "purchasePrice":
        return float(value)
    if api_name == "purchaseDate":
        return value.isoformat()
    if api_name == "condition":
        return value or None
    return value


def snapshot(item: Item) -> dict:
    return {name: _api_value(name, getattr(item, attr)) for name, attr in TRACKED_FIELDS.items()}


def diff(old: dict, new: dict) -> dict:
    return {
        name: {"old": old.get(name), "new": new.get(name)}
        for name in TRACKED_FIELDS
        if old.get(name) != new.get(name)
    }


def record(*, item_id, owner, actor, action: str, changes: dict) -> ItemHistory:
    return ItemHistory.objects.create(
        item_id=item_id, owner=owner, actor=actor, action=action, changes=changes
    )
