"""Third held-out round for protection and QA (issue 6), written before the rules changed.

Row by row, protect/restore and the QA cases run in test_translate_heldout.py.

tests/data/translate_heldout3_protect.tsv: sentence → what a model that copies its input
gives after restoration (numbers in both locales, money, units, ranges, negative values,
dates, times, URLs, e-mails, quoted titles, glossary terms); translate_heldout3_qa.json:
pairs QA must and must not flag. The copy model runs them end to end through a genuine
.argosmodel, also as a model that drops or alters a protected token, and the outputs
are written as TMX (parsed with lxml), JSON Lines and TSV.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import TinyArgosModel
from lxml import etree
from test_translate_heldout import _rows, shipped_glossary

from normalize.formats import write_jsonl, write_tmx, write_tsv
from normalize.protect import PLACEHOLDER_PATTERN, has_placeholder, protect
from normalize.translate import SegmentPair, translate

DATA = Path(__file__).parent / "data"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LOSS_CODES = {"number_mismatch", "term_missing"}

ROWS = _rows("translate_heldout3_protect.tsv")  # protect/restore and QA: test_translate_heldout


class _Model:
    """The copy model for one direction, its output passed through `mutate`."""

    def __init__(
        self,
        base: Any,
        source: str,
        target: str,
        mutate: Callable[[str, str], str] | None = None,
    ) -> None:
        self.base = base
        # The copy model copies whatever it gets: it serves en→de as well as de→en.
        self.package = replace(base.package, from_code=source, to_code=target)
        self.mutate = mutate

    def translate_sentences(self, sentences: Sequence[str], progress: Any = None) -> list[str]:
        outputs = self.base.translate_sentences(sentences, progress)
        if self.mutate is None:
            return outputs
        return [self.mutate(*pair) for pair in zip(sentences, outputs, strict=True)]


def _run(
    model: TinyArgosModel,
    source: str,
    target: str,
    mutate: Callable[[str, str], str] | None = None,
) -> tuple[list[list[str]], list[SegmentPair]]:
    """Each direction's rows, without and with the glossary, through the copy model."""
    rows = [row for row in ROWS if row[:2] == [source, target]]
    pairs: list[SegmentPair] = []
    for use_glossary in ("0", "1"):
        subset = [row for row in rows if row[2] == use_glossary]
        pairs += translate(
            [row[3] for row in subset],
            source,
            target,
            translator=_Model(model.translator(), source, target, mutate),  # type: ignore[arg-type]
            glossary=shipped_glossary() if use_glossary == "1" else None,
            use_glossary=use_glossary == "1",
            detect_copies=False,
        )
    ordered = [row for flag in ("0", "1") for row in rows if row[2] == flag]
    return ordered, pairs


@pytest.mark.parametrize(("source", "target"), [("de", "en"), ("en", "de")])
def test_copy_model_restores_every_sentence_and_flags_nothing_lost(
    copy_argos_model: TinyArgosModel, source: str, target: str
) -> None:
    rows, pairs = _run(copy_argos_model, source, target)
    assert [pair.source for pair in pairs] == [row[3] for row in rows]  # one pair per sentence
    assert [pair.target for pair in pairs] == [row[4] for row in rows]
    for pair in pairs:
        codes = {issue.code for issue in pair.qa}
        assert not codes & (LOSS_CODES | {"number_format"}), pair  # conversions are not losses
    _check_outputs(pairs, source, target)


def _check_outputs(pairs: list[SegmentPair], source: str, target: str) -> None:
    """Valid TMX with one <tu> per sentence; no placeholder in TMX, TSV or JSONL targets."""
    tmx, tsv, jsonl = io.StringIO(), io.StringIO(), io.StringIO()
    write_tmx(pairs, tmx, source, target)
    write_tsv(pairs, tsv)
    write_jsonl(pairs, jsonl)
    root = etree.fromstring(tmx.getvalue().encode("utf-8"))
    units = root.findall("body/tu")
    assert len(units) == len(pairs)
    for unit, pair in zip(units, pairs, strict=True):
        segments = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in unit.findall("tuv")}
        assert segments == {source: pair.source, target: pair.target}
    assert not PLACEHOLDER_PATTERN.search(tmx.getvalue())
    assert not PLACEHOLDER_PATTERN.search(tsv.getvalue())
    records = [json.loads(line) for line in jsonl.getvalue().splitlines()]
    assert [record["target"] for record in records] == [pair.target for pair in pairs]
    assert not any(has_placeholder(record["target"]) for record in records)


def _lost_span(row: list[str]) -> str | None:
    """The first protected number or term of the row's sentence (what the model loses)."""
    glossary = shipped_glossary() if row[2] == "1" else None
    for span in protect(row[3], row[0], row[1], glossary).spans:
        if span.kind == "term" or (
            span.kind not in ("url", "email") and any(char.isdigit() for char in span.source)
        ):
            return span.source
    return None


def _alter(token: str) -> str:
    """`token` with its first digit changed (9 → 0)."""
    for index, char in enumerate(token):
        if char.isdigit():
            return token[:index] + str((int(char) + 1) % 10) + token[index + 1 :]
    return ""  # a term: dropped


@pytest.mark.parametrize("how", ["drop", "alter"])
@pytest.mark.parametrize(("source", "target"), [("de", "en"), ("en", "de")])
def test_a_model_that_loses_a_protected_token_is_always_flagged(
    copy_argos_model: TinyArgosModel, source: str, target: str, how: str
) -> None:
    """The model mangles the placeholders, and the plain retry loses or alters the token."""
    losses = {
        row[3]: lost for row in ROWS if row[:2] == [source, target] and (lost := _lost_span(row))
    }

    mutated: set[str] = set()

    def mutate(sentence: str, output: str) -> str:
        if PLACEHOLDER_PATTERN.search(sentence):
            return PLACEHOLDER_PATTERN.sub("", output, count=1)  # a placeholder dropped
        lost = losses.get(sentence)
        if lost is None or lost not in output:
            return output
        mutated.add(sentence)
        return output.replace(lost, "" if how == "drop" else _alter(lost), 1)

    rows, pairs = _run(copy_argos_model, source, target, mutate)
    assert len(pairs) == len(rows)
    assert len(mutated) >= len(losses) * 9 // 10  # the copy model copies almost all
    for pair in pairs:
        codes = {issue.code for issue in pair.qa}
        if pair.source in losses:
            assert pair.status == "recovered" and "protection_failed" in codes, pair
        if pair.source in mutated:
            assert codes & LOSS_CODES, pair
        elif pair.source not in losses:
            assert not codes & LOSS_CODES, pair
    _check_outputs(pairs, source, target)
