"""The `Glossary`: concepts loaded from the data files, with matching and application.

`load_glossary()` reads the shipped term base once (cached); `Glossary.match` finds
terms in one pass over a text; `Glossary.apply` replaces deprecated terms by the
preferred ones in the same inflected form, keeping German articles grammatical
(see `glossary.agreement`) and never touching flagged terms.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from .agreement import agree, is_bare, slot_possible
from .compounds import (
    CompoundFinder,
    LinkedCompoundFinder,
    compound_prefixes,
    hyphenated_variants,
    linked_part,
    relinked,
)
from .datafile import DATA_DIR, GlossaryFormatError, data_files, domain_of, read_data_file
from .inflect import Form, corresponding_forms, split_declension_spec, term_forms
from .matcher import Hit, TermIndex, fold
from .model import Concept, Term, TermMatch, TermReplacement
from .names import (
    address_spans,
    in_mineral_context,
    in_title,
    inside_english_name,
    mentioned,
    outside,
    starts_english_name,
)
from .nationality import other_country, other_country_genitive, other_owner
from .spelling import spelling_key, spelling_variants, swiss_spelling


class Glossary:
    """A term base: concepts by id, and term indexes built on first use per language."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._concepts: dict[str, Concept] = {}
        for concept in concepts:
            if concept.id in self._concepts:
                raise GlossaryFormatError(
                    f"concept {concept.id!r} is defined in two domains "
                    f"({self._concepts[concept.id].domain}, {concept.domain})"
                )
            self._concepts[concept.id] = concept
        self._indexes: dict[str | None, TermIndex] = {}
        self._forms: dict[Term, list[Form]] = {}
        self._compound_finder: CompoundFinder | None = None
        self._linked_finder: LinkedCompoundFinder | None = None
        self._english_minerals: frozenset[str] | None = None

    @classmethod
    def from_terms(cls, terms: Iterable[tuple[str, Term]]) -> Glossary:
        """Build from (domain, term) pairs, grouping terms by concept id."""
        grouped: dict[str, tuple[str, list[Term]]] = {}
        for domain, term in terms:
            entry = grouped.setdefault(term.concept_id, (domain, []))
            if entry[0] != domain:
                raise GlossaryFormatError(
                    f"{term.origin}: concept {term.concept_id!r} is already in domain {entry[0]!r}"
                )
            entry[1].append(term)
        return cls(Concept(cid, domain, tuple(terms)) for cid, (domain, terms) in grouped.items())

    # -- lookup -------------------------------------------------------------------
    def __iter__(self) -> Iterator[Concept]:
        return iter(self._concepts.values())

    def __len__(self) -> int:
        return len(self._concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._concepts

    def concept(self, concept_id: str) -> Concept:
        """The concept with this id; KeyError names it if unknown."""
        try:
            return self._concepts[concept_id]
        except KeyError:
            raise KeyError(f"no concept {concept_id!r} in the glossary") from None

    def preferred(self, concept_id: str, lang: str) -> str | None:
        """The concept's preferred term in `lang`, or None."""
        return self.concept(concept_id).preferred(lang)

    @property
    def terms(self) -> list[Term]:
        return [term for concept in self for term in concept.terms]

    def forms(self, term: Term) -> list[Form]:
        """Every surface form of `term` (cached)."""
        forms = self._forms.get(term)
        if forms is None:
            forms = term_forms(term.text, term.lang, term.gender, term.decl)
            self._forms[term] = forms
        return forms

    def surfaces(self, term: Term) -> list[str]:
        """What the matcher looks for: every form, and for a German noun that MT may
        hyphenate (`Energie-Ministerium`), the hyphenated forms too (not for flagged
        terms: they are common words, reported only as written)."""
        surfaces = [form.text for form in self.forms(term)]
        if term.lang == "de" and not term.gender:
            return surfaces + name_genitives(term)
        if term.lang != "de" or not term.gender or term.status == "flagged":
            return surfaces
        words = term.text.split(" ")
        head = split_declension_spec(term.decl)[2]
        head_index = len(words) - 1 if head is None else head - 1
        if not 0 <= head_index < len(words) or "-" in words[head_index]:
            return surfaces
        return surfaces + hyphenated_variants(surfaces, words[head_index], head_index)

    # -- matching -----------------------------------------------------------------
    def _index(self, lang: str | None) -> TermIndex:
        index = self._indexes.get(lang)
        if index is None:
            entries = [
                (term, surface)
                for concept in self
                for term in concept.terms
                if _matches_in(term, concept.domain, lang)
                for surface in self.surfaces(term)
            ]
            index = TermIndex(entries + _spelling_entries(entries))
            self._indexes[lang] = index
        return index

    def hits(self, text: str, lang: str | None = None) -> list[Hit]:
        """Non-overlapping term hits (the `Term` objects), longest first, in text order;
        a `national` term is left out where another country's adjective precedes it or
        another country's genitive stands next to it."""
        addresses = address_spans(text)
        return [
            hit
            for hit in self._index(lang).find(text)
            if outside(addresses, hit.start, hit.end)
            and not (lang == "en" and self._english_name_part(text, hit))
            and not (hit.term.is_homograph and not self._mineral_context(text, hit))
            and not (
                hit.term.is_national
                and (
                    other_country(text, hit.start)
                    or other_country_genitive(text, hit.start, hit.end)
                    or other_owner(text, hit.end)
                )
            )
        ]

    def _english_name_part(self, text: str, hit: Hit) -> bool:
        """Whether an English mineral (a lower-case term) starts a name in English text
        (`Tin Pan Alley`); see `names.starts_english_name`."""
        term = hit.term
        return (
            term.lang == "en"
            and term.text.islower()
            and self._concepts[term.concept_id].domain == "mineral"
            and starts_english_name(text, hit.start, hit.end)
        )

    def _mineral_context(self, text: str, hit: Hit) -> bool:
        """Whether a homograph (`lead`) stands next to a mineral or a context word."""
        if self._english_minerals is None:
            self._english_minerals = frozenset(
                term.text.lower()
                for concept in self
                if concept.domain == "mineral"
                for term in concept.terms
                if term.lang == "en" and " " not in term.text
            )
        return in_mineral_context(text, hit.start, hit.end, self._english_minerals)

    def compound_finder(self) -> CompoundFinder:
        """Finder of German mineral terms at the start of closed compounds (cached)."""
        if self._compound_finder is None:
            extra = {}
            for prefix, concept_id in compound_prefixes().items():
                term = self._preferred_term(concept_id, "de") if concept_id in self else None
                if term is not None:
                    extra[prefix] = term
            self._compound_finder = CompoundFinder(
                (
                    (term, self.forms(term))
                    for concept in self
                    if concept.domain == "mineral"
                    for term in concept.terms
                    if term.lang == "de" and term.gender
                ),
                extra,
            )
        return self._compound_finder

    def linked_finder(self) -> LinkedCompoundFinder:
        """Finder of deprecated one-word German nouns linked into compounds (cached)."""
        if self._linked_finder is None:
            self._linked_finder = LinkedCompoundFinder(
                term
                for concept in self
                for term in concept.terms
                if term.lang == "de" and term.gender and term.status == "deprecated"
            )
        return self._linked_finder

    def match(self, text: str, lang: str | None = None, compounds: bool = False) -> list[TermMatch]:
        """Terms in `text`: non-overlapping, longest first, inflection-aware.

        `lang` selects the terms of that language plus correct names in the other
        language (an English agency name in German text); None matches every language.
        `compounds=True` also reports German minerals that start a closed compound
        (`Kupfer` in `Kupferpreise`, `in_compound=True`); `mtnorm glossary match` does.

        >>> [(m.text, m.concept_id, m.en) for m in load_glossary().match(
        ...     "Sprecher des US-Energieministeriums", "de")]
        [('US-Energieministeriums', 'us_department_of_energy', 'Department of Energy')]
        """
        matches = []
        hits = self.hits(text, lang)
        inner: set[int] = set()
        if compounds and lang in (None, "de"):
            inner = self._add_compound_hits(text, hits)
        for hit in hits:
            term = hit.term
            concept = self._concepts[term.concept_id]
            matches.append(
                TermMatch(
                    start=hit.start,
                    end=hit.end,
                    text=text[hit.start : hit.end],
                    concept_id=concept.id,
                    term=term.text,
                    lang=term.lang,
                    status=term.status,
                    domain=concept.domain,
                    de=concept.preferred("de"),
                    en=concept.preferred("en"),
                    do_not_translate=term.do_not_translate,
                    is_acronym=term.is_acronym,
                    in_compound=hit.start in inner,
                )
            )
        return matches

    def _add_compound_hits(
        self, text: str, hits: list[Hit], deprecated_only: bool = False
    ) -> set[int]:
        """Add minerals starting closed compounds to `hits` (kept in text order) where no
        other term was found; return their start offsets."""
        taken = [(hit.start, hit.end) for hit in hits]
        inner: set[int] = set()
        found = self.compound_finder().find(text, deprecated_only)
        for hit in self.linked_finder().find(text):
            if all(hit.end <= other.start or hit.start >= other.end for other in found):
                found.append(hit)
        taken += address_spans(text)
        for hit in found:
            if outside(taken, hit.start, hit.end):
                hits.append(hit)
                inner.add(hit.start)
        if inner:
            hits.sort(key=lambda hit: hit.start)
        return inner

    # -- application --------------------------------------------------------------
    def compound_replacement(self, text: str, hit: Hit) -> TermReplacement | None:
        """Replace a deprecated term starting a closed compound (`Flußspatvorkommen` →
        `Flussspatvorkommen`, `Exekutivbefehlsentwurf` → `Exekutivanordnungsentwurf`): the
        compound's head decides its gender, so no agreement changes; only a one-word
        replacement fits into the word, with the linking element it takes."""
        target = self._replacement_term(hit.term)
        if target is None or " " in target.text:
            return None
        before = text[hit.start : hit.end]
        link = linked_part(before, hit.term.text) or ""
        stem = before[: len(before) - len(link)]
        after = match_case(stem, hit.term.text, target.text)
        if stem[:1].islower():  # an adjective (`tungstenhaltig` → `wolframhaltig`)
            after = after[:1].lower() + after[1:]
        after += relinked(target.text, target.gender, link)
        if after == before:
            return None
        return TermReplacement(hit.start, hit.end, before, after, hit.term.concept_id)

    def replacement(self, text: str, hit: Hit) -> TermReplacement | None:
        """How to replace the deprecated term at `hit`, or None when that is not safe.

        When the preferred term has another gender and the article or adjectives around
        the hit cannot be made to agree with certainty, an admitted term of the
        deprecated term's own gender is used instead (`den „…“ Exekutivbeschluss` →
        `den „…“ Präsidialerlass`), so the MT error goes without breaking grammar.
        """
        term = hit.term
        target = self._replacement_term(term)
        if term.status != "deprecated" or target is None:
            return None
        result = self._replace_with(text, hit, target)
        if result is None and term.lang == "de" and term.gender and target.gender != term.gender:
            for alternative in self._same_gender_terms(term):
                result = self._replace_with(text, hit, alternative)
                if result is not None:
                    break
        return result

    def _same_gender_terms(self, deprecated: Term) -> list[Term]:
        """Admitted one-word terms of the concept with the deprecated term's gender."""
        return [
            term
            for term in self._concepts[deprecated.concept_id].terms
            if term.lang == deprecated.lang
            and term.status == "admitted"
            and term.gender == deprecated.gender
            and " " not in term.text
            and not term.is_acronym
        ]

    def _replace_with(self, text: str, hit: Hit, target: Term) -> TermReplacement | None:
        """Replace the deprecated term at `hit` by `target`, or None when not safe."""
        term = hit.term
        surface = text[hit.start : hit.end]
        if term.lang == "de" and inside_english_name(text, hit.start, hit.end):
            return None  # `North American Tungsten` is a company, not the metal.
        if mentioned(text, hit.start) or in_title(text, hit.start):
            return None  # `das Wort Tungsten`: the word itself, not the metal.
        # The form as generated (the text may differ in hyphens and spaces: DDR-Kongo).
        written = next(
            (f.text for f in self.forms(term) if fold(f.text) == fold(surface)),
            # A hyphenated closed compound (`Staats-Abteilung`) stands for the form as written.
            next(
                (
                    f.text
                    for f in self.forms(term)
                    if _unhyphenated(f.text) == _unhyphenated(surface)
                ),
                surface,
            ),
        )
        # The matched surface may be in several slots (f. sg. and gen. look alike):
        # replace only when every reading gives the same edit.
        outcomes: set[tuple[int, str]] = set()
        forms = corresponding_forms(self.forms(term), written, self.forms(target))
        if term.lang == "de" and len(forms) > 1 and is_bare(text, hit.start):
            forms = [form for form in forms if form.slot != "gen"] or forms
        if term.lang == "de" and len(forms) > 1:
            # Drop the readings the determiner rules out (`die Staatsabteilung` is no
            # genitive), so that one certain reading is enough.
            forms = [
                form for form in forms if slot_possible(text, hit.start, form.slot, term.gender)
            ] or forms
        # A term coupled into a hyphenated compound (`DDR-Kongo-Politik`) stays coupled.
        modifier = is_compound_modifier(text, hit.end)
        coupled = modifier or (
            hit.start > 1 and text[hit.start - 2].isalnum() and text[hit.start - 1] == "-"
        )
        if modifier and term.lang == "de" and term.gender and " " not in term.text:
            # `Exekutivbefehls-Entwurf`, `Preiskür-Verhandlungen`: a one-word first part,
            # with the linking element the new word takes (`Preisuntergrenzen-`).
            return self.compound_replacement(text, hit)
        if modifier and term.lang == "de":
            # The first part of a compound (`die Sektion-232-Zölle`): the compound's last
            # part has the article, so the term stays in its base form, agreement aside.
            forms = [form for form in forms if form.slot == "sg"][:1]
        for form in forms:
            new_text = match_case(surface, term.text, form.text)
            if coupled:
                new_text = new_text.replace(" ", "-")
            start = hit.start
            if term.lang == "de" and not modifier:
                edit = agree(text, hit.start, form.slot, term.gender, target.gender)
                if edit is None:
                    return None
                start, prefix = edit
                new_text = prefix + new_text
            outcomes.add((start, new_text))
        if len(outcomes) != 1:
            return None
        ((start, new_text),) = outcomes
        new_text = swiss_spelling(text, new_text, start)
        before = text[start : hit.end]
        if "\n" in before:
            wrapped = keep_line_breaks(before, new_text)
            if wrapped is None:
                return None
            new_text = wrapped
        if before == new_text:
            return None
        return TermReplacement(start, hit.end, before, new_text, term.concept_id)

    def apply(self, text: str, lang: str = "de") -> tuple[str, list[TermReplacement]]:
        """Replace deprecated `lang` terms by the preferred ones, keeping inflection and case.

        Offsets replay in order (each is in the text as left by the previous ones).
        Flagged terms, and deprecated ones whose replacement would break German
        agreement, are left as they are (`Glossary.match` reports them).

        >>> load_glossary().apply("Trump unterzeichnete zwei Exekutivbesetzungen.")[0]
        'Trump unterzeichnete zwei Exekutivanordnungen.'
        """
        replacements: list[TermReplacement] = []
        parts: list[str] = []
        last = 0
        shift = 0
        hits = self.hits(text, lang)
        inner: set[int] = set()
        if lang == "de":
            inner = self._add_compound_hits(text, hits, deprecated_only=True)
        for hit in hits:
            if hit.term.status != "deprecated" or hit.term.lang != lang:
                continue
            if hit.start in inner:
                replacement = self.compound_replacement(text, hit)
            else:
                replacement = self.replacement(text, hit)
            if replacement is None or replacement.start < last:
                continue
            parts.append(text[last : replacement.start])
            parts.append(replacement.after)
            last = replacement.end
            replacements.append(
                TermReplacement(
                    replacement.start + shift,
                    replacement.end + shift,
                    replacement.before,
                    replacement.after,
                    replacement.concept_id,
                )
            )
            shift += len(replacement.after) - len(replacement.before)
        if not replacements:
            return text, []
        parts.append(text[last:])
        return "".join(parts), replacements

    def review(self, text: str, lang: str = "de") -> list[TermMatch]:
        """Terms a human should look at: flagged ones, and deprecated ones `apply` leaves
        alone because no grammatical replacement is certain.

        >>> [(m.text, m.status) for m in load_glossary().review(
        ...     "Die Bundesländer. Er gab der Staatsabteilung recht.")]
        [('Bundesländer', 'flagged'), ('Staatsabteilung', 'deprecated')]
        """
        hits = {(hit.start, hit.end): hit for hit in self.hits(text, lang)}
        found = []
        for match in self.match(text, lang):
            if match.status == "flagged" or (
                match.status == "deprecated"
                and match.lang == lang
                and self.replacement(text, hits[(match.start, match.end)]) is None
            ):
                found.append(match)
        return found

    def _replacement_term(self, deprecated: Term) -> Term | None:
        """The preferred term; for a deprecated acronym, the concept's correct acronym
        (`OBBA` → `OBBBA`, not the full name), if it has one."""
        if deprecated.is_acronym:
            for term in self._concepts[deprecated.concept_id].terms:
                if (
                    term.lang == deprecated.lang
                    and term.is_acronym
                    and term.status in ("preferred", "admitted")
                ):
                    return term
        return self._preferred_term(deprecated.concept_id, deprecated.lang)

    def _preferred_term(self, concept_id: str, lang: str) -> Term | None:
        for term in self._concepts[concept_id].terms:
            if term.lang == lang and term.status == "preferred":
                return term
        return None


#: Domains of names, which news text quotes in the other language too
#: (`das US Department of Energy` in German text).
NAME_DOMAINS: tuple[str, ...] = ("agency", "law", "organisation", "place", "person")


def name_genitives(term: Term) -> list[str]:
    """The German genitive of a name kept as written (`Glencores Gewinn`, `Rio Tintos
    Mine`): `-s`, unless it ends in an s-sound; none for acronyms, which German leaves
    uninflected more often than not, and for deprecated or flagged terms.

    >>> from glossary.model import Term
    >>> name_genitives(Term("glencore", "de", "preferred", "Glencore", flags=("case", "dnt")))
    ['Glencores']
    >>> name_genitives(Term("reuters", "de", "preferred", "Reuters", flags=("case", "dnt")))
    []
    """
    if (
        not term.do_not_translate
        or term.is_acronym
        or term.status not in ("preferred", "admitted")
        or not term.text[-1:].isalpha()
        or term.text[-1].lower() in "sxzß"
        or term.text[-1].isupper()
    ):
        return []
    return [term.text + "s"]


def _matches_in(term: Term, domain: str, lang: str | None) -> bool:
    """Whether `term` is looked for in text of language `lang`."""
    if lang is None or term.lang == lang:
        return True
    if term.status not in ("preferred", "admitted"):
        return False
    return term.do_not_translate or domain in NAME_DOMAINS


def is_compound_modifier(text: str, end: int) -> bool:
    """Whether the term ending at `end` is the first part of a hyphenated compound.

    >>> is_compound_modifier("die Sektion-232-Zölle", 15), is_compound_modifier("Sektion 232-", 11)
    (True, False)
    """
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].isalnum()


def _spelling_entries(entries: list[tuple[Term, str]]) -> list[tuple[Term, str]]:
    """The Swiss and old `ß`/`ss` spellings of the German surfaces (`Aussenministerium`,
    `Exekutivbeschluß`) that are no surface of any term themselves (`Flußspat` stays the
    deprecated term, not the old spelling of `Flussspat`)."""
    taken = {fold(surface) for _, surface in entries}
    variants = []
    for term, surface in entries:
        if term.lang != "de":
            continue
        for variant in spelling_variants(surface):
            key = fold(variant)
            if key not in taken:
                taken.add(key)
                variants.append((term, variant))
    return variants


def keep_line_breaks(before: str, after: str) -> str | None:
    r"""`after` with the line breaks `before` has between its words, at the same word gaps
    (or the last one), so that a replacement keeps the lines; None if `after` has no gap.

    >>> keep_line_breaks("DDR\nKongo", "DR Kongo")
    'DR\nKongo'
    >>> keep_line_breaks("Big and\nBeautiful Act", "One Big Beautiful Bill Act")
    'One Big\nBeautiful Bill Act'
    >>> keep_line_breaks("DDR\nKongo", "Kongo") is None
    True
    """
    old_gaps = [match.group() for match in GAP.finditer(before)]
    new_gaps = list(GAP.finditer(after))
    if not new_gaps:
        return None
    wanted = [gap.group() for gap in new_gaps]
    for index, gap in enumerate(old_gaps):
        if "\n" in gap:
            wanted[min(index, len(wanted) - 1)] = "\n"
    parts, last = [], 0
    for gap, text in zip(new_gaps, wanted, strict=True):
        parts += [after[last : gap.start()], text]
        last = gap.end()
    return "".join(parts) + after[last:]


#: A gap between words: spaces or a line break.
GAP = regex.compile(r"[ \n]+")


def _unhyphenated(text: str) -> str:
    """`text` folded without spaces and hyphens, with `ß` as `ss` (`Exekutivbeschluß`
    stands for the form `Exekutivbeschluss`)."""
    return spelling_key(fold(text).replace(" ", ""))


def match_case(matched: str, written: str, replacement: str) -> str:
    """Give `replacement` the capitalisation `matched` has against the term as `written`.

    >>> match_case("DDR KONGO", "DDR Kongo", "DR Kongo")
    'DR KONGO'
    >>> match_case("exekutivbefehl", "Exekutivbefehl", "Exekutivanordnung")
    'Exekutivanordnung'
    """
    if matched.isupper() and not written.isupper() and len(matched) > 1:
        return replacement.upper()
    if matched[:1].isupper() and written[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    if matched[:1].islower() and written[:1].isupper() and replacement[:1].isupper():
        # Lower-case use of a capitalised term: keep German noun capitals, but a
        # term written lower-case in the text (an adjective) stays lower-case.
        first = matched.split(" ")[0]
        if " " in matched and first.endswith(("e", "en", "er", "es", "em")):
            return replacement[:1].lower() + replacement[1:]
    return replacement


def load_directory(directory: Path) -> Glossary:
    """Load every domain file in `directory`."""
    pairs: list[tuple[str, Term]] = []
    for path in data_files(directory):
        domain = domain_of(path)
        pairs += [(domain, term) for term in read_data_file(path)]
    return Glossary.from_terms(pairs)


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str) -> Glossary:
    return load_directory(Path(directory))


def load_glossary(path: str | Path | None = None) -> Glossary:
    """The shipped term base (cached), or the one in directory `path`."""
    if path is None:
        return _shipped()  # asked once per line by the terms step: no path resolution
    return _load_cached(str(Path(path).resolve()))


@functools.cache
def _shipped() -> Glossary:
    return _load_cached(str(DATA_DIR.resolve()))
