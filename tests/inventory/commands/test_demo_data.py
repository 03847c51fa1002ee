"""`demo_data`: a realistic account with real photos processed through the pipeline."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from inventory.models import Image, Item, ItemHistory, Location
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def test_creates_an_account_with_items_locations_and_processed_photos(isolated_storage):
    output = run("--email", "demo@example.com", "--items", "10", "--password", PASSWORD)

    user = authenticate(username="demo@example.com", password=PASSWORD)
    items = Item.objects.filter(owner=user)
    assert items.count() == 10
    assert "[10/10]" in output and "10 item(s)" in output
    assert items.values("category").distinct().count() >= 5
    assert Location.objects.filter(owner=user, parent__parent__isnull=False).exists()
    images = Image.objects.filter(owner=user)
    assert images.count() == 8
    for image in images:
        assert image.width > 0 and image.rendition_keys["thumbnail"].endswith("_thumb.v1-r1.webp")
        thumbnail = isolated_storage / "media" / "public" / image.rendition_keys["thumbnail"]
        assert thumbnail.read_bytes()[8:12] == b"WEBP"
    assert ItemHistory.objects.filter(owner=user, action="create").count() == 10


def test_running_again_adds_only_what_is_missing():
    run("--items", "5", "--password", PASSWORD)
    output = run("--items", "7")

    assert Item.objects.filter(owner__email="demo@example.com").count() == 7
    assert "2 item(s)" in output
    assert "Sign in with password" not in output


def test_a_new_account_without_a_password_gets_one_printed_once():
    output = run("--email", "new@example.com", "--items", "1")

    password = output.split("Sign in with password: ")[1].splitlines()[0].strip()
    assert authenticate(username="new@example.com", password=password) is not None


def test_more_items_than_the_catalog_get_numbered_names():
    run("--items", "23", "--password", PASSWORD)

    names = set(Item.objects.filter(owner__email="demo@example.com")
                .values_list("name", flat=True))
    assert len(names) == 23
    assert "Espresso cup set #2" in names


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--items", "0"], "--items must be between 1 and 1000"),
     (["--email", "nobody"], "--email must be an email address")],
    ids=["zero-items", "bad-email"],
)
def test_bad_arguments_fail_clearly_and_create_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)

    assert not Item.objects.exists()


def test_a_demo_household_with_two_members_shares_its_items():
    from households.models import Household, Membership

    run("--items", "2", "--password", PASSWORD)
    run("--items", "2", "--password", PASSWORD)  # again: nothing doubled

    household = Household.objects.get(name="Demo household")
    members = dict(Membership.objects.filter(household=household)
                   .values_list("user__email", "role"))
    assert members == {"demo@example.com": "owner", "demo+partner@example.com": "editor"}
    assert not household.is_personal
    assert Item.objects.filter(household=household).count() == 2
    assert authenticate(username="demo+partner@example.com", password=PASSWORD)
