"""The typed, immutable configuration of a clean-up run."""

from __future__ import annotations

from dataclasses import dataclass

#: Languages with their own typography rules; anything else gets the neutral rules.
TYPOGRAPHY_LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class CleanConfig:
    """Options shared by the text steps.

    `lang` is "de", "en", another ISO 639-1 code, or "auto" (detect per document).
    `steps` is the ordered tuple of step names to run (see `normalize.pipeline`).
    """

    steps: tuple[str, ...] = ("repair", "typography", "terms")
    lang: str = "auto"
    #: German typography: replace straight/mismatched quotes with „…“.
    fix_quotes: bool = True
    #: Use word-frequency evidence to decide spacing around repaired mojibake.
    use_word_frequencies: bool = True

    def __post_init__(self) -> None:
        if not self.lang or not (self.lang == "auto" or self.lang.isalpha()):
            raise ValueError(f"invalid language {self.lang!r}: use de, en or auto")
        if len(set(self.steps)) != len(self.steps):
            raise ValueError(f"a step is listed twice: {','.join(self.steps)}")
