"""The `repair` step: mojibake (plain and spaced), HTML entities, links, invisible debris.

Cases live in tests/data: `repair_cases.json` (input, expected output, a rule that must
be named), `repair_negative.json` (correct text in many languages: must stay
byte-identical), `repair_heldout_sentences.tsv` (clean sentences turned into spaced
mojibake the way MT tokenizers split it, for the repair-rate evaluation).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest
from casefiles import read_cases
from hypothesis import given, settings
from hypothesis import strategies as st
from mojibake import same_words, spaced_mojibake

from normalize.changes import replay_changes
from normalize.config import CleanConfig
from normalize.pipeline import StepContext, build_steps
from normalize.repair import (
    REPAIR_STEP,
    _run_round,
    collapse_nbsp_runs,
    find_mojibake,
    fix_html_entities,
    fix_markdown_links,
    needs_repair,
    repair_text,
)

DATA = Path(__file__).parent / "data"
CASES = json.loads((DATA / "repair_cases.json").read_text(encoding="utf-8"))
NEGATIVES = json.loads((DATA / "repair_negative.json").read_text(encoding="utf-8"))


def _heldout_sentences() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "repair_heldout_sentences.tsv").read_text(encoding="utf-8").split("\n"):
        if line.strip() and not line.startswith("#"):
            lang, sentence = line.split("\t")
            rows.append((lang, sentence))
    return rows


HELDOUT = _heldout_sentences()


# --------------------------------------------------------------------- data cases


@pytest.mark.parametrize("case", CASES, ids=[c["input"][:40] for c in CASES])
def test_repair_cases(case: dict[str, str]) -> None:
    fixed, changes = repair_text(case["input"], "de")
    assert fixed == case["expected"]
    assert replay_changes(case["input"], changes) == fixed
    if case["rule"]:
        assert case["rule"] in {change.rule for change in changes}
    if fixed == case["input"]:
        assert changes == []


@pytest.mark.parametrize("text", NEGATIVES)
@pytest.mark.parametrize("lang", ["de", "und"])
def test_correct_text_is_byte_identical(text: str, lang: str) -> None:
    assert repair_text(text, lang) == (text, [])


def test_step_contract_and_rule_names() -> None:
    [step] = build_steps(["repair"])
    assert step is REPAIR_STEP and step.name == "repair"
    text = "GÃ © camines &amp; Co\u00ad KG\u200b [Mining.com](#)"
    fixed, changes = step(text, StepContext("de", CleanConfig()))
    assert fixed == "Gécamines & Co KG Mining.com"
    assert list(dict.fromkeys(c.rule for c in changes)) == [
        "html_entities",
        "spaced_mojibake",
        "markdown_links",
        "soft_hyphen",
        "zero_width",
    ]
    assert replay_changes(text, changes) == fixed


def test_ftfy_steps_are_named_after_ftfy_plan() -> None:
    fixed, changes = repair_text("Die Ã„rzte prÃ¼fen", "de")
    assert fixed == "Die Ärzte prüfen"
    assert [c.rule for c in changes] == ["ftfy:encode(sloppy-windows-1252)+decode(utf-8)"] * 2
    fixed, changes = repair_text("Die Ã„rzte und ﬁnanzielle Hilfe", "de")
    assert fixed == "Die Ärzte und finanzielle Hilfe"
    rules = {change.rule for change in changes}
    assert rules == {"ftfy:decode_inconsistent_utf8", "ftfy:fix_latin_ligatures"}


def test_german_quotes_survive_ftfy() -> None:
    text = "Er sagte: „Das ist ‚gut‘“, und ging. Â»NeinÂ« — MÃ¼ller"
    assert repair_text(text, "de")[0] == "Er sagte: „Das ist ‚gut‘“, und ging. »Nein« — Müller"


def test_space_after_repaired_letter_decided_by_word_frequencies() -> None:
    # the space is a word boundary: kept
    assert repair_text("Im CafÃ © und im Bistro", "de")[0] == "Im Café und im Bistro"
    # the space was inserted inside the word: removed
    assert repair_text("Die franzÃ ¶ sische Regierung", "de")[0] == "Die französische Regierung"
    assert repair_text("Die franz Ã ¶ sische Regierung", "de")[0] == "Die französische Regierung"
    # two unknown words are never glued together
    assert repair_text("Xqzvé Ã¼ Wrtpl", "de")[0] == "Xqzvé ü Wrtpl"


def test_without_word_frequencies_only_inner_spaces_go() -> None:
    context = StepContext("de", CleanConfig(use_word_frequencies=False))
    fixed, _ = REPAIR_STEP("GÃ © camines und franzÃ ¶ sische, ErdoÄ Ÿ an", context)
    assert fixed == "Gé camines und franzö sische, ErdoÄ Ÿ an"


def test_a_tilde_followed_by_space_is_left_alone_without_evidence() -> None:
    for text in ("IRMÃ DE SÃO PAULO", "MAÇÃ VERDE", "C O N C L U S Ã O"):
        assert repair_text(text, "pt")[0] == text


def test_nbsp_byte_turned_space() -> None:
    assert repair_text("On se voit Ã  la gare", "fr")[0] == "On se voit à la gare"
    assert repair_text("Rendez-vous Ã  la gare, GÃ © camines", "fr")[0] == (
        "Rendez-vous à la gare, Gécamines"
    )


def test_find_mojibake_spans() -> None:
    spans = find_mojibake("dâ € ™ Ivoire, Ã Ÿ, Ã\u00a0")
    assert [(s.decoded, s.spaced) for s in spans] == [("’", True), ("ß", True), ("à", False)]
    assert find_mojibake("Café – „Zitat“") == []  # é – „ would be CJK: not offered


def test_html_entities_do_not_add_lines() -> None:
    assert fix_html_entities("a&#10;b&#13;c&NewLine;d") == "a b c d"


def test_markdown_link_with_real_url_keeps_url_in_change_record() -> None:
    text = "laut [Reuters](https://www.reuters.com/x)"
    fixed, changes = repair_text(text, "de")
    assert fixed == "laut Reuters"
    assert any("https://www.reuters.com/x" in change.before for change in changes)
    assert fix_markdown_links("a[b](c d e)") == "a[b](c d e)"  # not a link target


def test_single_nbsp_kept_runs_collapsed() -> None:
    assert collapse_nbsp_runs("5\u00a0% und 5\u00a0\u00a0%") == "5\u00a0% und 5 %"


# ------------------------------------------------------- held-out spaced mojibake


def test_heldout_clean_sentences_untouched() -> None:
    changed = [s for lang, s in HELDOUT if repair_text(s, lang)[0] != s]
    assert changed == []


def test_heldout_plain_mojibake_all_repaired() -> None:
    failed = [s for lang, s in HELDOUT if repair_text(spaced_mojibake(s, "plain"), lang)[0] != s]
    assert failed == []


@pytest.mark.parametrize("lang_hint", ["own", "und"])
def test_heldout_spaced_mojibake_repair_rate(lang_hint: str) -> None:
    total = repaired = 0
    failures = []
    for lang, sentence in HELDOUT:
        for style in ("inside", "after", "symbols", "around", "mixed"):
            broken = spaced_mojibake(sentence, style)
            fixed = repair_text(broken, lang if lang_hint == "own" else "und")[0]
            total += 1
            if same_words(fixed, sentence):
                repaired += 1
            else:
                failures.append((style, broken, fixed))
    rate = repaired / total
    print(f"spaced mojibake repaired: {repaired}/{total} = {rate:.3f} (lang {lang_hint})")
    assert rate >= 0.95, failures[:10]


# ---------------------------------------------------------------------- properties

# German-looking text: words of letters (umlauts included), with punctuation glued on
# or standing alone, separated by spaces. (A bare two-character string such as "»Ä" is
# decoded by ftfy itself as MacRoman; real text always has more context.)
_WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéè",
    min_size=1,
    max_size=12,
)
# Symbols such as § ° € stand apart from words in German (`§ 232`, `5 °C`); glued to a
# letter (`Ä§`) ftfy itself takes them for mojibake, rightly: that is what they are there.
_PUNCTUATION = st.sampled_from([*"„“‚‘–—…€§°«»,.:;!?()\"'%/-", "12", "3,5", "2026"])
_GLUED = st.sampled_from([*"„“‚‘«»,.:;!?()\"'", ""])
_TOKEN = st.one_of(
    _WORD,
    _PUNCTUATION,
    st.tuples(_GLUED, _WORD, _GLUED).map("".join),
)
GERMAN_TEXT = st.lists(_TOKEN, min_size=2, max_size=15).map(" ".join)
MESSY_TEXT = st.lists(
    st.sampled_from(
        list("aeiou GrsßnTtäöü\n")
        + list("Ã¼¶©ŸÂâ€™“\xa0\xad\u200b&;#amp[]()")
        + ["Ã ¼", "Ã©", "â€ ", "&amp;", "[x](#)", "über ", "Fluss "]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(GERMAN_TEXT)
def test_clean_german_text_untouched(text: str) -> None:
    assert repair_text(text, "de")[0] == text


@settings(max_examples=300, deadline=None)
@given(MESSY_TEXT)
def test_repair_is_idempotent_and_keeps_lines(text: str) -> None:
    once, changes = repair_text(text, "de")
    assert repair_text(once, "de")[0] == once
    assert once.count("\n") == text.count("\n")
    assert replay_changes(text, changes) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(GERMAN_TEXT, MESSY_TEXT, st.text(max_size=40)))
def test_prefilter_never_skips_a_repair(text: str) -> None:
    if not needs_repair(text):
        assert _run_round(text, "de")[0] == text


# ------------------------------------------------------------- held-out (red team)


def _heldout_mojibake() -> list[tuple[str, str, str, str]]:
    rows = []
    text = (DATA / "repair_heldout_mojibake.tsv").read_text(encoding="utf-8")
    for line in text.split("\n")[1:]:
        if line.strip() and not line.startswith("#") and not line.startswith("lang\t"):
            lang, style, broken, expected = line.split("\t")
            rows.append((lang, style, broken, expected))
    return rows


HELDOUT_MOJIBAKE = _heldout_mojibake()


@pytest.mark.parametrize(("lang", "style", "broken", "expected"), HELDOUT_MOJIBAKE)
def test_heldout_mojibake_line(lang: str, style: str, broken: str, expected: str) -> None:
    from normalize.clean import clean_text

    assert clean_text(broken, steps=["repair", "typography"], lang=lang).text == expected


def test_heldout_mojibake_set_covers_every_style() -> None:
    styles = {row[1] for row in HELDOUT_MOJIBAKE}
    assert styles == {"plain", "seed", "after", "tok", "hand"}
    assert len(HELDOUT_MOJIBAKE) >= 120


# ---------------------------------------------- held-out, second red-team set (issue 3)

HELDOUT2 = read_cases("repair_heldout2.tsv")
HELDOUT2_POSITIVE = [row for row in HELDOUT2 if row["kind"] != "negative"]
HELDOUT2_NEGATIVE = [row for row in HELDOUT2 if row["kind"] == "negative"]


#: Share of the positive cases `repair` must restore, overall and per kind (0.996 when
#: written; left: `12,50 â ‚ ¬ /Aktie`, a tokenizer's space before `/` nobody can tell).
HELDOUT2_MIN_RATE = 0.98
HELDOUT2_MIN_RATE_PER_KIND = 0.95


def _repaired_as_expected(row: dict[str, str]) -> bool:
    fixed, changes = repair_text(row["input"], row["lang"])
    assert replay_changes(row["input"], changes) == fixed
    # A no-break space read back from `Â ` and a plain space are the same repair; spaces
    # before a closing bracket are typography's business, like those before punctuation.
    fixed, expected = (
        re.sub(r" ([)\]])", r"\1", text.replace("\xa0", " ")) for text in (fixed, row["expected"])
    )
    return same_words(fixed, expected)


def test_heldout2_mojibake_repair_rate() -> None:
    results: dict[str, list[bool]] = {}
    failures = []
    for row in HELDOUT2_POSITIVE:
        repaired = _repaired_as_expected(row)
        results.setdefault(row["kind"], []).append(repaired)
        if not repaired:
            failures.append((row["input"], repair_text(row["input"], row["lang"])[0]))
    rates = {kind: sum(ok) / len(ok) for kind, ok in results.items()}
    total = sum(map(sum, results.values())) / len(HELDOUT2_POSITIVE)
    print(f"held-out 2: {total:.3f} repaired; per kind {rates}")
    assert total >= HELDOUT2_MIN_RATE, failures
    assert min(rates.values()) >= HELDOUT2_MIN_RATE_PER_KIND, failures


@pytest.mark.parametrize("row", HELDOUT2_NEGATIVE, ids=[r["input"][:40] for r in HELDOUT2_NEGATIVE])
@pytest.mark.parametrize("lang", ["own", "und"])
def test_heldout2_correct_text_is_byte_identical(row: dict[str, str], lang: str) -> None:
    text = row["input"]
    assert row["expected"] == text
    assert repair_text(text, row["lang"] if lang == "own" else "und") == (text, [])


def test_heldout2_set_size_and_kinds() -> None:
    kinds = {row["kind"] for row in HELDOUT2_POSITIVE}
    assert kinds == {"single-plain", "single-spaced", "double-plain", "double-spaced", "hand"}
    assert len(HELDOUT2_POSITIVE) >= 150 and len(HELDOUT2_NEGATIVE) >= 50
