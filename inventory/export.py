"""`GET /api/export?format=csv|json`: everything in the caller's households (or one, with
`householdId`), streamed row by row.

Rows come from a server-side iterator in chunks (images prefetched per chunk), so memory
stays flat however large the inventory is.
"""

import csv
from collections.abc import Iterator

from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework.utils import encoders

from inventory.fields import ITEM_FIELDS
from inventory.models import Category, Item, Location
from inventory.selectors import categories_for, items_for, locations_for, with_images
from inventory.serializers import (
    CategoryOutSerializer,
    ItemOutSerializer,
    LocationOutSerializer,
)
from media_pipeline import renditions
from tracktory.api.envelope import success_body
from tracktory.api.errors import ValidationFailed

FORMATS = ("csv", "json")
CHUNK = 500
# (field, column) in the field table's order; a column other than the field's own API
# name is a name looked up for it (see `_lookups`).
_COLUMNS = tuple((spec, column) for spec in ITEM_FIELDS for column in spec.export_columns)
CSV_COLUMNS = (*(column for _, column in _COLUMNS), "imageUrls")


def export_items(*, user, household_id=None) -> Iterator[Item]:
    queryset = with_images(items_for(user=user, household_id=household_id)).order_by(
        "created_at", "id")
    return queryset.iterator(chunk_size=CHUNK)


def _names(*, user, household_id=None) -> tuple[dict, dict, dict]:
    return _names_from(categories_for(user=user, household_id=household_id),
                       locations_for(user=user, household_id=household_id))


def _names_from(categories, locations) -> tuple[dict, dict, dict]:
    categories = {c.id: c.name for c in categories}
    locations = {loc.id: loc for loc in locations}
    paths = {}
    for location_id in locations:
        parts, current, seen = [], locations.get(location_id), set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            parts.append(current.name)
            current = locations.get(current.parent_id)
        paths[location_id] = " / ".join(reversed(parts))
    return categories, {k: v.name for k, v in locations.items()}, paths


URL_FIELDS = tuple(spec.url_field for spec in renditions.RENDITIONS)
# The CSV's imageUrls: each image's largest rendition there is.
LARGEST_FIRST = tuple(spec.url_field for spec in renditions.largest_first())


def _absolute_images(images: list, absolute) -> list:
    """Local storage gives site-relative URLs; a file leaving the app needs full ones."""
    return [{**image, **{f: absolute(image[f]) if image.get(f) else image.get(f)
                         for f in URL_FIELDS}} for image in images]


# A cell starting with one of these is a formula to a spreadsheet: an item named
# "=HYPERLINK(...)" must not run when the insurer opens the file.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value and value.startswith(FORMULA_PREFIXES) else value


class _Echo:
    def write(self, value):
        return value


def _lookups(names: tuple[dict, dict, dict]) -> dict:
    """Export column -> the name it shows for an item (None when there is none)."""
    categories, locations, paths = names
    return {
        "category": lambda item: categories.get(item.category_id),
        "location": lambda item: locations.get(item.location_id),
        "locationPath": lambda item: paths.get(item.location_id),
    }


def _csv_lines(items, *, names: tuple[dict, dict, dict], absolute=str) -> Iterator[str]:
    lookups = _lookups(names)
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet apps read UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for item in items:
        cells = [
            spec.to_csv(getattr(item, spec.attr)) if column == spec.api
            else lookups[column](item) or ""
            for spec, column in _COLUMNS
        ]
        images = _absolute_images(ItemOutSerializer(item).data["images"], absolute)
        urls = [next(filter(None, (image.get(f) for f in LARGEST_FIRST)), None)
                for image in images]
        yield writer.writerow([*map(_cell, cells), " ".join(url for url in urls if url)])


def csv_rows(*, user, household_id=None, absolute=str) -> Iterator[str]:
    return _csv_lines(export_items(user=user, household_id=household_id),
                      names=_names(user=user, household_id=household_id), absolute=absolute)


def csv_response_for_items(queryset) -> StreamingHttpResponse:
    """CSV of any items (the admin's "export selected"), across households."""
    items = list(with_images(queryset.prefetch_related(None)).order_by("created_at", "id"))
    households = {item.household_id for item in items}
    names = _names_from(
        Category.objects.filter(Q(household__isnull=True) | Q(household_id__in=households)),
        Location.objects.filter(household_id__in=households))
    response = StreamingHttpResponse(_csv_lines(items, names=names),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tracktory-items.csv"'
    return response


def json_chunks(*, user, household_id=None, absolute=str) -> Iterator[str]:
    """One envelope, streamed: `{"success": true, "data": {..., "items": [...]}, "meta": ...}`."""
    lookups = _lookups(_names(user=user, household_id=household_id))
    encode = encoders.JSONEncoder(ensure_ascii=False).encode
    envelope = success_body({})
    yield '{"success": true, "data": {'
    yield f'"exportedAt": {encode(envelope["meta"]["timestamp"])}, '
    category_rows = CategoryOutSerializer(
        categories_for(user=user, household_id=household_id), many=True).data
    location_rows = LocationOutSerializer(
        locations_for(user=user, household_id=household_id), many=True).data
    yield f'"categories": {encode(category_rows)}, "locations": {encode(location_rows)}, '
    yield '"items": ['
    for index, item in enumerate(export_items(user=user, household_id=household_id)):
        data = dict(ItemOutSerializer(item).data)
        data["images"] = _absolute_images(data["images"], absolute)
        for spec, column in _COLUMNS:
            if column != spec.api:
                data[column] = lookups[column](item)
        yield ("," if index else "") + encode(data)
    yield f']}}, "meta": {encode(envelope["meta"])}}}'


def export_response(*, user, file_format: str | None, household_id=None,
                    absolute=str) -> StreamingHttpResponse:
    """`absolute` turns a site-relative URL into a full one (request.build_absolute_uri)."""
    if file_format not in FORMATS:
        raise ValidationFailed(details={"format": [f"Must be one of: {', '.join(FORMATS)}."]})
    stamp = timezone.now().strftime("%Y%m%d")
    if file_format == "csv":
        response = StreamingHttpResponse(csv_rows(user=user, household_id=household_id,
                                                  absolute=absolute),
                                         content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(json_chunks(user=user, household_id=household_id,
                                                     absolute=absolute),
                                         content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="tracktory-export-{stamp}.{file_format}"'
    )
    response["Cache-Control"] = "no-store"
    return response
