from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = "Inventory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_delete

        from households.models import Household
        from inventory import services

        # A deleted household's rows cascade; its photo files are removed with them.
        pre_delete.connect(services.household_contents_delete, sender=Household,
                           dispatch_uid="inventory-household-contents")
