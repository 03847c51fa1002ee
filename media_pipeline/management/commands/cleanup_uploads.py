from django.core.management.base import BaseCommand

from inventory.idempotency import purge_expired
from media_pipeline.services import cleanup_pending_uploads


class Command(BaseCommand):
    help = ("Remove uploads signed over 24 h ago and never confirmed (row and object), and "
            "Idempotency-Key records older than 24 h. Safe to run from a scheduler.")

    def handle(self, *args, **options):
        uploads = cleanup_pending_uploads()
        keys = purge_expired()
        self.stdout.write(self.style.SUCCESS(
            f"Removed {uploads} unconfirmed upload(s) and {keys} expired idempotency key(s)"
        ))
