"""Input and output shapes only (camelCase on the wire); the rules live in services."""


from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inventory.fields import ITEM_FIELDS, LONG_TEXT_MAX, WRITABLE_FIELDS, ItemField, Kind
from inventory.models import Category, Item, ItemHistory, Location
from inventory.photos.presenters import ImageSummarySerializer, image_summary
from inventory.selectors import ItemFilters, images_of
from tracktory.api.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictDateField,
    StrictIntegerField,
    StrictUUIDField,
)

MAX_DESCRIPTION = LONG_TEXT_MAX
MAX_QUERY = 200


class PriceField(serializers.DecimalField):
    """Numbers or numeric strings in, a JSON number out; never a boolean."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=2, min_value=0, coerce_to_string=False,
                         **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)


# ---- items (built from the field table, inventory/fields.py) -----------------------------

def _item_input_field(spec: ItemField) -> serializers.Field:
    options: dict = {"source": spec.attr} if spec.attr != spec.api else {}
    if not spec.required and spec.kind is Kind.FOREIGN_KEY and not spec.null:
        # No default to reset to (the household): left out means "as it is".
        options.update(required=False)
    elif not spec.required:
        options.update(required=False, default=spec.api_default)
    if spec.null:
        options["allow_null"] = True
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        # One-line text is trimmed; long text keeps its layout as typed.
        return StrictCharField(max_length=spec.limit, allow_blank=not spec.required,
                               trim_whitespace=kind is Kind.TEXT, **options)
    if kind in (Kind.FOREIGN_KEY, Kind.UUID):
        return StrictUUIDField(**options)
    if kind is Kind.MONEY:
        return PriceField(**options)
    if kind is Kind.DATE:
        # Whether it may lie in the future is the services' rule (`not_future`).
        return StrictDateField(**options)
    if kind is Kind.ENUM:
        return serializers.ChoiceField(choices=spec.choices, **options)
    if kind is Kind.BOOLEAN:
        return StrictBooleanField(**options)
    if kind is Kind.INTEGER:
        # Whole numbers on an item are counts (quantity): never negative.
        return StrictIntegerField(min_value=0, **options)
    raise ValueError(f"No input field for {kind}")


def _item_output_field(spec: ItemField) -> serializers.Field:
    options: dict = {"source": spec.attr} if spec.attr != spec.api else {}
    if spec.null:
        options["allow_null"] = True
    return {
        Kind.TEXT: serializers.CharField, Kind.LONG_TEXT: serializers.CharField,
        Kind.FOREIGN_KEY: serializers.UUIDField, Kind.UUID: serializers.UUIDField,
        Kind.MONEY: PriceField, Kind.DATE: serializers.DateField,
        Kind.DATETIME: serializers.DateTimeField, Kind.BOOLEAN: serializers.BooleanField,
        Kind.INTEGER: serializers.IntegerField,
        Kind.ENUM: lambda **kw: serializers.ChoiceField(choices=spec.choices, **kw),
    }[spec.kind](**options)


class ItemInSerializer(serializers.Serializer):
    """POST and PUT take every field (missing optional ones reset); PATCH takes any subset."""

    def get_fields(self):
        return {spec.api: _item_input_field(spec) for spec in WRITABLE_FIELDS}


# (API name, attribute, model value -> API value) per field: the list endpoint is the
# hottest path in the app, and a plain loop is several times faster than DRF's field walk.
_ITEM_OUTPUT = tuple((spec.api, spec.attr, spec.to_api) for spec in ITEM_FIELDS)


class ItemOutSerializer(serializers.Serializer):
    # The item as every endpoint shows it; the fields document the shape for the schema.
    images = serializers.SerializerMethodField()

    def get_fields(self):
        # The table's fields first, then the declared ones (images, a subclass's extras).
        return {**{spec.api: _item_output_field(spec) for spec in ITEM_FIELDS},
                **super().get_fields()}

    @extend_schema_field(ImageSummarySerializer(many=True))
    def get_images(self, item):
        return [image_summary(image) for image in images_of(item)]

    def to_representation(self, item):
        data = {api: to_api(getattr(item, attr)) for api, attr, to_api in _ITEM_OUTPUT}
        # Prefetched by the selectors: no query per item.
        data["images"] = [image_summary(image) for image in images_of(item)]
        return data


class ItemFiltersSerializer(serializers.Serializer):
    """The item list's (and search's) query parameters."""

    q = serializers.CharField(max_length=MAX_QUERY, required=False, allow_blank=True)
    householdId = serializers.UUIDField(required=False)
    categoryId = serializers.UUIDField(required=False)
    locationId = serializers.UUIDField(required=False)
    status = serializers.ListField(child=serializers.ChoiceField(choices=Item.Status.choices),
                                   required=False)
    condition = serializers.ListField(
        child=serializers.ChoiceField(choices=Item.Condition.choices), required=False
    )
    sortBy = serializers.ChoiceField(choices=["createdAt", "updatedAt", "name"], required=False,
                                     default="createdAt")
    sortDir = serializers.ChoiceField(choices=["asc", "desc"], required=False)

    REPEATABLE = ("status", "condition")

    @classmethod
    def data_from(cls, params) -> dict:
        """A QueryDict as plain data; repeatable values also accept `a,b` in one parameter."""
        data = {}
        for name in cls._declared_fields:
            if name not in params:
                continue
            if name in cls.REPEATABLE:
                data[name] = [part for value in params.getlist(name)
                              for part in value.split(",") if part]
            else:
                data[name] = params.get(name)
        return data

    def to_filters(self):
        data = self.validated_data
        sort_by = data["sortBy"]
        # Newest first by default; names read A to Z.
        sort_dir = data.get("sortDir") or ("asc" if sort_by == "name" else "desc")
        return ItemFilters(
            q=(data.get("q") or "").strip() or None,
            household_id=data.get("householdId"),
            category_id=data.get("categoryId"),
            location_id=data.get("locationId"),
            statuses=tuple(dict.fromkeys(data.get("status", []))),
            conditions=tuple(dict.fromkeys(data.get("condition", []))),
            sort_by=sort_by,
            sort_dir=sort_dir,
        )


def item_filters_from(params) -> ItemFilters:
    """Parse a QueryDict; bad values raise a 400 VALIDATION_ERROR naming the parameter."""
    serializer = ItemFiltersSerializer(data=ItemFiltersSerializer.data_from(params))
    serializer.is_valid(raise_exception=True)
    return serializer.to_filters()


# ---- categories and locations ------------------------------------------------------------

class HouseholdParamSerializer(serializers.Serializer):
    """`?householdId=`: narrow a list to one of the caller's households."""

    householdId = serializers.UUIDField(required=False, source="household_id")


def household_param(params):
    serializer = HouseholdParamSerializer(data={k: params[k] for k in ("householdId",)
                                                if k in params})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data.get("household_id")


class CategoryInSerializer(serializers.Serializer):
    name = StrictCharField(max_length=100)
    householdId = StrictUUIDField(source="household_id", required=False, default=None,
                                  help_text="Defaults to the caller's personal household.")
    parentId = StrictUUIDField(source="parent_id", allow_null=True, required=False,
                               default=None)
    icon = StrictCharField(max_length=50, allow_blank=True, required=False, default="")
    sortOrder = StrictIntegerField(source="sort_order", required=False, default=0,
                                   min_value=-1_000_000, max_value=1_000_000)


class CategoryOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    userId = serializers.UUIDField(source="owner_id", allow_null=True)
    householdId = serializers.UUIDField(source="household_id", allow_null=True)
    name = serializers.CharField()
    parentId = serializers.UUIDField(source="parent_id", allow_null=True)
    icon = serializers.CharField()
    sortOrder = serializers.IntegerField(source="sort_order")
    isDefault = serializers.BooleanField(source="is_default")
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Category


class LocationInSerializer(serializers.Serializer):
    name = StrictCharField(max_length=100)
    householdId = StrictUUIDField(source="household_id", required=False, default=None,
                                  help_text="Defaults to the caller's personal household.")
    description = StrictCharField(max_length=MAX_DESCRIPTION, allow_blank=True, required=False,
                                  default="")
    parentId = StrictUUIDField(source="parent_id", allow_null=True, required=False,
                               default=None)


class LocationOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    userId = serializers.UUIDField(source="owner_id")
    householdId = serializers.UUIDField(source="household_id")
    name = serializers.CharField()
    description = serializers.CharField()
    parentId = serializers.UUIDField(source="parent_id", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Location


class HistoryOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    itemId = serializers.UUIDField(source="item_id")
    action = serializers.ChoiceField(choices=ItemHistory.Action.choices)
    actorId = serializers.UUIDField(source="actor_id", allow_null=True)
    actorName = serializers.SerializerMethodField(method_name="get_actor_name")
    changes = serializers.DictField(
        help_text='{"fieldName": {"old": ..., "new": ...}} in camelCase field names.'
    )
    createdAt = serializers.DateTimeField(source="created_at")

    def get_actor_name(self, entry) -> str | None:
        return entry.actor.name if entry.actor else None
