import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from inventory.cleanup import cleanup_uploads

UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_age(text: str) -> timedelta:
    match = re.fullmatch(r"(\d+)([mhd])", text.strip())
    if not match or int(match.group(1)) == 0:
        raise CommandError(f"--older-than takes an age like 30m, 24h or 7d, got {text!r}")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


class Command(BaseCommand):
    help = ("Remove what uploads leave behind: signed uploads never confirmed (row and "
            "object), objects in storage that no image refers to, and Idempotency-Key "
            "records past their 24 h window. Safe to run from a scheduler.")

    def add_arguments(self, parser):
        parser.add_argument("--older-than", default="24h",
                            help="only what is older than this: 30m, 24h, 7d (default 24h; "
                                 "idempotency keys are always kept for 24 h)")
        parser.add_argument("--dry-run", action="store_true",
                            help="list what would be removed, remove nothing")

    def handle(self, *args, older_than, dry_run, **options):
        report = cleanup_uploads(older_than=parse_age(older_than), dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for key in report.pending_uploads:
            self.stdout.write(f"{verb} unconfirmed upload {key}")
        for key in report.orphaned_objects:
            self.stdout.write(f"{verb} orphaned object {key}")
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {len(report.pending_uploads)} unconfirmed upload(s), "
            f"{len(report.orphaned_objects)} orphaned object(s) and "
            f"{report.idempotency_keys} expired idempotency key(s)"
        ))
