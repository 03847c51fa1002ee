import uuid

from django.core.management.base import BaseCommand, CommandError

from inventory.models import Image
from inventory.photos.services import reprocess_image
from media_pipeline import keys, processing, storage


def parse_uuid(option: str, value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CommandError(f"{option} takes a UUID, got {value!r}") from None


class Command(BaseCommand):
    help = ("Make images' renditions again from their originals, after a pipeline change, a "
            "new size or lost objects. They get new keys (the next revision), so no cache "
            "needs purging; the old objects are removed once each image's row is swapped.")

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--item", help="only this item's images (UUID)")
        scope.add_argument("--user", help="only this user's images (UUID)")
        scope.add_argument("--all", action="store_true", help="every image")
        scope.add_argument("--outdated", action="store_true",
                           help="every image missing a size of the rendition table or made "
                                "by an older pipeline version (after adding a size)")

    def handle(self, *args, item=None, user=None, all=False, outdated=False, **options):
        images = Image.objects.order_by("created_at")
        if item:
            images = images.filter(item_id=parse_uuid("--item", item))
        elif user:
            images = images.filter(owner_id=parse_uuid("--user", user))
        if outdated:
            # Keys are JSON, read the same on SQLite and PostgreSQL: filtered here, not in SQL.
            stale = [pk for pk, found in images.values_list("pk", "rendition_keys")
                     if not keys.is_current(found)]
            images = images.filter(pk__in=stale)
        total = images.count()
        if total == 0 and not (all or outdated):
            raise CommandError("No images match: check the --item or --user id")
        done = failed = 0
        for index, image in enumerate(images.iterator(), 1):
            try:
                reprocess_image(image=image)
            except (storage.ObjectMissing, processing.ImageRejected) as exc:
                failed += 1
                self.stderr.write(f"[{index}/{total}] {image.id}: {type(exc).__name__}: {exc}")
            else:
                done += 1
                self.stdout.write(f"[{index}/{total}] {image.id}")
        self.stdout.write(self.style.SUCCESS(f"Reprocessed {done} image(s), {failed} failed"))
        if failed:
            raise CommandError(f"{failed} image(s) could not be reprocessed")
