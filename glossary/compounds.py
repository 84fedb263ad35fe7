"""Minerals as the first part of a closed German compound (`Lithiummine`, `Kupferpreise`).

German writes `Kupferpreis`, not `Kupfer-Preis`; the term matcher keeps hits at word
boundaries only, so such compounds are found here: a capitalised word that starts
with a single-word mineral term and continues with a domain head noun from
`data/compound_heads.json` (with a regular ending). Any other continuation is not a
match, which keeps out words that merely begin with a mineral's name (`Bleistift`,
`Zinnober`, `Kaliber`, `Uranus`). The hit covers only the mineral part.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import regex

from .inflect import Form
from .matcher import Hit
from .model import Term

HEADS_FILE = Path(__file__).parent / "data" / "compound_heads.json"

#: A capitalised word long enough to be a mineral plus a head (`Zinnerz` is 7).
COMPOUND_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}\p{Ll}{5,}(?![\p{L}\p{N}])")


def compound_prefixes(path: Path = HEADS_FILE) -> dict[str, str]:
    """Compound-only first parts of concepts: prefix -> concept id.

    >>> compound_prefixes()["Seltenerd"]
    'rare_earths'
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(data.get("prefixes", {}))


def head_pattern(path: Path = HEADS_FILE) -> regex.Pattern[str]:
    """The pattern a compound's rest (after the mineral) must match in full, lower-cased.

    >>> pattern = head_pattern()
    >>> bool(pattern.fullmatch("preise")), bool(pattern.fullmatch("stift"))
    (True, False)
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    heads = sorted(data["heads"], key=len, reverse=True)
    endings = sorted(data["endings"], key=len, reverse=True)
    return regex.compile(
        "(?:" + "|".join(map(regex.escape, heads)) + ")"
        "(?:" + "|".join(map(regex.escape, endings)) + ")"
    )


class CompoundFinder:
    """Finds mineral terms at the start of closed compounds."""

    def __init__(
        self, terms: Iterable[tuple[Term, list[Form]]], extra: dict[str, Term] | None = None
    ) -> None:
        self.prefixes: dict[str, Term] = {}
        for term, forms in terms:
            if " " in term.text or "-" in term.text or term.is_acronym or not forms:
                continue
            self.prefixes.setdefault(forms[0].text.lower(), term)
        for prefix, term in (extra or {}).items():
            self.prefixes.setdefault(prefix.lower(), term)
        # `apply` looks only for deprecated minerals (`Flußspatvorkommen`): a smaller table.
        self.deprecated = {
            prefix: term for prefix, term in self.prefixes.items() if term.status == "deprecated"
        }
        self.lengths = sorted({len(prefix) for prefix in self.prefixes}, reverse=True)
        self.deprecated_lengths = sorted({len(prefix) for prefix in self.deprecated}, reverse=True)
        self.heads = head_pattern()

    def find(self, text: str, deprecated_only: bool = False) -> list[Hit]:
        """Mineral hits inside compounds, in text order (only deprecated terms if asked).

        >>> from glossary import load_glossary
        >>> finder = load_glossary().compound_finder()
        >>> [(text[h.start:h.end], h.term.concept_id) for text in
        ...  ["Die Lithiumminen und der Bleistift."] for h in finder.find(text)]
        [('Lithium', 'lithium')]
        """
        prefixes = self.deprecated if deprecated_only else self.prefixes
        lengths = self.deprecated_lengths if deprecated_only else self.lengths
        if not prefixes:
            return []
        if deprecated_only:
            # Few deprecated minerals: a substring test skips almost every line.
            lowered_text = text.lower()
            if not any(prefix in lowered_text for prefix in prefixes):
                return []
        hits: list[Hit] = []
        for word in COMPOUND_WORD.finditer(text):
            lowered = word[0].lower()
            for length in lengths:
                if length > len(lowered) - 3:
                    continue
                term = prefixes.get(lowered[:length])
                if term is not None and self.heads.fullmatch(lowered, length):
                    hits.append(Hit(word.start(), word.start() + length, term))
                    break
        return hits
