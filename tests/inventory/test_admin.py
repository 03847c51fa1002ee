"""Django admin: every model's pages load for a superuser and nobody else; admin changes
go through the services, so history is recorded with the admin as the actor."""

import csv

import pytest
from django.urls import reverse

from inventory.models import Category, Image, Item, ItemHistory, Location
from tests.inventory.factories import add_image, make_item, make_location

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unhashed_static")]

CHANGELISTS = ["admin:inventory_item_changelist", "admin:inventory_category_changelist",
               "admin:inventory_location_changelist", "admin:inventory_itemhistory_changelist",
               "admin:inventory_image_changelist", "admin:accounts_user_changelist",
               "admin:api_idempotencykey_changelist", "admin:households_household_changelist"]


@pytest.fixture
def drill(user):
    garage = make_location(user, name="Garage")
    item = make_item(user, name="Cordless drill", location_id=garage.id)
    add_image(item)
    return item


@pytest.mark.parametrize("name", CHANGELISTS, ids=lambda n: n.split(":")[1])
def test_every_changelist_loads_for_a_superuser(admin_client, drill, name):
    response = admin_client.get(reverse(name))

    assert response.status_code == 200


def test_item_pages_show_photo_previews_and_a_signed_original(admin_client, drill):
    listing = admin_client.get(reverse("admin:inventory_item_changelist"))
    change = admin_client.get(reverse("admin:inventory_item_change", args=[drill.id]))

    image = drill.images.get()
    assert image.rendition_keys["thumbnail"].encode() in listing.content
    assert image.rendition_keys["thumbnail"].encode() in change.content
    assert b"signature=" in change.content  # the original, through a signed expiring URL


@pytest.mark.parametrize("name", CHANGELISTS, ids=lambda n: n.split(":")[1])
def test_non_staff_users_are_sent_to_the_admin_login(client, user, name):
    client.force_login(user)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_permissions_are_refused(client, make_user):
    client.force_login(make_user("staff@example.com", is_staff=True))

    assert client.get(reverse("admin:inventory_item_changelist")).status_code == 403


def test_item_filters_search_and_date_hierarchy(admin_client, user, drill):
    make_item(user, name="Ladder", status="sold")
    url = reverse("admin:inventory_item_changelist")

    sold = admin_client.get(url, {"status__exact": "sold"})
    found = admin_client.get(url, {"q": "ada@example.com"})
    by_year = admin_client.get(url, {"created_at__year": drill.created_at.year})

    assert [i.name for i in sold.context["cl"].result_list] == ["Ladder"]
    assert found.context["cl"].result_count == 2
    assert by_year.context["cl"].result_count == 2


@pytest.mark.parametrize("status", ["sold", "lost", "donated"])
def test_mark_actions_go_through_the_service_and_record_history(admin_client, admin_user,
                                                                drill, status):
    response = admin_client.post(reverse("admin:inventory_item_changelist"),
                                 {"action": f"mark_{status}", "_selected_action": [drill.id]})

    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.status == status
    assert drill.version == 2
    entry = ItemHistory.objects.filter(item_id=drill.id, action="update").get()
    assert entry.actor == admin_user
    assert entry.changes == {"status": {"old": "active", "new": status}}


def test_editing_an_item_in_admin_records_history(admin_client, admin_user, drill):
    url = reverse("admin:inventory_item_change", args=[drill.id])
    form = {"name": "Cordless drill (18 V)", "description": "", "category": "",
            "household": str(drill.household_id),
            "location": str(drill.location_id), "purchase_price": "", "purchase_date": "",
            "status": "active", "condition": "good",
            "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "1",
            "images-MIN_NUM_FORMS": "0", "images-MAX_NUM_FORMS": "1000",
            "images-0-id": str(drill.images.get().id), "images-0-item": str(drill.id),
            "images-0-alt_text": "", "images-0-position": "0"}

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.context["adminform"].errors
    entry = ItemHistory.objects.filter(item_id=drill.id, action="update").get()
    assert entry.actor == admin_user
    assert entry.changes["name"] == {"old": "Cordless drill", "new": "Cordless drill (18 V)"}
    assert entry.changes["condition"] == {"old": None, "new": "good"}


def test_admin_refuses_another_users_location_for_an_item(admin_client, drill, other_user):
    elsewhere = make_location(other_user, name="Their shed")
    url = reverse("admin:inventory_item_change", args=[drill.id])

    response = admin_client.post(url, {"name": "Drill", "status": "active",
                                       "household": str(drill.household_id),
                                       "location": str(elsewhere.id),
                                       "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0"})

    assert response.status_code == 200
    assert "belongs to another household" in str(response.context["adminform"].errors)
    drill.refresh_from_db()
    assert drill.location.name == "Garage"


def test_deleting_in_admin_goes_through_the_service(admin_client, drill, isolated_storage):
    response = admin_client.post(reverse("admin:inventory_item_delete", args=[drill.id]),
                                 {"post": "yes"})

    assert response.status_code == 302
    assert not Item.objects.filter(pk=drill.pk).exists()
    assert not Image.objects.exists()
    assert ItemHistory.objects.filter(item_id=drill.id, action="delete").exists()


def test_export_selected_as_csv(admin_client, user, drill):
    make_item(user, name="Ladder")

    response = admin_client.post(reverse("admin:inventory_item_changelist"),
                                 {"action": "export_selected_csv",
                                  "_selected_action": [drill.id]})

    rows = list(csv.DictReader(b"".join(response.streaming_content).decode("utf-8-sig")
                               .splitlines()))
    assert [(row["name"], row["location"]) for row in rows] == [("Cordless drill", "Garage")]


def test_a_page_of_items_costs_the_same_queries_whatever_its_size(admin_client, user,
                                                                   django_assert_max_num_queries):
    url = reverse("admin:inventory_item_changelist")

    def queries_for_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        add_image(make_item(user))
    small = queries_for_page()
    for _ in range(30):
        add_image(make_item(user, location_id=make_location(user).id))
    assert queries_for_page() == small


def test_history_is_read_only(admin_client, drill):
    entry = ItemHistory.objects.filter(item_id=drill.id).first()

    change = admin_client.post(reverse("admin:inventory_itemhistory_change", args=[entry.id]),
                               {"action": "delete"})
    add = admin_client.get(reverse("admin:inventory_itemhistory_add"))

    assert add.status_code == 403
    assert change.status_code == 403
    assert ItemHistory.objects.filter(pk=entry.pk).exists()


def test_shared_default_categories_are_listed(admin_client):
    response = admin_client.get(reverse("admin:inventory_category_changelist"),
                                {"owner__isempty": "1"})

    assert response.context["cl"].result_count == Category.objects.filter(
        owner__isnull=True).count() == 10


def test_locations_search(admin_client, user):
    make_location(user, name="Attic")

    response = admin_client.get(reverse("admin:inventory_location_changelist"), {"q": "att"})

    assert [loc.name for loc in response.context["cl"].result_list] == ["Attic"]
    assert Location.objects.count() == 1


def test_a_household_page_lists_its_members_inline(admin_client, drill, user):
    url = reverse("admin:households_household_change", args=[drill.household_id])
    html = admin_client.get(url).content.decode()
    assert "memberships-TOTAL_FORMS" in html and str(user.id) in html


def test_items_filter_by_household(admin_client, drill, other_item):
    url = reverse("admin:inventory_item_changelist")
    html = admin_client.get(url, {"household__id__exact": drill.household_id}).content.decode()
    assert "Cordless drill" in html and "ladder" not in html
    assert "ladder" in admin_client.get(url).content.decode()
