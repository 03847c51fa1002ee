"""Local storage only (the embedded default): the upload target and the served files.

With object storage configured these answer 404; the client then talks to S3/R2 directly.
"""

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from media_pipeline import storage
from media_pipeline.services import MAX_UPLOAD_BYTES
from tracktory.api.envelope import error_body
from tracktory.api.error_codes import code_for_status

# Room for the form's other fields and multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024
# An original is served only to show it: never run as a page, whatever its bytes hide.
ORIGINAL_CSP = "default-src 'none'; img-src 'self'; sandbox"


def refusal(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(code_for_status(status), message, {field: [message]}),
                        status=status)


# No cookie or token is involved: the signed policy in the form is the authorization, as in
# an S3 presigned POST, so CSRF protection has nothing to protect.
@csrf_exempt
@require_POST
def upload(request):
    if not storage.is_local(storage.private()):
        raise Http404
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_UPLOAD_BYTES + FORM_OVERHEAD:
        # Refused before the body is read, so a huge POST costs us nothing.
        return refusal(400, "file", f"The file must be at most {MAX_UPLOAD_BYTES} bytes.")
    try:
        storage.receive_local_upload(fields=request.POST, file=request.FILES.get("file"))
    except storage.UploadRefused as exc:
        return refusal(exc.status, exc.field, exc.message)
    # What S3 answers to a form upload without success_action_status.
    return HttpResponse(status=204)


def _serve(found: storage.LocalFile | None) -> FileResponse:
    if found is None:
        raise Http404
    response = FileResponse(found.handle, content_type=found.content_type)
    response["Cache-Control"] = found.cache_control
    return response


@require_GET
def original(request, key: str):
    """A private original, only through a signed URL that has not expired."""
    seconds_left = storage.signed_original_seconds_left(key, request.GET)
    if seconds_left is None:
        return refusal(403, "signature", "This link is not valid or has expired.")
    response = _serve(storage.open_local("private", key, max_age=seconds_left))
    response["Content-Security-Policy"] = ORIGINAL_CSP
    return response


@require_GET
def rendition(request, key: str):
    """A public WebP rendition; its key never changes content, so it is cached for a year."""
    return _serve(storage.open_local("public", key))
