"""German article agreement when a replacement term has a different gender.

Replacing `Exekutivbefehl` (masculine) by `Exekutivanordnung` (feminine) must not
leave `den Exekutivanordnung`. The rule (documented in `glossary/data/README.md`):

* plural forms are replaced freely (German plural articles have no gender);
* a singular form directly after a determiner is replaced when the determiner's
  case is certain for the old gender, and the determiner is rewritten for the new
  gender (`den Exekutivbefehl` → `die Exekutivanordnung`, `im` → `in der`), or when
  the determiner already agrees with the new gender (MT often has `eine Exekutivbefehl`);
* a singular form after anything that may be an inflected adjective, a quotation
  or an ambiguous determiner is *not* replaced: it is left for review (flagged).

The determiner paradigms below are German grammar, not glossary data.
"""

from __future__ import annotations

import regex

CASES: tuple[str, ...] = ("nom", "acc", "dat", "gen")
#: Cases a noun form in a slot can be in.
SLOT_CASES: dict[str, tuple[str, ...]] = {
    "sg": ("nom", "acc", "dat"),
    "gen": ("gen",),
    "pl": ("nom", "acc", "gen"),
    "dpl": ("dat",),
}

#: Definite article by (gender, case).
DEFINITE: dict[tuple[str, str], str] = {
    ("m", "nom"): "der", ("m", "acc"): "den", ("m", "dat"): "dem", ("m", "gen"): "des",
    ("f", "nom"): "die", ("f", "acc"): "die", ("f", "dat"): "der", ("f", "gen"): "der",
    ("n", "nom"): "das", ("n", "acc"): "das", ("n", "dat"): "dem", ("n", "gen"): "des",
}  # fmt: skip

#: Endings of `dieser`-words (dies-, jen-, jed-, welch-) by (gender, case).
DIESER_ENDINGS: dict[tuple[str, str], str] = {
    ("m", "nom"): "er", ("m", "acc"): "en", ("m", "dat"): "em", ("m", "gen"): "es",
    ("f", "nom"): "e", ("f", "acc"): "e", ("f", "dat"): "er", ("f", "gen"): "er",
    ("n", "nom"): "es", ("n", "acc"): "es", ("n", "dat"): "em", ("n", "gen"): "es",
}  # fmt: skip

#: Endings of `ein`-words (ein, kein and the possessives) by (gender, case).
EIN_ENDINGS: dict[tuple[str, str], str] = {
    ("m", "nom"): "", ("m", "acc"): "en", ("m", "dat"): "em", ("m", "gen"): "es",
    ("f", "nom"): "e", ("f", "acc"): "e", ("f", "dat"): "er", ("f", "gen"): "er",
    ("n", "nom"): "", ("n", "acc"): "", ("n", "dat"): "em", ("n", "gen"): "es",
}  # fmt: skip

DIESER_STEMS: tuple[str, ...] = ("dies", "jen", "jed", "welch")
EIN_STEMS: tuple[str, ...] = ("ein", "kein", "mein", "dein", "sein", "ihr", "unser", "euer")

#: Preposition + article contractions: contraction -> (preposition, article).
CONTRACTIONS: dict[str, tuple[str, str]] = {
    "im": ("in", "dem"),
    "am": ("an", "dem"),
    "vom": ("von", "dem"),
    "zum": ("zu", "dem"),
    "beim": ("bei", "dem"),
    "ins": ("in", "das"),
    "ans": ("an", "das"),
    "aufs": ("auf", "das"),
    "zur": ("zu", "der"),
}
CONTRACTED: dict[tuple[str, str], str] = {parts: word for word, parts in CONTRACTIONS.items()}

#: The last word before a term and the spaces after it.
PRECEDING_WORD = regex.compile(r"(?:^|(?<=[^\p{L}\p{N}]))(\p{L}+)( +)$")
#: Characters after which a bare noun starts a phrase of its own.
PHRASE_START = set(".!?:;,()[]–—/")
#: A lower-case word that may be an inflected adjective or participle.
MAYBE_ADJECTIVE = regex.compile(r"^\p{Ll}{2,}(?:e|en|er|es|em)$")


def readings(word: str) -> list[tuple[str, str, str]]:
    """The (gender, case, kind) readings of a determiner; kind says how to re-form it.

    >>> readings("den")
    [('m', 'acc', 'def')]
    >>> sorted(readings("einer"))
    [('f', 'dat', 'ein'), ('f', 'gen', 'ein')]
    """
    lower = word.lower()
    found: list[tuple[str, str, str]] = []
    if lower in CONTRACTIONS:
        article = CONTRACTIONS[lower][1]
        return [(g, c, "contraction") for (g, c), form in DEFINITE.items() if form == article]
    found += [(g, c, "def") for (g, c), form in DEFINITE.items() if form == lower]
    for stem in DIESER_STEMS:
        if lower.startswith(stem):
            ending = lower[len(stem) :]
            found += [(g, c, stem) for (g, c), e in DIESER_ENDINGS.items() if e == ending]
    for stem in EIN_STEMS:
        if lower.startswith(stem):
            ending = lower[len(stem) :]
            found += [(g, c, stem) for (g, c), e in EIN_ENDINGS.items() if e == ending]
    return found


def realise(word: str, kind: str, gender: str, case: str) -> str:
    """The determiner of the same kind as `word` for `gender` and `case`, same capitals.

    >>> realise("Den", "def", "f", "acc"), realise("im", "contraction", "f", "dat")
    ('Die', 'in der')
    >>> realise("zur", "contraction", "m", "dat")
    'zum'
    """
    if kind == "contraction":
        preposition = CONTRACTIONS[word.lower()][0]
        article = DEFINITE[(gender, case)]
        form = CONTRACTED.get((preposition, article), f"{preposition} {article}")
    elif kind == "def":
        form = DEFINITE[(gender, case)]
    elif kind in DIESER_STEMS:
        form = kind + DIESER_ENDINGS[(gender, case)]
    else:
        form = kind + EIN_ENDINGS[(gender, case)]
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def compound_start(text: str, start: int) -> int:
    """Start of the hyphenated compound ending in the term at `start` (`US-Exekutivbefehl`)."""
    while start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        start -= 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    return start


def agree(
    text: str, start: int, slot: str, old_gender: str, new_gender: str
) -> tuple[int, str] | None:
    """How to keep the phrase before `start` grammatical when the noun's gender changes.

    Returns `(start, prefix)`: the replacement must begin at `start` with `prefix`
    (a rewritten determiner and its spaces, or "" when nothing before changes);
    None when no safe edit exists (the term is then left for review).

    >>> text = "Trump unterzeichnete den Exekutivbefehl"
    >>> agree(text, 25, "sg", "m", "f")
    (21, 'die ')
    >>> agree("der neuen Exekutivbefehl", 16, "sg", "m", "f") is None
    True
    """
    if old_gender == new_gender or slot in ("pl", "dpl") or not old_gender or not new_gender:
        return (start, "")
    if "pl" in (old_gender, new_gender):
        return None
    head = compound_start(text, start)
    if head != start:
        # The determiner is before the compound; rewrite it, keep the compound's head.
        edit = agree(text, head, slot, old_gender, new_gender)
        if edit is None or edit[0] == head:
            return edit
        return (edit[0], edit[1] + text[head:start])
    before = text[max(0, start - 40) : start]
    match = PRECEDING_WORD.search(before)
    cases = SLOT_CASES[slot]
    if match is None:
        stripped = before.rstrip()
        if not stripped or stripped[-1] in PHRASE_START:
            return (start, "")
        return None
    word, spaces = match.group(1), match.group(2)
    word_start = start - len(word) - len(spaces)
    options = readings(word)
    if not options:
        if MAYBE_ADJECTIVE.match(word):
            return None
        return (start, "")
    old = [(case, kind) for g, case, kind in options if g == old_gender and case in cases]
    if old:
        new_forms = {realise(word, kind, new_gender, case) for case, kind in old}
        if len(new_forms) != 1:
            return None
        new_word = new_forms.pop()
        if new_word == word:
            return (start, "")
        return (word_start, new_word + spaces)
    if any(g == new_gender and case in cases for g, case, _ in options):
        return (start, "")
    return None
