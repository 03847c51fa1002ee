"""The PWA's pages and web app manifest.

Every page is a server-rendered shell (landmarks, headings, forms, skeletons) and one ES
module that fills it from the JSON API with the Bearer token kept in localStorage. The
server never knows who is signed in here: pages carry no user data, so any cache may
keep them.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

THEME_COLOR = "#1d5c4b"
BACKGROUND_COLOR = "#f7f5f0"


def page(template: str, *, script: str, title: str, nav: str = "", signed_in: bool = True):
    """A view rendering `template` as a shell whose behaviour lives in `static/js/<script>`."""

    # Compressed: a shell holds no secret (no user data, no CSRF token), so BREACH-style
    # attacks have nothing to recover.
    @gzip_page
    @require_safe
    def view(request, **kwargs):
        context = {
            "title": title,
            "nav": nav,
            "page_script": f"js/pages/{script}",
            "signed_in_page": signed_in,
            **{key: str(value) for key, value in kwargs.items()},
        }
        response = render(request, template, context)
        # Shells hold no user data; revalidate so a deploy is picked up at once.
        response["Cache-Control"] = "no-cache"
        return response

    view.__name__ = script.removesuffix(".js").replace("-", "_")
    return view


login = page("pwa/login.html", script="login.js", title="Sign in", signed_in=False)
register = page("pwa/register.html", script="register.js", title="Create account",
                signed_in=False)
item_grid = page("pwa/item_grid.html", script="grid.js", title="Your items", nav="items")
item_new = page("pwa/item_form.html", script="item-form.js", title="Add item", nav="add")
item_detail = page("pwa/item_detail.html", script="item-detail.js", title="Item", nav="items")
item_edit = page("pwa/item_form.html", script="item-form.js", title="Edit item", nav="items")
search = page("pwa/search.html", script="search.js", title="Search", nav="search")
locations = page("pwa/locations.html", script="locations.js", title="Locations", nav="locations")
categories = page("pwa/categories.html", script="categories.js", title="Categories",
                  nav="settings")
settings_page = page("pwa/settings.html", script="settings.js", title="Settings", nav="settings")
households = page("pwa/households.html", script="households.js", title="Households",
                  nav="settings")
# Opened from a shared link, often by someone not signed in yet: the page itself asks them
# to sign in or register and brings them back (the token stays in the URL, never stored).
invite = page("pwa/invite.html", script="invite.js", title="Invitation", signed_in=False)


@require_safe
def manifest(request):
    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png",
         "purpose": "any"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png",
         "purpose": "any"},
        {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "maskable"},
    ]
    body = {
        "id": "/",
        "name": "Tracktory — home inventory",
        "short_name": "Tracktory",
        "description": "Photograph, file and find everything you own. Works offline.",
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "lang": "en",
        "categories": ["productivity", "utilities"],
        "icons": icons,
        "shortcuts": [
            {"name": "Add item", "url": "/items/new", "icons": [icons[0]]},
            {"name": "Search", "url": "/search", "icons": [icons[0]]},
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json",
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response
