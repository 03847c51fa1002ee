"""Search input is text only, and highlights are escaped text with `<em>` as the only markup."""

import pytest

from inventory.search.highlight import highlight, highlight_snippet, similarity
from inventory.search.query import MAX_QUERY_LENGTH, MAX_TERMS, parse_search_text


@pytest.mark.parametrize(("raw", "terms"), [
    ("Drill", ("drill",)),
    ("  cordless   DRILL ", ("cordless", "drill")),
    ("drill drill", ("drill",)),
    ("dri:* & !(hammer | saw)", ("dri", "hammer", "saw")),
    ("o'brien \"quoted\"", ("o", "brien", "quoted")),
    ("50%_off\\", ("50", "off")),
    ("'; DROP TABLE inventory_item; --", ("drop", "table", "inventory", "item")),
    ("Küchenwaage", ("küchenwaage",)),
], ids=["word", "spaces-and-case", "duplicates", "tsquery-syntax", "quotes",
        "like-wildcards", "sql", "unicode"])
def test_terms_are_letters_and_digits_only(raw, terms):
    assert parse_search_text(raw).terms == terms


def test_the_tsquery_is_built_from_quoted_prefix_terms_only():
    assert parse_search_text("dri & 'claw").tsquery == "'dri':* & 'claw':*"


@pytest.mark.parametrize("raw", [None, "", " ", "d", " d ", "&&", "!:", "__"],
                         ids=["none", "empty", "space", "one-char", "one-char-padded",
                              "operators", "punctuation", "underscores"])
def test_under_two_characters_or_no_letters_searches_nothing(raw):
    text = parse_search_text(raw)
    assert not text
    assert text.terms == ()


def test_very_long_input_is_cut_not_refused():
    text = parse_search_text("drill " * 2000 + "x" * 10_000)
    assert text.terms == ("drill",)
    assert len(text.text) <= MAX_QUERY_LENGTH


def test_term_count_is_capped():
    text = parse_search_text(" ".join(f"w{n}" for n in range(50)))
    assert len(text.terms) == MAX_TERMS


def test_highlight_marks_every_case_insensitive_match():
    assert highlight("Drill bit for the drill", ("dri",)) == (
        "<em>Dri</em>ll bit for the <em>dri</em>ll"
    )


def test_highlight_merges_overlapping_and_touching_matches():
    assert highlight("Cordless Drill", ("cordless", "dri", "ill")) == (
        "<em>Cordless</em> <em>Drill</em>"
    )


def test_highlight_escapes_the_text_and_adds_only_em():
    name = '<script>alert("x")</script> & Drill\'s <em>'
    assert highlight(name, ("drill",)) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <em>Drill</em>&#x27;s "
        "&lt;em&gt;"
    )


def test_highlight_never_splits_an_entity():
    # "amp" is inside the escaped form of "&"; only the literal word may be marked.
    assert highlight("Salt & Pepper amp", ("amp",)) == "Salt &amp; Pepper <em>amp</em>"


def test_one_letter_terms_filter_but_are_not_marked():
    assert highlight("A drill", ("a", "drill")) == "A <em>drill</em>"


def test_fuzzy_highlight_marks_the_near_miss_word():
    assert highlight("Claw Hammer", ("hamer",), fuzzy=True) == "Claw <em>Hammer</em>"
    assert highlight("Claw Hammer", ("hamer",)) == "Claw Hammer"


def test_fuzzy_highlight_leaves_unrelated_words_alone():
    assert highlight("Grill pan", ("drill",), fuzzy=True) == "Grill pan"


def test_similarity_matches_pg_trgm():
    # pg_trgm: similarity('hamer', 'hammer') = 0.625, similarity('drill', 'grill') = 0.333...
    assert similarity("hamer", "hammer") == pytest.approx(0.625)
    assert similarity("drill", "grill") == pytest.approx(3 / 9)


def test_long_description_is_cut_around_the_first_match():
    text = "x" * 300 + " the drill is here " + "y" * 300
    snippet = highlight_snippet(text, ("drill",))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<em>drill</em>" in snippet
    assert len(snippet.replace("<em>", "").replace("</em>", "")) <= 202


def test_short_description_is_whole_and_escaped():
    assert highlight_snippet("Fits <M8> bolts", ("m8",)) == "Fits &lt;<em>M8</em>&gt; bolts"
