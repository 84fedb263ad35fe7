"""`mtnorm run --no-translate` on held-out-style articles: debris kept as metadata and out of
the text, artifacts repaired, glued headings split, prose that mentions credits kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from normalize.cli import main

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "article_heldout"
EXPECTED: dict[str, Any] = json.loads(
    (DATA / "article_heldout_expectations.json").read_text(encoding="utf-8")
)
EXPECTED.pop("_doc")


@pytest.fixture(scope="module")
def heldout_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("heldout") / "out"
    assert main(["run", str(ARTICLES), "--out", str(out), "--no-translate", "-q"]) == 0
    articles = {}
    for path in (out / "articles").glob("*.json"):
        article = json.loads(path.read_text(encoding="utf-8"))
        articles[Path(article["source"]).name] = article
    return articles


def test_every_heldout_article_is_expected(heldout_run: dict[str, dict[str, Any]]) -> None:
    assert sorted(heldout_run) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_heldout_article(heldout_run: dict[str, dict[str, Any]], name: str) -> None:
    article, expected = heldout_run[name], EXPECTED[name]
    text = "\n".join(block["text"] for block in article["blocks"])
    left = [needle for needle in expected["absent"] if needle in text]
    missing = [needle for needle in expected["present"] if needle not in text]
    assert (left, missing) == ([], [])
    blocks = [[block["kind"], block["text"]] for block in article["blocks"]]
    assert [block for block in expected["blocks"] if block not in blocks] == []
    for kind, needles in expected["metadata"].items():
        kept = [str(value) for key, items in article["metadata"].items() if kind in ("*", key)
                for item in items  # input metadata (HTML, JSONL) has fields, not a text
                for value in ((item.get("text"), item.get("original")) if "text" in item
                              else item.values())
                if value]
        assert [n for n in needles if not any(n in value for value in kept)] == [], kind
    assert {flag["code"] for flag in article["qa_flags"]} <= set(expected["qa"])
