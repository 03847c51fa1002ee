"""Security headers on every response, including the ones answered before routing.

The Content-Security-Policy lets pages run only our own scripts and styles (no inline code,
no eval, no CDN). Images may also come from the object storage's public origin, and the
browser may upload straight to the storage endpoint (presigned POST). A view that needs
its own policy sets the header itself and is left alone.
"""

from urllib.parse import urlsplit

from django.conf import settings

# Swagger UI (the self-hosted API docs) injects a <style> element at run time. Inline
# styles are allowed on that page only; its scripts stay 'self'.
INLINE_STYLE_PATHS = frozenset({"/api/docs"})

# Browser features the app never uses; the camera is reached through <input capture>.
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"


def origin_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def storage_origins() -> list[str]:
    r2 = getattr(settings, "CONFIG", None) and settings.CONFIG.r2
    if not r2:
        return []
    found = {origin_of(r2.endpoint_url), origin_of(r2.public_base_url)}
    return sorted(o for o in found if o)


def content_security_policy(extra_origins: list[str], *, inline_styles: bool = False) -> str:
    extra = "".join(f" {o}" for o in extra_origins)
    directives = [
        ("default-src", "'self'"),
        ("script-src", "'self'"),
        ("style-src", "'self' 'unsafe-inline'" if inline_styles else "'self'"),
        # blob: previews a photo before upload; data: small inline icons.
        ("img-src", f"'self' data: blob:{extra}"),
        # Direct uploads, and the service worker fetching images to cache them.
        ("connect-src", f"'self'{extra}"),
        ("font-src", "'self'"),
        ("manifest-src", "'self'"),
        ("worker-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
        ("frame-ancestors", "'none'"),
    ]
    return "; ".join(f"{name} {value}" for name, value in directives)


class SecurityHeadersMiddleware:
    """Outermost middleware, so even `/health` and error pages carry the headers.

    Django's SecurityMiddleware and XFrameOptionsMiddleware set some of these for routed
    requests; setting them here as defaults covers the rest and never overrides a view.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy(storage_origins())
        self.inline_style_policy = content_security_policy(storage_origins(), inline_styles=True)

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.inline_style_policy if request.path in INLINE_STYLE_PATHS else self.policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
