"""Images in Django admin: previews, and deletes that take the stored objects along."""

import pytest
from django.urls import reverse

from inventory.models import Image
from tests.kit.photos import photo_bytes
from tests.media_pipeline.conftest import upload_one_step

pytestmark = pytest.mark.usefixtures("unhashed_static")


def test_the_image_list_shows_thumbnails(admin_client, auth_client, item):
    upload_one_step(auth_client, item, photo_bytes((300, 200)))
    image = Image.objects.get()

    response = admin_client.get(reverse("admin:inventory_image_changelist"))

    assert response.status_code == 200
    assert f'src="/media/public/{image.rendition_keys["thumbnail"]}"'.encode() in response.content
    page = admin_client.get(reverse("admin:inventory_image_change", args=[image.id]))
    assert page.status_code == 200 and b'width="300"' in page.content


def test_deleting_from_admin_removes_the_objects(admin_client, auth_client, item, local_files,
                                                 django_capture_on_commit_callbacks):
    upload_one_step(auth_client, item, photo_bytes((300, 200)))
    upload_one_step(auth_client, item, photo_bytes((300, 200)))
    assert len(local_files()) == 8

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:inventory_image_changelist"),
            {"action": "delete_with_objects",
             "_selected_action": [str(pk) for pk in Image.objects.values_list("pk", flat=True)]},
        )

    assert response.status_code == 302
    assert local_files() == []
    assert not Image.objects.exists()


def test_moving_an_image_in_admin_renumbers_the_gallery(admin_client, auth_client, item):
    for _ in range(3):
        upload_one_step(auth_client, item, photo_bytes((300, 200)))
    last = Image.objects.get(position=2)

    response = admin_client.post(
        reverse("admin:inventory_image_change", args=[last.id]),
        {"alt_text": "front", "position": 0},
    )

    assert response.status_code == 302
    assert list(Image.objects.order_by("position").values_list("position", flat=True)) == [
        0, 1, 2]
    last.refresh_from_db()
    assert (last.position, last.alt_text) == (0, "front")
