from django.contrib import admin

from tracktory.api.models import IdempotencyKey


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """Read-only: a stored answer is evidence of what a retried write received."""

    list_display = ["created_at", "owner", "method", "path", "status_code"]
    list_select_related = ["owner"]
    search_fields = ["key", "owner__email", "path"]
    fields = ["id", "owner", "key", "method", "path", "status_code", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
