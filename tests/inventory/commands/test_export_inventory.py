"""`export_inventory`: the same document as GET /api/export, to a file or stdout."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.inventory.factories import add_image, make_item, make_location

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def inventory(user):
    garage = make_location(user, name="Garage")
    drill = make_item(user, name="Cordless drill", location_id=garage.id,
                      purchase_price="129.00")
    add_image(drill)
    make_item(user, name="Ladder")
    return user


def test_csv_to_a_file_has_every_item_with_names_and_absolute_image_urls(inventory, tmp_path):
    target = tmp_path / "export.csv"

    call_command("export_inventory", "--email", "ADA@example.com", "--output", str(target),
                 "--base-url", "https://tracktory.example.com/")

    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert {row["name"] for row in rows} == {"Cordless drill", "Ladder"}
    drill = next(row for row in rows if row["name"] == "Cordless drill")
    assert drill["location"] == "Garage"
    assert drill["purchasePrice"] == "129.00"
    assert drill["imageUrls"].startswith("https://tracktory.example.com/media/public/images/")


def test_json_to_stdout_is_one_enveloped_document(inventory, capsys):
    call_command("export_inventory", "--email", "ada@example.com", "--format", "json")

    document = json.loads(capsys.readouterr().out)
    assert document["success"] is True
    assert [i["name"] for i in document["data"]["items"]] == ["Cordless drill", "Ladder"]
    assert document["data"]["locations"][0]["name"] == "Garage"


def test_an_unknown_email_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No user with email 'nobody@example.com'"):
        call_command("export_inventory", "--email", "nobody@example.com")


def test_an_unknown_format_exits_non_zero_with_usage():
    result = subprocess.run(
        [sys.executable, "manage.py", "export_inventory", "--email", "a@b.c", "--format", "xml"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )

    assert result.returncode != 0
    assert "invalid choice: 'xml'" in result.stderr
