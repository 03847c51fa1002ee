"""Input and output shapes only (camelCase on the wire); the rules live in services."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inventory.models import Category, Item, ItemHistory, Location
from inventory.photos.presenters import ImageSummarySerializer, image_summary
from inventory.selectors import ItemFilters, images_of
from tracktory.api.fields import StrictCharField, StrictIntegerField, StrictUUIDField

MAX_DESCRIPTION = 10_000
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


class PastDateField(serializers.DateField):
    # The client's local date may run up to 14 h ahead of UTC, so "tomorrow in UTC" is allowed.
    default_error_messages = {"future": "Cannot be in the future."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", format="YYYY-MM-DD")
        value = super().to_internal_value(data)
        if value > timezone.now().date() + timedelta(days=1):
            self.fail("future")
        return value


def iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


# ---- items -------------------------------------------------------------------------------

class ItemInSerializer(serializers.Serializer):
    """POST and PUT take every field (missing optional ones reset); PATCH takes any subset."""

    name = StrictCharField(max_length=255, trim_whitespace=True)
    description = StrictCharField(max_length=MAX_DESCRIPTION, allow_blank=True, required=False,
                                  default="", trim_whitespace=False)
    categoryId = StrictUUIDField(source="category_id", allow_null=True, required=False,
                                 default=None)
    locationId = StrictUUIDField(source="location_id", allow_null=True, required=False,
                                 default=None)
    purchasePrice = PriceField(source="purchase_price", allow_null=True, required=False,
                               default=None)
    purchaseDate = PastDateField(source="purchase_date", allow_null=True, required=False,
                                 default=None)
    status = serializers.ChoiceField(choices=Item.Status.choices, required=False,
                                     default=Item.Status.ACTIVE)
    condition = serializers.ChoiceField(choices=Item.Condition.choices, allow_null=True,
                                        required=False, default=None)

    def validate_condition(self, value):
        return value or ""


class ItemOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    userId = serializers.UUIDField(source="owner_id")
    name = serializers.CharField()
    description = serializers.CharField()
    categoryId = serializers.UUIDField(source="category_id", allow_null=True)
    locationId = serializers.UUIDField(source="location_id", allow_null=True)
    purchasePrice = PriceField(source="purchase_price", allow_null=True)
    purchaseDate = serializers.DateField(source="purchase_date", allow_null=True)
    status = serializers.ChoiceField(choices=Item.Status.choices)
    condition = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")
    images = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=Item.Condition.choices, allow_null=True))
    def get_condition(self, item):
        return item.condition or None

    @extend_schema_field(ImageSummarySerializer(many=True))
    def get_images(self, item):
        return [image_summary(image) for image in images_of(item)]

    def to_representation(self, item):
        # The declared fields document the shape (schema tests check real bodies against it);
        # building the dict directly is several times faster than DRF's field-by-field walk,
        # and the list endpoint is the hottest path in the app.
        price = item.purchase_price
        return {
            "id": str(item.id),
            "userId": str(item.owner_id),
            "name": item.name,
            "description": item.description,
            "categoryId": str(item.category_id) if item.category_id else None,
            "locationId": str(item.location_id) if item.location_id else None,
            "purchasePrice": float(price) if price is not None else None,
            "purchaseDate": item.purchase_date.isoformat() if item.purchase_date else None,
            "status": item.status,
            "condition": item.condition or None,
            "createdAt": iso(item.created_at),
            "updatedAt": iso(item.updated_at),
            # Prefetched by the selectors: no query per item.
            "images": [image_summary(image) for image in images_of(item)],
        }


class ItemFiltersSerializer(serializers.Serializer):
    """The item list's (and search's) query parameters."""

    q = serializers.CharField(max_length=MAX_QUERY, required=False, allow_blank=True)
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

class CategoryInSerializer(serializers.Serializer):
    name = StrictCharField(max_length=100)
    parentId = StrictUUIDField(source="parent_id", allow_null=True, required=False,
                               default=None)
    icon = StrictCharField(max_length=50, allow_blank=True, required=False, default="")
    sortOrder = StrictIntegerField(source="sort_order", required=False, default=0,
                                   min_value=-1_000_000, max_value=1_000_000)


class CategoryOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    userId = serializers.UUIDField(source="owner_id", allow_null=True)
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
    description = StrictCharField(max_length=MAX_DESCRIPTION, allow_blank=True, required=False,
                                  default="")
    parentId = StrictUUIDField(source="parent_id", allow_null=True, required=False,
                               default=None)


class LocationOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    userId = serializers.UUIDField(source="owner_id")
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
