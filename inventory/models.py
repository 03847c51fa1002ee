import uuid

from django.conf import settings
from django.db import models

from households.selectors import personal_household_id


class InHousehold(models.Model):
    """A row created without a household (the admin, a script, a test) goes to its
    owner's personal household; the services always name one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.household_id is None and self.owner_id is not None:
            self.household_id = personal_household_id(user=self.owner_id)
        super().save(*args, **kwargs)


class Category(InHousehold):
    """A shared default (owner and household null, read-only) or a household's own category
    (`owner` is who made it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="categories",
    )
    household = models.ForeignKey(
        "households.Household", null=True, blank=True, on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    icon = models.CharField(max_length=50, blank=True)
    sort_order = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["owner", "sort_order"], name="category_owner_sort")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.owner_id is None


class Location(InHousehold):
    """Where things are: a room, a shelf, a box. Nested by parent, never in a cycle."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="locations"
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["owner", "parent"], name="location_owner_parent")]

    def __str__(self) -> str:
        return self.name


class Item(InHousehold):
    class Status(models.TextChoices):
        ACTIVE = "active"
        SOLD = "sold"
        LOST = "lost"
        DONATED = "donated"

    class Condition(models.TextChoices):
        EXCELLENT = "excellent"
        GOOD = "good"
        FAIR = "fair"
        POOR = "poor"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Who added it (the API's userId); the household is whose it is.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="items"
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    purchase_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    purchase_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # Blank means "not recorded"; the API shows it as null.
    condition = models.CharField(max_length=16, choices=Condition.choices, blank=True, default="")
    notes = models.TextField(blank=True)
    # Bumped on every write; the ETag is derived from it, so a stale If-Match is a 409.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at", "-id"], name="item_owner_created"),
            models.Index(fields=["owner", "-updated_at", "-id"], name="item_owner_updated"),
            models.Index(fields=["owner", "name", "id"], name="item_owner_name"),
            models.Index(fields=["owner", "category"], name="item_owner_category"),
            models.Index(fields=["owner", "location"], name="item_owner_location"),
            models.Index(fields=["owner", "status"], name="item_owner_status"),
            models.Index(fields=["household", "-created_at", "-id"],
                         name="item_household_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purchase_price__isnull=True) | models.Q(purchase_price__gte=0),
                name="item_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ItemHistory(models.Model):
    """Who changed what on an item: one row per create, update, move or delete."""

    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        MOVE = "move"
        DELETE = "delete"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Not a foreign key: history outlives the item it describes.
    item_id = models.UUIDField(db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="item_history"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Members of this household read the row; it follows the item when the item moves.
    household = models.ForeignKey(
        "households.Household", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    # {"field": {"old": ..., "new": ...}} in the API's camelCase field names.
    changes = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "item history"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["item_id", "-created_at"], name="history_item_created")]

    def __str__(self) -> str:
        return f"{self.action} {self.item_id}"


class Image(models.Model):
    """A photo of an item: the private original and its public renditions.

    `rendition_keys` maps each rendition of `media_pipeline.renditions` to its object key,
    so a new size needs no new column. Object keys hold only UUIDs (no file names or other
    personal data). `position` orders an item's gallery; position 0 is the primary photo.
    The table keeps the name it had in media_pipeline, so moving the model moved no rows.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey("inventory.Item", on_delete=models.CASCADE, related_name="images")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="images"
    )
    original_key = models.CharField(max_length=300, unique=True)
    rendition_keys = models.JSONField(default=dict, blank=True)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    bytes = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    alt_text = models.CharField(max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "media_pipeline_image"
        ordering = ["item", "position", "created_at"]
        indexes = [
            models.Index(fields=["item", "position"], name="image_item_position"),
            models.Index(fields=["owner", "-created_at"], name="image_owner_created"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.id}"
