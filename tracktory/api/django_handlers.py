"""Django's own 404/500 pages: JSON envelopes under /api/, plain pages elsewhere."""

from django.http import JsonResponse
from django.views import defaults

from tracktory.api.envelope import error_body
from tracktory.api.error_codes import ErrorCode


def wants_json(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if wants_json(request):
        return JsonResponse(error_body(ErrorCode.NOT_FOUND.name, "Not found."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if wants_json(request):
        return JsonResponse(error_body(ErrorCode.INTERNAL_ERROR.name,
                                       "Something went wrong on our side."), status=500)
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if wants_json(request):
        return JsonResponse(error_body(ErrorCode.VALIDATION_ERROR.name, "Bad request."), status=400)
    return defaults.bad_request(request, exception)
