"""The write services on their own: history, versions, data version, atomicity."""

import datetime

import pytest
from django.utils import timezone

from households.selectors import personal_household_id
from inventory import services
from inventory.cache_versions import household_data_version
from inventory.models import Item, ItemHistory
from tests.inventory.factories import make_item, make_location
from tracktory.api.errors import NotFound, PreconditionFailed, ValidationFailed


def entries(item_id):
    return list(ItemHistory.objects.filter(item_id=item_id).order_by("created_at"))


def test_create_records_every_set_field_as_new(user):
    item = make_item(user, name="Drill", purchase_price="12.50", condition="good")
    (entry,) = entries(item.id)
    assert entry.action == "create"
    assert entry.actor == user
    assert entry.changes["name"] == {"old": None, "new": "Drill"}
    assert entry.changes["purchasePrice"] == {"old": None, "new": 12.5}
    assert entry.changes["condition"] == {"old": None, "new": "good"}
    assert "categoryId" not in entry.changes  # unset fields are not "changes"


def test_update_records_old_and_new_values_in_camel_case(user):
    item = make_item(user, name="Drill", status="active")
    services.item_update(user=user, item_id=item.id,
                         changes={"name": "Hammer drill", "status": "sold"})
    update = entries(item.id)[-1]
    assert update.action == "update"
    assert update.changes == {"name": {"old": "Drill", "new": "Hammer drill"},
                              "status": {"old": "active", "new": "sold"}}


def test_a_location_only_change_is_a_move(user):
    shed = make_location(user)
    item = make_item(user)
    services.item_move(user=user, item_id=item.id, location_id=shed.id)
    move = entries(item.id)[-1]
    assert move.action == "move"
    assert move.changes == {"locationId": {"old": None, "new": str(shed.id)}}


def test_a_write_that_changes_nothing_records_nothing(user):
    item = make_item(user, name="Same")
    again = services.item_update(user=user, item_id=item.id, changes={"name": "Same"})
    assert again.version == 1
    assert len(entries(item.id)) == 1


def test_delete_records_old_values_and_the_history_outlives_the_item(user):
    item = make_item(user, name="Gone")
    services.item_delete(user=user, item_id=item.id)
    delete = entries(item.id)[-1]
    assert delete.action == "delete"
    assert delete.changes["name"] == {"old": "Gone", "new": None}
    assert not Item.objects.exists()


def test_every_write_bumps_the_households_data_version(user, other_user):
    home, elsewhere = (personal_household_id(user=user),
                       personal_household_id(user=other_user))
    mine, theirs = household_data_version(home), household_data_version(elsewhere)
    item = make_item(user)
    after_create = household_data_version(home)
    services.item_update(user=user, item_id=item.id, changes={"name": "x"})
    after_update = household_data_version(home)
    services.item_delete(user=user, item_id=item.id)

    assert mine < after_create < after_update < household_data_version(home)
    assert household_data_version(elsewhere) == theirs


def test_a_stale_tag_is_refused_before_anything_changes(user):
    item = make_item(user, name="v1")
    with pytest.raises(PreconditionFailed):
        services.item_update(user=user, item_id=item.id, changes={"name": "v2"},
                             expected_etags=frozenset({'"stale"'}))
    item.refresh_from_db()
    assert (item.name, item.version) == ("v1", 1)


def test_services_refuse_other_users_items(user, other_user):
    item = make_item(user)
    with pytest.raises(NotFound):
        services.item_update(user=other_user, item_id=item.id, changes={"name": "x"})
    with pytest.raises(NotFound):
        services.item_delete(user=other_user, item_id=item.id)


def test_services_validate_for_callers_without_a_serializer(user):
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(user=user, name="ok", status="melted")
    assert "status" in excinfo.value.details
    with pytest.raises(ValidationFailed):
        services.item_create(user=user, name="  ")
    for price in ("abc", "-1", "1.234"):
        with pytest.raises(ValidationFailed) as excinfo:
            services.item_create(user=user, name="ok", purchase_price=price)
        assert "purchasePrice" in excinfo.value.details
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_update(user=user, item_id=make_item(user).id, changes={"owner_id": 1})
    assert "owner_id" in excinfo.value.details
    assert Item.objects.count() == 1


FAR_FUTURE = timezone.now().date() + datetime.timedelta(days=3)


@pytest.mark.parametrize("date", [FAR_FUTURE, FAR_FUTURE.isoformat()], ids=["date", "text"])
def test_a_purchase_date_in_the_future_is_refused_by_the_services(user, date):
    """The rule is the services' own: admin, commands and replays meet it as the API does."""
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(user=user, name="Time machine", purchase_date=date)
    assert excinfo.value.details == {"purchaseDate": ["Cannot be in the future."]}

    item = make_item(user, name="Kettle")
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_update(user=user, item_id=item.id, changes={"purchase_date": date})
    assert excinfo.value.details == {"purchaseDate": ["Cannot be in the future."]}
    item.refresh_from_db()
    assert (item.purchase_date, item.version, Item.objects.count()) == (None, 1, 1)
    assert len(entries(item.id)) == 1


def test_tomorrow_is_still_a_purchase_date_for_clients_east_of_utc(user):
    tomorrow = timezone.now().date() + datetime.timedelta(days=1)
    assert make_item(user, purchase_date=tomorrow).purchase_date == tomorrow


def test_item_services_take_only_declared_fields(user):
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(user=user, name="Lamp", colour="red", version=9)
    assert set(excinfo.value.details) == {"colour", "version"}
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(user=user, description="no name")
    assert excinfo.value.details == {"name": ["This field is required."]}
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(user=user, name="Lamp", description="x" * 10_001)
    assert "description" in excinfo.value.details
    assert not Item.objects.exists()
