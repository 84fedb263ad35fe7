"""The glossary's public API on the shipped term base: match, apply, lookups."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from casefiles import DATA, read_cases
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from normalize.changes import Change, replay_changes

APPLY_CASES = read_cases("glossary_apply_cases.tsv")
MATCH_CASES = read_cases("glossary_match_cases.tsv")


@pytest.fixture(scope="module")
def terms() -> glossary.Glossary:
    return glossary.load_glossary()


@pytest.mark.parametrize("case", APPLY_CASES, ids=[c["input"][:40] for c in APPLY_CASES])
def test_apply(terms: glossary.Glossary, case: dict[str, str]) -> None:
    text, replacements = terms.apply(case["input"], lang="de")
    assert text == case["expected"]
    changes = [Change("terms", r.start, r.end, r.before, r.after) for r in replacements]
    assert replay_changes(case["input"], changes) == text
    assert bool(replacements) == (case["input"] != case["expected"])


@pytest.mark.parametrize("case", MATCH_CASES, ids=[c["sentence"][:40] for c in MATCH_CASES])
def test_match(terms: glossary.Glossary, case: dict[str, str]) -> None:
    found = {(m.text, m.concept_id, m.en) for m in terms.match(case["sentence"], lang="de")}
    assert (case["text"], case["id"], case["en"]) in found


def test_longest_match_wins_and_no_match_inside_words(terms: glossary.Glossary) -> None:
    matches = terms.match("Die DDR Kongo und die DDR; Energieministeriumsgebäude.", "de")
    assert [(m.text, m.concept_id) for m in matches] == [
        ("DDR Kongo", "dr_congo"),
        ("DDR", "gdr"),
    ]


def test_acronyms_are_case_sensitive(terms: glossary.Glossary) -> None:
    assert not [m for m in terms.match("laut dpa und usgs", "de") if m.is_acronym]
    assert [m.concept_id for m in terms.match("laut DPA und USGS", "de")] == [
        "defense_production_act",
        "usgs",
    ]


def test_flagged_terms_are_reported_never_replaced(terms: glossary.Glossary) -> None:
    text = "Die Nutzung von Bundesländern für den Bergbau."
    assert [(m.text, m.status) for m in terms.match(text, "de")] == [("Bundesländern", "flagged")]
    assert terms.apply(text) == (text, [])


def test_replacements_replay_in_order(terms: glossary.Glossary) -> None:
    text = "Den Exekutivbefehl und zwei Exekutivbesetzungen zur DDR Kongo."
    new, replacements = terms.apply(text)
    assert new == "Die Exekutivanordnung und zwei Exekutivanordnungen zur DR Kongo."
    changes = [Change("t", r.start, r.end, r.before, r.after) for r in replacements]
    assert replay_changes(text, changes) == new


def test_match_fields(terms: glossary.Glossary) -> None:
    (match,) = terms.match("Preisküren", "de")
    assert (match.start, match.end, match.status, match.domain) == (0, 10, "deprecated", "general")
    assert (match.de, match.en) == ("Preisuntergrenze", "price floor")
    assert match.to_dict()["id"] == "price_floor"


def test_lookups(terms: glossary.Glossary) -> None:
    assert terms.preferred("tungsten", "de") == "Wolfram"
    assert terms.concept("usgs").domain == "agency"
    assert "cobalt" in {concept.id for concept in terms}
    with pytest.raises(KeyError, match="no concept"):
        terms.concept("unobtainium")


def test_lang_none_matches_both_languages(terms: glossary.Glossary) -> None:
    found = {m.concept_id for m in terms.match("tungsten und Wolfram", None)}
    assert found == {"tungsten"}
    assert [m.lang for m in terms.match("copper", "de")] == []
    assert [m.status for m in terms.match("Tungsten", "de")] == ["deprecated"]


def test_usgs_lists_are_complete(terms: glossary.Glossary) -> None:
    sources = [c for c in terms if c.domain == "mineral" and "87 FR 10381" in c.source]
    added = [c for c in terms if c.domain == "mineral" and "2025 final" in c.source]
    listed = (DATA / "glossary_usgs_2022_minerals.txt").read_text(encoding="utf-8").split()
    assert len(listed) == 50
    assert {c.id for c in sources} >= set(listed)
    for concept_id in listed:
        assert terms.preferred(concept_id, "de") and terms.preferred(concept_id, "en")
    assert {c.id for c in added} >= {
        "copper", "silver", "uranium", "boron", "lead", "metallurgical_coal",
        "phosphate", "potash", "rhenium", "silicon",
    }  # fmt: skip


WORDS = [
    "der",
    "die",
    "den",
    "eine",
    "neue",
    "Exekutivbefehl",
    "Exekutivbesetzungen",
    "DDR",
    "Kongo",
    "DDR Kongo",
    "Seltene Erden",
    "Bundesland",
    "Preisküren",
    "„",
    "im",
    ",",
    "Energieministeriums",
    "US-",
    "Kobalt",
    "Exekutivbeschluss",
    "des",
    "Exekutivbefehls",
]


@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from([" ", "", "  "]))
@settings(max_examples=150, deadline=None)
def test_apply_and_match_invariants(words: list[str], separator: str) -> None:
    terms = glossary.load_glossary()
    text = separator.join(words)
    new, replacements = terms.apply(text)
    changes = [Change("t", r.start, r.end, r.before, r.after) for r in replacements]
    assert replay_changes(text, changes) == new
    matches = terms.match(text, "de")
    for match in matches:
        assert text[match.start : match.end] == match.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))
    assert all(r.before != r.after for r in replacements)


def test_normalize_uses_only_the_public_api() -> None:
    """`normalize/` may import `glossary`, never its modules (glossary.termbase, ...)."""
    normalize_dir = Path(__file__).parent.parent / "normalize"
    offenders = [
        path.name
        for path in normalize_dir.glob("*.py")
        if re.search(r"(?:from|import)\s+glossary\.\w+", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_do_not_translate_is_about_the_matched_term(terms: glossary.Glossary) -> None:
    found = {
        m.text: m.do_not_translate
        for m in terms.match("Die EXIM und der Geologische Dienst der USA; MP Materials.", "de")
    }
    assert found == {"EXIM": True, "Geologische Dienst der USA": False, "MP Materials": True}
