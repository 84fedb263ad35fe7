"""Placeholder protection and locale conversion of numbers (normalize.protect)."""

from __future__ import annotations

import csv
import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from normalize.protect import (
    convert_number,
    find_protected,
    has_placeholder,
    localize,
    parse_number,
    protect,
    restore,
)

DATA = Path(__file__).parent / "data"


def _number_rows() -> list[list[str]]:
    with open(DATA / "translate_numbers.tsv", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if not row[0].startswith("#")]


PROTECT_CASES = json.loads((DATA / "translate_protect.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("source", "target", "written", "converted", "value"), _number_rows())
def test_number_conversion(
    source: str, target: str, written: str, converted: str, value: str
) -> None:
    assert convert_number(written, source, target) == converted
    assert parse_number(written, source) == Decimal(value)
    assert parse_number(converted, target) == Decimal(value)


@pytest.mark.parametrize("case", PROTECT_CASES, ids=lambda case: case["text"][:40])
def test_protect_cases(case: dict[str, object]) -> None:
    protected = protect(str(case["text"]), str(case["from"]), str(case["to"]))
    assert protected.text == case["protected"]
    assert [span.target for span in protected.spans] == case["targets"]
    # An output that keeps every placeholder gets the target forms back.
    restored = restore(protected.text, protected)
    assert restored is not None
    assert not has_placeholder(restored) or has_placeholder(str(case["text"]))
    for span in protected.spans:
        assert span.target in restored


def test_restore_rejects_lost_duplicated_and_mangled_placeholders() -> None:
    protected = protect("Der Umsatz stieg um 7,5 % auf 1.000 Euro.", "de", "en")
    assert restore("Revenue rose by XQ1 to XQ2 euros.", protected) == (
        "Revenue rose by 7.5% to 1,000 euros."
    )
    # Reordering is fine: each placeholder carries its own value.
    assert restore("Revenue rose by XQ2 to XQ1 euros.", protected) == (
        "Revenue rose by 1,000 to 7.5% euros."
    )
    for broken in (
        "Revenue rose by XQ1 euros.",  # lost
        "Revenue rose by XQ1 to XQ1 XQ2 euros.",  # duplicated
        "Revenue rose by XQ1 to XQ 2 euros.",  # split
        "Revenue rose by XQ1 to XQ3 euros.",  # renumbered
        "Revenue rose by xq1 to XQ2 euros.",  # case changed
    ):
        assert restore(broken, protected) is None, broken


def test_localize_fixes_a_plain_translation() -> None:
    protected = protect("Am 20. Januar 2025 stieg die Quote um 7,5 % auf 1.000 t.", "de", "en")
    fixed = localize("On 20. Januar 2025 the rate rose 7,5 % to 1.000 t.", protected)
    assert fixed == "On January 20, 2025 the rate rose 7.5% to 1,000 t."


def test_spans_do_not_overlap_and_cover_their_source() -> None:
    text = (
        "Am 4. Februar 2026 stiegen die Exporte um 12,5 % (COVID-19: 1.250 t, siehe www.bmwk.de)."
    )
    spans = find_protected(text, "de", "en")
    assert [span.kind for span in spans] == ["date", "percent", "code", "number", "url"]
    for first, second in itertools.pairwise(spans):
        assert first.end <= second.start
    assert all(text[span.start : span.end] == span.source for span in spans)


german_numbers = st.one_of(
    st.integers(0, 999_999_999).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 99_999), st.integers(0, 9999)).map(lambda t: f"{t[0]},{t[1]}"),
)


@given(german_numbers)
def test_conversion_keeps_the_value_both_ways(written: str) -> None:
    english = convert_number(written, "de", "en")
    assert parse_number(english, "en") == parse_number(written, "de")
    assert convert_number(english, "en", "de") == written


@given(st.text(alphabet="abc XQ0123456789.,%-", max_size=40))
@example("0%0")  # a placeholder before a digit would read as XQ10
def test_protect_then_restore_identity_never_leaks(text: str) -> None:
    protected = protect(text, "de", "en")
    restored = restore(protected.text, protected)
    assert restored is not None
    if not has_placeholder(text):
        assert not has_placeholder(restored)


def test_flagged_glossary_terms_are_never_forced_into_the_translation() -> None:
    import glossary
    from normalize.protect import find_protected

    shipped = glossary.load_glossary()
    text = "Die Regierung gab die Produktionskapazität der Bundesländer frei, die EXIM zahlte."
    statuses = {m.text: m.status for m in shipped.match(text, lang="de")}
    assert statuses["Bundesländer"] == "flagged"
    protected = find_protected(text, "de", "en", shipped)
    assert [p.source for p in protected if p.kind == "term"] == ["EXIM"]
