from django.core.management.base import BaseCommand, CommandError

from tracktory.accounts import services
from tracktory.api.errors import NotFound


class Command(BaseCommand):
    help = (
        "Revoke refresh tokens: the devices holding them must sign in again once their "
        "access token (at most 15 minutes) expires. See README, 'Rotating keys'."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every account's refresh tokens")
        which.add_argument("--user", metavar="EMAIL", help="one account's refresh tokens")

    def handle(self, *args, **options):
        if options["all"]:
            revoked = services.refresh_tokens_revoke_all()
            whose = "all accounts"
        else:
            try:
                revoked = services.refresh_tokens_revoke_for(email=options["user"])
            except NotFound as exc:
                raise CommandError(exc.message) from None
            whose = options["user"]
        self.stdout.write(self.style.SUCCESS(f"Revoked {revoked} refresh token(s) of {whose}."))
