"""One-pass term matching: an Aho-Corasick automaton over case-folded surface forms.

All surface forms of all terms go into one `pyahocorasick` automaton, so a text is
scanned once whatever the glossary's size. Hits are then kept only at word boundaries
(a term never matches inside an unrelated word; a hyphen is a boundary, so
`US-Energieministerium` contains `Energieministerium`), with the exact case for
case-sensitive terms (acronyms), and overlapping hits are resolved longest first.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from .model import STATUSES, Term

#: Characters folded before matching: spaces of every width, a line break and hyphens of
#: every kind become one plain space, so `DDR-Kongo` matches `DDR Kongo`, `Export-Import
#: Bank` matches `Export-Import-Bank` (MT output is inconsistent about both) and a term
#: wrapped at the end of a line (`DDR⏎Kongo`) is found.
FOLD_TABLE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\n": " ",
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
        "\u2019": "'",
    }
)


def fold(text: str) -> str:
    """Case-fold `text` without changing its length (offsets stay valid).

    >>> fold("US-Energie\u00adMINISTERIUM\u00a0X")
    'us energie\u00administerium x'
    """
    folded = text.translate(FOLD_TABLE).lower()
    if len(folded) == len(text):
        return folded
    # A few characters lower-case to two (İ); keep those as they are.
    return "".join(
        lowered if len(lowered := char.lower()) == 1 else char
        for char in text.translate(FOLD_TABLE)
    )


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


HYPHENS = frozenset("-\u2010\u2011")


def hyphens_kept(matched: str, surface: str, term_text: str) -> bool:
    """A hyphenated variant of a closed compound (`Energie-Ministerium` for
    `Energieministerium`) matches only where the text has the hyphen, not a space.

    >>> hyphens_kept("Energie Ministerium", "Energie-Ministerium", "Energieministerium")
    False
    >>> hyphens_kept("Export Import Bank", "Export-Import-Bank", "Export-Import-Bank")
    True
    """
    if len(matched) != len(surface) or term_text.count("-") >= surface.count("-"):
        return True
    return all(matched[i] in HYPHENS for i, char in enumerate(surface) if char == "-")


def is_capitalised_name(surface: str) -> bool:
    """Whether `surface` has two or more capitalised words (`Big and Beautiful Act`,
    `Seltene Erden`): such a name is no match in all lower-case text (`a big and
    beautiful act of kindness`), where its words are ordinary words.

    >>> is_capitalised_name("Big and Beautiful Act"), is_capitalised_name("nationaler Notfall")
    (True, False)
    """
    return sum(word[:1].isupper() for word in surface.split(" ")) >= 2


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found at `start:end`."""

    start: int
    end: int
    term: Term


class TermIndex:
    """Surface forms of terms compiled into one automaton."""

    def __init__(self, entries: Iterable[tuple[Term, str]]) -> None:
        self.automaton = ahocorasick.Automaton()
        buckets: dict[str, list[tuple[Term, str, bool]]] = {}
        for term, surface in entries:
            key = fold(surface)
            bucket = buckets.setdefault(key, [])
            if all(existing is not term for existing, _, _ in bucket):
                bucket.append((term, surface, is_capitalised_name(surface)))
        for key, bucket in buckets.items():
            bucket.sort(key=lambda entry: STATUSES.index(entry[0].status))
            self.automaton.add_word(key, (len(key), tuple(bucket)))
        self.size = len(buckets)
        if buckets:
            self.automaton.make_automaton()

    def candidates(self, text: str) -> list[Hit]:
        """Every hit at word boundaries, possibly overlapping."""
        if not self.size or not text:
            return []
        hits: list[Hit] = []
        length = len(text)
        for last, (key_length, bucket) in self.automaton.iter(fold(text)):
            start = last - key_length + 1
            end = last + 1
            if start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]):
                continue
            if end < length and is_word_char(text[end - 1]) and is_word_char(text[end]):
                continue
            for term, surface, name in bucket:
                matched = text[start:end]
                if term.case_sensitive and matched != surface:
                    continue
                if name and matched.islower():
                    continue
                if not hyphens_kept(matched, surface, term.text):
                    continue
                hits.append(Hit(start, end, term))
                break
        return hits

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits, longest first, in text order.

        A longer term wins over any shorter one it overlaps (`DDR Kongo` over `DDR`,
        `Energieministerium` over `Ministerium`).
        """
        hits = self.candidates(text)
        hits.sort(key=lambda hit: (hit.start - hit.end, hit.start))
        starts: list[int] = []
        chosen: list[Hit] = []
        for hit in hits:
            index = bisect.bisect_left(starts, hit.start)
            if index > 0 and chosen[index - 1].end > hit.start:
                continue
            if index < len(chosen) and chosen[index].start < hit.end:
                continue
            starts.insert(index, hit.start)
            chosen.insert(index, hit)
        return chosen
