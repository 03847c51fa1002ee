from django.urls import path

from tracktory.accounts import apis

urlpatterns = [
    path("register", apis.RegisterApi.as_view(), name="auth-register"),
    path("token", apis.TokenObtainApi.as_view(), name="auth-token"),
    path("refresh", apis.TokenRefreshApi.as_view(), name="auth-refresh"),
    path("logout", apis.LogoutApi.as_view(), name="auth-logout"),
    path("user", apis.CurrentUserApi.as_view(), name="auth-user"),
]
