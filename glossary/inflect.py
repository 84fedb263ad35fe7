"""German inflection of terms: every surface form of a term, labelled with its slot.

A German noun term is matched in all its case/number forms (`des Energieministeriums`,
`Exekutivbesetzungen`), and a multi-word term's leading adjectives in all their
endings (`Seltene/Seltenen/Seltener Erden`). Each form carries its *slot* (the noun's
case/number: `sg`, `gen`, `pl`, `dpl`) and the adjective ending, so that a deprecated
term's form can be mapped onto the same form of the preferred term.

The declension of the last word comes from the term's gender and its `decl` column
(see `glossary/data/README.md`); when `decl` is empty it is inferred from the
word's ending by the rules in `infer_declension` (regular German declension).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

#: Adjective endings (strong, weak and mixed declension use only these).
ADJECTIVE_ENDINGS: tuple[str, ...] = ("e", "en", "er", "es", "em")

#: A word taken as an inflected adjective when it leads a multi-word term: lower-case
#: (`polymetallische`), or capitalised with a typical adjective or participle stem
#: (`Demokratische`, `Nationale`, `Vereinigte`, `Seltene`). Others need `adj=N` in decl.
ADJECTIVE_WORD = regex.compile(
    r"^(?:\p{Ll}\p{L}+|\p{Lu}\p{L}*(?:isch|lich|ig|al|ell|iv|är|ar|ant|ent|t)"
    r"|Selten|Neu|Schwer|Leicht|Groß|Klein)(?:e|er|es|en)$"
)

#: Suffix rules for the plural of feminine nouns, first match wins.
FEMININE_PLURALS: tuple[tuple[str, str], ...] = (
    ("nis", "se"),
    ("in", "nen"),
    ("e", "n"),
    ("el", "n"),
    ("er", "n"),
    ("a", "s"),
    ("i", "s"),
    ("o", "s"),
    ("u", "s"),
    ("y", "s"),
    ("", "en"),
)

NOUN_SLOTS: tuple[str, ...] = ("sg", "gen", "pl", "dpl")


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a term: the noun's slot and the adjectives' ending."""

    text: str
    slot: str
    adjective_ending: str = ""


@dataclass(frozen=True, slots=True)
class Declension:
    """How the last word of a term inflects: genitive and plural word forms."""

    genitives: tuple[str, ...]
    plural: str | None


def dative_plural(plural: str) -> str:
    """Dative plural adds -n unless the plural ends in -n or -s.

    >>> dative_plural("Befehle"), dative_plural("Anordnungen"), dative_plural("Kongos")
    ('Befehlen', 'Anordnungen', 'Kongos')
    """
    return plural if plural.endswith(("n", "s")) else plural + "n"


def infer_declension(word: str, gender: str) -> Declension:
    """Regular declension of a German noun from its gender and ending.

    >>> infer_declension("Energieministerium", "n")
    Declension(genitives=('Energieministeriums',), plural='Energieministerien')
    >>> infer_declension("Exekutivanordnung", "f")
    Declension(genitives=('Exekutivanordnung',), plural='Exekutivanordnungen')
    >>> infer_declension("Exekutivbefehl", "m")
    Declension(genitives=('Exekutivbefehls', 'Exekutivbefehles'), plural='Exekutivbefehle')
    """
    lower = word.lower()
    if gender == "pl":
        return Declension((), word)
    if gender == "f":
        for ending, suffix in FEMININE_PLURALS:
            if lower.endswith(ending):
                return Declension((word,), word + suffix)
    if gender == "m" and lower.endswith(("ent", "ant", "ist")):
        return Declension((word + "en",), word + "en")  # weak masculine (Präsident)
    if lower.endswith("ium") or lower.endswith("um"):
        return Declension((word + "s",), word[:-2] + "en")
    if lower.endswith(("s", "ß", "x", "z", "sch")):
        return Declension((word + "es",), word + "e")
    if lower.endswith(("er", "el", "en", "chen", "lein")):
        return Declension((word + "s",), word)
    if lower.endswith("e"):
        return Declension((word + "s",), word + "n")
    if lower.endswith(("a", "i", "o", "u", "y")):
        return Declension((word + "s",), word + "s")
    return Declension((word + "s", word + "es"), word + "e")


def parse_declension(word: str, gender: str, spec: str) -> Declension:
    """The declension given by a `decl` spec `GEN,PL` (suffixes; `-` none; `=Word` whole
    plural), `mass` (no plural), `-` (invariable); empty = inferred.

    >>> parse_declension("Exekutivbeschluss", "m", "es,=Exekutivbeschlüsse")
    Declension(genitives=('Exekutivbeschlusses',), plural='Exekutivbeschlüsse')
    >>> parse_declension("Kobalt", "n", "mass")
    Declension(genitives=('Kobalts', 'Kobaltes'), plural=None)
    >>> parse_declension("Fonds", "m", "-,-")
    Declension(genitives=('Fonds',), plural='Fonds')
    """
    spec = spec.strip()
    if spec == "-":
        return Declension((word,), None)
    inferred = infer_declension(word, gender)
    if not spec:
        return inferred
    if spec == "mass":
        return Declension(inferred.genitives, None)
    genitive_spec, _, plural_spec = spec.partition(",")
    genitives = tuple(
        word if suffix == "-" else word + suffix
        for suffix in genitive_spec.split("|")
        if suffix != ""
    )
    plural_spec = plural_spec.strip()
    plural: str | None
    if plural_spec == "":
        plural = None
    elif plural_spec == "-":
        plural = word
    elif plural_spec.startswith("="):
        plural = plural_spec[1:]
    else:
        plural = word + plural_spec
    return Declension(genitives, plural)


def split_declension_spec(decl: str) -> tuple[str, int | None, int | None]:
    """Split `decl` into the noun part, an adjective count (`adj=N`) and the position
    of the declined noun (`head=N`, 1-based; default: the last word).

    >>> split_declension_spec("mass;adj=1")
    ('mass', 1, None)
    >>> split_declension_spec("head=1")
    ('', None, 1)
    """
    noun_spec = []
    adjectives: int | None = None
    head: int | None = None
    for part in decl.split(";"):
        part = part.strip()
        if part.startswith("adj="):
            adjectives = int(part[4:])
        elif part.startswith("head="):
            head = int(part[5:])
        elif part:
            noun_spec.append(part)
    return ",".join(noun_spec), adjectives, head


def leading_adjectives(words: list[str]) -> int:
    """How many of the first words (never the last) look like inflected adjectives.

    >>> leading_adjectives(["Seltene", "Erden"]), leading_adjectives(["Office", "of", "X"])
    (1, 0)
    """
    count = 0
    for word in words[:-1]:
        if not ADJECTIVE_WORD.match(word):
            break
        count += 1
    return count


def adjective_stem(word: str) -> tuple[str, str]:
    """Split an adjective into stem and ending.

    >>> adjective_stem("Demokratische"), adjective_stem("polymetallischen")
    (('Demokratisch', 'e'), ('polymetallisch', 'en'))
    """
    for ending in ("en", "er", "es", "em", "e"):
        if word.endswith(ending):
            return word[: -len(ending)], ending
    return word, ""


def german_forms(text: str, gender: str, decl: str) -> list[Form]:
    """Every form of a German term, first the form as written.

    >>> [(form.text, form.slot) for form in german_forms("Exekutivbesetzung", "f", "")]
    [('Exekutivbesetzung', 'sg'), ('Exekutivbesetzung', 'gen'),
     ('Exekutivbesetzungen', 'pl'), ('Exekutivbesetzungen', 'dpl')]
    >>> sorted({form.text for form in german_forms("Seltene Erden", "pl", "")})[:3]
    ['Seltene Erden', 'Seltenem Erden', 'Seltenen Erden']
    """
    words = text.split(" ")
    noun_spec, explicit_adjectives, head_position = split_declension_spec(decl)
    if not gender:
        return [Form(text, "sg")]
    head_index = len(words) - 1 if head_position is None else head_position - 1
    if not 0 <= head_index < len(words):
        raise ValueError(f"head={head_position} but {text!r} has {len(words)} words")
    tail = words[head_index + 1 :]
    adjectives = (
        explicit_adjectives
        if explicit_adjectives is not None
        else leading_adjectives(words[: head_index + 1])
    )
    head = words[head_index]
    declension = parse_declension(head, gender, noun_spec)
    noun_forms: list[tuple[str, str]] = []
    if gender == "pl":
        noun_forms += [(head, "pl"), (dative_plural(head), "dpl")]
    else:
        noun_forms.append((head, "sg"))
        noun_forms += [(genitive, "gen") for genitive in declension.genitives]
        if declension.plural is not None:
            noun_forms += [
                (declension.plural, "pl"),
                (dative_plural(declension.plural), "dpl"),
            ]
    middle = words[adjectives:head_index]
    stems = [adjective_stem(word) for word in words[:adjectives]]
    base_ending = stems[0][1] if stems else ""
    endings = [base_ending, *(e for e in ADJECTIVE_ENDINGS if e != base_ending)] if stems else [""]
    forms: list[Form] = []
    seen: set[tuple[str, str, str]] = set()
    for ending in endings:
        adjective_words = [stem + ending for stem, _ in stems]
        for noun, slot in noun_forms:
            surface = " ".join([*adjective_words, *middle, noun, *tail])
            key = (surface, slot, ending)
            if key not in seen:
                seen.add(key)
                forms.append(Form(surface, slot, ending))
    return forms


def english_forms(text: str, decl: str) -> list[Form]:
    """An English term as written, plus its plural when `decl` is `s` or `es`.

    >>> [form.text for form in english_forms("executive order", "s")]
    ['executive order', 'executive orders']
    """
    forms = [Form(text, "sg")]
    if decl in ("s", "es"):
        forms.append(Form(text + decl, "pl"))
    return forms


def term_forms(text: str, lang: str, gender: str, decl: str) -> list[Form]:
    """Every surface form of a term in its language."""
    if lang == "de":
        return german_forms(text, gender, decl)
    return english_forms(text, decl)


def _singular(forms: list[Form], adjective_ending: str) -> Form:
    """The singular form with this adjective ending (the first form if there is none)."""
    return next(
        (form for form in forms if form.slot == "sg" and form.adjective_ending == adjective_ending),
        forms[0],
    )


def corresponding_forms(source: list[Form], surface: str, target: list[Form]) -> list[Form]:
    """The forms of `target` in the same slot (and adjective ending) as `surface` of
    `source`, best first (a surface can be in several slots: `Kongo` is sg and gen).

    >>> source = german_forms("Exekutivbesetzung", "f", "")
    >>> target = german_forms("Exekutivanordnung", "f", "")
    >>> corresponding_forms(source, "Exekutivbesetzungen", target)[0]
    Form(text='Exekutivanordnungen', slot='pl', adjective_ending='')
    """
    folded = surface.casefold()
    wanted = [form for form in source if form.text.casefold() == folded]
    target_has_adjectives = any(form.adjective_ending for form in target)
    found: list[Form] = []
    noun_growth = {
        id(form): len(form.text) - len(_singular(target, form.adjective_ending).text)
        for form in target
    }
    for want in wanted:
        # Of several forms in the slot (des Notstands / Notstandes) prefer the one that
        # grows by as much as the source form did (des Notfalls -> des Notstands).
        # Growth of the noun only: measured against the singular with the same
        # adjective ending (`Demokratischen Republik des Kongo` grew by its adjective).
        growth = len(want.text) - len(_singular(source, want.adjective_ending).text)

        ranked = sorted(target, key=lambda form: noun_growth[id(form)] != growth)
        for form in ranked:
            if form.slot != want.slot or form in found:
                continue
            if target_has_adjectives:
                if want.adjective_ending:
                    if form.adjective_ending != want.adjective_ending:
                        continue
                elif not (want.slot == "sg" and form is target[0]):
                    # No ending to copy: only the form as written is certain.
                    continue
            found.append(form)
            break
    return found
