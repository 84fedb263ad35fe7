"""Whether a generic word for a national body belongs to another country.

The term base maps `Handelsministerium` to the US Department of Commerce, because the
news it serves is about US policy; but `das chinesische Handelsministerium` (China's
MOFCOM) or `des kanadischen Energieministeriums` are other ministries. A term flagged
`national` is not matched when a nationality adjective stands directly before it.
German nationality adjectives end in `-isch`/`-sch` (`chinesisch`, `kanadisch`,
`deutsch`, `französisch`); the US ones (`amerikanisch`, `US-amerikanisch`) keep the
match. Nor is it matched next to another country's genitive, from the country names
in `data/countries_de.txt`: `Kanadas Energieministerium`, `das Handelsministerium
Brasiliens`, `das Außenministerium der Türkei`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import regex

COUNTRIES_FILE = Path(__file__).parent / "data" / "countries_de.txt"

#: An inflected adjective in -isch/-sch directly before the term (`chinesischen `).
NATIONALITY_BEFORE = regex.compile(
    r"(?:^|(?<=[^\p{L}\p{N}\-]))(\p{L}+(?:isch|sch)(?:e|en|er|es|em)) $"
)
#: Adjectives that name the country the term base is about.
OWN_COUNTRY = regex.compile(r"^(?:nord|us|us-)?amerikanisch", regex.IGNORECASE)


def other_country(text: str, start: int) -> bool:
    """Whether a nationality adjective of another country stands before `start`.

    >>> other_country("Das chinesische Handelsministerium", 16)
    True
    >>> other_country("Das amerikanische Handelsministerium", 18)
    False
    >>> other_country("Das Handelsministerium", 4), other_country("Die US-amerikanische X", 21)
    (False, False)
    """
    match = NATIONALITY_BEFORE.search(text[max(0, start - 40) : start])
    return match is not None and not OWN_COUNTRY.match(match.group(1))


@functools.lru_cache(maxsize=1)
def country_genitives(path: Path = COUNTRIES_FILE) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Patterns for a country's genitive right after a term (`Brasiliens`, `der Türkei`)
    and right before it (`Kanadas`)."""
    names = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    alternatives = "|".join(map(regex.escape, sorted(names, key=len, reverse=True)))
    after = regex.compile(rf" (?:der (?:{alternatives})|(?:{alternatives})s)(?![\p{{L}}\p{{N}}])")
    before = regex.compile(rf"(?:^|(?<=[^\p{{L}}\p{{N}}\-]))(?:{alternatives})s $")
    return after, before


OWN_COUNTRY_FILE = Path(__file__).parent / "data" / "own_country_de.txt"
#: A genitive attribute right after a term: `der`/`des` and a capitalised word.
GENITIVE_AFTER = regex.compile(r" (?:der|des) (\p{Lu}[\p{L}\p{N}]*)(-?)")


@functools.lru_cache(maxsize=1)
def own_country_words(path: Path = OWN_COUNTRY_FILE) -> frozenset[str]:
    """The words of `data/own_country_de.txt`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip()[:1] not in ("", "#"))


def other_owner(text: str, end: int) -> bool:
    """Whether a genitive attribute after the term ending at `end` names an owner other
    than the US (`der Vizepräsident der Europäischen Zentralbank`).

    >>> other_owner("Der Vizepräsident der Europäischen Zentralbank warnte.", 17)
    True
    >>> other_owner("Der Kongress der Vereinigten Staaten", 12), other_owner("Das X der USA", 5)
    (False, False)
    >>> other_owner("Das X der Trump-Regierung", 5), other_owner("Das X der neuen Regierung", 5)
    (False, False)
    """
    match = GENITIVE_AFTER.match(text, end, min(len(text), end + 60))
    return match is not None and match.group(1) not in own_country_words()


def other_country_genitive(text: str, start: int, end: int) -> bool:
    """Whether another country's genitive stands right before or after `start:end`.

    >>> other_country_genitive("Das Handelsministerium Brasiliens prüft.", 4, 22)
    True
    >>> other_country_genitive("Kanadas Energieministerium", 8, 26)
    True
    >>> other_country_genitive("Das Außenministerium der Türkei", 4, 20)
    True
    >>> other_country_genitive("Das Handelsministerium der USA", 4, 22)
    False
    """
    after, before = country_genitives()
    return (
        after.match(text, end, min(len(text), end + 60)) is not None
        or before.search(text, max(0, start - 60), start) is not None
    )
