"""Input validation shared by every API view."""


def valid(serializer_class, data, **kwargs) -> dict:
    """The serializer's validated data, or a 400 VALIDATION_ERROR naming each bad field."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
