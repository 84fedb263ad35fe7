"""Debris: publisher additions leave the text and are kept, with their line, as metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.changes import replay_changes
from normalize.debris import find_debris, parse_debris_table

CASES = json.loads(
    (Path(__file__).parent / "data" / "article_debris_cases.json").read_text(encoding="utf-8")
)
BEFORE = "Die Preise für Kupfer steigen seit Mai deutlich."
AFTER = "Die Nachfrage aus China bleibt hoch."


@pytest.mark.parametrize("case", CASES["debris"], ids=lambda case: case["line"][:40])
def test_debris_line_goes_to_metadata_with_its_line_number(case: dict[str, str]) -> None:
    result = find_debris([BEFORE, case["line"], AFTER])
    assert result.lines == (BEFORE, "", AFTER)
    assert result.metadata() == {
        case["kind"]: [{"line": 2, "text": case["line"], "pattern": result.items[0].origin}]
    }


@pytest.mark.parametrize("case", CASES["lists"], ids=lambda case: case["lines"][0][:30])
def test_related_article_lists_are_kept_whole(case: dict[str, object]) -> None:
    lines = [BEFORE, *case["lines"], "", AFTER]  # type: ignore[misc]
    result = find_debris(lines)
    expected = [n for n, line in enumerate(lines, start=1) if line.strip() and 1 < n < len(lines)]
    assert [(item.kind, item.line) for item in result.items] == [
        (case["kind"], n) for n in expected
    ]
    assert result.lines[0] == BEFORE and result.lines[-1] == AFTER


@pytest.mark.parametrize("line", CASES["text"])
def test_article_text_that_resembles_debris_stays(line: str) -> None:
    result = find_debris([line])
    assert result.items == ()
    assert result.lines == (line,)


def test_a_related_list_ends_at_the_next_paragraph() -> None:
    lines = [
        "Lesen Sie auch:",
        "- Kobalt wird teurer",
        "",
        "Die Regierung in Kinshasa reagierte am Montag mit neuen Exportquoten für das Metall.",
    ]
    result = find_debris(lines)
    assert [item.line for item in result.items] == [1, 2]
    assert result.lines[3] == lines[3]


def test_one_line_related_teaser_does_not_swallow_the_next_heading() -> None:
    lines = ["Lesen Sie auch: Chile verstaatlicht Lithium", "Neue Minen in Kanada", "Text."]
    result = find_debris(lines)
    assert [item.line for item in result.items] == [1]
    assert result.lines[1] == "Neue Minen in Kanada"


def test_metadata_prefix_glued_to_the_first_paragraph_is_split_off() -> None:
    line = " date 2026-01-18 Die USA werden Aussenminister zusammenbringen."
    result = find_debris([line])
    assert result.lines == ("Die USA werden Aussenminister zusammenbringen.",)
    assert result.metadata()["date"][0]["text"] == "date 2026-01-18"
    assert replay_changes(line, [c.change for c in result.changes]) == result.lines[0]


def test_markdown_link_residue_keeps_the_text_and_the_target() -> None:
    line = "Das berichtet [Mining.com](#) unter Berufung auf [Reuters](https://reuters.com/x)."
    result = find_debris([line])
    assert result.lines == ("Das berichtet Mining.com unter Berufung auf Reuters.",)
    links = result.metadata()["links"]
    assert [(link["text"], link["target"]) for link in links] == [
        ("[Mining.com](#)", "#"),
        ("[Reuters](https://reuters.com/x)", "https://reuters.com/x"),
    ]
    assert replay_changes(line, [c.change for c in result.changes]) == result.lines[0]


def test_the_seed_style_footer_is_all_metadata() -> None:
    lines = [
        "Die Initiativen wurden in Washington bekannt gegeben.",
        "",
        "© Redaktion Metall-Blick",
        "",
        "Dieser Artikel stammt von [Metall-Blick.de](#)",
        "",
        "Die URL für diesen Artikel lautet:",
        "",
        "<https://www.metall-blick.de/news/1234--Kobalt.html>",
        "",
        "Für den Inhalt des Beitrages ist allein der Autor verantwortlich.",
    ]
    result = find_debris(lines)
    assert result.lines[0] == lines[0]
    assert not any(line.strip() for line in result.lines[1:])
    assert sorted(result.metadata()) == ["copyright", "disclaimers", "links", "source"]


def test_bad_pattern_file_names_the_line() -> None:
    with pytest.raises(ValueError, match=r"x.tsv:2: unknown scope 'page'"):
        parse_debris_table(
            "kind\tscope\tmax_words\tpattern\tnote\nprompts\tpage\t0\tx\ty\n", "x.tsv"
        )
    with pytest.raises(ValueError, match=r"x.tsv:1: bad pattern"):
        parse_debris_table("prompts\tline\t0\t(unclosed\ty\n", "x.tsv")


LINE = st.one_of(
    st.sampled_from(
        [case["line"] for case in CASES["debris"]]
        + CASES["text"]
        + ["", "Lesen Sie auch:", "- Kobalt wird teurer", "[Link](#) im Text."]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINE, max_size=12))
def test_nothing_is_dropped_silently(lines: list[str]) -> None:
    """Every line either stays, or its changes replay and what left is in metadata."""
    result = find_debris(lines)
    assert len(result.lines) == len(lines)
    kept_lines = {item.line for item in result.items}
    for number, (before, after) in enumerate(zip(lines, result.lines, strict=True), start=1):
        changes = [c.change for c in result.changes if c.line == number]
        assert replay_changes(before, changes) == after
        if before != after:
            assert number in kept_lines


def test_photo_credit_inside_a_paragraph_is_taken_out() -> None:
    line = (
        "Der Bagger (Foto: Reuters) arbeitet in der größten Kupfermine Chiles. Die Förderung "
        "soll bis 2030 um ein Drittel steigen, sagte der Betreiber. Foto: Anna Roe / dpa"
    )
    result = find_debris([line])
    assert result.lines == (
        "Der Bagger arbeitet in der größten Kupfermine Chiles. Die Förderung "
        "soll bis 2030 um ein Drittel steigen, sagte der Betreiber.",
    )
    assert [item["text"] for item in result.metadata()["photo_credits"]] == [
        "(Foto: Reuters)",
        "Foto: Anna Roe / dpa",
    ]


def test_a_short_sentence_ending_in_a_bracketed_credit_stays_text() -> None:
    result = find_debris(
        [
            "Die Preise an der LME stiegen daraufhin um 4 Prozent. (Foto: AFP/Ernesto Benavides)",
            "Arbeiter in einer Zinkmine (Foto: AFP)",
        ]
    )
    assert result.lines == ("Die Preise an der LME stiegen daraufhin um 4 Prozent.", "")
    assert [item["text"] for item in result.metadata()["photo_credits"]] == [
        "(Foto: AFP/Ernesto Benavides)",
        "Arbeiter in einer Zinkmine (Foto: AFP)",
    ]


def test_two_sentences_before_a_credit_are_prose_not_a_caption() -> None:
    line = (
        "Indonesien vergibt Exportlizenzen nur zögerlich. Die Regierung will die "
        "Verarbeitung im Inland ausbauen. Foto: PT Timah"
    )
    result = find_debris([line])
    assert result.lines == (line.removesuffix(" Foto: PT Timah"),)
    assert result.metadata()["photo_credits"][0]["text"] == "Foto: PT Timah"


def test_a_disclaimer_over_several_lines_is_taken_whole() -> None:
    lines = [
        "Die Preise für Kobalt steigen seit Monaten.",
        "Für den Inhalt des Beitrages ist allein der Autor verantwortlich.",
        "Bildrechte liegen beim Autor bzw. bei der von ihm benannten Quelle.",
        "Der Standpunkt eines Autors spiegelt nicht die Meinung der Redaktion wider.",
        "Wir wehren uns gegen jede Form von Hass und Diskriminierung.",
        "Alle Angaben ohne Gewähr.",
    ]
    result = find_debris(lines)
    assert result.lines == (lines[0], "", "", "", "", "")
    assert [item["line"] for item in result.metadata()["disclaimers"]] == [2, 3, 4, 5, 6]


def test_article_text_between_two_disclaimers_stays() -> None:
    paragraph = (
        "Die Preise für Kobalt steigen seit Monaten, weil die Demokratische Republik "
        "Kongo die Ausfuhren begrenzt hat und neue Minen in Indonesien erst in einigen "
        "Jahren die fehlenden Mengen liefern können, sagen Händler in London."
    )
    short = "Die Preise für Kobalt steigen seit Monaten."
    lines = [
        "Hinweis: Dieser Artikel wurde maschinell übersetzt.",
        paragraph,
        "Alle Angaben ohne Gewähr.",
    ]
    assert find_debris(lines).lines == ("", paragraph, "")
    lines = [
        "Hinweis: Dieser Artikel wurde maschinell übersetzt.",
        short,
        "Alle Angaben ohne Gewähr.",
    ]
    assert find_debris(lines).lines == ("", short, "")


def test_closing_list_of_one_sources_headlines_is_related_articles() -> None:
    lines = [
        "Die Preise steigen stark.",
        "Die Partner:",
        "- Japan: 20 Prozent",
        "- Korea: 10 Prozent",
        "Händler erwarten weitere Zuwächse.",
        "",
        "- Metall-Blick: Kobaltmarkt schwankt",
        "- Metall-Blick: Zinn bleibt stark",
    ]
    result = find_debris(lines)
    assert result.lines[:5] == tuple(lines[:5])  # a list of different names is content
    assert [(item.kind, item.line) for item in result.items] == [
        ("related_articles", 7),
        ("related_articles", 8),
    ]


@pytest.mark.parametrize(
    ("line", "parts", "rule"),
    [
        (
            "*Erzpost · 3. März 2026 · 4 Min. Lesezeit*",
            [("source", "Erzpost"), ("date", "3. März 2026"), ("reading_time", "4 Min. Lesezeit")],
            "debris.date",
        ),
        # a date or author pattern alone would take the whole line; its parts are of
        # several kinds, and each is kept with its own
        (
            "**Stand:** 02.04.2026 | Von Jonas Riedel",
            [("date", "Stand: 02.04.2026"), ("author", "Von Jonas Riedel")],
            "debris.date",
        ),
        (
            "Redaktion Rohstoffe · 5. Juni 2026 · 3 Min. Lesezeit",
            [
                ("author", "Redaktion Rohstoffe"),
                ("date", "5. Juni 2026"),
                ("reading_time", "3 Min. Lesezeit"),
            ],
            "debris.author",
        ),
        (
            "14. August 2026 · Tokio/Seoul · Lesezeit 3 Min.",
            [
                ("date", "14. August 2026"),
                ("source", "Tokio/Seoul"),
                ("reading_time", "Lesezeit 3 Min."),
            ],
            "debris.date",
        ),
    ],
)
def test_a_metadata_line_of_several_parts_keeps_each_part_with_its_kind(
    line: str, parts: list[tuple[str, str]], rule: str
) -> None:
    result = find_debris([BEFORE, line, AFTER])
    assert result.lines == (BEFORE, "", AFTER)
    assert [(item.kind, item.text) for item in result.items] == parts
    assert [change.change.rule for change in result.changes] == [rule]


def test_a_bare_author_header_takes_the_bio_paragraph_after_it() -> None:
    lines = [
        BEFORE,
        "",
        "Über die Autorin",
        "",
        "![Foto: Privat](autorin.jpg)",
        "",
        "Lea Brandt schreibt seit 2020 über Energie- und Rohstoffmärkte.",
        "",
        AFTER,
    ]
    result = find_debris(lines)
    assert result.lines[6] == "" and result.lines[-1] == AFTER
    assert [item.kind for item in result.items if item.line in (3, 7)] == ["author", "author"]


def test_a_paragraph_starting_with_the_bylines_name_is_the_authors_bio() -> None:
    lines = [
        "Kobalt wird knapp",
        "Von Dr. Lea Brandt, Erzpost Research",
        BEFORE,
        "Erzpost Research erwartet weiter steigende Preise.",
        "Lea Brandt arbeitete zuvor als Analystin in Singapur.",
        AFTER,
    ]
    result = find_debris(lines)
    assert result.lines[3] == lines[3]  # the publisher named after the comma is no author
    assert result.lines[4] == ""
    assert result.metadata()["author"][-1]["text"] == lines[4]


def test_a_disclaimer_wrapped_over_lines_is_kept_whole() -> None:
    lines = [
        BEFORE,
        "Der Herausgeber übernimmt keine Haftung für Verluste,",
        "die aus der Nutzung dieser Informationen entstehen.",
        AFTER,
    ]
    result = find_debris(lines)
    assert result.lines == (BEFORE, "", "", AFTER)
    assert [item.kind for item in result.items] == ["disclaimers", "disclaimers"]


def test_an_agency_dateline_before_the_first_sentence_is_split_off() -> None:
    line = "Lima (Reuters) – Die peruanische Regierung verlängert den Ausnahmezustand."
    result = find_debris([line])
    assert result.lines == ("Die peruanische Regierung verlängert den Ausnahmezustand.",)
    assert result.metadata()["source"][0]["text"] == "Lima (Reuters) –"
    assert replay_changes(line, [c.change for c in result.changes]) == result.lines[0]


def test_a_line_after_debris_that_ends_a_phrase_is_not_its_continuation() -> None:
    lines = [
        "Quelle: Reuters",
        "iPhone maker Apple signed a supply deal in Zambia.",
        "Keystone-SDA",
        "und die Preise steigen weiter, sagen Händler.",
    ]
    result = find_debris(lines)
    assert result.lines[1:] == (lines[1], "", lines[3])


def test_a_short_line_right_under_an_image_is_its_caption() -> None:
    lines = [
        BEFORE,
        "![Hafen](hafen.jpg)",
        "Graphitlager im Hafen von Mtwara. (Credit: Anna Roe)",
        "",
        "![Mine](mine.jpg)",
        "",
        AFTER,
    ]
    result = find_debris(lines)
    assert result.lines[2] == "" and result.lines[-1] == AFTER  # a blank line ends the caption
    assert [item.kind for item in result.items if item.line == 3] == ["photo_credits"]


def test_an_ad_label_takes_the_ads_text_but_not_a_section_heading() -> None:
    ad = ["Anzeige", "Jetzt Depot eröffnen und 0 € Ordergebühr sichern*", AFTER]
    result = find_debris([BEFORE, *ad])
    assert result.lines == (BEFORE, "", "", AFTER)
    assert [item.kind for item in result.items] == ["prompts", "prompts"]
    heading = ["Anzeige", "Preise auf Rekordhoch", AFTER]
    assert find_debris([BEFORE, *heading]).lines == (BEFORE, "", "Preise auf Rekordhoch", AFTER)


def test_a_section_label_above_the_title_is_a_tag_line() -> None:
    lines = ["Nickel | Indonesien", "Indonesien kürzt Förderquoten", BEFORE]
    result = find_debris(lines)
    assert result.lines == ("", "Indonesien kürzt Förderquoten", BEFORE)
    assert [(item.kind, item.text) for item in result.items] == [("tags", "Nickel | Indonesien")]


def test_a_dateline_with_a_date_and_a_source_before_the_first_sentence_is_split_off() -> None:
    line = "Frankfurt, 12.03.2026 (Rohstoff-Kompass) – Die Platinproduzenten senken ihre Prognosen."
    result = find_debris([line])
    assert result.lines == ("Die Platinproduzenten senken ihre Prognosen.",)
    assert [(item.kind, item.text) for item in result.items] == [
        ("source", "Frankfurt, 12.03.2026 (Rohstoff-Kompass) –")
    ]
