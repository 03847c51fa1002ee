"""PostgreSQL search: typo tolerance, the triggers that keep the vector current, the indexes."""

import pytest
from django.db import connection
from django.urls import reverse

from inventory import services
from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Item
from inventory.search.backends import TYPO_FALLBACK_BELOW
from tests.inventory.factories import make_category, make_item, make_location

pytestmark = pytest.mark.postgres

TOOLS = DEFAULT_CATEGORIES[8][0]


@pytest.fixture
def catalog(user):
    garage = make_location(user, name="Garage")
    return {
        "garage": garage,
        "drill": make_item(user, name="Cordless Drill", description="18 V",
                           category_id=TOOLS, location_id=garage.id),
        "hammer": make_item(user, name="Claw Hammer", description="16 oz"),
        "espresso": make_item(user, name="Espresso Machine"),
        "screwdriver": make_item(user, name="Screwdriver Set"),
        "grill": make_item(user, name="Grill Pan"),
        "notes": make_item(user, name="Notebook", description="hamer brand pencil"),
    }


def search(client, q, **params):
    return client.get(reverse("api-search"), {"q": q, **params})


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [hit["name"] for hit in response.json()["data"]]


def vector_of(item) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM inventory_item WHERE id = %s", [item.id])
        return cursor.fetchone()[0]


# ---- typo tolerance ----------------------------------------------------------------------

@pytest.mark.parametrize(("q", "expected"), [
    ("hamer", "Claw Hammer"),
    ("dril", "Cordless Drill"),
    ("drils", "Cordless Drill"),
    ("cordles drils", "Cordless Drill"),
    ("expresso", "Espresso Machine"),
    ("screwdiver", "Screwdriver Set"),
], ids=["hamer", "dril", "drils", "two-typos", "expresso", "screwdiver"])
def test_a_typo_still_finds_the_item(auth_client, catalog, q, expected):
    assert expected in names(search(auth_client, q))


def test_a_typo_highlights_the_word_it_matched(auth_client, catalog):
    hit = next(h for h in search(auth_client, "hamer").json()["data"]
               if h["name"] == "Claw Hammer")
    assert hit["highlights"]["name"] == "Claw <em>Hammer</em>"


def test_literal_matches_rank_above_typo_matches(auth_client, catalog):
    # "hamer" is literally in the notebook's description, only close to the hammer's name.
    assert names(search(auth_client, "hamer")) == ["Notebook", "Claw Hammer"]


def test_a_different_word_is_not_a_typo(auth_client, catalog):
    # word_similarity("drill", "Grill Pan") is 0.5, under the 0.55 threshold.
    assert "Grill Pan" not in names(search(auth_client, "drill"))


def test_every_term_must_match_or_be_a_typo(auth_client, catalog):
    assert names(search(auth_client, "drill espresso")) == []


def test_short_terms_are_never_fuzzy(auth_client, catalog):
    assert names(search(auth_client, "gx")) == []


# ---- the vector, kept by triggers --------------------------------------------------------

def test_the_vector_weights_name_description_category_location(user, catalog):
    vector = vector_of(catalog["drill"])
    assert "'cordless':1A" in vector and "'drill':2A" in vector
    assert "'18':3B" in vector
    assert "'tools':5C" in vector
    assert "'garage':6" in vector  # weight D is printed without a letter


def test_an_item_edit_updates_its_vector(auth_client, user, catalog):
    services.item_update(user=user, item_id=catalog["drill"].id,
                         changes={"name": "Impact Driver", "description": "brushless"})
    assert "'impact':1A" in vector_of(catalog["drill"])
    assert "Impact Driver" in names(search(auth_client, "brushless"))
    assert "Impact Driver" not in names(search(auth_client, "cordless"))


def test_a_bulk_update_outside_the_services_updates_vectors_too(user, catalog):
    # Triggers, not signals: admin actions, queryset.update() and raw SQL stay in step.
    Item.objects.filter(pk=catalog["hammer"].pk).update(description="framing nails")
    assert "'framing':3B" in vector_of(catalog["hammer"])


def test_renaming_a_category_updates_its_items(auth_client, user):
    kind = make_category(user, name="Camping")
    tent = make_item(user, name="Tent", category_id=kind.id)
    services.category_update(user=user, category_id=kind.id, name="Outdoors")

    assert "'outdoors':2C" in vector_of(tent)
    assert names(search(auth_client, "outdoors")) == ["Tent"]
    assert names(search(auth_client, "camping")) == []


def test_renaming_a_location_updates_its_items(auth_client, user, catalog):
    services.location_update(user=user, location_id=catalog["garage"].id, name="Workshop")

    assert "'workshop'" in vector_of(catalog["drill"])
    assert names(search(auth_client, "workshop")) == ["Cordless Drill"]
    assert names(search(auth_client, "garage")) == []


def test_moving_an_item_updates_its_vector(auth_client, user, catalog):
    attic = make_location(user, name="Attic")
    services.item_move(user=user, item_id=catalog["hammer"].id, location_id=attic.id)
    assert names(search(auth_client, "attic")) == ["Claw Hammer"]


def test_deleting_a_category_drops_it_from_its_items(auth_client, user):
    kind = make_category(user, name="Camping")
    tent = make_item(user, name="Tent", category_id=kind.id)
    services.category_delete(user=user, category_id=kind.id)

    assert "camping" not in vector_of(tent)
    assert names(search(auth_client, "camping")) == []


def test_a_rename_reaches_only_that_categorys_items(user, other_user):
    mine, theirs = make_category(user, name="Camping"), make_category(other_user, name="Camping")
    tent = make_item(user, name="Tent", category_id=mine.id)
    stove = make_item(other_user, name="Stove", category_id=theirs.id)
    services.category_update(user=user, category_id=mine.id, name="Outdoors")
    assert "outdoors" in vector_of(tent)
    assert "'camping':2C" in vector_of(stove)


# ---- what migration 0003 created ---------------------------------------------------------

@pytest.mark.parametrize("extension", ["pg_trgm", "btree_gin"])
def test_the_extensions_are_installed(db, extension):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = %s", [extension])
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize(("index", "definition"), [
    ("inventory_item_owner_search_vector_gin", "USING gin (owner_id, search_vector)"),
    ("inventory_item_owner_name_trgm", "USING gin (owner_id, name gin_trgm_ops)"),
    ("inventory_item_owner_search_document_trgm",
     "USING gin (owner_id, search_document gin_trgm_ops)"),
])
def test_the_gin_indexes_exist(db, index, definition):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        row = cursor.fetchone()
    assert row is not None and definition in row[0]


def test_typos_are_looked_for_only_when_the_literal_answer_is_short(auth_client, user):
    make_item(user, name="Claw Hammer")
    for n in range(TYPO_FALLBACK_BELOW):
        make_item(user, name=f"Notebook {n}", description="hamer brand")
    found = names(search(auth_client, "hamer", limit=100))
    assert len(found) == TYPO_FALLBACK_BELOW
    assert "Claw Hammer" not in found


def test_every_page_of_a_search_with_typos_is_cut_from_one_answer(auth_client, user):
    for n in range(5):
        make_item(user, name=f"Claw Hammer {n}")
    make_item(user, name="Notebook", description="hamer brand")
    pages, cursor = [], None
    while True:
        body = search(auth_client, "hamer", limit=2,
                      **({"cursor": cursor} if cursor else {})).json()
        pages.append([hit["name"] for hit in body["data"]])
        cursor = body["meta"]["pagination"]["nextCursor"]
        if not cursor:
            break
    seen = [name for page in pages for name in page]
    assert seen[0] == "Notebook"
    assert sorted(seen[1:]) == [f"Claw Hammer {n}" for n in range(5)]
