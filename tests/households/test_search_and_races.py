"""Search follows membership (a cached answer is never one member's view served to
another, and a removal needs no data write to take effect), and two owners demoting each
other at once leave at least one owner (PostgreSQL's row locks)."""

import pytest
from django.urls import reverse

from households import services
from households.models import Membership
from tests.inventory.factories import make_item
from tests.kit.concurrency import race
from tests.kit.tokens import bearer_client
from tracktory.api.errors import Conflict, Forbidden


def names(client, q="drill"):
    response = client.get(reverse("api-search"), {"q": q})
    assert response.status_code == 200
    return sorted(hit["name"] for hit in response.json()["data"])


def test_members_with_different_households_never_share_a_cached_answer(world, redis_cache):
    make_item(world.owner, name="Owner's own drill")  # in the owner's personal household
    owner, viewer = bearer_client(world.owner), bearer_client(world.viewer)

    assert names(owner) == ["Owner's own drill", "Shared drill"]
    assert names(viewer) == ["Shared drill"]
    assert names(owner) == ["Owner's own drill", "Shared drill"]  # from the cache, still own


def test_a_removed_member_stops_finding_the_households_items_at_once(world, redis_cache):
    viewer = bearer_client(world.viewer)
    assert names(viewer) == ["Shared drill"]  # cached now
    Membership.objects.filter(user=world.viewer, household=world.household).delete()
    assert names(viewer) == []
    facets = viewer.get(reverse("api-search-filters")).json()["data"]
    assert str(world.location.id) not in {loc["id"] for loc in facets["locations"]}


def test_a_write_by_one_member_is_seen_by_the_others_cached_search(world, redis_cache):
    viewer = bearer_client(world.viewer)
    assert names(viewer) == ["Shared drill"]
    bearer_client(world.editor).post(reverse("item-list"), {
        "name": "Hammer drill", "householdId": str(world.household.id)}, format="json")
    assert names(viewer) == ["Hammer drill", "Shared drill"]


def test_search_narrows_to_one_household(world):
    make_item(world.owner, name="Owner's own drill")
    owner = bearer_client(world.owner)
    response = owner.get(reverse("api-search"), {"q": "drill",
                                                 "householdId": str(world.household.id)})
    assert [hit["name"] for hit in response.json()["data"]] == ["Shared drill"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_an_owner(make_user):
    first, second = make_user("one@example.com"), make_user("two@example.com")
    household = services.household_create(user=first, name="Race")
    Membership.objects.create(household=household, user=second, role="owner")

    # Each thread takes the next demotion: the first demotes the second, and vice versa.
    demotions = iter([(first, second), (second, first)])

    def demote():
        actor, target = next(demotions)
        return services.member_update(user=actor, household_id=household.id,
                                      member_id=target.id, role="editor")

    outcomes = race(demote)

    owners = Membership.objects.filter(household=household, role="owner").count()
    assert owners == 1
    # The second to get the lock is no longer an owner (or would remove the last one).
    assert sum(isinstance(outcome, Membership) for outcome in outcomes) == 1, outcomes
    assert sum(isinstance(outcome, (Forbidden, Conflict)) for outcome in outcomes) == 1
