"""The step contract: steps are named, ordered, skippable and explain themselves."""

from __future__ import annotations

import pytest

from normalize import CleanConfig, clean_text, replay_changes
from normalize.changes import Change
from normalize.pipeline import FunctionStep, StepContext, build_steps, run_steps


def _upper_first(text: str, context: StepContext) -> tuple[str, list[Change]]:
    if text[:1].islower():
        return text[0].upper() + text[1:], [Change("upper_first", 0, 1, text[0], text[0].upper())]
    return text, []


def test_unknown_step_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown step 'spelling'"):
        build_steps(["spelling"])


def test_a_new_step_runs_without_touching_others() -> None:
    steps = [*build_steps(["repair"]), FunctionStep("upper_first", _upper_first)]
    text, changes = run_steps("franzÃ¶sische Firma", steps, StepContext(lang="de"))
    assert text == "Französische Firma"
    assert [c.rule for c in changes][-1] == "upper_first"
    assert replay_changes("franzÃ¶sische Firma", changes) == text


def test_config_is_immutable_and_validated() -> None:
    config = CleanConfig()
    with pytest.raises(AttributeError):
        config.lang = "en"  # type: ignore[misc]
    with pytest.raises(ValueError):
        CleanConfig(lang="de-DE!")
    with pytest.raises(ValueError):
        CleanConfig(steps=("repair", "repair"))


def test_clean_text_changes_replay_over_the_whole_document() -> None:
    text = "GrÃ¶ÃŸe und Preis\r\nzweite Zeile\n\nfranzÃ¶sisch\n"
    result = clean_text(text, lang="de", steps=["repair"])
    assert result.text.split("\n")[0] == "Größe und Preis\r"
    assert result.text.count("\n") == text.count("\n")
    assert replay_changes(text, result.changes) == result.text
    assert {record["line"] for record in result.explain()} == {1, 4}
