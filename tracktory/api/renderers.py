"""Wraps every DRF response in the success envelope (errors arrive already wrapped)."""

from rest_framework.renderers import JSONRenderer

from tracktory.api.envelope import is_envelope, success_body


class EnvelopeJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code == 204:
            return b""
        if not is_envelope(data):
            pagination = getattr(response, "pagination", None)
            data = success_body(data, pagination=pagination)
        return super().render(data, accepted_media_type, renderer_context)


def paginated(response, *, limit: int, next_cursor: str | None):
    """Attach cursor pagination to a Response; the renderer puts it in `meta.pagination`."""
    response.pagination = {
        "limit": limit,
        "nextCursor": next_cursor,
        "hasMore": next_cursor is not None,
    }
    return response
