"""Signed uploads in Django admin, read-only: they come and go through the API."""

from django.contrib import admin

from media_pipeline.models import PendingUpload


@admin.register(PendingUpload)
class PendingUploadAdmin(admin.ModelAdmin):
    list_display = ["object_key", "owner", "content_type", "declared_size", "created_at",
                    "expires_at"]
    readonly_fields = list_display
    list_select_related = ["owner"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
