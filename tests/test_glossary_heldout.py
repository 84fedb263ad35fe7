"""Red-team cases run through `mtnorm glossary apply/match` as a user would.

The cases in `data/glossary_heldout_*.tsv` were written against the issue's bars, not
against the term base's forms: deprecated terms in new inflected contexts, look-alikes
that must stay byte-identical, and minerals and agencies in inflected forms and
compounds for `match`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casefiles import read_cases

import glossary
from normalize.cli import main

APPLY_CASES = read_cases("glossary_heldout_apply.tsv")
MATCH_CASES = read_cases("glossary_heldout_match.tsv")
NO_MATCH_CASES = read_cases("glossary_heldout_nomatch.tsv")
APPLY_EN_CASES = read_cases("glossary_heldout_apply_en.tsv")


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    status = main(argv)
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out.splitlines()


def test_case_files_cover_the_issue_bars() -> None:
    kinds = [case["kind"] for case in APPLY_CASES]
    assert kinds.count("replace") >= 40 and kinds.count("keep") >= 30
    assert len(MATCH_CASES) >= 60
    minerals = {c.id for c in glossary.load_glossary() if c.domain == "mineral"}
    assert len(minerals & {case["id"] for case in MATCH_CASES}) >= 60


def test_apply_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("".join(case["input"] + "\n" for case in APPLY_CASES), encoding="utf-8")
    output = run_cli(["glossary", "apply", str(source)], capsys)
    assert len(output) == len(APPLY_CASES)
    failures = [
        (case["input"], got)
        for case, got in zip(APPLY_CASES, output, strict=True)
        if got != case["expected"]
    ]
    assert failures == []


def test_apply_cli_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("".join(case["input"] + "\n" for case in APPLY_EN_CASES), encoding="utf-8")
    output = run_cli(["glossary", "apply", "--lang", "en", str(source)], capsys)
    assert output == [case["expected"] for case in APPLY_EN_CASES]


@pytest.mark.parametrize(
    "case", [c for c in APPLY_CASES if c["kind"] == "review"], ids=lambda c: c["input"][:40]
)
def test_left_alone_is_listed_for_review(case: dict[str, str]) -> None:
    review = glossary.load_glossary().review(case["input"], "de")
    assert [m for m in review if m.status == "deprecated"]


def match_cli(
    cases: list[dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> list[list[dict[str, str]]]:
    """The matches `mtnorm glossary match` reports for each case's sentence."""
    source = tmp_path / "in.txt"
    source.write_text("".join(case["sentence"] + "\n" for case in cases), encoding="utf-8")
    output = run_cli(["glossary", "match", str(source)], capsys)
    assert len(output) == len(cases)
    return [json.loads(line)["matches"] for line in output]


def missing_matches(
    cases: list[dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """Sentences where the case's (text, id, en) is not among the matches."""
    return [
        case["sentence"]
        for case, matches in zip(cases, match_cli(cases, tmp_path, capsys), strict=True)
        if (case["text"], case["id"], case["en"])
        not in {(m["text"], m["id"], m["en"]) for m in matches}
    ]


def false_matches(
    cases: list[dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """Sentences where the case's concept id is matched although it must not be."""
    return [
        case["sentence"]
        for case, matches in zip(cases, match_cli(cases, tmp_path, capsys), strict=True)
        if case["id"] in {m["id"] for m in matches}
    ]


def test_match_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert missing_matches(MATCH_CASES, tmp_path, capsys) == []


def test_no_match_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert false_matches(NO_MATCH_CASES, tmp_path, capsys) == []


def test_compounds_only_with_domain_heads() -> None:
    terms = glossary.load_glossary()
    text = "Der Kupferpreis, der Bleistift, Zinnober, Kaliber und der Uranus."
    found = [(m.text, m.concept_id, m.in_compound) for m in terms.match(text, "de", compounds=True)]
    assert found == [("Kupfer", "copper", True)]
    # Off by default: other modules protect match spans as whole words.
    assert terms.match(text, "de") == []
