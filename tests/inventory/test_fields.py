"""Every declaration in the field table works end to end: API create/read/update, history,
CSV and JSON export, the admin form and the PWA form and detail page. A new declaration
is covered here without a new test; a new *kind* needs its two samples below."""

import csv
import io
import json
from typing import Any, NamedTuple

import pytest
from django.urls import reverse

from inventory.fields import ITEM_FIELDS, WRITABLE_FIELDS, ItemField, Kind, form_sections
from inventory.models import ItemHistory
from tests.inventory.factories import make_category, make_item, make_location


class Sample(NamedTuple):
    sent: Any      # what a client sends
    shown: Any     # what the API (and history, and JSON export) shows
    cell: str      # the CSV cell


# Two different values per kind, neither the field's default (so both are real changes).
SAMPLES = {
    Kind.TEXT: (Sample("Alpha", "Alpha", "Alpha"), Sample("Beta", "Beta", "Beta")),
    Kind.LONG_TEXT: (Sample("Two\nlines", "Two\nlines", "Two\nlines"),
                     Sample("  kept as typed", "  kept as typed", "  kept as typed")),
    Kind.MONEY: (Sample("12.5", 12.5, "12.50"), Sample(3, 3.0, "3.00")),
    Kind.DATE: (Sample("2024-03-01", "2024-03-01", "2024-03-01"),
                Sample("2023-12-31", "2023-12-31", "2023-12-31")),
    Kind.BOOLEAN: (Sample(True, True, "true"), Sample(False, False, "false")),
    Kind.INTEGER: (Sample(3, 3, "3"), Sample(0, 0, "0")),
}
def make_household(user):
    from households.services import household_create

    return household_create(user=user, name="Shared")


TARGETS = {"category": make_category, "location": make_location, "household": make_household}


def samples(spec: ItemField, user) -> tuple[Sample, Sample]:
    if spec.kind is Kind.ENUM:
        values = [value for value, _ in spec.choices if value != spec.api_default][-2:]
        return tuple(Sample(value, value, value) for value in values)
    if spec.kind is Kind.FOREIGN_KEY:
        ids = [str(TARGETS[spec.lookup](user).id) for _ in range(2)]
        return tuple(Sample(value, value, value) for value in ids)
    return SAMPLES[spec.kind]


def exported(client, file_format: str) -> str:
    response = client.get(reverse("export"), {"format": file_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")


@pytest.mark.parametrize("spec", WRITABLE_FIELDS, ids=lambda spec: spec.api)
def test_every_field_round_trips_through_the_api_history_and_export(auth_client, user, spec):
    first, second = samples(spec, user)
    body = {"name": "Round trip", spec.api: first.sent}

    created = auth_client.post(reverse("item-list"), body, format="json")
    assert created.status_code == 201, created.json()
    item_id = created.json()["data"]["id"]
    detail = reverse("item-detail", kwargs={"item_id": item_id})
    assert created.json()["data"][spec.api] == first.shown
    assert auth_client.get(detail).json()["data"][spec.api] == first.shown

    patched = auth_client.patch(detail, {spec.api: second.sent}, format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["data"][spec.api] == second.shown
    assert auth_client.get(detail).json()["data"][spec.api] == second.shown

    latest = ItemHistory.objects.filter(item_id=item_id).order_by("-created_at").first()
    if spec.history:
        assert latest.changes == {spec.api: {"old": first.shown, "new": second.shown}}
    else:
        assert latest.action == "create"

    if spec.api in spec.export_columns:
        (row,) = csv.DictReader(io.StringIO(exported(auth_client, "csv")))
        assert row[spec.api] == second.cell
        (item,) = json.loads(exported(auth_client, "json"))["data"]["items"]
        assert item[spec.api] == second.shown


@pytest.mark.parametrize("spec", WRITABLE_FIELDS, ids=lambda spec: spec.api)
def test_every_field_can_be_set_through_the_services(user, spec):
    """The services take any declared field by its model attribute, no signature change."""
    first, _ = samples(spec, user)
    item = make_item(user, **{spec.attr: first.sent})
    assert spec.to_api(getattr(item, spec.attr)) == first.shown


def test_output_lists_every_declared_field_in_table_order(auth_client, user):
    data = auth_client.get(reverse("item-detail", kwargs={"item_id": make_item(user).id}))
    assert list(data.json()["data"]) == [*(spec.api for spec in ITEM_FIELDS), "images"]


@pytest.mark.usefixtures("collected_static")  # the pages name hashed static files
@pytest.mark.parametrize("spec", [s for s in ITEM_FIELDS if s.form], ids=lambda s: s.api)
def test_every_form_field_is_on_the_pwa_form_with_its_kind(client, spec):
    html = client.get(reverse("pwa-item-new")).content.decode()
    assert f'id="{spec.api}" name="{spec.api}" data-kind="{spec.kind}"' in html
    assert f'<label for="{spec.api}">{spec.label}' in html
    assert f'data-error-for="{spec.api}"' in html


@pytest.mark.usefixtures("collected_static")
@pytest.mark.parametrize("spec", [s for s in ITEM_FIELDS if s.detail], ids=lambda s: s.api)
def test_every_detail_field_has_a_slot_on_the_detail_page(client, spec):
    url = reverse("pwa-item-detail", kwargs={"item_id": "6f1c1b1e-0000-4000-8000-000000000001"})
    html = client.get(url).content.decode()
    assert f'data-field="{spec.detail_slot}" data-name="{spec.api}" data-kind="{spec.kind}"' in html


@pytest.mark.parametrize("spec", WRITABLE_FIELDS, ids=lambda spec: spec.api)
def test_every_writable_field_is_on_the_admin_form(admin_client, user, spec):
    url = reverse("admin:inventory_item_change", args=[make_item(user).id])
    assert f'name="{spec.model_name}"' in admin_client.get(url).content.decode()


def test_form_rows_keep_grouped_fields_together_in_their_order():
    sections = form_sections()
    rows = [[spec.api for spec in row] for row in sections["details"]]
    assert [[spec.api for spec in row] for row in sections["main"]] == [["name"]]
    assert rows[:4] == [["description"], ["categoryId", "locationId"],
                        ["purchasePrice", "purchaseDate"], ["condition", "status"]]
