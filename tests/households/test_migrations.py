"""The households migration moves every existing user's rows into a personal household,
keeping ids, history and photos (run on a database that holds rows)."""

import pytest

from tests.kit.migrations import leaves, migrate

BEFORE_HOUSEHOLDS = [("inventory", "0008_item_notes"), ("households", None)]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_move_into_each_users_personal_household(make_user):
    ada, grace = make_user("ada@example.com"), make_user("grace@example.com")
    old_apps = migrate(BEFORE_HOUSEHOLDS, state_of=BEFORE_HOUSEHOLDS[:1])
    try:
        Item = old_apps.get_model("inventory", "Item")
        Location = old_apps.get_model("inventory", "Location")
        Category = old_apps.get_model("inventory", "Category")
        History = old_apps.get_model("inventory", "ItemHistory")
        Image = old_apps.get_model("inventory", "Image")
        shed = Location.objects.create(owner_id=ada.id, name="Shed")
        tools = Category.objects.create(owner_id=ada.id, name="Tools")
        default = Category.objects.create(owner=None, name="Shared default")
        drill = Item.objects.create(owner_id=ada.id, name="Drill", location=shed, category=tools)
        ladder = Item.objects.create(owner_id=grace.id, name="Ladder")
        entry = History.objects.create(item_id=drill.id, owner_id=ada.id, actor_id=ada.id,
                                       action="create", changes={"name": {"new": "Drill"}})
        photo = Image.objects.create(item=drill, owner_id=ada.id, content_type="image/jpeg",
                                     original_key=f"images/originals/{ada.id}/{drill.id}/a.jpg")
    finally:
        apps = migrate(leaves())

    Household = apps.get_model("households", "Household")
    Membership = apps.get_model("households", "Membership")
    homes = {m.user_id: m.household_id for m in Membership.objects.all()}
    assert set(homes) == {ada.id, grace.id}
    assert all(h.is_personal for h in Household.objects.all())
    assert Membership.objects.filter(role="owner").count() == 2

    Item = apps.get_model("inventory", "Item")
    moved = Item.objects.get(pk=drill.pk)
    assert (moved.household_id, moved.owner_id, moved.location_id, moved.category_id) == (
        homes[ada.id], ada.id, shed.id, tools.id)
    assert Item.objects.get(pk=ladder.pk).household_id == homes[grace.id]
    assert apps.get_model("inventory", "Location").objects.get(pk=shed.pk).household_id == (
        homes[ada.id])
    Category = apps.get_model("inventory", "Category")
    assert Category.objects.get(pk=tools.pk).household_id == homes[ada.id]
    assert Category.objects.get(pk=default.pk).household_id is None  # defaults stay shared
    assert apps.get_model("inventory", "ItemHistory").objects.get(pk=entry.pk).household_id == (
        homes[ada.id])
    kept = apps.get_model("inventory", "Image").objects.get(pk=photo.pk)
    assert (kept.item_id, kept.original_key) == (drill.id, photo.original_key)


@pytest.mark.django_db
def test_a_new_user_gets_a_personal_household_they_own(make_user):
    from households.models import Membership

    user = make_user("new@example.com", name="Nia")
    (membership,) = Membership.objects.filter(user=user).select_related("household")
    assert membership.role == "owner"
    assert membership.household.is_personal
    assert membership.household.name == "Nia's home"
