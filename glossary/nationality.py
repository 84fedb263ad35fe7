"""Whether a generic word for a national body belongs to another country.

The term base maps `Handelsministerium` to the US Department of Commerce, because the
news it serves is about US policy; but `das chinesische Handelsministerium` (China's
MOFCOM) or `des kanadischen Energieministeriums` are other ministries. A term flagged
`national` is not matched when a nationality adjective stands directly before it.
German nationality adjectives end in `-isch`/`-sch` (`chinesisch`, `kanadisch`,
`deutsch`, `französisch`); the US ones (`amerikanisch`, `US-amerikanisch`) keep the
match.
"""

from __future__ import annotations

import regex

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
