from django.contrib import admin
from django.urls import include, path

from tracktory import health
from tracktory.accounts import views as accounts_views

handler400 = "tracktory.api.django_handlers.bad_request"
handler404 = "tracktory.api.django_handlers.not_found"
handler500 = "tracktory.api.django_handlers.server_error"

urlpatterns = [
    # `/health` itself is answered by HealthCheckMiddleware before routing.
    path("health/ready", health.ready, name="health-ready"),
    path(".well-known/jwks.json", accounts_views.jwks, name="jwks"),
    path("admin/", admin.site.urls),
    path("api/", include("tracktory.api_urls")),
    path("media/", include("media_pipeline.media_urls")),
    path("", include("tracktory.pwa.urls")),
]
