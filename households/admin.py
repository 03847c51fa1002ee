"""Households in the admin, members inline; invitations are read-only (only their hash is
stored, so an admin cannot hand a link out)."""

from django.contrib import admin
from django.db.models import Count

from households.models import Household, Invite, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["joined_at"]
    fields = ["user", "role", "joined_at"]


class InviteInline(admin.TabularInline):
    model = Invite
    extra = 0
    can_delete = False
    fields = ["role", "created_by", "created_at", "expires_at", "used_at", "used_by",
              "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["name", "is_personal", "member_count", "created_at"]
    list_filter = ["is_personal"]
    search_fields = ["name", "memberships__user__email"]
    readonly_fields = ["id", "created_at", "updated_at"]
    fields = ["id", "name", "is_personal", "created_at", "updated_at"]
    inlines = [MembershipInline, InviteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description="members", ordering="member_total")
    def member_count(self, household):
        return household.member_total
