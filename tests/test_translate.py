"""`normalize.translate` end to end on tiny genuine Argos packages (see conftest.py).

The random-weight model mangles placeholders, so it exercises recovery and QA on
what a model really outputs; the copy model returns its input, so it shows the
protected spans coming back in the target locale.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import TinyArgosModel

from normalize.changes import replay_changes
from normalize.protect import PLACEHOLDER_RESIDUE, protect
from normalize.qa import number_values
from normalize.translate import DecodingOptions, translate

GERMAN = (
    "Der Preis stieg um 7,5 % auf 1.000 Euro. Die Regierung kündigte am 20. Januar 2025 "
    "neue Zölle auf Lithium an.\n"
    "Das Unternehmen meldete einen Umsatz von 12.500 Millionen Euro im Jahr 2024.\n"
    "The government announced new tariffs on lithium and cobalt on Monday in Europe.\n"
    "\n"
    "2025\n"
)


def test_import_normalize_does_not_load_translation_libraries() -> None:
    code = (
        "import normalize, sys; import normalize.cli; normalize.cli.build_parser(); "
        "bad = [m for m in ('argostranslate', 'torch', 'stanza', 'ctranslate2') "
        "if m in sys.modules]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_random_model_output_never_leaks_placeholders_and_losses_are_flagged(
    tiny_argos_model: TinyArgosModel,
) -> None:
    pairs = translate(
        GERMAN, "de", "en", translator=tiny_argos_model.translator(), use_glossary=False
    )
    assert [pair.status for pair in pairs][-2:] == ["copied", "copied"]
    translated = [pair for pair in pairs if pair.status != "copied"]
    assert translated and any(pair.status == "recovered" for pair in translated)
    for pair in pairs:
        assert not PLACEHOLDER_RESIDUE.search(pair.target), pair
        assert replay_changes(pair.model_output, pair.changes) == pair.target
        lost = number_values(pair.source, "de") != number_values(pair.target, "en")
        codes = {issue.code for issue in pair.qa}
        if pair.status != "copied":
            assert lost == ("number_mismatch" in codes), pair
        if pair.status == "recovered":
            assert "protection_failed" in codes and pair.flagged


def test_copied_segments_keep_their_text(tiny_argos_model: TinyArgosModel) -> None:
    pairs = translate(GERMAN, "de", "en", translator=tiny_argos_model.translator())
    copied = [pair for pair in pairs if pair.status == "copied"]
    assert [pair.target for pair in copied] == [
        "The government announced new tariffs on lithium and cobalt on Monday in Europe.",
        "2025",
    ]
    assert all(not pair.flagged for pair in copied)
    assert [pair.paragraph for pair in copied] == [2, 4]


def test_protected_spans_come_back_in_the_target_locale(copy_argos_model: TinyArgosModel) -> None:
    sentence = "Der Preis stieg um 7,5 % auf 1.000 Euro im Jahr 2024."
    pairs = translate(
        sentence, "de", "en", translator=copy_argos_model.translator(), use_glossary=False
    )
    assert len(pairs) == 1
    pair = pairs[0]
    assert pair.status == "translated"
    assert pair.model_output == protect(sentence, "de", "en").text
    assert pair.target == "Der Preis stieg um 7.5% auf 1,000 Euro im Jahr 2024."
    assert replay_changes(pair.model_output, pair.changes) == pair.target
    assert "number_mismatch" not in {issue.code for issue in pair.qa}


def test_without_protection_a_copied_number_format_is_flagged(
    copy_argos_model: TinyArgosModel,
) -> None:
    sentence = "Die Regierung kaufte 1.000 Tonnen Lithium für 7,5 Millionen Euro."
    pair = translate(
        sentence,
        "de",
        "en",
        translator=copy_argos_model.translator(),
        use_glossary=False,
        protect_spans=False,
    )[0]
    assert pair.target == sentence  # read as English, 1.000 is one
    assert "number_mismatch" in {issue.code for issue in pair.qa}


def test_glossary_terms_come_out_as_the_target_term(copy_argos_model: TinyArgosModel) -> None:
    glossary = pytest.importorskip("glossary")
    if not hasattr(glossary, "load_glossary"):
        pytest.skip("the glossary package has no load_glossary yet")
    term_base = glossary.load_glossary()
    sentence = "Die Exekutivanordnung des Präsidenten gilt für Importe aus der DR Kongo."
    matches = [m for m in term_base.match(sentence, lang="de") if m.en]
    if not matches:
        pytest.skip("the shipped glossary has no English term for these concepts")
    pair = translate(
        sentence, "de", "en", translator=copy_argos_model.translator(), glossary=term_base
    )[0]
    for match in matches:
        assert match.en in pair.target
    assert "term_missing" not in {issue.code for issue in pair.qa}


def test_pairs_stay_aligned_with_their_paragraphs(tiny_argos_model: TinyArgosModel) -> None:
    lines = [f"Die Regierung kaufte {n} Tonnen Lithium und Kobalt." for n in range(1, 30)]
    pairs = translate(
        "\n".join(lines), "de", "en", translator=tiny_argos_model.translator(), use_glossary=False
    )
    assert [pair.source for pair in pairs] == lines
    assert [pair.paragraph for pair in pairs] == list(range(len(lines)))


def test_decoding_options_are_checked() -> None:
    with pytest.raises(ValueError):
        DecodingOptions(beam_size=0)


def test_unknown_languages_are_user_errors(tiny_argos_model: TinyArgosModel) -> None:
    from normalize.textio import UserError

    with pytest.raises(UserError):
        translate("Hallo Welt.", "de", "fr", translator=tiny_argos_model.translator())
    with pytest.raises(UserError):
        translate("Hallo Welt.", "en", "en", translator=tiny_argos_model.translator())
    with pytest.raises(UserError, match="translates de→en, not en→de"):
        translate("Hello world.", "en", "de", translator=tiny_argos_model.translator())


def test_auto_source_detects_each_sentence(tiny_argos_model: TinyArgosModel) -> None:
    pairs = translate(GERMAN, "auto", "en", translator=tiny_argos_model.translator())
    statuses = {pair.source: pair.status for pair in pairs}
    english = "The government announced new tariffs on lithium and cobalt on Monday in Europe."
    assert statuses[english] == "copied"
    assert all(
        status != "copied" for source, status in statuses.items() if source not in (english, "2025")
    )
    assert {pair.source_lang for pair in pairs} == {"de"}


def test_glossary_protection_with_the_shipped_term_base(copy_argos_model: TinyArgosModel) -> None:
    glossary = pytest.importorskip("glossary")
    if not hasattr(glossary, "load_glossary"):
        pytest.skip("the glossary package has no load_glossary yet")
    term_base = glossary.load_glossary()
    sentence = "Die Exekutivbesetzung gilt für die EXIM und Importe aus der DDR Kongo."
    matches = list(term_base.match(sentence, lang="de"))
    if not matches:
        pytest.skip("the shipped glossary has none of these terms")
    protected = protect(sentence, "de", "en", term_base)
    assert len(protected.spans) == len(matches)
    pair = translate(
        sentence, "de", "en", translator=copy_argos_model.translator(), glossary=term_base
    )[0]
    for match in matches:
        expected = match.text if match.do_not_translate else match.en
        assert expected in pair.target
    assert "Exekutivbesetzung" not in pair.target and "DDR" not in pair.target
    assert not {"term_missing", "deprecated_term"} & {issue.code for issue in pair.qa}


def test_from_normalize_import_translate_gives_the_function() -> None:
    """Importing the submodule lazily must not leave it in place of the public function."""
    code = (
        "import inspect\n"
        "from normalize import translate, segment_text\n"
        "import normalize\n"
        "assert inspect.isfunction(translate), translate\n"
        "assert normalize.translate is translate\n"
        "assert inspect.isfunction(segment_text)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
