"""Service rules: concurrent confirms of one upload, and no orphans when a write fails."""

import pytest
from django.core.files.storage import FileSystemStorage

from inventory.models import Image
from inventory.photos.services import image_confirm_upload, image_sign_upload
from media_pipeline import storage
from tests.kit.concurrency import race
from tests.kit.photos import photo_bytes
from tests.media_pipeline.conftest import upload_one_step
from tracktory.api.errors import Conflict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirms_racing_for_one_upload_make_one_image(user, item, local_files):
    data = photo_bytes((600, 400))
    form = image_sign_upload(user=user, item=item, content_type="image/jpeg", size=len(data))
    storage.write_original(form.key, data, "image/jpeg")

    outcomes = race(lambda: image_confirm_upload(user=user, item=item, object_key=form.key))

    made = [o for o in outcomes if isinstance(o, Image)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(made), len(refused)) == (1, 1), outcomes
    assert Image.objects.count() == 1
    assert len(local_files()) == 4


class StorageThatFailsOnSecondSave(FileSystemStorage):
    """A real local storage whose second write fails, as a network drop would."""

    saves = 0

    def _save(self, name, content):
        type(self).saves += 1
        if type(self).saves == 2:
            raise OSError("connection reset while writing")
        return super()._save(name, content)


def test_a_write_failing_half_way_leaves_no_object_behind(settings, isolated_storage,
                                                          auth_client, item, local_files):
    StorageThatFailsOnSecondSave.saves = 0
    settings.STORAGES = {**settings.STORAGES, "public": {
        "BACKEND": f"{__name__}.StorageThatFailsOnSecondSave",
        "OPTIONS": {"location": str(isolated_storage / "media" / "public")},
    }}

    response = upload_one_step(auth_client, item, photo_bytes((900, 600)))

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "INTERNAL_ERROR"
    assert StorageThatFailsOnSecondSave.saves == 2, "the first rendition was written"
    assert local_files() == []
    assert not Image.objects.exists()
