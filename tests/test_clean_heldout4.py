"""Held-out round 4: whole MT paragraphs through `mtnorm clean` (all steps), data-driven.

`tests/data/clean_heldout4.tsv` holds machine-translated German and English news paragraphs
(spaced, double and stray mojibake, invisible characters, MT typography; one or several
artifacts each) and correct paragraphs that must stay byte-identical, all written by hand
before the cleaner ran on them; the rows after `# round 4b` were written after the fixes and
measured once. Each row runs with its language and with ``--lang auto``, and the German and
English rows go through the command line as one file each. Rows noted `open:` are known
misses (strict xfail, so a fix shows up).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from casefiles import read_cases
from test_clean_heldout3 import _decode

from normalize import clean_text
from normalize.cli import main

CASES = [
    {key: _decode(value) if key in ("input", "expected") else value for key, value in row.items()}
    for row in read_cases("clean_heldout4.tsv")
]


def _is_open(case: dict[str, str]) -> bool:
    return case["note"].startswith("open:")


def test_the_file_covers_what_round_4_asked_for() -> None:
    """>= 70 paragraphs to fix (>= 15 English), >= 25 to keep, >= 25 written after the fixes."""
    to_fix = [case for case in CASES if case["input"] != case["expected"]]
    to_keep = [case for case in CASES if case["input"] == case["expected"]]
    assert len(to_fix) >= 70 and len(to_keep) >= 25
    assert sum(case["lang"] == "en" for case in to_fix) >= 15
    assert sum(case["note"].startswith(("4b", "keep: 4b", "open: 4b")) for case in CASES) >= 25
    assert all(case["note"].startswith("keep:") for case in to_keep)


@pytest.mark.parametrize("mode", ["given", "auto"])
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=str(number), marks=[pytest.mark.xfail(strict=True)] * _is_open(case))
        for number, case in enumerate(CASES)
    ],
)
def test_row(case: dict[str, str], mode: str) -> None:
    lang = case["lang"] if mode == "given" else "auto"
    cleaned = clean_text(case["input"], lang=lang).text
    assert cleaned == case["expected"]
    assert clean_text(cleaned, lang=lang).text == cleaned  # idempotent


@pytest.mark.parametrize("lang", ["de", "en"])
def test_one_file_per_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mtnorm clean --lang de|en FILE` gives the expected line for every row not `open:`."""
    cases = [case for case in CASES if case["lang"] == lang]
    path = tmp_path / f"heldout4_{lang}.txt"
    path.write_text("".join(case["input"] + "\n" for case in cases), "utf-8")
    assert main(["clean", "--lang", lang, str(path)]) == 0
    lines = capsys.readouterr().out.split("\n")
    assert len(lines) == len(cases) + 1 and lines[-1] == ""
    for line, case in zip(lines, cases, strict=False):
        assert (line == case["expected"]) != _is_open(case), case["note"]
