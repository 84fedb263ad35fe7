"""German article agreement when a replacement term has a different gender.

Replacing `Exekutivbefehl` (masculine) by `Exekutivanordnung` (feminine) must not
leave `den Exekutivanordnung`. The rule (documented in `glossary/data/README.md`):

* plural forms are replaced freely (German plural articles have no gender);
* a singular form after a determiner and/or adjectives is replaced when their
  endings make the case certain for the old gender; determiner and adjectives are
  then rewritten for the new gender (`den neuen Exekutivbefehl` → `die neue
  Exekutivanordnung`, `im` → `in der`, `mit neuem` → `mit neuer`). It is also
  replaced when the phrase already agrees with the new gender (MT often writes
  `eine Exekutivbefehl`);
* a singular form after a quotation, or whose case stays ambiguous, is *not*
  replaced: it is left for review (`match` reports it as deprecated).

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

#: Adjective endings after a definite or `dieser`-word (weak declension).
WEAK_ADJECTIVE: dict[tuple[str, str], str] = {
    ("m", "nom"): "e", ("m", "acc"): "en", ("m", "dat"): "en", ("m", "gen"): "en",
    ("f", "nom"): "e", ("f", "acc"): "e", ("f", "dat"): "en", ("f", "gen"): "en",
    ("n", "nom"): "e", ("n", "acc"): "e", ("n", "dat"): "en", ("n", "gen"): "en",
}  # fmt: skip
#: Adjective endings after an `ein`-word (mixed declension).
MIXED_ADJECTIVE: dict[tuple[str, str], str] = {
    ("m", "nom"): "er", ("m", "acc"): "en", ("m", "dat"): "en", ("m", "gen"): "en",
    ("f", "nom"): "e", ("f", "acc"): "e", ("f", "dat"): "en", ("f", "gen"): "en",
    ("n", "nom"): "es", ("n", "acc"): "es", ("n", "dat"): "en", ("n", "gen"): "en",
}  # fmt: skip
#: Adjective endings without a determiner (strong declension).
STRONG_ADJECTIVE: dict[tuple[str, str], str] = {
    ("m", "nom"): "er", ("m", "acc"): "en", ("m", "dat"): "em", ("m", "gen"): "en",
    ("f", "nom"): "e", ("f", "acc"): "e", ("f", "dat"): "er", ("f", "gen"): "er",
    ("n", "nom"): "es", ("n", "acc"): "es", ("n", "dat"): "em", ("n", "gen"): "en",
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
PRECEDING_WORD = regex.compile(r"(?:^|(?<=[^\p{L}\p{N}]))(\p{L}+)( +|\n)$")
#: One space, or a line break where the text is wrapped (`der⏎Sektion 232`).
WORD_GAPS = (" ", "\n")
#: Characters after which a bare noun starts a phrase of its own.
PHRASE_START = set(".!?:;,()[]–—/")
#: Prepositions: after one, an adjective + noun phrase has no determiner further left.
PREPOSITIONS = frozenset(
    ("mit", "von", "nach", "zu", "aus", "bei", "seit", "für", "durch", "gegen", "ohne",
     "um", "per", "laut", "trotz", "wegen", "über", "unter", "auf", "an", "in", "vor",
     "hinter", "zwischen", "neben", "gemäß", "dank", "samt")
)  # fmt: skip
#: The cases a preposition governs (German grammar): a determiner right after one is
#: in one of them, which settles `nach der Sektion 232` (dative, not genitive). Two-way
#: prepositions take accusative or dative; `laut`, `wegen`, `trotz` either genitive or
#: dative. Not listed: prepositions that are also other words (`um`, `vor` stay safe).
GOVERNED_CASES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("aus", "bei", "mit", "nach", "seit", "von", "zu", "gegenüber", "samt",
                     "entsprechend", "gemäß", "gemäss", "dank", "nebst"), ("dat",)),
    **dict.fromkeys(("durch", "für", "gegen", "ohne", "per", "um", "bis", "wider"), ("acc",)),
    **dict.fromkeys(("in", "an", "auf", "über", "unter", "vor", "hinter", "neben",
                     "zwischen"), ("acc", "dat")),
    **dict.fromkeys(("während", "statt", "anstatt", "aufgrund", "infolge", "angesichts",
                     "innerhalb", "außerhalb", "ausserhalb", "seitens", "hinsichtlich",
                     "bezüglich", "anhand", "mithilfe", "zugunsten", "anlässlich",
                     "wegen", "trotz", "laut"), ("gen", "dat")),
}  # fmt: skip
#: A lower-case word that may be an inflected adjective or participle.
MAYBE_ADJECTIVE = regex.compile(r"^\p{Ll}{2,}(?:e|en|er|es|em)$")


def readings(word: str) -> list[tuple[str, str, str]]:
    """The (gender, case, kind) readings of a determiner; kind says how to re-form it.

    >>> readings("den")
    [('m', 'acc', 'def')]
    >>> sorted(readings("einer"))
    [('f', 'dat', 'ein'), ('f', 'gen', 'ein')]
    >>> readings("zur")
    [('f', 'dat', 'contraction')]
    """
    lower = word.lower()
    found: list[tuple[str, str, str]] = []
    if lower in CONTRACTIONS:
        # A preposition contracts with the article of a case it governs (`zur` = `zu der`,
        # dative only).
        preposition, article = CONTRACTIONS[lower]
        governed = GOVERNED_CASES.get(preposition, CASES)
        return [
            (g, c, "contraction")
            for (g, c), form in DEFINITE.items()
            if form == article and c in governed
        ]
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
    if word.isupper() and len(word) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def compound_start(text: str, start: int) -> int:
    """Start of the hyphenated compound ending in the term at `start` (`US-Exekutivbefehl`)."""
    while start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        start -= 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    return start


def adjective_table(kind: str | None) -> dict[tuple[str, str], str]:
    """Which adjective declension follows a determiner of this kind (None: no determiner)."""
    if kind is None:
        return STRONG_ADJECTIVE
    if kind in ("def", "contraction", *DIESER_STEMS):
        return WEAK_ADJECTIVE
    return MIXED_ADJECTIVE


def split_ending(word: str) -> tuple[str, str]:
    for ending in ("en", "er", "es", "em", "e"):
        if word.endswith(ending):
            return word[: -len(ending)], ending
    return word, ""


def phrase_before(text: str, start: int) -> tuple[int, list[str], str | None, str]:
    """The determiner and adjectives directly before `start`.

    Returns (phrase start, adjectives in order, determiner or None, spacing); the
    words must be separated by single spaces.
    """
    adjectives: list[str] = []
    position = start
    determiner: str | None = None
    while len(adjectives) < 3:
        match = PRECEDING_WORD.search(text[max(0, position - 40) : position])
        if match is None or match.group(2) not in WORD_GAPS:
            break
        word = match.group(1)
        word_start = position - len(word) - 1
        if readings(word):
            determiner = word
            position = word_start
            break
        sentence_start = not text[:word_start].strip() or text[:word_start].rstrip()[-1] in ".!?:"
        if not MAYBE_ADJECTIVE.match(word.lower() if sentence_start else word):
            break
        adjectives.insert(0, word)
        position = word_start
    return position, adjectives, determiner, " "


def starts_phrase(text: str, start: int) -> bool:
    """Whether a noun phrase without determiner can start at `start`: at the start, after
    punctuation, a preposition or a Saxon genitive (`Trumps neuer Exekutivbefehl`).

    >>> starts_phrase("mit neuem X", 4), starts_phrase("den am Montag erlassenen X", 14)
    (True, False)
    """
    before = text[:start].rstrip(" ")
    if not before or before[-1] in PHRASE_START:
        return True
    match = PRECEDING_WORD.search(text[max(0, start - 40) : start])
    if match is None:
        return False
    word = match.group(1)
    return word.lower() in PREPOSITIONS or (word[:1].isupper() and word.endswith("s"))


def is_bare(text: str, start: int) -> bool:
    """No determiner or adjective directly before the noun at `start` (a bare noun is
    read as nominative/accusative/dative: a bare genitive singular is rare).

    >>> is_bare("nach Sektion 232", 5), is_bare("der Sektion 232", 4)
    (True, False)
    """
    _, adjectives, determiner, _ = phrase_before(text, compound_start(text, start))
    return determiner is None and not adjectives


def governed_cases(text: str, phrase_start: int) -> tuple[str, ...] | None:
    """The cases a determiner at `phrase_start` can be in, from the word before it: a
    preposition's cases, or the genitive after a noun in mid-sentence (`ein Sprecher der
    Staatsabteilung`: a determiner right after a noun starts its genitive attribute);
    None when the word says nothing.

    >>> governed_cases("Die Untersuchung nach der Sektion 232", 22)
    ('dat',)
    >>> governed_cases("Ein Sprecher der Staatsabteilung", 13)
    ('gen',)
    >>> governed_cases("Er gab der Staatsabteilung recht", 7) is None
    True
    >>> governed_cases("Gestern der Staatsabteilung", 8) is None
    True
    """
    match = PRECEDING_WORD.search(text[max(0, phrase_start - 40) : phrase_start])
    if match is None or match.group(2) not in WORD_GAPS:
        return None
    word = match.group(1)
    cases = GOVERNED_CASES.get(word.lower())
    if cases is not None:
        return cases
    word_start = phrase_start - len(match.group(0))
    before = text[:word_start].rstrip(" ")
    if word[:1].isupper() and before and before[-1] not in '.!?:;„“"«»([–—' and not readings(word):
        return ("gen",)
    return None


def phrase_readings(
    slot: str, gender: str, adjectives: list[str], determiner: str | None
) -> list[tuple[str, str | None]]:
    """The (case, determiner kind) readings under which determiner and adjectives fit a
    noun of `gender` in `slot`.

    >>> phrase_readings("gen", "f", [], "Die"), phrase_readings("sg", "f", [], "Die")
    ([], [('nom', 'def'), ('acc', 'def')])
    """
    cases = SLOT_CASES[slot]
    options = readings(determiner) if determiner else [("", case, "") for case in CASES]
    endings = [split_ending(adjective)[1] for adjective in adjectives]
    found: list[tuple[str, str | None]] = []
    for g, case, kind in options:
        if (determiner and g != gender) or case not in cases:
            continue
        table = adjective_table(kind or None)
        if all(ending == table[(gender, case)] for ending in endings):
            found.append((case, kind or None))
    return found


def slot_possible(text: str, start: int, slot: str, gender: str) -> bool:
    """Whether the determiner and adjectives before `start` allow a noun of `gender`
    in `slot` (`die Staatsabteilung` is not genitive; `der Staatsabteilung` may be).

    >>> slot_possible("Die Staatsabteilung", 4, "gen", "f")
    False
    >>> slot_possible("Angaben der Staatsabteilung", 12, "gen", "f")
    True
    >>> slot_possible("nach der Sektion 232", 9, "gen", "f")
    False
    """
    phrase_start, adjectives, determiner, _ = phrase_before(text, compound_start(text, start))
    if determiner is None and not adjectives:
        return True
    found = phrase_readings(slot, gender, adjectives, determiner)
    governed = governed_cases(text, phrase_start) if determiner else None
    if governed is not None and any(case in governed for case, _ in found):
        return True
    return bool(found) and governed is None


def agree(
    text: str, start: int, slot: str, old_gender: str, new_gender: str
) -> tuple[int, str] | None:
    """How to keep the phrase before `start` grammatical when the noun's gender changes.

    Returns `(start, prefix)`: the replacement must begin at `start` with `prefix`
    (the rewritten determiner and adjectives, or "" when nothing before changes);
    None when no certain edit exists (the term is then left for review).

    >>> agree("Trump unterzeichnete den Exekutivbefehl", 25, "sg", "m", "f")
    (21, 'die ')
    >>> agree("mit dem neuen Exekutivbefehl", 14, "sg", "m", "f")
    (4, 'der neuen ')
    >>> agree("per neuem Exekutivbefehl", 10, "sg", "m", "f")
    (4, 'neuer ')
    >>> agree("den „Emergency“ Exekutivbefehl", 16, "sg", "m", "f") is None
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
    phrase_start, adjectives, determiner, space = phrase_before(text, start)
    if determiner is None and not adjectives:
        before = text[:start].rstrip(" ")
        if not before or before[-1] in PHRASE_START or before[-1].isalnum():
            return (start, "")
        return None
    if determiner is None and not starts_phrase(text, phrase_start):
        # `den vom Präsidenten erlassenen Exekutivbefehl`: the determiner may be further
        # left, beyond what can be parsed safely.
        return None
    old = phrase_readings(slot, old_gender, adjectives, determiner)
    governed = governed_cases(text, phrase_start) if determiner else None
    if governed is not None:
        old = [reading for reading in old if reading[0] in governed] or old
    if not old:
        # Already written for the new gender (an MT slip in the article)?
        new = phrase_readings(slot, new_gender, adjectives, determiner)
        return (start, "") if determiner and new else None
    rewritten = set()
    for case, kind in old:
        words = [realise(determiner, kind, new_gender, case)] if determiner and kind else []
        ending = adjective_table(kind)[(new_gender, case)]
        words += [split_ending(adjective)[0] + ending for adjective in adjectives]
        rewritten.add(space.join(words) + space)
    if len(rewritten) != 1:
        return None
    prefix = rewritten.pop()
    if prefix == text[phrase_start:start]:
        return (start, "")
    return contracted(text, phrase_start, prefix)


def contracted(text: str, phrase_start: int, prefix: str) -> tuple[int, str]:
    """The edit `(phrase_start, prefix)`, with a preposition before it contracted with a
    new definite article as German writes it (`in der Staatsabteilung` → `im
    Außenministerium`, not `in dem`).

    >>> contracted("In der Staatsabteilung", 3, "dem ")
    (0, 'Im ')
    >>> contracted("Mit der Preiskür", 4, "dem ")
    (4, 'dem ')
    """
    article, _, rest = prefix.partition(" ")
    match = PRECEDING_WORD.search(text[max(0, phrase_start - 40) : phrase_start])
    if match is None or match.group(2) not in WORD_GAPS:
        return (phrase_start, prefix)
    word = match.group(1)
    word_contracted = CONTRACTED.get((word.lower(), article.lower()))
    if word_contracted is None or article != article.lower():
        return (phrase_start, prefix)
    if word[:1].isupper():
        word_contracted = word_contracted[:1].upper() + word_contracted[1:]
    return (phrase_start - len(match.group(0)), f"{word_contracted} {rest}")
