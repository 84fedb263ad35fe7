"""`mtnorm run --no-translate` on held-out-style articles: debris kept as metadata and out of
the text, artifacts repaired, glued headings split, prose that mentions credits kept.

Three sets, each a folder of articles and a JSON file of what each must give:
`article_heldout/` (first round), `article_heldout2/` (second round: other publishers'
layouts, author bios, breadcrumbs, tag lines, headings glued after `?`, quotes and numbers)
and `article_heldout3/` (third round: editorial notes, ad labels, section labels above the
title, all-caps headings and headings glued to a year, a new word or after a lowercase word).
`failed_checks` is also what a measurement script uses to count passed checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from normalize.cli import main

DATA = Path(__file__).resolve().parent / "data"
SETS = ("article_heldout", "article_heldout2", "article_heldout3")


def load_expectations(name: str) -> dict[str, Any]:
    """The expectations of set NAME (`tests/data/NAME_expectations.json`) without its `_doc`."""
    expected: dict[str, Any] = json.loads(
        (DATA / f"{name}_expectations.json").read_text(encoding="utf-8")
    )
    expected.pop("_doc")
    return expected


EXPECTED = {name: load_expectations(name) for name in SETS}


def run_articles(folder: Path, out: Path) -> dict[str, dict[str, Any]]:
    """`mtnorm run FOLDER --out OUT --no-translate`; the article documents by file name."""
    assert main(["run", str(folder), "--out", str(out), "--no-translate", "-q"]) == 0
    articles = {}
    for path in (out / "articles").glob("*.json"):
        article = json.loads(path.read_text(encoding="utf-8"))
        articles[Path(article["source"]).name] = article
    return articles


def kept_metadata(article: dict[str, Any], kind: str) -> list[str]:
    """The texts (cleaned and original) of the article's metadata items of KIND (`*`: any)."""
    return [
        str(value)
        for key, items in article["metadata"].items()
        if kind in ("*", key)
        for item in items  # input metadata (HTML, JSONL) has fields, not a text
        for value in ((item.get("text"), item.get("original")) if "text" in item else item.values())
        if value
    ]


def failed_checks(article: dict[str, Any], expected: dict[str, Any]) -> tuple[int, list[str]]:
    """How many checks EXPECTED makes of ARTICLE, and a description of each that fails."""
    text = "\n".join(block["text"] for block in article["blocks"])
    block_texts = {block["text"] for block in article["blocks"]}
    blocks = [[block["kind"], block["text"]] for block in article["blocks"]]
    failed = [f"left in text: {n!r}" for n in expected["absent"] if n in text]
    failed += [f"missing from text: {n!r}" for n in expected["present"] if n not in text]
    failed += [f"not a block: {n!r}" for n in expected.get("unchanged", []) if n not in block_texts]
    failed += [f"no block {b!r}" for b in expected["blocks"] if b not in blocks]
    total = sum(len(expected[key]) for key in ("absent", "present", "blocks"))
    total += len(expected.get("unchanged", [])) + 1
    for kind, needles in expected["metadata"].items():
        kept = kept_metadata(article, kind)
        failed += [f"not in {kind}: {n!r}" for n in needles if not any(n in v for v in kept)]
        total += len(needles)
    flags = {flag["code"] for flag in article["qa_flags"]} - set(expected["qa"])
    failed += [f"unexpected QA flags {sorted(flags)}"] if flags else []
    return total, failed


@pytest.fixture(scope="module")
def heldout_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, Any]]]:
    return {name: run_articles(DATA / name, tmp_path_factory.mktemp(name) / "out") for name in SETS}


@pytest.mark.parametrize("name", SETS)
def test_every_heldout_article_is_expected(
    heldout_runs: dict[str, dict[str, dict[str, Any]]], name: str
) -> None:
    assert sorted(heldout_runs[name]) == sorted(EXPECTED[name])


def _case(name: str, article: str) -> Any:
    """A (set, article) parameter, expected to fail (strictly) if its expectations say why."""
    reason = EXPECTED[name][article].get("xfail")
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(name, article, marks=marks)


@pytest.mark.parametrize(
    ("name", "article"),
    [_case(name, article) for name in SETS for article in sorted(EXPECTED[name])],
)
def test_heldout_article(
    heldout_runs: dict[str, dict[str, dict[str, Any]]], name: str, article: str
) -> None:
    assert failed_checks(heldout_runs[name][article], EXPECTED[name][article])[1] == []
