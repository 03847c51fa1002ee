from django.core.management.base import BaseCommand, CommandError

from inventory.demo import create_demo_inventory


class Command(BaseCommand):
    help = ("Create a demo account with realistic items across categories and nested "
            "locations, with real photographs processed through the image pipeline, and a "
            "demo household shared with a second account (an editor). "
            "Running it again only adds what is missing.")

    def add_arguments(self, parser):
        parser.add_argument("--email", default="demo@example.com",
                            help="the demo account's email (default: demo@example.com)")
        parser.add_argument("--items", type=int, default=20,
                            help="how many items the account should have (1-1000, default 20)")
        parser.add_argument("--password", help="password for a new account (default: random, "
                                               "printed once)")

    def handle(self, *args, email, items, password, **options):
        if not 1 <= items <= 1000:
            raise CommandError("--items must be between 1 and 1000")
        if "@" not in email:
            raise CommandError(f"--email must be an email address, got {email!r}")
        result = create_demo_inventory(email=email, items=items, password=password,
                                       progress=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS(
            f"Demo account {result.user.email}: {result.items_created} item(s) and "
            f"{result.photos_added} photo(s) added"
        ))
        if result.password and not password:
            self.stdout.write(f"Sign in with password: {result.password}")
        self.stdout.write(f"Shared household {result.household.name!r} with "
                          f"{result.partner.email} (editor)")
        if result.partner_password and not password:
            self.stdout.write(f"{result.partner.email} signs in with: {result.partner_password}")
