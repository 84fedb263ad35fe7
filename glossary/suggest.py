"""Candidate terms from a corpus that the glossary lacks (`mtnorm glossary suggest`).

Three kinds of candidate, ranked by frequency:

* `acronym`: capitalised abbreviations (`NEDC`, `OCS`), with the name written before
  them in parentheses when the text gives one (`Outer Continental Shelf (OCS)`);
* `name`: recurring multi-word names containing English words in German text
  (`Trilogy Metals`, `Strategic Resilience Reserve`: wordfreq says a word is more
  frequent in English than in German), or starting with a capitalised adjective inside a
  sentence (`der Strategischen Rohstoffreserve`);
* `pattern`: known-bad MT patterns from `data/suggest_patterns.json`.

Text the glossary already matches is skipped.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex
from wordfreq import zipf_frequency

from .inflect import ADJECTIVE_WORD
from .termbase import Glossary

PATTERNS_FILE = Path(__file__).parent / "data" / "suggest_patterns.json"

ACRONYM = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{Lu}\p{N}&]{1,7}(?![\p{L}\p{N}])")
#: "Long Name (ACR)": up to eight words before a parenthesised acronym.
EXPANSION = regex.compile(
    r"((?:[\p{Lu}][\p{L}.&'-]*\s+(?:(?:of|and|for|the|für|der|des|und)\s+)?){1,8})"
    r"\(\s*(\p{Lu}[\p{Lu}\p{N}&]{1,7})\s*\)"
)
#: Two or more capitalised words, English connectors allowed in between.
NAME = regex.compile(
    r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}.&'-]*(?:\s+(?:(?:of|and|for|the|&)\s+)?"
    r"\p{Lu}[\p{L}\p{N}.&'-]*)+"
)
#: Capitalised words that start German sentences and never start a name.
SENTENCE_WORDS = frozenset(
    ("Der", "Die", "Das", "Ein", "Eine", "Im", "Am", "Auf", "Bei", "Mit", "Nach", "Von",
     "Zum", "Zur", "Für", "Und", "Doch", "Aber", "Laut", "Seit", "Unter", "Über", "Durch",
     "Dies", "Diese", "Dieser")
)  # fmt: skip

#: Abbreviations that end company names; any other final full stop ends a sentence.
NAME_ABBREVIATIONS = frozenset(("Inc.", "Corp.", "Co.", "Ltd.", "U.S.", "Jr."))


@dataclass
class Candidate:
    """A suggested term: what, which kind, how often, and some contexts."""

    text: str
    kind: str
    count: int = 0
    note: str = ""
    examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.text,
            "kind": self.kind,
            "count": self.count,
            "note": self.note,
            "examples": self.examples,
        }


@cache
def known_bad_patterns() -> list[tuple[regex.Pattern[str], str]]:
    data = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
    return [(regex.compile(item["pattern"]), item["reason"]) for item in data["patterns"]]


def looks_english(word: str) -> bool:
    """A word more frequent in English than in German (wordfreq evidence).

    >>> looks_english("Resilience"), looks_english("Reserve"), looks_english("Erden")
    (True, True, False)
    """
    lower = word.lower().strip(".'")
    english = zipf_frequency(lower, "en")
    return english > 2.0 and english > zipf_frequency(lower, "de") + 0.5


def expansion(words_before: str, acronym: str) -> str:
    """The words before `(ACR)` that spell it out: as many capitalised words as letters.

    >>> expansion("Der Kern der Nationalen Strategischen Reserven ", "NSR")
    'Nationalen Strategischen Reserven'
    """
    words = words_before.split()
    letters = sum(char.isupper() for char in acronym)
    taken: list[str] = []
    capitals = 0
    while words and capitals < letters:
        word = words.pop()
        taken.insert(0, word)
        capitals += word[:1].isupper()
    while taken and (taken[0] in SENTENCE_WORDS or not taken[0][:1].isupper()):
        taken.pop(0)
    return " ".join(taken)


def suggest(
    lines: Iterable[str], glossary: Glossary, min_count: int = 2, examples: int = 2
) -> list[Candidate]:
    """Candidates found in `lines`, most frequent first."""
    found: dict[tuple[str, str], Candidate] = {}
    expansions: dict[str, Counter[str]] = defaultdict(Counter)

    def note(kind: str, text: str, line: str, reason: str = "") -> None:
        candidate = found.setdefault((kind, text), Candidate(text, kind, note=reason))
        candidate.count += 1
        example = line.strip()[:200]
        if len(candidate.examples) < examples and example not in candidate.examples:
            candidate.examples.append(example)

    for line in lines:
        covered = [(m.start, m.end) for m in glossary.match(line, None)]

        def known(start: int, end: int, spans: list[tuple[int, int]] = covered) -> bool:
            return any(s < end and start < e for s, e in spans)

        for match in EXPANSION.finditer(line):
            expansions[match.group(2)][expansion(match.group(1), match.group(2))] += 1
        for match in ACRONYM.finditer(line):
            if not known(match.start(), match.end()) and sum(map(str.isupper, match.group())) > 1:
                note("acronym", match.group(), line)
        for match in NAME.finditer(line):
            words = match.group().split()
            if words[-1].endswith(".") and words[-1] not in NAME_ABBREVIATIONS:
                words[-1] = words[-1].rstrip(".")  # the full stop ends the sentence
            while words and words[0] in SENTENCE_WORDS:
                words = words[1:]
            if len(words) < 2 or known(match.start(), match.end()):
                continue
            before = line[: match.start()].rstrip()
            mid_sentence = bool(before) and before[-1] not in '.!?:"„“«»'
            # A capitalised adjective inside a sentence starts a German proper name
            # (`die Nationale Sicherheitsstrategie`); English words mark a quoted name.
            if any(looks_english(word) for word in words) or (
                mid_sentence
                and len(words) == len(match.group().split())
                and ADJECTIVE_WORD.match(words[0])
            ):
                note("name", " ".join(words), line)
        for pattern, reason in known_bad_patterns():
            for match in pattern.finditer(line):
                if not known(match.start(), match.end()):
                    note("pattern", match.group(), line, reason)
    for (kind, text), candidate in found.items():
        if kind == "acronym" and expansions.get(text):
            candidate.note = "written out: " + expansions[text].most_common(1)[0][0]
    ranked = [c for c in found.values() if c.count >= min_count or c.kind == "pattern"]
    ranked.sort(key=lambda c: (-c.count, c.kind, c.text))
    return ranked
