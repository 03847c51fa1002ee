"""A demo account filled with a realistic household: nested locations, items in every
shared category, and real photographs processed through the media pipeline.

Idempotent: items are matched by name, so running it again only adds what is missing.
"""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from households.models import Membership, Role
from households.services import household_create
from inventory import services
from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Item, Location
from inventory.photos.services import image_upload

PHOTOS = Path(__file__).resolve().parent / "demo_photos"
CATEGORY_IDS = {name: category_id for category_id, name, _, _ in DEFAULT_CATEGORIES}

# (parent path, name): created in order, so parents exist before their children.
LOCATIONS = (
    ("", "Home"),
    ("Home", "Kitchen"),
    ("Home", "Living room"),
    ("Home", "Study"),
    ("Home", "Garage"),
    ("Home/Garage", "Shelf A"),
    ("Home", "Basement"),
    ("Home/Basement", "Box 3"),
)

# name, category, location path, price, years ago, condition, photo, description
CATALOG = (
    ("Espresso cup set", "Kitchen", "Home/Kitchen", "45.00", 2, "excellent", "coffee.jpg",
     "Six porcelain cups with saucers."),
    ("Motorcycle", "Automotive", "Home/Garage", "8400.00", 5, "good", "stereo_motorcycle.jpg",
     "Naked bike, 650 cc. Keys in the study drawer."),
    ("Model rocket kit", "Sports", "Home/Garage/Shelf A", "89.99", 1, "excellent", "rocket.jpg",
     "Two-stage kit with launch pad."),
    ("Wall clock", "Furniture", "Home/Living room", "120.00", 7, "good", "clock.jpg",
     "Quartz movement, battery AA."),
    ("Coin collection", "Other", "Home/Study", "650.00", 10, "excellent", "coins.jpg",
     "Euro and pre-euro coins in an album."),
    ("Framed astronaut print", "Other", "Home/Study", "75.00", 3, "good", "astronaut.jpg",
     "NASA portrait, 50 x 50 cm frame."),
    ("Cat carrier", "Other", "Home/Basement", "39.90", 4, "fair", "chelsea.jpg",
     "Top-loading, fits a 6 kg cat."),
    ("Vintage photo print", "Other", "Home/Living room", "60.00", 8, "good", "camera.jpg",
     "Black and white, signed on the back."),
    ("Cordless drill", "Tools", "Home/Garage/Shelf A", "129.00", 2, "good", None,
     "18 V, two batteries and charger."),
    ("Claw hammer", "Tools", "Home/Garage/Shelf A", "24.50", 6, "fair", None, "16 oz."),
    ("Laptop", "Electronics", "Home/Study", "1299.00", 1, "excellent", None,
     "14-inch, 16 GB RAM. Serial on the receipt."),
    ("Television", "Electronics", "Home/Living room", "899.00", 3, "good", None, "55-inch."),
    ("Sofa", "Furniture", "Home/Living room", "1100.00", 4, "good", None, "Three-seater."),
    ("Winter coat", "Clothing", "Home", "220.00", 2, "good", None, "Down, size M."),
    ("Cookbook collection", "Books", "Home/Kitchen", "180.00", 5, "good", None,
     "Twelve hardbacks."),
    ("Lawn mower", "Garden", "Home/Garage", "349.00", 3, "fair", None, "Electric, 40 cm."),
    ("Stand mixer", "Kitchen", "Home/Kitchen", "399.00", 2, "excellent", None, "5 litre bowl."),
    ("Road bike", "Sports", "Home/Garage", "1450.00", 4, "good", None, "Carbon frame, 56 cm."),
    ("Camping tent", "Sports", "Home/Basement/Box 3", "210.00", 6, "fair", None,
     "Four-person."),
    ("Car roof box", "Automotive", "Home/Garage", "480.00", 5, "good", None, "420 litres."),
)


@dataclass
class DemoResult:
    user: object
    password: str | None  # set only when the account was created now
    items_created: int
    photos_added: int
    household: object = None       # the shared demo household (the demo user owns it)
    partner: object = None         # its second member, an editor
    partner_password: str | None = None

DEMO_HOUSEHOLD = "Demo household"
SHARED_ITEMS = (("Family toolbox", "Tools", "Shared by everyone in the house."),
                ("Board games shelf", "Toys", "Kept in the living room."))


def _partner_email(email: str) -> str:
    local, domain = email.split("@", 1)
    return f"{local}+partner@{domain}"


def _demo_household(user, *, password: str | None, progress) -> tuple:
    """A shared household owned by the demo user, with a second member (an editor) and a
    couple of shared items; running again adds only what is missing."""
    User = get_user_model()
    membership = (Membership.objects.filter(user=user, role=Role.OWNER,
                                            household__name=DEMO_HOUSEHOLD)
                  .select_related("household").first())
    household = membership.household if membership else household_create(
        user=user, name=DEMO_HOUSEHOLD)
    partner_email = _partner_email(user.email)
    partner = User.objects.filter(email__iexact=partner_email).first()
    partner_password = None
    if partner is None:
        partner_password = password or secrets.token_urlsafe(12)
        partner = User.objects.create_user(email=partner_email, password=partner_password,
                                           name="Demo partner")
        progress(f"created account {partner_email}")
    Membership.objects.get_or_create(household=household, user=partner,
                                     defaults={"role": Role.EDITOR})
    have = set(Item.objects.filter(household=household).values_list("name", flat=True))
    for name, category, description in SHARED_ITEMS:
        if name not in have:
            services.item_create(user=partner, name=name, description=description,
                                 category_id=CATEGORY_IDS.get(category),
                                 household_id=household.id)
    return household, partner, partner_password


def _locations(user) -> dict[str, Location]:
    by_path: dict[str, Location] = {}
    mine = Location.objects.filter(owner=user, household__is_personal=True)
    existing = {(loc.parent_id, loc.name): loc for loc in mine}
    for parent_path, name in LOCATIONS:
        parent = by_path.get(parent_path)
        found = existing.get((parent.id if parent else None, name))
        path = f"{parent_path}/{name}" if parent_path else name
        by_path[path] = found or services.location_create(
            user=user, name=name, parent_id=parent.id if parent else None)
    return by_path


def _entries(count: int):
    """The catalog, repeated with a number suffix when more items are asked for."""
    for index in range(count):
        entry = CATALOG[index % len(CATALOG)]
        round_ = index // len(CATALOG)
        yield (f"{entry[0]} #{round_ + 1}" if round_ else entry[0]), entry


def create_demo_inventory(*, email: str, items: int, password: str | None = None,
                          progress: Callable[[str], None] = lambda line: None) -> DemoResult:
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    new_password = None
    if user is None:
        new_password = password or secrets.token_urlsafe(12)
        user = User.objects.create_user(email=email, password=new_password, name="Demo")
        progress(f"created account {email}")
    locations = _locations(user)
    have = set(Item.objects.filter(owner=user).values_list("name", flat=True))
    today = datetime.date.today()
    created = photos = 0
    for index, (name, entry) in enumerate(_entries(items), 1):
        if name in have:
            continue
        _, category, location, price, years, condition, photo, description = entry
        with transaction.atomic():
            item = services.item_create(
                user=user, name=name, description=description,
                category_id=CATEGORY_IDS[category], location_id=locations[location].id,
                purchase_price=Decimal(price), condition=condition,
                purchase_date=today.replace(year=today.year - years, day=1),
            )
            if photo:
                upload = SimpleUploadedFile(photo, (PHOTOS / photo).read_bytes(), "image/jpeg")
                image_upload(user=user, item=item, file=upload, alt_text=name)
                photos += 1
        created += 1
        progress(f"[{index}/{items}] {name}")
    household, partner, partner_password = _demo_household(user, password=password,
                                                           progress=progress)
    return DemoResult(user=user, password=new_password, items_created=created,
                      photos_added=photos, household=household, partner=partner,
                      partner_password=partner_password)
