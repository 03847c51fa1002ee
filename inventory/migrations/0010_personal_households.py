"""Every existing user gets a personal household holding their items, locations, custom
categories and item history. Rows keep their ids, so history, photos (keyed by owner and
item ids) and links stay valid. New users get theirs from households.services."""

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Household = apps.get_model("households", "Household")
    Membership = apps.get_model("households", "Membership")
    Item = apps.get_model("inventory", "Item")
    Location = apps.get_model("inventory", "Location")
    Category = apps.get_model("inventory", "Category")
    ItemHistory = apps.get_model("inventory", "ItemHistory")
    personal = dict(Membership.objects.filter(household__is_personal=True, role="owner")
                    .values_list("user_id", "household_id"))
    for user in User.objects.order_by("pk").iterator():
        household_id = personal.get(user.pk)
        if household_id is None:
            name = (getattr(user, "name", "") or "").strip()
            household = Household.objects.create(
                name=f"{name}'s home" if name else "My home", is_personal=True)
            Membership.objects.create(household=household, user=user, role="owner")
            household_id = household.pk
        for model in (Item, Location, Category, ItemHistory):
            model.objects.filter(owner_id=user.pk, household__isnull=True).update(
                household_id=household_id)


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0009_household_fields"),
        ("households", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
