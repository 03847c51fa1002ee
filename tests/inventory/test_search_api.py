"""GET /api/search on every database: literal (prefix, substring, any case) answers, ranking,
highlights, filters, pages, ETags and per-user isolation. PostgreSQL-only behaviour (typos,
the triggers, the indexes) is in test_search_postgres.py."""

import pytest
from django.db import connection
from django.urls import reverse

from inventory import services
from inventory.default_categories import DEFAULT_CATEGORIES
from inventory.models import Item
from tests.inventory.factories import make_item, make_location

TOOLS = DEFAULT_CATEGORIES[8][0]
KITCHEN = DEFAULT_CATEGORIES[6][0]
SPORTS = DEFAULT_CATEGORIES[7][0]


@pytest.fixture
def catalog(user):
    garage = make_location(user, name="Garage")
    shed = make_location(user, name="Garden Shed")
    items = {
        "drill": make_item(user, name="Cordless Drill", description="18 V, two batteries",
                           category_id=TOOLS, location_id=garage.id, condition="good"),
        "bits": make_item(user, name="Drill Bit Set", description="HSS, 1-10 mm",
                          category_id=TOOLS, location_id=garage.id, status="sold"),
        "hammer": make_item(user, name="Claw Hammer", description="16 oz, fibreglass handle",
                            category_id=TOOLS, location_id=shed.id),
        "toolbox": make_item(user, name="Red Toolbox",
                             description="Holds the spare drill chuck and a hammer"),
        "espresso": make_item(user, name="Espresso Machine",
                              description='Rancilio "Silvia" & grinder', category_id=KITCHEN),
        "bike": make_item(user, name="Road Bike", description="Carbon frame",
                          category_id=SPORTS, location_id=shed.id),
    }
    return {"garage": garage, "shed": shed, **items}


def search(client, q=None, **params):
    if q is not None:
        params["q"] = q
    return client.get(reverse("api-search"), params)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [hit["name"] for hit in response.json()["data"]]


# ---- literal answers: the same on SQLite and PostgreSQL ---------------------------------

@pytest.mark.parametrize(("q", "expected", "typo_extras"), [
    ("dri", {"Cordless Drill", "Drill Bit Set", "Red Toolbox"}, set()),
    ("DRILL", {"Cordless Drill", "Drill Bit Set", "Red Toolbox"}, set()),
    ("dril", {"Cordless Drill", "Drill Bit Set", "Red Toolbox"}, set()),
    ("Cordless dri", {"Cordless Drill"}, set()),
    ("ammer", {"Claw Hammer", "Red Toolbox"}, set()),
    ("espr", {"Espresso Machine"}, set()),
    ("silvia", {"Espresso Machine"}, set()),
    ("tools", {"Cordless Drill", "Drill Bit Set", "Claw Hammer"}, {"Red Toolbox"}),
    ("garden shed", {"Claw Hammer", "Road Bike"}, set()),
    ("garage drill", {"Cordless Drill", "Drill Bit Set"}, set()),
], ids=["prefix", "upper-case", "prefix-dril", "two-terms", "substring", "espresso-prefix",
        "description", "category-name", "location-name", "location-and-name"])
def test_prefix_substring_and_case_insensitive_matches(auth_client, catalog, q, expected,
                                                       typo_extras):
    """SQLite and PostgreSQL give the same literal answers; PostgreSQL may add typo matches
    ("tools" is one letter from "Toolbox"), always ranked after them."""
    found = names(search(auth_client, q))
    if connection.vendor == "postgresql":
        assert set(found[:len(expected)]) == expected
        assert set(found[len(expected):]) == typo_extras
    else:
        assert set(found) == expected


def test_a_name_match_ranks_above_a_description_match(auth_client, catalog):
    found = names(search(auth_client, "drill"))
    assert found.index("Red Toolbox") == 2, found
    scores = [hit["score"] for hit in search(auth_client, "drill").json()["data"]]
    assert scores == sorted(scores, reverse=True)
    assert scores[1] >= 1.0 > scores[2]


def test_a_word_start_ranks_above_a_match_inside_a_word(auth_client, user):
    make_item(user, name="Hydrill pump")
    make_item(user, name="Drill press")
    assert names(search(auth_client, "drill")) == ["Drill press", "Hydrill pump"]


def test_every_term_is_required(auth_client, catalog):
    assert names(search(auth_client, "drill espresso")) == []


def test_each_hit_is_the_item_with_score_and_highlights(auth_client, catalog):
    response = search(auth_client, "dri")
    hit = next(h for h in response.json()["data"] if h["name"] == "Cordless Drill")
    assert hit["id"] == str(catalog["drill"].id)
    assert hit["categoryId"] == str(TOOLS)
    assert hit["locationId"] == str(catalog["garage"].id)
    assert hit["condition"] == "good"
    assert hit["images"] == []
    assert isinstance(hit["score"], float)
    assert hit["highlights"] == {"name": "Cordless <em>Dri</em>ll",
                                 "description": "18 V, two batteries"}


def test_highlights_are_escaped_text_with_em_only(auth_client, user):
    make_item(user, name='<img src=x onerror="alert(1)"> Drill & Co',
              description="<b>drill</b> 'bits'")
    hit = search(auth_client, "drill").json()["data"][0]
    assert hit["highlights"]["name"] == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <em>Drill</em> &amp; Co"
    )
    assert hit["highlights"]["description"] == (
        "&lt;b&gt;<em>drill</em>&lt;/b&gt; &#x27;bits&#x27;"
    )
    # The item's own fields stay the raw text.
    assert hit["name"] == '<img src=x onerror="alert(1)"> Drill & Co'


@pytest.mark.parametrize("q", [None, "", "d", " d ", "&"],
                         ids=["missing", "empty", "one-char", "padded", "operator"])
def test_under_two_characters_is_an_empty_result_without_a_search(
        auth_client, catalog, q, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # the user behind the token, nothing else
        response = search(auth_client, q)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == []
    assert body["meta"]["pagination"] == {"limit": 20, "nextCursor": None, "hasMore": False}


@pytest.mark.parametrize("q", [
    '"', "'", "''", "\\", "&|!:*()", "dri:*", "(dri", "dri & !", "!dri", "<->", "drill'",
    "%", "_", "%%dri%%", "dri_l", "'; DROP TABLE inventory_item; --",
    "1 OR 1=1", "\x00dri", "dri\u200b", "a" * 10_000, "drill " * 2000,
], ids=["dquote", "squote", "two-squotes", "backslash", "operators", "tsquery-prefix",
        "open-paren", "dangling-not", "not", "phrase-op", "trailing-quote", "percent",
        "underscore", "percents", "underscore-inside", "sql", "tautology", "nul",
        "zero-width", "10k-chars", "10k-words"])
def test_search_text_is_only_text(auth_client, catalog, q):
    response = search(auth_client, q)
    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    assert Item.objects.count() == 6


@pytest.mark.parametrize("q", ["dri:*", "(dri", "!dri", "%%dri%%", "'dri'", "\x00dri"],
                         ids=["tsquery-prefix", "paren", "not", "percents", "quoted", "nul"])
def test_operators_around_a_term_still_find_it(auth_client, catalog, q):
    assert "Cordless Drill" in names(search(auth_client, q))


def test_like_wildcards_match_only_literally(auth_client, catalog):
    # "_" and "%" separate terms; they never widen the match to everything.
    assert names(search(auth_client, "__")) == []
    assert names(search(auth_client, "%%")) == []


# ---- the list's filters, sorts and pages -------------------------------------------------

def test_the_item_list_filters_apply(auth_client, catalog):
    assert set(names(search(auth_client, "drill", status="sold"))) == {"Drill Bit Set"}
    assert set(names(search(auth_client, "drill", condition="good"))) == {"Cordless Drill"}
    assert set(names(search(auth_client, "dr", categoryId=str(KITCHEN)))) == set()
    assert set(names(search(auth_client, "e", locationId=str(catalog["shed"].id)))) == set()
    assert set(names(search(auth_client, "er", locationId=str(catalog["shed"].id)))) == {
        "Claw Hammer"}
    assert set(names(search(auth_client, "ma", categoryId=str(KITCHEN)))) == {
        "Espresso Machine"}


def test_repeatable_status_filter(auth_client, catalog):
    response = auth_client.get(reverse("api-search") + "?q=drill&status=sold&status=active")
    assert set(names(response)) == {"Cordless Drill", "Drill Bit Set", "Red Toolbox"}


@pytest.mark.parametrize(("params", "field"), [
    ({"categoryId": "tools"}, "categoryId"),
    ({"locationId": "1"}, "locationId"),
    ({"status": "broken"}, "status"),
    ({"condition": "mint"}, "condition"),
    ({"sortBy": "price"}, "sortBy"),
    ({"sortDir": "sideways"}, "sortDir"),
    ({"limit": "0"}, "limit"),
    ({"limit": "101"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"cursor": "not-a-cursor"}, "cursor"),
], ids=["category", "location", "status", "condition", "sort", "direction", "limit-zero",
        "limit-too-big", "limit-word", "cursor"])
def test_bad_parameters_are_a_400_naming_the_field(auth_client, catalog, params, field):
    response = search(auth_client, "drill", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert field in body["error"]["details"]


def test_a_list_cursor_is_not_a_relevance_cursor(auth_client, catalog):
    page = search(auth_client, "drill", limit=1, sortBy="name").json()
    cursor = page["meta"]["pagination"]["nextCursor"]
    response = search(auth_client, "drill", limit=1, cursor=cursor)
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["details"]


def test_pages_follow_the_ranking_without_repeats_or_gaps(auth_client, user):
    for n in range(7):
        make_item(user, name=f"Drill {n}")
    for n in range(4):
        make_item(user, name=f"Box {n}", description="a drill inside")
    full = names(search(auth_client, "drill", limit=100))
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = search(auth_client, "drill", **params).json()
        seen += [hit["name"] for hit in body["data"]]
        pages += 1
        cursor = body["meta"]["pagination"]["nextCursor"]
        assert body["meta"]["pagination"]["hasMore"] is (cursor is not None)
        if cursor is None:
            break
    assert seen == full
    assert len(seen) == 11 and pages == 4
    assert all(name.startswith("Drill") for name in seen[:7])


def test_sort_by_name_instead_of_relevance(auth_client, catalog):
    response = search(auth_client, "dri", sortBy="name")
    assert names(response) == ["Cordless Drill", "Drill Bit Set", "Red Toolbox"]
    assert all("score" in hit for hit in response.json()["data"])


# ---- conditional requests ----------------------------------------------------------------

def test_etag_and_304_on_if_none_match(auth_client, catalog):
    first = search(auth_client, "drill")
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first["Cache-Control"] == "private, no-cache"

    again = auth_client.get(reverse("api-search"), {"q": "drill"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    weak = auth_client.get(reverse("api-search"), {"q": "drill"},
                           HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    assert weak.status_code == 304


def test_an_edit_changes_the_etag(auth_client, user, catalog):
    etag = search(auth_client, "drill")["ETag"]
    services.item_update(user=user, item_id=catalog["drill"].id,
                         changes={"name": "Cordless Drill Driver"})
    response = auth_client.get(reverse("api-search"), {"q": "drill"}, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Cordless Drill Driver" in names(response)


def test_another_query_has_another_etag(auth_client, catalog):
    assert search(auth_client, "drill")["ETag"] != search(auth_client, "hammer")["ETag"]


# ---- isolation ---------------------------------------------------------------------------

def test_only_the_users_own_items_are_found(auth_client, other_client, other_user, catalog):
    """The same query from two users, one after the other: answers (cached ones too) are
    per user, so the second user never gets the first user's entry."""
    make_item(other_user, name="Other Drill", description="drill")
    assert "Other Drill" not in names(search(auth_client, "drill"))
    assert names(search(other_client, "drill")) == ["Other Drill"]
    assert names(search(other_client, "cordless")) == []


def test_another_users_location_filter_finds_nothing(auth_client, other_client, catalog):
    response = search(other_client, "drill", locationId=str(catalog["garage"].id))
    assert names(response) == []


def test_search_needs_a_token(api_client, catalog):
    response = search(api_client, "drill")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"
