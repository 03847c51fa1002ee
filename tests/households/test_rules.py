"""The household rules through the API: members, invitations, deletion, moving items,
where new rows go, history's actor, and that a removal takes effect on the next request."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from households import services
from households.models import Household, Invite, Membership
from households.selectors import personal_household_id
from inventory.models import Image, Item, ItemHistory
from tests.inventory.factories import add_image, make_category, make_item, make_location
from tests.kit.tokens import bearer_client


def data(response):
    return response.json()["data"]


def member_url(world, user):
    return reverse("household-member", args=[world.household.id, user.id])


# ---- households and members --------------------------------------------------------------

def test_the_household_list_shows_role_member_count_and_personal_first(world):
    rows = data(bearer_client(world.editor).get(reverse("household-list")))
    assert [(r["isPersonal"], r["role"]) for r in rows] == [(True, "owner"), (False, "editor")]
    shared = rows[1]
    assert (shared["id"], shared["name"], shared["memberCount"]) == (
        str(world.household.id), "Flat 3", 3)


def test_create_makes_the_caller_owner(user, auth_client):
    response = auth_client.post(reverse("household-list"), {"name": "  Cabin "}, format="json")
    assert response.status_code == 201
    assert (data(response)["name"], data(response)["role"], data(response)["memberCount"]) == (
        "Cabin", "owner", 1)


def test_members_list_shape(world):
    rows = data(bearer_client(world.viewer).get(
        reverse("household-members", args=[world.household.id])))
    assert [(m["email"], m["role"]) for m in rows] == [
        ("olive@example.com", "owner"), ("ed@example.com", "editor"),
        ("vic@example.com", "viewer")]
    assert set(rows[0]) == {"userId", "email", "name", "role", "joinedAt"}


def test_the_last_owner_can_neither_leave_nor_be_demoted(world):
    owner = bearer_client(world.owner)
    demoted = owner.patch(member_url(world, world.owner), {"role": "editor"}, format="json")
    left = owner.delete(member_url(world, world.owner))
    assert (demoted.status_code, left.status_code) == (409, 409)
    assert demoted.json()["error"]["code"] == "CONFLICT"
    assert Membership.objects.get(household=world.household, user=world.owner).role == "owner"


def test_with_a_second_owner_the_first_may_leave(world):
    owner = bearer_client(world.owner)
    assert owner.patch(member_url(world, world.editor), {"role": "owner"},
                       format="json").status_code == 200
    assert owner.delete(member_url(world, world.owner)).status_code == 204
    assert not Membership.objects.filter(household=world.household, user=world.owner).exists()


def test_anyone_may_leave_and_a_removal_takes_effect_on_the_next_request(world):
    viewer = bearer_client(world.viewer)
    detail = reverse("item-detail", args=[world.item.id])
    assert viewer.get(detail).status_code == 200
    assert bearer_client(world.owner).delete(member_url(world, world.viewer)).status_code == 204
    assert viewer.get(detail).status_code == 404
    assert str(world.item.id) not in {r["id"] for r in data(viewer.get(reverse("item-list")))}
    assert viewer.get(reverse("household-detail", args=[world.household.id])).status_code == 404


def test_a_personal_household_cannot_be_deleted(user, auth_client):
    url = reverse("household-detail", args=[personal_household_id(user=user)])
    assert auth_client.delete(url + "?force=true").status_code == 403


def test_deleting_needs_force_unless_empty_and_force_takes_photos_along(world, user):
    url = reverse("household-detail", args=[world.household.id])
    owner = bearer_client(world.owner)
    refused = owner.delete(url)
    assert refused.status_code == 409
    assert Item.objects.filter(pk=world.item.pk).exists()

    assert owner.delete(url + "?force=true").status_code == 204
    assert not Household.objects.filter(pk=world.household.pk).exists()
    assert not Item.objects.filter(pk=world.item.pk).exists()
    assert not Image.objects.filter(pk=world.image.pk).exists()

    empty = services.household_create(user=user, name="Empty")
    response = bearer_client(user).delete(reverse("household-detail", args=[empty.id]))
    assert response.status_code == 204


# ---- invitations -------------------------------------------------------------------------

def test_invite_preview_then_accept_joins_with_the_role(world, make_user, api_client):
    created = bearer_client(world.owner).post(
        reverse("household-invites", args=[world.household.id]), {"role": "editor"},
        format="json")
    assert created.status_code == 201
    invite = data(created)
    assert set(invite) == {"token", "url", "role", "expiresAt"}
    assert invite["url"].endswith(f"/invite/{invite['token']}")
    stored = Invite.objects.get()
    assert stored.token_hash != invite["token"]  # only the hash is kept
    assert stored.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)

    preview = api_client.get(reverse("invite-detail", args=[invite["token"]]))  # signed out
    assert preview.status_code == 200
    assert (data(preview)["householdName"], data(preview)["role"]) == ("Flat 3", "editor")

    newcomer = make_user("nora@example.com")
    accepted = bearer_client(newcomer).post(reverse("invite-accept", args=[invite["token"]]))
    assert accepted.status_code == 200
    assert (data(accepted)["id"], data(accepted)["role"]) == (str(world.household.id), "editor")
    assert str(world.item.id) in {r["id"] for r in data(bearer_client(newcomer).get(
        reverse("item-list")))}

    # Single use: a used link is not found, for a preview or another accept.
    assert api_client.get(reverse("invite-detail", args=[invite["token"]])).status_code == 404
    another = make_user("otto@example.com")
    assert bearer_client(another).post(
        reverse("invite-accept", args=[invite["token"]])).status_code == 404


def test_expired_and_revoked_invites_are_not_found(world, api_client):
    _, expired = services.invite_create(user=world.owner, household_id=world.household.id,
                                        role="viewer")
    Invite.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    _, revoked = services.invite_create(user=world.owner, household_id=world.household.id,
                                        role="viewer")
    assert bearer_client(world.owner).delete(
        reverse("household-invite", args=[world.household.id, revoked])).status_code == 204
    for token in (expired, revoked, "never-issued"):
        assert api_client.get(reverse("invite-detail", args=[token])).status_code == 404
        assert bearer_client(world.stranger).post(
            reverse("invite-accept", args=[token])).status_code == 404


# ---- items in households -----------------------------------------------------------------

def test_a_new_item_goes_to_the_personal_household_by_default(user, auth_client):
    created = data(auth_client.post(reverse("item-list"), {"name": "Kettle"}, format="json"))
    assert created["householdId"] == str(personal_household_id(user=user))
    assert created["userId"] == str(user.id)


def test_an_editor_adds_to_the_shared_household_and_stays_the_adder(world):
    created = bearer_client(world.editor).post(
        reverse("item-list"), {"name": "Saw", "householdId": str(world.household.id),
                               "locationId": str(world.location.id)}, format="json")
    assert created.status_code == 201
    assert (data(created)["householdId"], data(created)["userId"]) == (
        str(world.household.id), str(world.editor.id))


@pytest.mark.parametrize("field", ["categoryId", "locationId"])
def test_category_and_location_must_be_the_items_households(world, field):
    elsewhere = {"categoryId": make_category, "locationId": make_location}[field](world.owner)
    response = bearer_client(world.owner).post(
        reverse("item-list"), {"name": "Saw", "householdId": str(world.household.id),
                               field: str(elsewhere.id)}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_default_categories_stay_shared(world):
    from inventory.models import Category

    default = Category.objects.create(name="Electronics")  # owner and household null
    response = bearer_client(world.editor).post(
        reverse("item-list"), {"name": "Radio", "householdId": str(world.household.id),
                               "categoryId": str(default.id)}, format="json")
    assert response.status_code == 201


def test_history_names_the_member_who_changed_what(world):
    bearer_client(world.editor).patch(reverse("item-detail", args=[world.item.id]),
                                      {"name": "Drill (18 V)"}, format="json")
    rows = data(bearer_client(world.viewer).get(reverse("item-history", args=[world.item.id])))
    assert (rows[0]["action"], rows[0]["actorId"], rows[0]["actorName"]) == (
        "update", str(world.editor.id), "Ed")
    assert rows[-1]["actorId"] == str(world.owner.id)


def test_moving_an_item_takes_its_photos_and_history_along(world):
    personal = personal_household_id(user=world.editor)
    item = make_item(world.editor, name="Tent")
    image = add_image(item)
    key = image.original_key
    response = bearer_client(world.editor).patch(
        reverse("item-detail", args=[item.id]), {"householdId": str(world.household.id)},
        format="json")
    assert response.status_code == 200
    moved = data(response)
    assert (moved["householdId"], moved["userId"]) == (str(world.household.id),
                                                       str(world.editor.id))
    assert [i["id"] for i in moved["images"]] == [str(image.id)]
    assert Image.objects.get(pk=image.pk).original_key == key  # keys stay valid
    assert set(ItemHistory.objects.filter(item_id=item.id)
               .values_list("household_id", flat=True)) == {world.household.id}
    owner = bearer_client(world.owner)
    assert owner.get(reverse("item-detail", args=[item.id])).status_code == 200
    history = data(owner.get(reverse("item-history", args=[item.id])))
    assert history[0]["changes"]["householdId"] == {"old": str(personal),
                                                    "new": str(world.household.id)}


def test_moving_needs_edit_rights_in_both_households(world):
    # The viewer cannot edit the shared household: its item cannot come in...
    mine = make_item(world.viewer, name="Book")
    response = bearer_client(world.viewer).patch(
        reverse("item-detail", args=[mine.id]), {"householdId": str(world.household.id)},
        format="json")
    assert response.status_code == 403
    # ...nor can the shared item go to a household the mover is not in.
    response = bearer_client(world.editor).patch(
        reverse("item-detail", args=[world.item.id]),
        {"householdId": str(personal_household_id(user=world.stranger))}, format="json")
    assert response.status_code == 404
    assert Item.objects.get(pk=world.item.pk).household_id == world.household.id


def test_a_move_is_refused_while_the_category_belongs_to_the_old_household(world):
    response = bearer_client(world.owner).patch(
        reverse("item-detail", args=[world.item.id]),
        {"householdId": str(personal_household_id(user=world.owner))}, format="json")
    assert response.status_code == 400
    assert {"categoryId", "locationId"} & set(response.json()["error"]["details"])


def test_idempotency_keys_stay_per_user(world):
    body = {"name": "Same", "householdId": str(world.household.id)}
    url = reverse("item-list")
    first = bearer_client(world.owner).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    second = bearer_client(world.editor).post(url, body, format="json",
                                              HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert data(first)["id"] != data(second)["id"]
    assert "Idempotency-Replayed" not in second


# ---- the list's cost ---------------------------------------------------------------------

def _list_queries(django_assert_num_queries, client, expected):
    with django_assert_num_queries(expected):
        assert client.get(reverse("item-list")).status_code == 200


def test_the_item_list_costs_the_same_whatever_the_number_of_households(
        make_user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_user("many@example.com")
    client = bearer_client(user)
    make_item(user, name="One")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("item-list"))
    for n in range(2):
        household = services.household_create(user=user, name=f"H{n}")
        add_image(make_item(user, name=f"In {n}", household_id=household.id))
    assert Membership.objects.filter(user=user).count() == 3
    _list_queries(django_assert_num_queries, client, len(one))


def test_deleting_an_item_drops_an_editors_unconfirmed_upload_too(world):
    from media_pipeline.models import PendingUpload

    editor = bearer_client(world.editor)
    signed = editor.post(reverse("image-sign", args=[world.item.id]),
                         {"contentType": "image/jpeg", "size": 1000}, format="json")
    assert signed.status_code == 200
    assert PendingUpload.objects.filter(owner=world.editor).count() == 1
    assert bearer_client(world.owner).delete(
        reverse("item-detail", args=[world.item.id])).status_code == 204
    assert not PendingUpload.objects.exists()
