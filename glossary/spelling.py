"""`ß`/`ss` spelling variants of German terms: Swiss and pre-1996 spelling.

Swiss German writes no `ß` (`Aussenministerium`, `Neue Seidenstrasse`,
`Sofortmassnahmen`), and the spelling before the 1996 reform wrote `ß` for `ss` at the
end of a syllable (`Exekutivbeschluß`, `Präsidentenerlaß`, `Flußspat`). Both are the
same term: the matcher looks for these variants of every German form too (only where
they are no form of another term: `Flußspat` stays the deprecated term, not the old
spelling of `Flussspat`). A replacement keeps the text's convention: in Swiss text
(no `ß` anywhere, and a word with one of the `ß` word parts of
`data/swiss_spellings.txt` written `ss`: `Massnahmen`, `erliess`, `grösser`), a preferred
term's `ß` is written `ss`. (wordfreq cannot tell: it folds `ß` to `ss`.)
"""

from __future__ import annotations

import functools
from pathlib import Path

import regex

SWISS_FILE = Path(__file__).parent / "data" / "swiss_spellings.txt"

#: `ss` at the end of a syllable, where the old spelling wrote `ß`: before a consonant
#: or at the end of the word (`Beschluss` → `Beschluß`, `Flussspat` → `Flußspat`), not
#: between vowels (`Beschlüsse`).
OLD_ESZETT = regex.compile(r"ss(?![aeiouäöüy])")


def spelling_variants(form: str) -> list[str]:
    """The Swiss and the old spelling of a German form, where they differ from it.

    >>> spelling_variants("Außenministerium"), spelling_variants("Exekutivbeschluss")
    (['Aussenministerium'], ['Exekutivbeschluß'])
    >>> spelling_variants("Exekutivbeschlüsse"), spelling_variants("Flussspat")
    ([], ['Flußspat'])
    """
    variants = []
    if "ß" in form:
        variants.append(form.replace("ß", "ss"))
    old = OLD_ESZETT.sub("ß", form)
    if old != form:
        variants.append(old)
    return variants


def spelling_key(text: str) -> str:
    """`text` lower-cased with `ß` as `ss`, to compare spellings.

    >>> spelling_key("Exekutivbeschluß") == spelling_key("Exekutivbeschluss")
    True
    """
    return text.lower().replace("ß", "ss")


@functools.lru_cache(maxsize=1)
def swiss_pattern(path: Path = SWISS_FILE) -> regex.Pattern[str]:
    """Any word part of `data/swiss_spellings.txt`, case-insensitive.

    >>> bool(swiss_pattern().search("Massnahmen")), bool(swiss_pattern().search("muss"))
    (True, False)
    """
    parts = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return regex.compile("|".join(map(regex.escape, sorted(parts, key=len, reverse=True))), regex.I)


def writes_swiss(text: str) -> bool:
    """Whether `text` follows the Swiss convention: no `ß`, and a word with `ss` for `ß`.

    >>> writes_swiss("Die Massnahmen greifen."), writes_swiss("Die Maßnahmen greifen, muss er.")
    (True, False)
    >>> writes_swiss("Er muss den Prozess abwarten."), writes_swiss("Die Preissenkung kam.")
    (False, False)
    """
    if "ß" in text or "ss" not in text.lower():
        return False
    return swiss_pattern().search(text) is not None


def swiss_spelling(text: str, replacement: str, at: int | None = None) -> str:
    r"""`replacement` written as `text` writes: `ß` becomes `ss` in Swiss text. With `at`,
    the line (paragraph) at that offset decides when it has evidence either way (a file
    may hold paragraphs from several sources), else the whole text.

    >>> swiss_spelling("Die Staatsabteilung erliess …", "Das Außenministerium")
    'Das Aussenministerium'
    >>> swiss_spelling("Die Staatsabteilung erließ …", "Das Außenministerium")
    'Das Außenministerium'
    >>> swiss_spelling("Er muß.\nDie Staatsabteilung erliess …", "Das Außenministerium", 8)
    'Das Aussenministerium'
    """
    if "ß" not in replacement:
        return replacement
    if at is not None:
        line = text[text.rfind("\n", 0, at) + 1 :].partition("\n")[0]
        if "ß" in line:
            return replacement
        if writes_swiss(line):
            return replacement.replace("ß", "ss")
    return replacement.replace("ß", "ss") if writes_swiss(text) else replacement
