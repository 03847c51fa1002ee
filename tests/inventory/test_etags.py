"""Item ETags: photos are part of the tag, and moving the keys into one field kept the tags."""

import hashlib

from inventory.etags import item_etag
from inventory.selectors import item_get
from tests.inventory.factories import add_image, make_item


def test_a_tag_is_what_the_three_key_columns_gave_before(user):
    item = make_item(user)
    image = add_image(item)
    keys = image.rendition_keys
    # The formula of the tag when thumbnail_key/display_key/detail_key were columns.
    before = (f"{image.id}/{image.position}/{keys['thumbnail']}/{keys['display']}/"
              f"{keys['detail']}/{image.alt_text}")

    tag = item_etag(item_get(user=user, item_id=item.id))

    assert tag.strip('"').split(".")[-1] == hashlib.sha256(before.encode()).hexdigest()[:12]


def test_new_rendition_keys_change_the_tag(user):
    item = make_item(user)
    image = add_image(item)
    before = item_etag(item_get(user=user, item_id=item.id))
    image.rendition_keys = {**image.rendition_keys,
                            "display": image.rendition_keys["display"].replace("-r1.", "-r2.")}
    image.save()

    assert item_etag(item_get(user=user, item_id=item.id)) != before
