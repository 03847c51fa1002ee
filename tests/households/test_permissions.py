"""The permission matrix: every API route x {owner, editor, viewer, member of another
household, signed out}. Writes: viewer 403 FORBIDDEN, stranger 404 NOT_FOUND (as if
nothing were there), signed out 401. Reads: members see the shared household's rows,
the stranger sees none of them. Runs on SQLite and on PostgreSQL."""

from dataclasses import dataclass, field

import pytest
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from households import services
from tests.kit.photos import photo_bytes
from tests.kit.tokens import bearer_client

ROLES = ("owner", "editor", "viewer", "stranger", "anonymous")
READ = {"owner": 200, "editor": 200, "viewer": 200, "stranger": 404, "anonymous": 401}
LIST = {"owner": 200, "editor": 200, "viewer": 200, "stranger": 200, "anonymous": 401}
WRITE = {"owner": 200, "editor": 200, "viewer": 403, "stranger": 404, "anonymous": 401}
OWNER_ONLY = {"owner": 200, "editor": 403, "viewer": 403, "stranger": 404, "anonymous": 401}


def status_map(base: dict, success: int) -> dict:
    return {role: success if code in (200,) else code for role, code in base.items()}


@dataclass
class Route:
    name: str
    method: str
    url: object                    # world -> path
    expect: dict
    body: object = None            # world -> body
    fmt: str = "json"
    visible: object = None         # (world, data) -> whether the shared row is in the answer
    extra: dict = field(default_factory=dict)


def hid(w):
    return str(w.household.id)


def items_seen(w, data):
    return str(w.item.id) in {row["id"] for row in data}


def ids_seen(target):
    return lambda w, data: str(getattr(w, target).id) in {row["id"] for row in data}


ROUTES = [
    # items
    Route("items list", "get", lambda w: reverse("item-list"), LIST, visible=items_seen),
    Route("items list narrowed", "get",
          lambda w: reverse("item-list") + f"?householdId={hid(w)}", LIST, visible=items_seen),
    Route("items create", "post", lambda w: reverse("item-list"), status_map(WRITE, 201),
          body=lambda w: {"name": "Ladder", "householdId": hid(w)}),
    Route("item detail", "get", lambda w: reverse("item-detail", args=[w.item.id]), READ),
    Route("item patch", "patch", lambda w: reverse("item-detail", args=[w.item.id]), WRITE,
          body=lambda w: {"name": "Drill (18 V)"}),
    Route("item put", "put", lambda w: reverse("item-detail", args=[w.item.id]), WRITE,
          body=lambda w: {"name": "Drill (18 V)"}),
    Route("item delete", "delete", lambda w: reverse("item-detail", args=[w.item.id]),
          status_map(WRITE, 204)),
    Route("item history", "get", lambda w: reverse("item-history", args=[w.item.id]), READ),
    # search
    Route("search", "get", lambda w: reverse("api-search") + "?q=drill", LIST,
          visible=items_seen),
    Route("search suggestions", "get", lambda w: reverse("api-search-suggestions") + "?q=dri",
          LIST, visible=lambda w, data: "Shared drill" in {s["name"] for s in data}),
    Route("search filters", "get", lambda w: reverse("api-search-filters"), LIST,
          visible=lambda w, data: str(w.location.id) in {x["id"] for x in data["locations"]}),
    Route("export", "get", lambda w: reverse("export") + "?format=csv", LIST,
          visible=lambda w, data: str(w.item.id) in data),
    # categories and locations
    Route("categories list", "get", lambda w: reverse("category-list"), LIST,
          visible=ids_seen("category")),
    Route("categories create", "post", lambda w: reverse("category-list"),
          status_map(WRITE, 201), body=lambda w: {"name": "Garden", "householdId": hid(w)}),
    Route("category detail", "get",
          lambda w: reverse("category-detail", args=[w.category.id]), READ),
    Route("category put", "put", lambda w: reverse("category-detail", args=[w.category.id]),
          WRITE, body=lambda w: {"name": "Hand tools"}),
    Route("category delete", "delete",
          lambda w: reverse("category-detail", args=[w.category.id]), status_map(WRITE, 204)),
    Route("locations list", "get", lambda w: reverse("location-list"), LIST,
          visible=ids_seen("location")),
    Route("locations create", "post", lambda w: reverse("location-list"),
          status_map(WRITE, 201), body=lambda w: {"name": "Loft", "householdId": hid(w)}),
    Route("location detail", "get",
          lambda w: reverse("location-detail", args=[w.location.id]), READ),
    Route("location put", "put", lambda w: reverse("location-detail", args=[w.location.id]),
          WRITE, body=lambda w: {"name": "Cupboard"}),
    Route("location delete", "delete",
          lambda w: reverse("location-detail", args=[w.location.id]), status_map(WRITE, 204)),
    # photos
    Route("item images", "get", lambda w: reverse("item-images", args=[w.item.id]), READ),
    Route("image upload", "post", lambda w: reverse("item-images", args=[w.item.id]),
          status_map(WRITE, 201), fmt="multipart",
          body=lambda w: {"file": _upload()}),
    Route("image sign", "post", lambda w: reverse("image-sign", args=[w.item.id]), WRITE,
          body=lambda w: {"contentType": "image/jpeg", "size": 1000}),
    Route("image confirm (bad key)", "post",
          lambda w: reverse("image-confirm", args=[w.item.id]), status_map(WRITE, 400),
          body=lambda w: {"objectKey": "not-a-key"}),
    Route("image order", "post", lambda w: reverse("image-order", args=[w.item.id]), WRITE,
          body=lambda w: {"imageIds": [str(w.image.id)]}),
    Route("image detail", "get", lambda w: reverse("image-detail", args=[w.image.id]), READ),
    Route("image patch", "patch", lambda w: reverse("image-detail", args=[w.image.id]), WRITE,
          body=lambda w: {"altText": "The drill"}),
    Route("image delete", "delete", lambda w: reverse("image-detail", args=[w.image.id]),
          status_map(WRITE, 204)),
    # households
    Route("households list", "get", lambda w: reverse("household-list"), LIST,
          visible=lambda w, data: hid(w) in {h["id"] for h in data}),
    Route("households create", "post", lambda w: reverse("household-list"),
          {**status_map(LIST, 201)}, body=lambda w: {"name": "Cabin"}),
    Route("household detail", "get", lambda w: reverse("household-detail", args=[hid(w)]),
          READ),
    Route("household rename", "patch", lambda w: reverse("household-detail", args=[hid(w)]),
          OWNER_ONLY, body=lambda w: {"name": "Flat 3b"}),
    Route("household delete (force)", "delete",
          lambda w: reverse("household-detail", args=[hid(w)]) + "?force=true",
          status_map(OWNER_ONLY, 204)),
    Route("members list", "get", lambda w: reverse("household-members", args=[hid(w)]), READ,
          visible=lambda w, data: str(w.viewer.id) in {m["userId"] for m in data}),
    Route("member role change", "patch",
          lambda w: reverse("household-member", args=[hid(w), w.viewer.id]), OWNER_ONLY,
          body=lambda w: {"role": "editor"}),
    Route("member removal (of the editor)", "delete",
          lambda w: reverse("household-member", args=[hid(w), w.editor.id]),
          {"owner": 204, "editor": 204, "viewer": 403, "stranger": 404, "anonymous": 401}),
    Route("invite create", "post", lambda w: reverse("household-invites", args=[hid(w)]),
          status_map(OWNER_ONLY, 201), body=lambda w: {"role": "viewer"}),
    Route("invite revoke", "delete",
          lambda w: reverse("household-invite", args=[hid(w), w.token]),
          status_map(OWNER_ONLY, 204)),
    Route("invite preview", "get", lambda w: reverse("invite-detail", args=[w.token]),
          {role: 200 for role in ROLES}),
    Route("invite accept", "post", lambda w: reverse("invite-accept", args=[w.token]),
          {**LIST}, visible=lambda w, data: data["id"] == hid(w)),
]


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.jpg", photo_bytes((64, 48)), content_type="image/jpeg")


def client_as(world, role) -> APIClient:
    return APIClient() if role == "anonymous" else bearer_client(getattr(world, role))


SCOPED_URLCONFS = ("inventory.urls", "inventory.search.urls", "inventory.photos.urls",
                   "households.urls")


def test_every_route_and_method_is_in_the_matrix(world):
    """A new route (or method) of the inventory, search, photos or households must be added
    to the matrix: this compares the matrix with the URL confs."""
    from importlib import import_module

    world.token = "t"
    declared = set()
    for urlconf in SCOPED_URLCONFS:
        for pattern in import_module(urlconf).urlpatterns:
            view = pattern.callback.view_class
            methods = {m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)}
            declared |= {(pattern.name, method) for method in methods}
    covered = {(resolve(route.url(world).split("?")[0]).url_name, route.method)
               for route in ROUTES}
    assert declared == covered


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_permission_matrix(world, route, role):
    _, world.token = services.invite_create(user=world.owner, household_id=world.household.id,
                                            role="viewer")
    client = client_as(world, role)
    body = route.body(world) if route.body else None
    kwargs = {"format": route.fmt} if body is not None else {}
    response = getattr(client, route.method)(route.url(world), body, **kwargs)

    expected = route.expect[role]
    assert response.status_code == expected, (route.name, role, response.content[:300])
    if expected >= 400 and response.status_code != 401:
        code = {403: "FORBIDDEN", 404: "NOT_FOUND"}.get(expected)
        if code:
            assert response.json()["error"]["code"] == code
    if route.visible and expected == 200:
        data = (b"".join(response.streaming_content).decode() if response.streaming
                else response.json()["data"])
        member = role in ("owner", "editor", "viewer") or route.name == "invite accept"
        assert route.visible(world, data) is member, (route.name, role)


@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_no_member_sees_another_households_item(world, role):
    data = client_as(world, role).get(reverse("item-list")).json()["data"]
    assert str(world.stranger_item.id) not in {row["id"] for row in data}
    assert client_as(world, role).get(
        reverse("item-detail", args=[world.stranger_item.id])).status_code == 404
