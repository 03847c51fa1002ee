"""Admin for the inventory. Every change an admin makes goes through the same services as
the API, so history is recorded, caches go stale and photos leave storage with their item.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch

from households.selectors import WRITERS, role_in
from inventory import services
from inventory.fields import ITEM_FIELDS, WRITABLE_FIELDS, Kind
from inventory.models import Category, Image, Item, ItemHistory, Location
from inventory.photos.admin import ImageInline, preview

# Model field names, from the field table.
EDITABLE = [spec.model_name for spec in WRITABLE_FIELDS]
FOREIGN_KEYS = [spec.model_name for spec in ITEM_FIELDS if spec.kind is Kind.FOREIGN_KEY]
LISTED = [spec.model_name for spec in ITEM_FIELDS if spec.admin.list]
FILTERED = [spec.model_name for spec in ITEM_FIELDS if spec.admin.filter]
SEARCHED = [spec.model_name for spec in ITEM_FIELDS if spec.admin.search]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "household", "owner", "is_default", "parent", "icon", "sort_order"]
    list_select_related = ["household", "owner", "parent"]
    list_filter = [("owner", admin.EmptyFieldListFilter),
                   ("household", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "owner__email", "household__name"]
    raw_id_fields = ["owner", "household", "parent"]

    @admin.display(boolean=True, description="shared default")
    def is_default(self, category):
        return category.is_default


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "household", "owner", "parent", "updated_at"]
    list_select_related = ["household", "owner", "parent"]
    list_filter = [("household", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "description", "owner__email", "household__name"]
    raw_id_fields = ["owner", "household", "parent"]


def set_status(status: str):
    def action(modeladmin, request, queryset):
        changed = 0
        for item in queryset.select_related("owner"):
            services.item_update(user=item.owner, item_id=item.id,
                                 changes={"status": status}, actor=request.user)
            changed += 1
        modeladmin.message_user(request, f"Marked {changed} item(s) {status}.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    action.short_description = f"Mark selected items {status}"
    return action


class ItemAdminForm(forms.ModelForm):
    """The services' ownership rules as form errors, so a bad pick never reaches a save."""

    class Meta:
        model = Item
        fields = ["owner", *EDITABLE]

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner") or getattr(self.instance, "owner", None)
        household = cleaned.get("household")
        household_id = getattr(household, "id", None)
        category, location = cleaned.get("category"), cleaned.get("location")
        if household and owner and role_in(user=owner, household_id=household_id) not in WRITERS:
            self.add_error("household", "The item's owner cannot edit in this household.")
        if category and category.household_id not in (None, household_id):
            self.add_error("category", "This category belongs to another household.")
        if location and location.household_id != household_id:
            self.add_error("location", "This location belongs to another household.")
        return cleaned


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    form = ItemAdminForm
    list_display = ["thumbnail", *LISTED, "owner", "created_at"]
    list_display_links = ["thumbnail", LISTED[0]]
    list_select_related = ["owner", *FOREIGN_KEYS]
    list_filter = [*FILTERED, ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = [*SEARCHED, "owner__email"]
    date_hierarchy = "created_at"
    list_per_page = 100
    raw_id_fields = ["owner", *FOREIGN_KEYS]
    readonly_fields = ["id", "version", "created_at", "updated_at"]
    fields = ["id", "owner", *EDITABLE, "version", "created_at", "updated_at"]
    inlines = [ImageInline]
    actions = [set_status("sold"), set_status("lost"), set_status("donated"),
               "export_selected_csv"]

    def get_queryset(self, request):
        # One query for the page's primary photos, whatever the page size.
        primary = Image.objects.order_by("position", "created_at")
        return super().get_queryset(request).prefetch_related(Prefetch("images", primary))

    def get_readonly_fields(self, request, obj=None):
        # The owner is fixed once an item exists; moving items between users is not a fix.
        return [*self.readonly_fields, "owner"] if obj else self.readonly_fields

    @admin.display(description="photo")
    def thumbnail(self, item):
        images = list(item.images.all())
        return preview(images[0], size=48) if images else "—"

    def save_model(self, request, obj, form, change):
        values = {spec.attr: getattr(obj, spec.attr) for spec in WRITABLE_FIELDS}
        if change:
            changed = {spec.attr: values[spec.attr] for spec in WRITABLE_FIELDS
                       if spec.model_name in form.changed_data}
            saved = services.item_update(user=obj.owner, item_id=obj.id, changes=changed,
                                         actor=request.user)
        else:
            saved = services.item_create(user=obj.owner, actor=request.user, **values)
        obj.pk, obj.version = saved.pk, saved.version

    def delete_model(self, request, obj):
        services.item_delete(user=obj.owner, item_id=obj.id, actor=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset.select_related("owner"):
            services.item_delete(user=item.owner, item_id=item.id, actor=request.user)

    @admin.action(description="Export selected items as CSV")
    def export_selected_csv(self, request, queryset):
        from inventory.export import csv_response_for_items

        return csv_response_for_items(queryset)


@admin.register(ItemHistory)
class ItemHistoryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "item_id", "owner", "actor"]
    list_select_related = ["owner", "actor"]
    list_filter = ["action"]
    search_fields = ["item_id", "owner__email", "actor__email"]
    date_hierarchy = "created_at"
    fields = ["id", "item_id", "owner", "actor", "action", "changes", "created_at"]
    readonly_fields = fields
