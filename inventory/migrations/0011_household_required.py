import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0010_personal_households"),
    ]

    operations = [
        migrations.AlterField(
            model_name="item",
            name="household",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="items", to="households.household"),
        ),
        migrations.AlterField(
            model_name="location",
            name="household",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="locations", to="households.household"),
        ),
    ]
