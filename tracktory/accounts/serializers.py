"""Input and output shapes of the auth endpoints (camelCase on the wire)."""

import json

from rest_framework import serializers

PREFERENCES_MAX_BYTES = 8192


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    name = serializers.CharField(max_length=150)


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class RefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=4096)


class UserOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    name = serializers.CharField()
    avatarUrl = serializers.CharField(source="avatar_url")
    preferences = serializers.JSONField()
    createdAt = serializers.DateTimeField(source="date_joined")


class UserUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    avatarUrl = serializers.URLField(max_length=500, required=False, allow_blank=True)
    preferences = serializers.JSONField(required=False)

    def to_internal_value(self, data):
        # A field we do not take (email, id, a typo) is an error, not silently dropped.
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This field cannot be changed here."] for name in unknown}
                )
        return super().to_internal_value(data)

    def validate_avatarUrl(self, value: str) -> str:  # noqa: N802 (DRF names it after the field)
        if value and not value.lower().startswith(("https://", "http://")):
            raise serializers.ValidationError("Enter an http or https URL.")
        return value

    def validate_preferences(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Must be a JSON object.")
        if len(json.dumps(value)) > PREFERENCES_MAX_BYTES:
            raise serializers.ValidationError(
                f"Must be at most {PREFERENCES_MAX_BYTES} bytes of JSON."
            )
        return value

    def to_service_kwargs(self) -> dict:
        names = {"name": "name", "avatarUrl": "avatar_url", "preferences": "preferences"}
        return {names[key]: value for key, value in self.validated_data.items()}
