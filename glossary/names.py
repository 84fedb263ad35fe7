"""Whether a deprecated term stands inside an English proper name.

MT leaves English words untranslated (`Tungsten` for Wolfram), and the glossary
replaces them; but the same word inside an English name (`North American Tungsten`,
`Tungsten Mining Ltd`) is part of the name and must stay. Evidence decides, not a
list of names: the term is an English word (wordfreq: clearly more frequent in
English than in German) and a capitalised neighbour word is English too.

A term right after a noun that introduces a word as a word (`das Wort Tungsten
stammt aus dem Schwedischen`; `data/mention_words.txt`) is mentioned, not used, and
stays too.
"""

from __future__ import annotations

import functools
from pathlib import Path

import regex
from wordfreq import zipf_frequency

#: How much more frequent (Zipf scale) a word must be in English than in German to
#: count as English (the threshold `glossary.suggest` uses too): `Tungsten` 3.1 vs
#: 1.8, `Corp` 4.3 vs 3.3, `West` 5.3 vs 4.6; `Trump` (4.9 vs 4.7), `China` and the
#: German words English shares (`in`, `die`) do not count.
ENGLISH_MARGIN = 0.5

#: The word directly before or after a term (one space between).
WORD_BEFORE = regex.compile(r"(?:^|(?<=[^\p{L}\p{N}]))(\p{L}+) $")
WORD_AFTER = regex.compile(r"^ (\p{L}+)(?![\p{L}\p{N}])")
#: The word before a term, with an opening quotation mark allowed between.
MENTION_BEFORE = regex.compile(r"(?:^|(?<=[^\p{L}\p{N}]))(\p{L}+) [\"'„“‚‘»«]?$")

MENTION_FILE = Path(__file__).parent / "data" / "mention_words.txt"


@functools.lru_cache(maxsize=1)
def mention_words(path: Path = MENTION_FILE) -> frozenset[str]:
    """The nouns of `data/mention_words.txt`, lower-case."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip()[:1] not in ("", "#"))


def mentioned(text: str, start: int) -> bool:
    """Whether the term at `start` is mentioned as a word (`das Wort „Tungsten“`).

    >>> mentioned("Das Wort Tungsten stammt aus dem Schwedischen.", 9)
    True
    >>> mentioned("Der Begriff „OBBA“ ist falsch.", 13), mentioned("Die Preise für Tungsten", 15)
    (True, False)
    """
    before = MENTION_BEFORE.search(text[max(0, start - 40) : start])
    return before is not None and before.group(1).lower() in mention_words()


@functools.lru_cache(maxsize=4096)
def is_english_word(word: str) -> bool:
    """A word clearly more frequent in English than in German (all-caps acronyms never).

    >>> is_english_word("Tungsten"), is_english_word("American"), is_english_word("Die")
    (True, True, False)
    >>> is_english_word("Trump"), is_english_word("US")
    (False, False)
    """
    if word.isupper():
        return False
    english = zipf_frequency(word, "en")
    return english > 2.0 and english > zipf_frequency(word, "de") + ENGLISH_MARGIN


def inside_english_name(text: str, start: int, end: int) -> bool:
    """Whether the English word at `start:end` is part of an English name in `text`.

    >>> text = "Die Firma North American Tungsten meldete Insolvenz."
    >>> inside_english_name(text, 25, 33)
    True
    >>> inside_english_name("Die Preise für Tungsten steigen.", 15, 23)
    False
    >>> inside_english_name("„tungsten prices are rising“", 1, 9)
    True
    """
    if " " in text[start:end] or not is_english_word(text[start:end]):
        return False
    before = WORD_BEFORE.search(text[max(0, start - 40) : start])
    after = WORD_AFTER.match(text[end : end + 40])
    return any(match is not None and is_english_word(match.group(1)) for match in (before, after))


#: Web and e-mail addresses: a term inside one (`https://example.org/DDR-Kongo`,
#: `exekutivbefehl@beispiel.de`) is part of the address, never a use of the term.
ADDRESS = regex.compile(
    r"(?:\b[a-z][a-z0-9+.\-]*://|\bwww\.)[^\s<>\"“”„«»]*[^\s<>\"“”„«».,;:!?)\]]"
    r"|[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+",
    regex.IGNORECASE,
)


def address_spans(text: str) -> list[tuple[int, int]]:
    """The spans of web and e-mail addresses in `text`.

    >>> address_spans("Siehe www.tungsten-news.com/Preise. Oder an a.b@c.de schreiben.")
    [(6, 34), (44, 52)]
    >>> address_spans("Die Preise für Tungsten steigen.")
    []
    """
    if "@" not in text and "://" not in text and "www." not in text and "WWW." not in text:
        return []
    return [match.span() for match in ADDRESS.finditer(text)]


def outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether `start:end` overlaps none of `spans`."""
    return all(end <= first or start >= last for first, last in spans)


TITLE_FILE = Path(__file__).parent / "data" / "title_words.txt"
#: An opening quotation mark after a word, and no closing one up to the term.
QUOTE_OPENED = regex.compile(r"(?:^|(?<=[^\p{L}\p{N}]))(\p{L}+) [\"„“‚»«][^\"“”„‚‘»«]*$")


@functools.lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """The nouns of `data/title_words.txt` (lower-case): a quotation right after one is
    the title of a work."""
    lines = TITLE_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip()[:1] not in ("", "#"))


def in_title(text: str, start: int) -> bool:
    """Whether the term at `start` is inside a quoted title of a work (`sein Roman „Der
    Exekutivbefehl“`), which is quoted as it was published.

    >>> in_title("Sein Roman „Der Exekutivbefehl“ erschien 2019.", 16)
    True
    >>> in_title("Den „National Energy Emergency“ Exekutivbefehl", 33)
    False
    """
    opened = QUOTE_OPENED.search(text[max(0, start - 80) : start])
    return opened is not None and opened.group(1).lower() in title_words()


#: A capitalised word right after a term (one space between).
CAPITALISED_AFTER = regex.compile(r" \p{Lu}\p{L}*(?![\p{L}\p{N}])")


def starts_english_name(text: str, start: int, end: int) -> bool:
    """Whether the common noun at `start:end`, written with a capital, is followed by a
    capitalised word: in English text it is then part of a name (`Tin Pan Alley`, `Copper
    Mountain Mining`, `Cobalt Blue Holdings`), not the metal.

    >>> starts_english_name("Tin Pan Alley songwriters", 0, 3)
    True
    >>> starts_english_name("Tin prices rose", 0, 3), starts_english_name("the tin Market", 4, 7)
    (False, False)
    """
    return text[start : start + 1].isupper() and CAPITALISED_AFTER.match(text, end) is not None


CONTEXT_FILE = Path(__file__).parent / "data" / "mineral_context_en.txt"
#: The words right before and after a term, across a space, hyphen or a coordination
#: (`zinc and lead`, `lead, zinc`).
NEIGHBOUR_BEFORE = regex.compile(r"(\p{L}+)(?:[ \-]|, | and | or )$")
NEIGHBOUR_AFTER = regex.compile(r"(?:[ \-]|, | and | or )(\p{L}+)")


@functools.lru_cache(maxsize=1)
def mineral_context_words(path: Path = CONTEXT_FILE) -> frozenset[str]:
    """The words of `data/mineral_context_en.txt`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip()[:1] not in ("", "#"))


def in_mineral_context(text: str, start: int, end: int, minerals: frozenset[str]) -> bool:
    """Whether a mineral context word or another mineral (`minerals`, lower-case) stands
    next to `start:end`.

    >>> minerals = frozenset({"zinc", "lead"})
    >>> in_mineral_context("lead prices rose", 0, 4, minerals)
    True
    >>> in_mineral_context("copper, zinc and lead", 17, 21, minerals)
    True
    >>> in_mineral_context("They will lead the talks", 10, 14, minerals)
    False
    """
    before = NEIGHBOUR_BEFORE.search(text, max(0, start - 40), start)
    after = NEIGHBOUR_AFTER.match(text, end, min(len(text), end + 40))
    words = [match.group(1).lower() for match in (before, after) if match is not None]
    context = mineral_context_words()
    return any(word in context or word in minerals for word in words)
