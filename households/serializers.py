"""Input and output shapes of the household API (camelCase on the wire)."""

from rest_framework import serializers

from households.models import Role
from tracktory.api.fields import StrictCharField


class HouseholdInSerializer(serializers.Serializer):
    name = StrictCharField(max_length=100)


class HouseholdOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices, help_text="The caller's role.")
    memberCount = serializers.IntegerField(source="member_count")
    isPersonal = serializers.BooleanField(source="is_personal")
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")


class HouseholdDeleteParamsSerializer(serializers.Serializer):
    force = serializers.BooleanField(required=False, default=False)


class MemberOutSerializer(serializers.Serializer):
    userId = serializers.UUIDField(source="user_id")
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.name")
    role = serializers.ChoiceField(choices=Role.choices)
    joinedAt = serializers.DateTimeField(source="joined_at")


class RoleInSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class InviteOutSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once; the link is single-use.")
    url = serializers.CharField(help_text="The PWA's invite page for this token.")
    role = serializers.ChoiceField(choices=Role.choices)
    expiresAt = serializers.DateTimeField(source="expires_at")


class InvitePreviewSerializer(serializers.Serializer):
    householdId = serializers.UUIDField(source="household.id")
    householdName = serializers.CharField(source="household.name")
    role = serializers.ChoiceField(choices=Role.choices)
    expiresAt = serializers.DateTimeField(source="expires_at")
