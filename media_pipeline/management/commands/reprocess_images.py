from django.core.management.base import BaseCommand

from media_pipeline import processing, storage
from media_pipeline.models import Image
from media_pipeline.services import reprocess_image


class Command(BaseCommand):
    help = "Make every image's renditions again from its original (all, or one item's/user's)."

    def add_arguments(self, parser):
        parser.add_argument("--item", help="only this item's images (UUID)")
        parser.add_argument("--user", help="only this user's images (UUID)")

    def handle(self, *args, item=None, user=None, **options):
        images = Image.objects.order_by("created_at")
        if item:
            images = images.filter(item_id=item)
        if user:
            images = images.filter(owner_id=user)
        done = failed = 0
        for image in images.iterator():
            try:
                reprocess_image(image=image)
            except (storage.ObjectMissing, processing.ImageRejected) as exc:
                failed += 1
                self.stderr.write(f"{image.id}: {type(exc).__name__}: {exc}")
            else:
                done += 1
        self.stdout.write(self.style.SUCCESS(f"Reprocessed {done} image(s), {failed} failed"))
        if failed:
            raise SystemExit(1)
