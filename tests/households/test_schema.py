"""The household API's real answers match what /api/schema says about them."""

from django.urls import reverse

from tests.kit.openapi import assert_response_matches
from tests.kit.tokens import bearer_client


def test_household_answers_match_the_schema(world, schema, api_client):
    owner = bearer_client(world.owner)
    hid = world.household.id
    assert_response_matches(schema, "/api/households",
                            owner.get(reverse("household-list")).json())
    assert_response_matches(schema, "/api/households/{household_id}",
                            owner.get(reverse("household-detail", args=[hid])).json())
    assert_response_matches(schema, "/api/households/{household_id}/members",
                            owner.get(reverse("household-members", args=[hid])).json())
    invite = owner.post(reverse("household-invites", args=[hid]), {"role": "viewer"},
                        format="json")
    assert_response_matches(schema, "/api/households/{household_id}/invites", invite.json(),
                            method="post", status=201)
    token = invite.json()["data"]["token"]
    assert_response_matches(schema, "/api/invites/{token}",
                            api_client.get(reverse("invite-detail", args=[token])).json())
    accepted = bearer_client(world.stranger).post(reverse("invite-accept", args=[token]))
    assert_response_matches(schema, "/api/invites/{token}/accept", accepted.json(),
                            method="post")
    item = owner.get(reverse("item-detail", args=[world.item.id])).json()
    assert_response_matches(schema, "/api/items/{item_id}", item)
    assert item["data"]["householdId"] == str(hid)
