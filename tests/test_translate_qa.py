"""QA checks on translated pairs (normalize.qa), data-driven from tests/data/translate_qa.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize.qa import check_pair, summarize

CASES = json.loads((Path(__file__).parent / "data" / "translate_qa.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["target"][:40] or "empty")
def test_qa_case(case: dict[str, object]) -> None:
    issues = check_pair(
        str(case["source"]), str(case["target"]), str(case["from"]), str(case["to"])
    )
    assert sorted({issue.code for issue in issues}) == case["issues"]


def test_copied_segments_skip_model_checks() -> None:
    sentence = "The government announced new tariffs on lithium on Monday."
    assert check_pair(sentence, sentence, "en", "en", translated=False) == []


def test_summary_counts_pairs_per_issue() -> None:
    first = check_pair("Plus 7,5 % und 3 %.", "Up 75% and 4%.", "de", "en")
    second = check_pair("Plus 7,5 %.", "Up 7.5%.", "de", "en")
    assert summarize([first, second]) == {"number_mismatch": 1}
