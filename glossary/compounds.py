"""Minerals as the first part of a closed German compound (`Lithiummine`, `Kupferpreise`).

German writes `Kupferpreis`, not `Kupfer-Preis`; the term matcher keeps hits at word
boundaries only, so such compounds are found here: a capitalised word that starts
with a single-word mineral term and continues with a domain head noun from
`data/compound_heads.json` (with a regular ending), or with any German noun when the
compound is formed ad hoc (`Kobaltabhängigkeit`, `Galliumausfuhrkontrollen`, see
`ad_hoc_rest`). Other continuations are no match, which keeps out words that merely
begin with a mineral's name (`Kaliber`, `Uranus`) and lexicalised compounds with a
meaning of their own (`Bleistift`, `Zinnober`, `Eisenbahn`, `Silberhochzeit`). The
hit covers only the mineral part.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path

import regex
from wordfreq import zipf_frequency

from .inflect import Form
from .matcher import Hit
from .model import Term

HEADS_FILE = Path(__file__).parent / "data" / "compound_heads.json"

#: A capitalised word long enough to be a mineral plus a head (`Zinnerz` is 7).
COMPOUND_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}\p{Ll}{5,}(?![\p{L}\p{N}])")
#: A first part joined by a hyphen (`Seltenerd-Magnete`): the hyphen marks the compound.
HYPHENATED_FIRST_PART = regex.compile(r"(?<![\p{L}\p{N}\-])\p{Lu}\p{Ll}+(?=-\p{L})")


#: How frequent (wordfreq Zipf, German) the parts of a compound must be for MT's
#: hyphenated spelling (`Energie-Ministerium`, `Exekutiv-Befehl`) to be matched as the
#: term: the head a common word, the modifier at least a known one. A chance split
#: (`Russ|land`) does no harm: the matcher requires the hyphen in the text.
SPLIT_MIN_ZIPF_HEAD = 3.0
SPLIT_MIN_ZIPF_MODIFIER = 2.0
SPLIT_MIN_LENGTH = 4


@functools.lru_cache(maxsize=4096)
def hyphen_split(word: str) -> int | None:
    """Where MT may hyphenate the closed compound `word` (`Energie-Ministerium`): the
    split with the most frequent parts, both known German words (a linking `s` may
    end the first part), or None.

    >>> hyphen_split("Energieministerium"), hyphen_split("Staatsabteilung")
    (7, 6)
    >>> hyphen_split("Exekutivbefehl"), hyphen_split("Kupfer")
    (8, None)
    """
    best: tuple[float, int] | None = None
    for index in range(SPLIT_MIN_LENGTH, len(word) - SPLIT_MIN_LENGTH + 1):
        left, right = word[:index], word[index:]
        left_zipf = zipf_frequency(left, "de")
        if left.endswith("s"):
            left_zipf = max(left_zipf, zipf_frequency(left[:-1], "de"))
        right_zipf = zipf_frequency(right, "de")
        if left_zipf < SPLIT_MIN_ZIPF_MODIFIER or right_zipf < SPLIT_MIN_ZIPF_HEAD:
            continue
        score = left_zipf + right_zipf
        if best is None or score > best[0]:
            best = (score, index)
    return None if best is None else best[1]


def hyphenated_variants(forms: Iterable[str], head_word: str, head_index: int) -> list[str]:
    """The forms with their head noun hyphenated where MT splits it.

    >>> hyphenated_variants(["Energieministerium", "Energieministeriums"], "Energieministerium", 0)
    ['Energie-Ministerium', 'Energie-Ministeriums']
    """
    index = hyphen_split(head_word)
    if index is None:
        return []
    left = head_word[:index]
    variants = []
    for form in forms:
        words = form.split(" ")
        if len(words) > head_index and words[head_index].startswith(left):
            word = words[head_index]
            words[head_index] = f"{left}-{word[index : index + 1].upper()}{word[index + 1 :]}"
            variants.append(" ".join(words))
    return variants


#: A compound formed ad hoc (`Kobaltabhängigkeit`) is unknown to wordfreq; one it
#: knows (any Zipf above 0: `Zinnober`, `Eisenbahn`, `Silberhochzeit`) is lexicalised,
#: with a meaning of its own, and counts only with a domain head (`Kupferpreis`).
LEXICALISED_MIN_ZIPF = 0.0
#: How frequent (German Zipf) the rest after the mineral must be to count as a noun of
#: its own (`abhängigkeit` 4.0, `belastung` 4.3); rarer rests (`wurz` 2.4, `fänge` 2.8)
#: may be chance strings, unless they split into two words (`über|produktion`).
REST_MIN_ZIPF = 3.0
REST_MIN_LENGTH = 5


def _known(word: str) -> bool:
    return zipf_frequency(word, "de") > LEXICALISED_MIN_ZIPF


def _modifier_zipf(part: str) -> float:
    """Zipf of a compound's first part, with a linking `s` or a verb stem (`förder-`
    of `fördern`) allowed."""
    candidates = [part, part + "n", part + "en"]
    if part.endswith("s"):
        candidates.append(part[:-1])
    return max(zipf_frequency(candidate, "de") for candidate in candidates)


#: Plural and case endings of German nouns: a plural is rarer than its singular
#: (`katalysatoren` 2.95, `katalysator` 3.3), so the rest counts when its stem is frequent.
NOUN_ENDINGS: tuple[str, ...] = ("en", "n", "e", "er", "es", "s")


def uninflected(rest: str) -> list[str]:
    """`rest` and its stems without one plural or case ending, at least
    `REST_MIN_LENGTH` letters long.

    >>> uninflected("katalysatoren")
    ['katalysatoren', 'katalysator', 'katalysatore']
    """
    stems = [rest]
    for ending in NOUN_ENDINGS:
        if rest.endswith(ending) and len(rest) - len(ending) >= REST_MIN_LENGTH:
            stems.append(rest[: -len(ending)])
    return stems


def german_rest(rest: str, heads: regex.Pattern[str]) -> bool:
    """Whether `rest` (lower-case) is a German noun: a frequent word, or a modifier (a
    known word or a domain head) joined to a frequent word.

    >>> heads = head_pattern()
    >>> german_rest("abhängigkeit", heads), german_rest("ausfuhrkontrollen", heads)
    (True, True)
    >>> german_rest("erzlieferungen", heads), german_rest("wurz", heads), german_rest("us", heads)
    (True, False, False)
    """
    if len(rest) < REST_MIN_LENGTH:
        return False
    if max(zipf_frequency(stem, "de") for stem in uninflected(rest)) >= REST_MIN_ZIPF:
        return True
    for index in range(2, len(rest) - REST_MIN_LENGTH + 1):
        left, right = rest[:index], rest[index:]
        if zipf_frequency(right, "de") < REST_MIN_ZIPF:
            continue
        if heads.fullmatch(left) or (
            len(left) >= SPLIT_MIN_LENGTH and _modifier_zipf(left) >= SPLIT_MIN_ZIPF_MODIFIER
        ):
            return True
    return False


def ad_hoc_rest(word: str, length: int, heads: regex.Pattern[str]) -> bool:
    """Whether the lower-case `word` is an ad-hoc compound of the mineral `word[:length]`
    and a German noun (`kobalt|abhängigkeit`): wordfreq does not know the compound, no
    longer first part is a lexicalised word other than mineral + domain head
    (`zinnober|farbe`, `bleistift|zeichnung`; `chromerz|lieferungen` is fine), and the
    rest is a German noun (`german_rest`).

    >>> heads = head_pattern()
    >>> ad_hoc_rest("kobaltabhängigkeit", 6, heads), ad_hoc_rest("chromerzlieferungen", 5, heads)
    (True, True)
    >>> ad_hoc_rest("zinnober", 4, heads), ad_hoc_rest("eisenbahn", 5, heads)
    (False, False)
    >>> ad_hoc_rest("zinnoberfarbe", 4, heads), ad_hoc_rest("silberhochzeit", 6, heads)
    (False, False)
    """
    if len(word) - length < REST_MIN_LENGTH or _known(word):
        return False
    for end in range(length + 3, len(word) - 2):
        if _known(word[:end]) and not heads.fullmatch(word, length, end):
            return False
    return german_rest(word[length:], heads)


def compound_prefixes(path: Path = HEADS_FILE) -> dict[str, str]:
    """Compound-only first parts of concepts: prefix -> concept id.

    >>> compound_prefixes()["Seltenerd"]
    'rare_earths'
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(data.get("prefixes", {}))


def adjective_pattern(path: Path = HEADS_FILE) -> regex.Pattern[str]:
    """A lower-case word made of a first part and an adjective head (`lithium|haltige`):
    group 1 is the first part.

    >>> adjective_pattern().findall("die lithiumhaltige Sole, bleifreies Benzin, eine Armee")
    ['lithium', 'blei']
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    heads = "|".join(map(regex.escape, sorted(data.get("adjective_heads", []), key=len)))
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}\-])(\p{{Ll}}{{2,}}?)(?:{heads})(?:e|en|er|es|em)?(?![\p{{L}}\p{{N}}])"
    )


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
        # Compound-only first parts, never words of their own (`Seltenerd`).
        self.first_parts = {prefix.lower(): term for prefix, term in (extra or {}).items()}
        for prefix, term in self.first_parts.items():
            self.prefixes.setdefault(prefix, term)
        # `apply` looks only for deprecated minerals (`Flußspatvorkommen`): a smaller table.
        self.deprecated = {
            prefix: term for prefix, term in self.prefixes.items() if term.status == "deprecated"
        }
        self.lengths = sorted({len(prefix) for prefix in self.prefixes}, reverse=True)
        self.deprecated_lengths = sorted({len(prefix) for prefix in self.deprecated}, reverse=True)
        self.heads = head_pattern()
        self.adjectives = adjective_pattern()
        # word -> whether it is an ad-hoc compound (wordfreq look-ups are the slow part).
        self._ad_hoc: dict[tuple[str, int], bool] = {}

    def _is_compound(self, word: str, length: int) -> bool:
        """Whether `word` (lower-case) continues its mineral part `word[:length]` with a
        domain head or, formed ad hoc, with any German noun."""
        if self.heads.fullmatch(word, length):
            return True
        key = (word, length)
        found = self._ad_hoc.get(key)
        if found is None:
            found = ad_hoc_rest(word, length, self.heads)
            if len(self._ad_hoc) < 50_000:
                self._ad_hoc[key] = found
        return found

    def find(self, text: str, deprecated_only: bool = False) -> list[Hit]:
        """Mineral hits inside compounds, in text order (only deprecated terms if asked).

        >>> from glossary import load_glossary
        >>> finder = load_glossary().compound_finder()
        >>> [(text[h.start:h.end], h.term.concept_id) for text in
        ...  ["Die Lithiumminen, der Bleistift, Seltenerd-Magnete."] for h in finder.find(text)]
        [('Lithium', 'lithium'), ('Seltenerd', 'rare_earths')]
        >>> [h.term.concept_id for h in finder.find("Kobaltabhängigkeit, Zinnober, Zinnkraut")]
        ['cobalt']
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
                if term is not None and self._is_compound(lowered, length):
                    hits.append(Hit(word.start(), word.start() + length, term))
                    break
        for word in self.adjectives.finditer(text):
            term = prefixes.get(word[1])
            if term is not None:
                hits.append(Hit(word.start(), word.end(1), term))
        if not deprecated_only and self.first_parts:
            for part in HYPHENATED_FIRST_PART.finditer(text):
                term = self.first_parts.get(part[0].lower())
                if term is not None:
                    hits.append(Hit(part.start(), part.end(), term))
        hits.sort(key=lambda hit: hit.start)
        return hits


#: Linking elements MT writes after a deprecated noun in a compound (`Exekutivbefehls|entwurf`,
#: `Exekutivbesetzungs-Text`): the genitive-like `s`, which depends on the noun; a closed
#: compound may have none (`Preiskür|modell`).
LINKS: tuple[str, ...] = ("es", "s")
CLOSED_LINKS: tuple[str, ...] = (*LINKS, "")
#: Endings after which German always links with `s` (`Exekutivanordnungs|entwurf`).
S_LINK_ENDINGS: tuple[str, ...] = ("ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum")


def relinked(target: str, gender: str | None, link: str) -> str:
    """The linking element `target` takes as the first part of a compound, where the
    replaced noun had `link`: `s` after `-ung`, `-heit`, `-ion`, ... (`Exekutivanordnungs|
    entwurf`); `n` after a feminine noun in `-e` (`Preisuntergrenzen|system`); none after
    other feminine nouns; else `link` as written.

    >>> relinked("Exekutivanordnung", "f", ""), relinked("Preisuntergrenze", "f", "")
    ('s', 'n')
    >>> relinked("Exekutivorder", "f", "s"), relinked("Außenministerium", "n", "s")
    ('', 's')
    >>> relinked("Wolfram", "n", "")
    ''
    """
    if target.lower().endswith(S_LINK_ENDINGS):
        return "s"
    if gender == "f":
        return "n" if target.endswith("e") else ""
    return link


def linked_part(surface: str, written: str) -> str | None:
    """The linking element after the term `written` at the start of `surface`, or None
    when `surface` is not the term plus one (`Exekutivbefehls` → `s`).

    >>> linked_part("Exekutivbefehls", "Exekutivbefehl"), linked_part("Exekutivbefehl", "Exekutiv")
    ('s', None)
    """
    if len(surface) <= len(written) or surface[: len(written)].lower() != written.lower():
        return None
    link = surface[len(written) :]
    return link if link.lower() in LINKS else None


#: Up to this many prefixes, a line is first screened by substring tests.
SCREEN_MAX = 64


class LinkedCompoundFinder:
    """Deprecated one-word German nouns at the start of a closed or hyphenated compound
    with a linking `s` (`Exekutivbefehlsentwurf`, `Exekutivbesetzungs-Text`): the hit
    covers the noun and its linking element."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.prefixes: dict[str, Term] = {}
        for term in terms:
            if " " not in term.text and "-" not in term.text and not term.is_acronym:
                self.prefixes.setdefault(term.text.lower(), term)
        self.lengths = sorted({len(prefix) for prefix in self.prefixes}, reverse=True)
        # The first letters of every prefix: a word that starts otherwise is skipped at once.
        self.start_size = min([*self.lengths[-1:], 4])
        self.starts = {prefix[: self.start_size] for prefix in self.prefixes}
        # Few prefixes (the shipped term base): a substring test skips almost every line.
        self.screen = len(self.prefixes) <= SCREEN_MAX
        self.heads = head_pattern()

    def find(self, text: str) -> list[Hit]:
        """
        >>> from glossary import load_glossary
        >>> finder = load_glossary().linked_finder()
        >>> text = "Der Exekutivbefehlsentwurf, der Exekutivbesetzungs-Text, die Preiskürdebatte."
        >>> [text[h.start:h.end] for h in finder.find(text)]
        ['Exekutivbefehls', 'Exekutivbesetzungs', 'Preiskür']
        >>> finder.find("Die Exekutivbefehlshaber und die Preiskürzungen.")
        []
        """
        if not self.prefixes:
            return []
        if self.screen:
            lowered_text = text.lower()
            if not any(prefix in lowered_text for prefix in self.prefixes):
                return []
        hits: list[Hit] = []
        get = self.prefixes.get
        for word in COMPOUND_WORD.finditer(text):
            lowered = word[0].lower()
            if lowered[: self.start_size] not in self.starts:
                continue
            shorter = [size for size in self.lengths if size < len(lowered)]
            for size in shorter:
                term = get(lowered[:size])
                if term is None:
                    continue
                hyphenated = HYPHEN_NEXT.match(text, word.end()) is not None
                length = self._linked_length(lowered, size, hyphenated)
                if length is not None:
                    hits.append(Hit(word.start(), word.start() + length, term))
                    break
        return hits

    def _linked_length(self, lowered: str, size: int, hyphenated: bool) -> int | None:
        """The length of the term (`size` letters) with its linking element at the start
        of the word `lowered`, or None when the word is no such compound."""
        if other_split(lowered, size):
            return None
        for link in LINKS if hyphenated else CLOSED_LINKS:
            length = size + len(link)
            if not lowered.startswith(link, size):
                continue
            if (hyphenated and length == len(lowered)) or (
                not hyphenated and ad_hoc_rest(lowered, length, self.heads)
            ):
                return length
        return None


def other_split(word: str, length: int) -> bool:
    """Whether `word` (lower-case) ends in a known word that begins inside its first
    `length` letters: then the compound splits elsewhere (`exekutiv|befehlshaber`, not
    `exekutivbefehl|s|haber`; `preis|kürzungen`).

    >>> other_split("exekutivbefehlshaber", 14), other_split("exekutivbefehlsentwurf", 14)
    (True, False)
    >>> other_split("preiskürzungen", 8), other_split("exekutivbefehlskette", 14)
    (True, True)
    """
    if len(word) - length < REST_MIN_LENGTH:
        return False  # no rest of its own (`Exekutivbesetzungs-`): nothing to split
    # Any known word counts, however rare: `Befehlskette` (2.1) is lexicalised, so
    # `Exekutivbefehlskette` is `Exekutiv|befehlskette`, the executive chain of command.
    return any(_known(word[index:]) for index in range(1, length - 2))


#: A hyphen and a letter: the word before it is the first part of a compound.
HYPHEN_NEXT = regex.compile(r"-\p{L}")
