"""Pair writers: TSV, JSON Lines, TMX 1.4b (validated by parsing), Moses."""

from __future__ import annotations

import io
import json
from pathlib import Path

from lxml import etree

from normalize.formats import write_jsonl, write_moses, write_tmx, write_tsv
from normalize.qa import QAIssue
from normalize.translate import SegmentPair

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _pairs() -> list[SegmentPair]:
    return [
        SegmentPair(
            0, 0, "Zölle & „Abgaben“ <neu>", 'Tariffs & "levies" <new>', "de", "en", "translated"
        ),
        SegmentPair(
            0,
            1,
            "Tab\there",
            "Broken \x00 output\nline",
            "de",
            "en",
            "translated",
            qa=(QAIssue("number_mismatch", "missing 7.5"),),
        ),
    ]


def test_tmx_is_well_formed_with_one_unit_per_pair() -> None:
    out = io.StringIO()
    write_tmx(_pairs(), out, "de", "en")
    root = etree.fromstring(out.getvalue().encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "de"
    for attribute in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "datatype",
    ):
        assert header.get(attribute)
    units = root.findall("body/tu")
    assert len(units) == 2
    langs = [[tuv.get(XML_LANG) for tuv in unit.findall("tuv")] for unit in units]
    assert langs == [["de", "en"], ["de", "en"]]
    assert units[0].findtext("tuv/seg") == "Zölle & „Abgaben“ <neu>"
    assert units[1].findall("tuv/seg")[1].text == "Broken \ufffd output\nline"
    assert [prop.text for prop in units[1].findall("prop")] == ["number_mismatch"]


def test_tsv_keeps_one_line_per_pair_with_qa_codes() -> None:
    out = io.StringIO()
    write_tsv(_pairs(), out)
    lines = out.getvalue().split("\n")
    assert lines[0] == "source\ttarget\tqa"
    assert lines[2].split("\t") == ["Tab here", "Broken \x00 output line", "number_mismatch"]
    assert lines[3] == "" and len(lines) == 4


def test_jsonl_round_trips_text_exactly() -> None:
    out = io.StringIO()
    write_jsonl(_pairs(), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[1]["target"] == "Broken \x00 output\nline"
    assert records[1]["qa"][0]["code"] == "number_mismatch"
    assert records[1]["flagged"] is True and records[0]["flagged"] is False


def test_moses_writes_two_aligned_files(tmp_path: Path) -> None:
    source, target = write_moses([*_pairs(), ("a", "b")], tmp_path / "corpus", "de", "en")
    assert source.name == "corpus.de" and target.name == "corpus.en"
    assert source.read_text("utf-8").count("\n") == target.read_text("utf-8").count("\n") == 3
