import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inventory.export import FORMATS, csv_rows, json_chunks


class Command(BaseCommand):
    help = ("Export everything one user owns (items, categories, locations, image URLs) as "
            "CSV or JSON, the same document as GET /api/export.")

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="whose inventory")
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="file_format")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--base-url", default="",
                            help="prefix for site-relative image URLs, e.g. "
                                 "https://tracktory.example.com (local storage only)")

    def handle(self, *args, email, file_format, output, base_url, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}")
        base = base_url.rstrip("/")

        def absolute(url: str) -> str:
            return f"{base}{url}" if url.startswith("/") else url

        chunks = (csv_rows if file_format == "csv" else json_chunks)(user=user, absolute=absolute)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.writelines(chunks)
            self.stderr.write(self.style.SUCCESS(f"Wrote {output}"))
        else:
            try:
                sys.stdout.writelines(chunks)
            except BrokenPipeError:  # piped into `head`: the reader has what it wanted
                sys.stderr.close()
