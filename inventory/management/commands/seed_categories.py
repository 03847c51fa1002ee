from django.core.management.base import BaseCommand

from inventory.seeding import seed_default_categories


class Command(BaseCommand):
    help = "Create (or restore) the ten shared default categories. Safe to run repeatedly."

    def handle(self, *args, **options):
        created, updated = seed_default_categories()
        self.stdout.write(self.style.SUCCESS(
            f"Default categories: {created} created, {updated} already present"
        ))
