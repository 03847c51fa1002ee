"""Images in Django admin: previews everywhere, and an inline for the item admin to use.

`ImageInline` is meant for `inventory`'s ItemAdmin (`inlines = [ImageInline]`); rows are
added through the API (the pipeline must run), so the inline only shows, orders and deletes.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html

from media_pipeline import services, storage
from media_pipeline.models import Image, PendingUpload


def preview(image: Image, size: int = 80) -> str:
    url = storage.rendition_url(image.thumbnail_key)
    if not url:
        return "-"
    # No style attribute: the CSP allows no inline styles.
    return format_html('<img src="{}" alt="{}" width="{}" loading="lazy">',
                       url, image.alt_text, size)


def original_link(image: Image) -> str:
    """The private original through a signed URL that expires, never a public one."""
    return format_html('<a href="{}" target="_blank" rel="noopener">Original (signed link, '
                       'expires)</a>', storage.original_url(image.original_key))


class ImageInline(admin.TabularInline):
    model = Image
    extra = 0
    can_delete = False  # deleting must also remove the objects: use the image admin's action
    fields = ["preview", "position", "alt_text", "width", "height", "bytes", "original",
              "created_at"]
    # Order is changed on the image itself, where the rest of the gallery is renumbered.
    readonly_fields = ["preview", "position", "width", "height", "bytes", "original",
                       "created_at"]
    ordering = ["position", "created_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Preview")
    def preview(self, image):
        return preview(image)

    @admin.display(description="Original")
    def original(self, image):
        return original_link(image)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "item", "owner", "position", "width", "height", "bytes",
                    "created_at"]
    list_select_related = ["item", "owner"]
    list_filter = ["content_type", "created_at"]
    search_fields = ["id", "item__name", "owner__email", "alt_text"]
    date_hierarchy = "created_at"
    readonly_fields = ["large_preview", "original", "id", "item", "owner", "original_key",
                       "thumbnail_key", "display_key", "detail_key", "content_type", "width",
                       "height", "bytes", "content_hash", "created_at", "updated_at"]
    fields = ["large_preview", "original", "alt_text", "position", *readonly_fields[2:]]
    actions = ["delete_with_objects", "reprocess"]

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The stock bulk delete would leave the objects in storage.
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        # Through the service, so the gallery stays numbered 0..n-1 and the item's ETag moves.
        services.image_update(
            user=obj.owner, image=obj, alt_text=obj.alt_text,
            position=obj.position if "position" in form.changed_data else None,
        )

    def delete_model(self, request, obj):
        services.image_delete(user=obj.owner, image=obj)

    @admin.display(description="Preview")
    def preview(self, image):
        return preview(image)

    @admin.display(description="Preview")
    def large_preview(self, image):
        return preview(image, size=300)

    @admin.display(description="Original")
    def original(self, image):
        return original_link(image)

    @admin.action(description="Delete selected images and their stored objects")
    def delete_with_objects(self, request, queryset):
        count = 0
        for image in queryset.select_related("item", "owner"):
            with transaction.atomic():
                services.image_delete(user=image.owner, image=image)
            count += 1
        self.message_user(request, f"Deleted {count} image(s).", messages.SUCCESS)

    @admin.action(description="Make the renditions again from the originals")
    def reprocess(self, request, queryset):
        for image in queryset:
            services.reprocess_image(image=image)
        self.message_user(request, "Renditions made again.", messages.SUCCESS)


@admin.register(PendingUpload)
class PendingUploadAdmin(admin.ModelAdmin):
    list_display = ["object_key", "owner", "item", "content_type", "declared_size",
                    "created_at", "expires_at"]
    readonly_fields = list_display
    list_select_related = ["owner", "item"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
