"""Language detection on real article text: segments, spans, edge cases, the CLI."""

from __future__ import annotations

import csv
import importlib
import itertools
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.cli import main

# the module (the package exports the function `detect` under the same name)
detection = importlib.import_module("normalize.detect")

DATA = Path(__file__).parent / "data"


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


SEGMENTS = read_tsv("detect_segments.tsv")
SPANS = read_tsv("detect_spans.tsv")
# written blind (392 lines before any fix of round 2, 81 more after it): names-only
# lines, datelines, bylines, credits, quotations, German institution names in English
HELDOUT2 = read_tsv("detect_heldout2.tsv")
# written blind in round 3 (issue 5): 259 lines before any fix of that round, 80 more
# after it; German news lines full of English names, headings, credits, tickers
HELDOUT3 = read_tsv("detect_heldout3.tsv")
# written blind in round 4 (issue 5): 270 lines before any fix of that round, 83 more
# after it; new names, ministries, laws, hyphenated loanword compounds, place-and-date
# datelines, securities codes, table rows, short English labels, other languages
HELDOUT4 = read_tsv("detect_heldout4.tsv")
# written blind in round 5 (issue 5): 312 lines before any fix of that round, 83 more
# after it (measured once: .988, the generalisation estimate); interviews,
# press releases, market reports, price tables, English lines with German names and
# quotes, 1-3 word lines, lower-case starts, all-caps headings, bullets, emoji and
# markdown marks, tickers and time stamps, other languages' short lines
HELDOUT5 = read_tsv("detect_heldout5.tsv")


def test_segment_set_is_large_and_varied() -> None:
    categories = {row["category"] for row in SEGMENTS}
    assert len(SEGMENTS) >= 200
    assert {"de_names", "heading_de", "credit", "short_en", "und", "other"} <= categories


def test_segments_at_least_95_percent_right_with_default_options() -> None:
    wrong = [
        (row["text"], row["lang"], detection.detect(row["text"]).lang)
        for row in SEGMENTS
        if detection.detect(row["text"]).lang != row["lang"]
    ]
    assert len(wrong) <= 0.05 * len(SEGMENTS), wrong


def test_every_category_mostly_right() -> None:
    right: dict[str, list[bool]] = defaultdict(list)
    for row in SEGMENTS:
        right[row["category"]].append(detection.detect(row["text"]).lang == row["lang"])
    for category, results in right.items():
        assert sum(results) / len(results) >= 0.9, category


def check_heldout(rows: list[dict[str, str]], min_lines: int) -> None:
    """At least 95 % right with default options, every category at least 75 %, every
    und answer with a reason, no line twice."""
    answers = [(row, detection.detect(row["text"])) for row in rows]
    wrong = [
        (row["text"], row["lang"], found.lang)
        for row, found in answers
        if found.lang != row["lang"]
    ]
    assert len(rows) >= min_lines
    assert len({row["text"] for row in rows}) == len(rows)
    assert len(wrong) <= 0.05 * len(rows), wrong
    right: dict[str, list[bool]] = defaultdict(list)
    for row, found in answers:
        right[row["category"]].append(found.lang == row["lang"])
    for category, results in right.items():
        assert sum(results) / len(results) >= 0.75, category
    assert all(found.reason for _, found in answers if found.lang == detection.UND)


def test_heldout_set_2_at_least_95_percent_right_and_every_category_mostly() -> None:
    check_heldout(HELDOUT2, 300)


def test_heldout_set_3_at_least_95_percent_right_and_every_category_mostly() -> None:
    check_heldout(HELDOUT3, 330)


def test_heldout_set_3_is_new() -> None:
    earlier = {row["text"] for row in SEGMENTS + HELDOUT2}
    assert not [row["text"] for row in HELDOUT3 if row["text"] in earlier]


def test_heldout_set_4_at_least_95_percent_right_and_every_category_mostly() -> None:
    check_heldout(HELDOUT4, 350)


def test_heldout_set_4_is_new() -> None:
    earlier = {row["text"] for row in SEGMENTS + HELDOUT2 + HELDOUT3}
    assert not [row["text"] for row in HELDOUT4 if row["text"] in earlier]


def test_heldout_set_5_at_least_95_percent_right_and_every_category_mostly() -> None:
    check_heldout(HELDOUT5, 390)


def test_heldout_set_5_is_new() -> None:
    earlier = {row["text"] for row in SEGMENTS + HELDOUT2 + HELDOUT3 + HELDOUT4}
    assert not [row["text"] for row in HELDOUT5 if row["text"] in earlier]


@pytest.mark.parametrize(
    ("text", "lang", "reason"),
    [
        ("Kurt House", "und", "names only"),  # given name + a surname that is a word
        ("Jana Werner, Düsseldorf", "und", "names only"),  # byline: person, place
        ("Peter Buchholz (DERA)", "und", "names only"),  # a frequent international name
        ("Nornickel", "und", "names only"),  # a coined English compound
        ("15.000 t / 22.500 t", "und", "no words"),  # numbers with unit symbols
        ("(dpa/Reuters)", "und", "names only"),  # an agency that writes itself lower-case
        ("Quelle: dpa-AFX", "de", None),
        ("Foto: Kurt House", "de", None),  # a label is language
        ("Ernst Young", "de", None),  # "Ernst" is a German word first, no given name here
        ("Lesezeit 4 min", "de", None),  # the unit is masked, the word stays
        ("Die Mine fördert 2,5 g/t Gold.", "de", None),
    ],
)
def test_personal_names_units_and_coined_compounds(
    text: str, lang: str, reason: str | None
) -> None:
    found = detection.detect(text)
    assert (found.lang, found.reason) == (lang, reason)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("WASHINGTON (Reuters) –", "names only"),  # a dateline alone
        ("Jennifer Granholm", "names only"),  # international given name + unknown surname
        ("Teck Resources, Lynas Rare Earths", "names only"),  # names + designators
        ("Ursula von der Leyen", "names only"),  # particles
    ],
)
def test_bare_names_are_und(text: str, reason: str) -> None:
    found = detection.detect(text)
    assert (found.lang, found.reason) == (detection.UND, reason)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Foto: Anglo American", "de"),  # a label before a colon is language
        ("Tungsten", "en"),  # an English glossary term alone
        ("Uranmarkt", "de"),  # a long compound is no name
        ("Relay (2 or 3 per team!)", "en"),  # brackets after a word are no dateline
        ("TORONTO, May 3 (Reuters) - The miner said it would halt output.", "en"),
        ("MÜNCHEN (dpa-AFX) – Der Konzern sichert sich Gallium.", "de"),
        ("Er nannte es „the best deal we have ever made for our country“.", "de"),
        ("The Bundesanstalt für Geowissenschaften und Rohstoffe said so on Tuesday.", "en"),
        ("Batteriezellen made in Europe", "de"),
        ("Tesla Shares Slump After Earnings", "en"),  # title case: capitals are no names
    ],
)
def test_names_quotations_and_datelines_keep_the_line_language(text: str, lang: str) -> None:
    assert detection.detect(text).lang == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # round 4 (issue 5): the causes behind the misses of the earlier rounds
        ("Stuttgart, 19.01.2026", "und"),  # a place and a numeric date
        ("Berlin/Brüssel (dpa) -", "und"),  # slash-joined dateline places
        ("Paris, London, Tokio", "und"),  # places that are words too (Tokio)
        ("Lisa Nienhaus, Zürich", "und"),
        ("Felix Holtermann, New York", "und"),  # a byline place of two words
        ("Robert Habeck (Grüne)", "und"),  # a person and the party
        ("Piyush Goyal", "und"),  # words of English's news list only are names
        ("Valterra Platinum", "und"),  # a metal as a company designator
        ("WKN A2QJ6H", "und"),  # a securities code
        ("Glencore Profit Falls", "en"),  # German writes "falls" lower-case: no noun
        ("Recycling-Quote", "de"),  # a hyphenated compound with a capitalised head
        ("Cost-Cutting-Programm", "de"),  # the head decides, not the English modifiers
        ("Lithiumcarbonat: 74.500 CNY/t", "de"),  # the label of a table row
        ("7,9 Mio. t", "de"),  # no Italian "Mio" after a number
        ("Foto: Imago / Xinhua", "de"),  # credited names make no line foreign
        ("Von Sabine Gusbeth, Santiago de Chile", "de"),  # the byline word decides
        ("Trump sagte: „We have the best deal ever made, nobody has seen it.“", "de"),
        ("US-China tensions rise", "en"),
        ("Kupfer, Nickel, Kobalt", "de"),  # German nouns are no places
        ("Peter Meier, Leiter Einkauf", "de"),  # a job title is no place
    ],
)
def test_round_4_causes(text: str, lang: str) -> None:
    found = detection.detect(text)
    assert found.lang == lang, found
    assert found.reason if lang == detection.UND else found.reason is None


def test_combination_beats_langdetect_on_the_segment_set() -> None:
    def accuracy(engine: str) -> float:
        hits = sum(
            detection.detect(row["text"], engine=engine).lang == row["lang"] for row in SEGMENTS
        )
        return hits / len(SEGMENTS)

    assert accuracy("combined") > accuracy("langdetect")


@pytest.mark.parametrize(
    "text",
    [
        "MP Materials erhielt vom Verteidigungsministerium 400 Millionen US-Dollar",
        "Unter Berufung auf den Defense Production Act (DPA) nutzte er Notstandsbefugnisse.",
        "Die Export-Import Bank der USA (EXIM) will mehr Projekte finanzieren.",
    ],
)
def test_names_and_acronyms_do_not_drag_german_to_english(text: str) -> None:
    found = detection.detect(text, "de,en")
    assert found.lang == "de"
    assert found.confidence > 0.9


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("2026-02-13 10:39", "no letters"),
        ("92 % / 77 %", "no letters"),
        ("– – –", "no letters"),
        ("https://www.example.com/news/1", "no words"),
        ("info@example.com", "no words"),
        ("EXIM", "names only"),
        ("Aurubis", "names only"),  # a name no lexicon knows, even first on its line
        ("Cameco", "names only"),
    ],
)
def test_text_without_language_is_und_with_a_reason(text: str, reason: str) -> None:
    found = detection.detect(text)
    assert (found.lang, found.confidence, found.candidates, found.reason) == (
        "und",
        0.0,
        {},
        reason,
    )


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_detect_never_raises_and_answers_a_candidate(text: str) -> None:
    for engine in ("combined", "langdetect"):
        found = detection.detect(text, "de,en", engine=engine)
        assert found.lang in ("de", "en", "und")
        assert 0.0 <= found.confidence <= 1.0


def test_candidates_are_restricted_to_langs() -> None:
    french = "Le gouvernement américain veut sécuriser son approvisionnement en minerais."
    assert detection.detect(french).lang == "fr"
    for engine in detection.ENGINES:
        found = detection.detect(french, "de,en", engine=engine)
        assert found.lang in ("de", "en")
        assert set(found.candidates) <= {"de", "en"}
    assert detection.detect(french, "de").lang == "de"  # one candidate: that language


def test_langdetect_restriction_uses_its_prior_map() -> None:
    # Filtering langdetect's top list would leave nothing for this Dutch line;
    # the prior map makes it choose between the allowed languages.
    dutch = "De Europese Commissie wil de afhankelijkheid van China verminderen."
    found = detection.detect(dutch, "de,en", engine="langdetect")
    assert found.lang in ("de", "en")
    assert found.confidence > 0.5
    assert detection.detect(dutch, engine="langdetect").lang == "nl"


def test_unknown_langs_are_refused() -> None:
    with pytest.raises(ValueError, match="xx"):
        detection.detect("Hallo", "de,xx")


def test_deterministic_across_processes() -> None:
    # de,en keeps the second process from loading every language model
    lines = [row["text"] for row in SEGMENTS[::6]]
    here = [
        (
            detection.detect(line, "de,en").to_dict(),
            detection.detect(line, "de,en", engine="langdetect").to_dict(),
        )
        for line in lines
    ]
    program = (
        "import importlib, json, sys\n"
        "d = importlib.import_module('normalize.detect')\n"
        "lines = json.loads(sys.stdin.read())\n"
        "print(json.dumps([(d.detect(l, 'de,en').to_dict(),"
        " d.detect(l, 'de,en', engine='langdetect').to_dict())"
        " for l in lines]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        input=json.dumps(lines),
        capture_output=True,
        text=True,
        check=True,
    )
    there = [tuple(pair) for pair in json.loads(result.stdout)]
    assert there == [tuple(pair) for pair in json.loads(json.dumps(here))]


@pytest.mark.parametrize("row", SPANS, ids=lambda row: row["span"][:30])
def test_foreign_span_inside_a_line(row: dict[str, str]) -> None:
    text = row["text"]
    spans = detection.detect_spans(text, "de,en")
    assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(spans))
    foreign = [span for span in spans if span.lang == row["lang"]]
    assert [text[span.start : span.end] for span in foreign] == [row["span"]]


def test_line_without_foreign_words_is_one_span() -> None:
    text = "Die Vereinigten Staaten wollen ihre Lieferketten für kritische Mineralien stärken."
    assert [(s.start, s.end, s.lang) for s in detection.detect_spans(text)] == [
        (0, len(text), "de")
    ]


def test_document_and_sentences() -> None:
    text = (
        "Die USA investieren massiv in den Abbau kritischer Metalle. "
        "Greer said the market was failing.\n"
        "Photo: Shaunl via Canva\n"
        "\n"
        "Die Initiative markiert eine deutliche Neuausrichtung der Handelspolitik.\n"
    )
    assert detection.detect_document(text).lang == "de"
    sentences = detection.detect_sentences(text)
    assert [(s.line, s.detection.lang) for s in sentences] == [
        (1, "de"),
        (1, "en"),
        (2, "en"),
        (4, "de"),
    ]
    assert sentences[1].text == "Greer said the market was failing."
    assert [found.lang for found in detection.detect_lines(text)] == ["de", "en", "und", "de"]


def test_compound_and_frequency_evidence_for_single_words() -> None:
    assert detection.detect("Rohstoffstrategie", "de,en").lang == "de"
    assert detection.detect("Seltenerdmetalle", "de,en").lang == "de"
    assert detection.detect("stockpile", "de,en").lang == "en"
    assert detection.detect("Lieferketten", "de,en").lang == "de"


# --- the command line


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_one_record_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "article.txt"
    source.write_text(
        "Die USA investieren massiv in Metalle.\n\n2026-02-13\nThe deal is done.\n",
        encoding="utf-8",
    )
    status, out, _ = run_cli(["detect", "--langs", "de,en", str(source)], capsys)
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["line"], r["lang"]) for r in records] == [
        (1, "de"),
        (2, "und"),
        (3, "und"),
        (4, "en"),
    ]
    assert records[0]["file"] == str(source)
    assert set(records[0]) >= {"line", "lang", "confidence", "candidates"}
    assert records[1]["reason"] == "empty"


def test_cli_document_sentence_spans_and_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(SPANS[0]["text"] + "\nDas ist gut. That is fine.\n", encoding="utf-8")
    out_file = tmp_path / "out.jsonl"
    assert (
        run_cli(["detect", "--per", "document", str(source), "-o", str(out_file)], capsys)[0] == 0
    )
    document = json.loads(out_file.read_text(encoding="utf-8"))
    assert (document["lang"], document["lines"]) == ("de", 2)
    _, out, _ = run_cli(["detect", "--per", "sentence", str(source)], capsys)
    assert [json.loads(line)["lang"] for line in out.splitlines()][-2:] == ["de", "en"]
    _, out, _ = run_cli(["detect", "--spans", str(source)], capsys)
    spans = json.loads(out.splitlines()[0])["spans"]
    assert [span["lang"] for span in spans] == ["de", "en", "de"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["detect", "--langs", "de,klingon"], "--langs"),
        (["detect", "--per", "sentence", "--spans"], "--spans"),
    ],
)
def test_cli_bad_options(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Hallo Welt\n", encoding="utf-8")
    status, out, err = run_cli([*args, str(source)], capsys)
    assert status == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_cli_bad_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    status, out, err = run_cli(["detect", str(binary)], capsys)
    assert status == 2 and out == "" and "binary" in err
    status, _, err = run_cli(["detect", str(tmp_path / "missing.txt")], capsys)
    assert status == 2 and "missing.txt" in err


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_spans_and_sentences_cover_any_line(text: str) -> None:
    line = text.replace("\n", " ")
    spans = detection.detect_spans(line, "de,en")
    if line:
        assert spans[0].start == 0 and spans[-1].end == len(line)
        assert all(a.end == b.start for a, b in itertools.pairwise(spans))
    for segment in detection.detect_sentences(line, "de,en"):
        assert line[segment.start : segment.end] == segment.text
    assert detection.detect_document(text, "de,en").lang in ("de", "en", "und")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Grazie mille a tutti", "it"),  # every word foreign: lingua decides, no prior
        ("Mange tak", "da"),
        ("Grafik: Statista", "de"),  # a foreign-looking name makes no line Italian
        ("Foto: Shutterstock / Andrey Popov", "de"),
        ("Iron ore", "en"),  # one foreign-looking word of two keeps the prior
    ],
)
def test_short_lines_other_languages_and_credits(text: str, lang: str) -> None:
    assert detection.detect(text).lang == lang


def test_morphology_is_evidence_for_unknown_forms() -> None:
    # simplemma's rules explain the form although its lexicon lacks it
    evidence = detection.word_evidence("vordringlichstes")
    assert evidence.morphology == 1 and not evidence.in_lexicon
    assert detection.word_evidence("Glencore").in_lexicon is False
