"""`process_article`: a pure function on plain data that explains every edit it makes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import normalize
from normalize.article import Article, ArticleOptions, process_article
from normalize.changes import replay_changes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NO_TRANSLATE = ("repair", "typography", "terms", "structure", "detect", "segment")


def _sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def verumo() -> Article:
    return process_article(
        _sample("03_verumo_metallwende.txt"), ArticleOptions(steps=NO_TRANSLATE, source="03")
    )


def test_public_api_is_lazy_and_picklable(verumo: Article) -> None:
    assert normalize.process_article is process_article
    assert normalize.Article is Article
    copy = pickle.loads(pickle.dumps(verumo))
    assert copy == verumo
    options = ArticleOptions(steps=NO_TRANSLATE)
    assert pickle.loads(pickle.dumps(options)) == options


def test_structure_and_metadata_of_a_seed_style_article(verumo: Article) -> None:
    kinds = [(block.kind, block.text) for block in verumo.blocks[:3]]
    assert kinds == [
        ("title", "KI-Boom befeuert Metallwende"),
        ("subtitle", "Die USA investieren massiv in den Abbau kritischer Metalle"),
        (
            "lead",
            "Die geopolitische Rivalität mit China zwingt die USA zu einem massiven "
            "Strategiewechsel.",
        ),
    ]
    assert [b.kind for b in verumo.blocks].count("heading") == 1
    assert {item["text"] for item in verumo.metadata["photo_credits"]} == {
        "Bild zum Artikel: KI-Boom befeuert Metallwende: Die USA investieren massiv in den "
        "Abbau kritischer Metalle",
        "Titelbild: Jason Winter / 123RF",
    }
    author = verumo.metadata["author"][0]
    assert (author["line"], author["text"]) == (7, "von Verumo-Redaktion")
    assert verumo.metadata["reading_time"][0]["line"] == 9
    assert "Lesezeit" not in verumo.text and "123RF" not in verumo.text
    assert verumo.lang == "de" and verumo.lang_confidence > 0.9


def test_every_edit_replays_from_the_original_line_to_the_blocks(verumo: Article) -> None:
    original = verumo.original.split("\n")
    final: dict[int, str] = {}
    for number, line in enumerate(original, start=1):
        changes = [c.change for c in verumo.changes if c.line == number]
        final[number] = replay_changes(line, changes)
    for block in verumo.blocks:
        assert " ".join(final[line][start:end] for line, start, end in block.segments) == block.text
    steps = {change.step for change in verumo.changes}
    assert {"debris", "structure"} <= steps


def test_json_round_trip(verumo: Article) -> None:
    assert Article.from_dict(verumo.to_dict()) == verumo


def test_steps_can_be_switched_off() -> None:
    text = "Photo: Jane Roe / Getty Images\nDie USA investieren fÃ¼r die Zukunft.\n"
    raw = process_article(text, ArticleOptions(steps=(), lang="de"))
    assert [b.text for b in raw.blocks] == [
        "Photo: Jane Roe / Getty Images",
        "Die USA investieren fÃ¼r die Zukunft.",
    ]
    assert raw.changes == () and raw.metadata == {}
    repaired = process_article(text, ArticleOptions(steps=("repair", "structure"), lang="de"))
    assert [b.text for b in repaired.blocks] == ["Die USA investieren für die Zukunft."]
    assert repaired.metadata["photo_credits"][0]["line"] == 1


def test_segmentation_gives_sentence_pairs_without_targets(verumo: Article) -> None:
    lead = next(block for block in verumo.blocks if block.kind == "paragraph")
    assert len(lead.sentences) >= 1
    assert all(pair.target is None for pair in verumo.sentence_pairs())


def test_unknown_step_and_bad_language_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown step"):
        ArticleOptions(steps=("repair", "spellcheck"))
    with pytest.raises(ValueError, match="invalid language"):
        ArticleOptions(lang="de-DE!")


def test_empty_article_is_flagged_not_an_exception() -> None:
    article = process_article("Foto: Jane Roe / dpa\n", ArticleOptions(steps=NO_TRANSLATE))
    assert article.blocks == ()
    assert [flag.code for flag in article.qa_flags] == ["empty"]
    assert article.metadata["photo_credits"][0]["text"] == "Foto: Jane Roe / dpa"


def test_translation_without_a_model_says_how_to_add_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("ctranslate2")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    article = process_article("Die Preise steigen.\n", ArticleOptions(lang="de"))
    assert "mtnorm models install" in " ".join(article.notes)
    assert "translation_unavailable" in [flag.code for flag in article.qa_flags]
    assert article.blocks[0].sentences[0].target is None


def test_translation_with_a_model_fills_sentence_pairs(tiny_argos_model: object) -> None:
    package_dir = tiny_argos_model.package_dir  # type: ignore[attr-defined]
    article = process_article(
        "Kupfer wird knapp\n\nDie Preise steigen. Die Nachfrage bleibt hoch.\n",
        ArticleOptions(lang="de", model=str(package_dir)),
    )
    assert article.target_lang == "en"
    pairs = article.sentence_pairs()
    assert [pair.source for pair in pairs] == [
        "Kupfer wird knapp",
        "Die Preise steigen.",
        "Die Nachfrage bleibt hoch.",
    ]
    assert all(isinstance(pair.target, str) for pair in pairs)
