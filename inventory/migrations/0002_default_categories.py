from django.db import migrations

from inventory.default_categories import DEFAULT_CATEGORIES


def create_defaults(apps, schema_editor):
    Category = apps.get_model("inventory", "Category")
    for category_id, name, icon, sort_order in DEFAULT_CATEGORIES:
        Category.objects.update_or_create(
            id=category_id,
            defaults={"owner": None, "name": name, "icon": icon, "sort_order": sort_order},
        )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
