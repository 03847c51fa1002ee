"""Security headers on every response, and a Content-Security-Policy that lets pages run
only our own code; Django admin keeps working under it."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.kit.browser import csp_violations, watch_csp_violations
from tracktory.env import R2Config
from tracktory.security_headers import content_security_policy, storage_origins


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/health"), ("get", "/health/ready"), ("get", "/api/auth/user"),
     ("post", "/api/auth/token"), ("get", "/api/no-such-thing"), ("get", "/admin/login/"),
     ("options", "/api/auth/token")],
    ids=["health", "ready", "api-401", "api-400", "api-404", "admin", "preflight"],
)
def test_every_response_carries_the_security_headers(client, unhashed_static, method, path):
    response = getattr(client, method)(path)

    for name, value in EXPECTED.items():
        assert response[name] == value, name
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert "camera=(self)" in response["Permissions-Policy"]


def test_the_page_policy_allows_only_our_own_code():
    policy = directives(content_security_policy([]))

    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    joined = " ".join(v for values in policy.values() for v in values)
    assert "unsafe-inline" not in joined and "unsafe-eval" not in joined and "*" not in joined


@pytest.mark.django_db
def test_only_the_api_docs_may_use_inline_styles(client, unhashed_static):
    docs = directives(client.get(reverse("api-docs"))["Content-Security-Policy"])
    page = directives(client.get(reverse("auth-user"))["Content-Security-Policy"])

    assert docs["style-src"] == ["'self'", "'unsafe-inline'"]
    assert docs["script-src"] == page["script-src"] == ["'self'"]
    assert page["style-src"] == ["'self'"]


@pytest.mark.parametrize(
    ("public_base_url", "origins"),
    [(None, ["https://acct.r2.cloudflarestorage.com"]),
     ("https://img.example.com/", ["https://acct.r2.cloudflarestorage.com",
                                   "https://img.example.com"])],
    ids=["endpoint-only", "public-domain"],
)
def test_object_storage_origins_join_images_and_uploads(settings, public_base_url, origins):
    r2 = R2Config(bucket="b", endpoint_url="https://acct.r2.cloudflarestorage.com/",
                  access_key_id="id", secret_access_key="secret", region="auto",
                  public_base_url=public_base_url)
    settings.CONFIG = settings.CONFIG.__class__(**{**vars(settings.CONFIG), "r2": r2})

    assert storage_origins() == origins
    policy = directives(content_security_policy(storage_origins()))
    assert policy["img-src"] == ["'self'", "data:", "blob:", *origins]
    assert policy["connect-src"] == ["'self'", *origins]
    assert policy["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_storage_origins_reach_the_header(client, settings):
    r2 = R2Config(bucket="b", endpoint_url="http://127.0.0.1:9000", access_key_id="id",
                  secret_access_key="secret", region="us-east-1", public_base_url=None)
    settings.CONFIG = settings.CONFIG.__class__(**{**vars(settings.CONFIG), "r2": r2})

    policy = directives(client.get("/health")["Content-Security-Policy"])

    assert policy["connect-src"] == ["'self'", "http://127.0.0.1:9000"]


# --- Django admin in a real browser under the policy -------------------------------------

@pytest.fixture
def admin_page(csp_context):
    """A page on the live app, CSP enforced, recording every violation."""
    page = csp_context.new_page()
    watch_csp_violations(page)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_django_admin_works_under_the_policy(admin_page, django_user_model):
    page = admin_page
    admin = django_user_model.objects.create_superuser("root@example.com", PASSWORD)
    violations = []

    def visit(url):
        response = page.goto(url)
        assert response.status == 200, url
        assert "content-security-policy" in response.headers
        return response

    visit(reverse("admin:login"))
    page.fill("#id_username", admin.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{reverse('admin:index')}")
    violations += csp_violations(page)
    for url in (reverse("admin:index"), reverse("admin:accounts_user_add")):
        visit(url)
        violations += csp_violations(page)
    # Admin's own scripts ran: the permission pickers and the action counter are JS-made.
    visit(reverse("admin:accounts_user_change", args=[admin.pk]))
    page.wait_for_selector(".selector-available")
    violations += csp_violations(page)
    visit(reverse("admin:accounts_user_changelist"))
    page.check("#action-toggle")
    assert page.inner_text(".action-counter").startswith("1 of 1 selected")
    violations += csp_violations(page)

    assert violations == []
    # The same watch does see a violation: an image from another origin is refused.
    page.evaluate("""() => { const img = new Image(); img.id = 'probe';
        img.src = 'https://evil.example.com/pixel.png'; document.body.append(img); }""")
    page.wait_for_function("window.cspViolations.length > 0")
    assert csp_violations(page) == [
        "img-src https://evil.example.com/pixel.png"]
