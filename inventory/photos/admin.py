"""Item photos in Django admin: previews everywhere, and an inline for the item admin.

`ImageInline` is for ItemAdmin (`inlines = [ImageInline]`); rows are added through the API
(the pipeline must run), so the inline only shows, orders and deletes.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html, format_html_join

from inventory.models import Image
from inventory.photos import services
from media_pipeline import renditions as table
from media_pipeline import storage
from media_pipeline.presenters import rendition_url, smallest_url


def preview(image: Image, size: int = 80) -> str:
    url = smallest_url(image.rendition_keys)
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
                       "renditions", "content_type", "width", "height", "bytes",
                       "content_hash", "created_at", "updated_at"]
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

    @admin.display(description="Renditions")
    def renditions(self, image):
        """One link per rendition of the table, with its key (missing: not made yet)."""
        return format_html_join(
            "", '<p>{} ({} px): <a href="{}" target="_blank" rel="noopener">{}</a></p>',
            ((spec.name, spec.max_size,
              rendition_url(spec, image.rendition_keys.get(spec.name)) or "#",
              image.rendition_keys.get(spec.name) or "not made yet")
             for spec in table.RENDITIONS),
        )

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
