"""Input shapes of the photo endpoints (camelCase on the wire); the rules live in services.

Output shapes are in `presenters`, beside the functions they document.
"""

from rest_framework import serializers

from tracktory.api.fields import StrictCharField, StrictIntegerField, StrictUUIDField

MAX_ALT_TEXT = 500
MAX_GALLERY = 200


class SignUploadInputSerializer(serializers.Serializer):
    contentType = StrictCharField(max_length=100)
    # Only for the client's own bookkeeping: keys never carry a file name.
    fileName = StrictCharField(max_length=255, required=False, allow_blank=True)
    size = StrictIntegerField()


class SignUploadOutputSerializer(serializers.Serializer):
    uploadUrl = serializers.URLField()
    method = serializers.ChoiceField(
        choices=["POST", "PUT"],
        help_text="POST: a multipart form of `fields` with the file last as `file`. "
                  "PUT (object stores without form uploads, e.g. R2): the raw bytes, "
                  "with `headers`.",
    )
    fields = serializers.DictField(child=serializers.CharField())
    headers = serializers.DictField(child=serializers.CharField())
    objectKey = serializers.CharField()
    maxSize = serializers.IntegerField()
    expiresIn = serializers.IntegerField()


class ConfirmUploadInputSerializer(serializers.Serializer):
    objectKey = StrictCharField(max_length=300)
    altText = StrictCharField(max_length=MAX_ALT_TEXT, required=False, allow_blank=True)


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=False)
    altText = serializers.CharField(max_length=MAX_ALT_TEXT, required=False, allow_blank=True)


class ImageUpdateInputSerializer(serializers.Serializer):
    altText = StrictCharField(max_length=MAX_ALT_TEXT, required=False, allow_blank=True)
    position = StrictIntegerField(required=False, min_value=0)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send altText and/or position.")
        return attrs


class ImageOrderInputSerializer(serializers.Serializer):
    imageIds = serializers.ListField(child=StrictUUIDField(), max_length=MAX_GALLERY)
