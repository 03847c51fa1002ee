"""Search results as the API shows them (camelCase, JSON-ready, safe highlights)."""

from inventory.search.highlight import highlight, highlight_snippet
from inventory.search.query import SearchText
from inventory.serializers import ItemOutSerializer


def search_hit(item, text: SearchText, *, fuzzy: bool) -> dict:
    """The item as the item API shows it, plus its `score` and `highlights`."""
    return {
        **ItemOutSerializer(item).data,
        "score": round(item.search_score, 4),
        "highlights": {
            "name": highlight(item.name, text.terms, fuzzy=fuzzy),
            "description": highlight_snippet(item.description, text.terms),
        },
    }


def suggestion(name: str, text: SearchText) -> dict:
    return {"name": name, "highlight": highlight(name, text.terms, fuzzy=True)}


def facets(raw: dict) -> dict:
    return {
        "categories": [
            {
                "id": str(entry["category"].id),
                "name": entry["category"].name,
                "icon": entry["category"].icon,
                "parentId": str(entry["category"].parent_id) if entry["category"].parent_id
                else None,
                "isDefault": entry["category"].is_default,
                "itemCount": entry["item_count"],
            }
            for entry in raw["categories"]
        ],
        "locations": [
            {
                "id": str(entry["location"].id),
                "name": entry["location"].name,
                "parentId": str(entry["location"].parent_id) if entry["location"].parent_id
                else None,
                "itemCount": entry["item_count"],
            }
            for entry in raw["locations"]
        ],
        "statuses": [{"value": value, "itemCount": n} for value, n in raw["statuses"]],
        "conditions": [{"value": value, "itemCount": n} for value, n in raw["conditions"]],
        "uncategorizedCount": raw["uncategorized"],
        "unlocatedCount": raw["unlocated"],
        "totalItems": raw["total"],
    }
