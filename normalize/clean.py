"""`clean_text`: run the text steps over each line of a document, explaining every change.

Cleaning is line-preserving: the output has exactly one line for each input line, so
line-aligned corpora stay aligned. Steps never see a newline; a step that produced one
would break that promise, so it is turned into a space (and explained).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .changes import Change, diff_changes
from .config import CleanConfig
from .pipeline import StepContext, build_steps, run_steps
from .textio import split_lines


@dataclass(frozen=True)
class LineChange:
    """A change located in a document: 1-based `line`, offsets within that line."""

    line: int
    change: Change

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, **self.change.to_dict()}


@dataclass(frozen=True)
class CleanResult:
    """The cleaned text, its language, and every change, per line."""

    text: str
    lang: str
    line_changes: tuple[LineChange, ...] = field(default_factory=tuple)

    @property
    def changes(self) -> list[Change]:
        """All changes with offsets in the whole text; they replay in order."""
        return list(_document_changes(self.text, self.line_changes))

    def explain(self) -> list[dict[str, Any]]:
        """Every change as a plain dict: line, start, end, rule, before, after."""
        return [line_change.to_dict() for line_change in self.line_changes]


def _document_changes(cleaned: str, line_changes: Sequence[LineChange]) -> Iterator[Change]:
    # While line n's changes replay, lines before it are already clean.
    starts = [0]
    for line in cleaned.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    for line_change in line_changes:
        yield line_change.change.shifted(starts[line_change.line - 1])


#: "auto" detects the language on at most this many characters from the start of the
#: document (whole lines): detection cost grows with the text, the answer does not.
LANGUAGE_SAMPLE_CHARS = 5000


def language_sample(text: str, limit: int = LANGUAGE_SAMPLE_CHARS) -> str:
    """The start of `text`, at most `limit` characters, cut after a whole line if possible.

    >>> language_sample("erste Zeile\\nzweite Zeile\\n", limit=15)
    'erste Zeile'
    """
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > 0 else limit]


def resolve_language(text: str, lang: str) -> str:
    """The language the steps should assume: `lang`, or the detected one for "auto"."""
    if lang != "auto":
        return lang
    from .detect import detect

    return detect(language_sample(text)).lang


def clean_text(
    text: str,
    *,
    steps: Sequence[str] | None = None,
    lang: str | None = None,
    config: CleanConfig | None = None,
) -> CleanResult:
    """Clean `text` line by line and say what changed.

    >>> result = clean_text("Die Preise - so Händler - bleiben ( OCS ) .", lang="de",
    ...                     steps=["repair"])
    >>> result.text
    'Die Preise - so Händler - bleiben ( OCS ) .'
    """
    config = config or CleanConfig()
    # replace() keeps every other option of the config, whatever fields it gains.
    if steps is not None:
        config = replace(config, steps=tuple(steps))
    if lang:
        config = replace(config, lang=lang)
    resolved = resolve_language(text, config.lang)
    context = StepContext(lang=resolved, config=config)
    step_objects = build_steps(config.steps)
    out_lines: list[str] = []
    line_changes: list[LineChange] = []
    lines = split_lines(text)
    for number, line in enumerate(lines, start=1):
        ending = ""
        if line.endswith("\r"):
            line, ending = line[:-1], "\r"
        cleaned, changes = run_steps(line, step_objects, context)
        if "\n" in cleaned or "\r" in cleaned:
            before = cleaned
            cleaned = cleaned.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
            changes.extend(diff_changes("keep_line_breaks", before, cleaned))
        out_lines.append(cleaned + ending)
        line_changes.extend(LineChange(number, change) for change in changes)
    cleaned_text = "\n".join(out_lines)
    if text.endswith("\n"):
        cleaned_text += "\n"
    return CleanResult(cleaned_text, resolved, tuple(line_changes))
