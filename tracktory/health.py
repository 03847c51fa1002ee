"""Liveness (`/health`) and readiness (`/health/ready`)."""

from django.http import JsonResponse

from tracktory import readiness


class HealthCheckMiddleware:
    """Answers `GET /health` before any other middleware: no host check, no database.

    Platforms probe with their own Host header and over plain HTTP, so liveness must not
    depend on ALLOWED_HOSTS or the SSL redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/health" and request.method in ("GET", "HEAD"):
            response = JsonResponse({"status": "ok"})
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def ready(request):
    results = readiness.run_checks()
    failed = sorted(name for name, result in results.items() if result != "ok")
    body = {"status": "ok" if not failed else "unavailable", "checks": results, "failed": failed}
    response = JsonResponse(body, status=503 if failed else 200)
    response["Cache-Control"] = "no-store"
    return response
