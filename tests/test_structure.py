"""Structure: title, lead, headings, paragraphs, list items; glued headings split on evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize.changes import replay_changes
from normalize.structure import (
    find_glued_heading,
    find_structure,
    split_glued_headings,
    strip_markdown_emphasis,
)

GLUED = json.loads(
    (Path(__file__).parent / "data" / "article_glued_headings.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", GLUED["split"], ids=lambda case: case["heading"])
def test_glued_heading_is_split_after_the_heading(case: dict[str, str]) -> None:
    offset = find_glued_heading(case["line"], case["lang"])
    assert offset is not None
    assert case["line"][:offset] == case["heading"]


@pytest.mark.parametrize("case", GLUED["keep"], ids=lambda case: case["line"][:30])
def test_camel_case_words_are_not_glue(case: dict[str, str]) -> None:
    assert find_glued_heading(case["line"], case["lang"]) is None


def test_a_split_is_an_explained_change_and_yields_heading_then_text() -> None:
    line = "Lithiumpreise im SinkflugDie Preise für Lithiumcarbonat fielen im Januar."
    lines, changes = split_glued_headings(["Kupfer und Lithium", "", line], "de")
    assert replay_changes(line, [c.change for c in changes]) == lines[2]
    assert changes[0].line == 3 and changes[0].change.rule == "structure.glued_heading"
    blocks = find_structure(lines)
    assert [(b.kind, b.text) for b in blocks] == [
        ("title", "Kupfer und Lithium"),
        ("heading", "Lithiumpreise im Sinkflug"),
        ("paragraph", "Die Preise für Lithiumcarbonat fielen im Januar."),
    ]
    assert blocks[1].line == blocks[2].line == 3


def test_a_split_title_line_gives_title_and_subtitle() -> None:
    lines, _ = split_glued_headings(
        [
            "Seltene Erden unter DruckWarum Europa neue Lieferanten sucht",
            "",
            "Die Europäische Union will ihre Abhängigkeit von China senken.",
        ],
        "de",
    )
    kinds = [(b.kind, b.text) for b in find_structure(lines)]
    assert kinds == [
        ("title", "Seltene Erden unter Druck"),
        ("subtitle", "Warum Europa neue Lieferanten sucht"),
        ("lead", "Die Europäische Union will ihre Abhängigkeit von China senken."),
    ]


def test_numbered_section_headings_and_numbered_lists() -> None:
    lines = [
        "1. Aktivieren Sie die Notfallgenehmigung.",
        "Am 20. Januar 2025 unterzeichnete der Präsident eine Anordnung, die vieles änderte.",
        "Die Partner:",
        "1. Japan",
        "2. Australien",
    ]
    kinds = [b.kind for b in find_structure(lines)]
    assert kinds == ["heading", "paragraph", "paragraph", "list_item", "list_item"]


def test_bullets_and_markdown_heading_marks_stay_outside_the_text() -> None:
    lines = [
        "Die Lage bleibt angespannt.",
        "## Preise unter Druck",
        "- Kobalt: 24.000 Dollar",
        "* Nickel: 16.000 Dollar",
    ]
    blocks = find_structure(lines)
    assert [(b.kind, b.text) for b in blocks] == [
        ("lead", "Die Lage bleibt angespannt."),
        ("heading", "Preise unter Druck"),
        ("list_item", "Kobalt: 24.000 Dollar"),
        ("list_item", "Nickel: 16.000 Dollar"),
    ]
    line, start, end = blocks[2].segments[0]
    assert lines[line - 1][start:end] == "Kobalt: 24.000 Dollar"


def test_hard_wrapped_paragraph_lines_are_one_block() -> None:
    lines = [
        "Kupfer wird knapp",
        "",
        "Die Preise für Kupfer sind in den vergangenen Wochen stark",
        "gestiegen, weil Minen in Chile und Peru weniger fördern.",
        "",
        "Händler rechnen mit weiteren Engpässen.",
    ]
    blocks = find_structure(lines)
    assert [b.kind for b in blocks] == ["title", "lead", "paragraph"]
    assert blocks[1].text == (
        "Die Preise für Kupfer sind in den vergangenen Wochen stark "
        "gestiegen, weil Minen in Chile und Peru weniger fördern."
    )
    assert [s[0] for s in blocks[1].segments] == [3, 4]


def test_a_long_first_paragraph_is_the_lead_not_a_title() -> None:
    lines = [
        "Die USA werden im kommenden Monat Dutzende Aussenminister aus verbündeten Ländern "
        "zusammenbringen, um eine Vereinbarung voranzutreiben.",
        "Zweiter Absatz folgt hier.",
    ]
    assert [b.kind for b in find_structure(lines)] == ["lead", "paragraph"]


def test_empty_input_has_no_blocks() -> None:
    assert find_structure(["", "   ", ""]) == []


def test_a_heading_glued_on_both_sides_is_cut_out() -> None:
    line = (
        "Der Wettlauf beginnt im Boden.Preise im FreifallDie Notierungen für Lithium "
        "fielen im Januar stark."
    )
    lines, changes = split_glued_headings(["Kupfer und Lithium", "", line], "de")
    assert replay_changes(line, [c.change for c in changes]) == lines[2]
    assert [(b.kind, b.text) for b in find_structure(lines)][1:] == [
        ("lead", "Der Wettlauf beginnt im Boden."),
        ("heading", "Preise im Freifall"),
        ("paragraph", "Die Notierungen für Lithium fielen im Januar stark."),
    ]


def test_markdown_emphasis_and_quotes_leave_no_marks() -> None:
    lines, changes = strip_markdown_emphasis(
        [
            "Die **Preise** steigen und *fallen*, sagt __Reuters__.",
            "> Ein Zitat.",
            "Preis*: vorläufig, 2 * 3 = 6",
        ]
    )
    assert lines[0] == "Die Preise steigen und fallen, sagt Reuters."
    assert lines[2] == "Preis*: vorläufig, 2 * 3 = 6"
    assert {c.change.rule for c in changes} == {"structure.markdown_emphasis"}
    assert [(b.kind, b.text) for b in find_structure(lines)][1] == ("paragraph", "Ein Zitat.")


def test_a_question_heading_spaced_out_by_cleaning_is_split_when_the_input_was_glued() -> None:
    original = "Was bleibt?Die Förderung in Kolwezi soll bis Ende des Jahres wieder anlaufen."
    cleaned = original.replace("?D", "? D")
    lines, changes = split_glued_headings([cleaned], "de", [original])
    assert lines == [cleaned.replace("? ", "?\n")]
    assert replay_changes(cleaned, [c.change for c in changes]) == lines[0]
    # without the glue in the input, a question opening a paragraph is prose
    assert split_glued_headings([cleaned], "de", [cleaned])[0] == [cleaned]


def test_a_markdown_subtitle_after_a_blank_line_is_the_subtitle() -> None:
    lines = ["# Kupfer wird knapp", "", "Sambia plant neue Schmelzen", "", "Die Preise steigen."]
    assert [b.kind for b in find_structure(lines)] == ["title", "subtitle", "lead"]
    # above a list it is a heading ("**Das Wichtigste in Kürze**")
    listed = ["# Kupfer wird knapp", "", "Das Wichtigste", "", "- Preise steigen", "- Minen fehlen"]
    assert [b.kind for b in find_structure(listed)][:2] == ["title", "heading"]
    # in plain text, a blank line ends the title block
    plain = ["Kupfer wird knapp", "", "Sambia plant neue Schmelzen", "", "Die Preise steigen."]
    assert [b.kind for b in find_structure(plain)][1] == "heading"
