"""A shared household with an owner, an editor and a viewer, a stranger in their own
household, and one of each thing in the shared household."""

from dataclasses import dataclass

import pytest

from households import services
from households.models import Membership
from tests.inventory.factories import add_image, make_category, make_item, make_location


@dataclass
class World:
    household: object
    owner: object
    editor: object
    viewer: object
    stranger: object
    item: object
    location: object
    category: object
    image: object
    stranger_item: object


@pytest.fixture
def world(make_user) -> World:
    owner, editor = make_user("olive@example.com"), make_user("ed@example.com")
    viewer, stranger = make_user("vic@example.com"), make_user("sam@example.com")
    household = services.household_create(user=owner, name="Flat 3")
    Membership.objects.create(household=household, user=editor, role="editor")
    Membership.objects.create(household=household, user=viewer, role="viewer")
    location = make_location(owner, name="Hall cupboard", household_id=household.id)
    category = make_category(owner, name="Tools", household_id=household.id)
    item = make_item(owner, name="Shared drill", household_id=household.id,
                     location_id=location.id, category_id=category.id)
    return World(household=household, owner=owner, editor=editor, viewer=viewer,
                 stranger=stranger, item=item, location=location, category=category,
                 image=add_image(item), stranger_item=make_item(stranger, name="Sam's kite"))
