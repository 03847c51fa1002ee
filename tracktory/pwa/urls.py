"""The PWA's server-rendered pages and manifest (the service worker adds its own routes)."""

from django.urls import path

from tracktory.pwa import service_worker, views

urlpatterns = [
    path("sw.js", service_worker.service_worker, name="pwa-service-worker"),
    path("offline.html", service_worker.offline_page, name="pwa-offline"),
    path("", views.item_grid, name="pwa-items"),
    path("login", views.login, name="pwa-login"),
    path("register", views.register, name="pwa-register"),
    path("items/new", views.item_new, name="pwa-item-new"),
    path("items/<uuid:item_id>", views.item_detail, name="pwa-item-detail"),
    path("items/<uuid:item_id>/edit", views.item_edit, name="pwa-item-edit"),
    path("search", views.search, name="pwa-search"),
    path("locations", views.locations, name="pwa-locations"),
    path("categories", views.categories, name="pwa-categories"),
    path("settings", views.settings_page, name="pwa-settings"),
    path("households", views.households, name="pwa-households"),
    path("invite/<str:token>", views.invite, name="pwa-invite"),
    path("manifest.webmanifest", views.manifest, name="pwa-manifest"),
]
