"""The term base's vocabulary: concepts, terms, matches and replacements as frozen records.

A *concept* is one thing in the world (the US Department of Energy, cobalt). It has
*terms* per language, each with a status in the sense of TBX: preferred, admitted,
deprecated (an MT error or outdated form, replaced by the preferred term) or flagged
(suspicious: reported for review, never replaced).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Term statuses, best first (the order also sorts the data files).
STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated", "flagged")

#: Concept domains; each has its own data file `<domain>.tsv`.
DOMAINS: tuple[str, ...] = (
    "mineral",  # critical minerals and mineral products
    "agency",  # government departments, offices, councils
    "law",  # laws, executive orders, programs, strategies
    "organisation",  # companies, banks, media, international bodies
    "place",  # countries, regions, mines, projects
    "person",  # people named in the news
    "general",  # domain vocabulary (executive order, price floor, ...)
)

#: Languages a concept must have a preferred term in.
LANGUAGES: tuple[str, ...] = ("de", "en")

#: German grammatical genders; "pl" marks a plurale tantum (die Seltenen Erden).
GENDERS: tuple[str, ...] = ("m", "f", "n", "pl")

#: Term flags: an acronym (matched case-sensitively), a name that is never translated,
#: a term matched with exact case, and `national`: a generic word for one country's
#: body (`Handelsministerium` for the US Department of Commerce), not matched where a
#: nationality adjective gives it to another country (`das chinesische
#: Handelsministerium`); `homograph`: an English word with a common other sense (`lead`
#: the verb), matched only next to another mineral or a mineral context word
#: (`data/mineral_context_en.txt`: `lead prices`, `zinc and lead`).
FLAGS: tuple[str, ...] = ("acronym", "dnt", "case", "national", "homograph")


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a concept, as one row of a data file."""

    concept_id: str
    lang: str
    status: str
    text: str
    gender: str = ""
    decl: str = ""
    flags: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    #: where the row came from ("agency.tsv:12"), for messages
    origin: str = ""

    @property
    def is_acronym(self) -> bool:
        return "acronym" in self.flags

    @property
    def do_not_translate(self) -> bool:
        return "dnt" in self.flags

    @property
    def is_national(self) -> bool:
        return "national" in self.flags

    @property
    def is_homograph(self) -> bool:
        return "homograph" in self.flags

    @property
    def case_sensitive(self) -> bool:
        return "case" in self.flags or "acronym" in self.flags


@dataclass(frozen=True)
class Concept:
    """A concept entry: id, domain and its terms in every language."""

    id: str
    domain: str
    terms: tuple[Term, ...] = field(default_factory=tuple)

    def preferred(self, lang: str) -> str | None:
        """The preferred term in `lang`, or None."""
        for term in self.terms:
            if term.lang == lang and term.status == "preferred":
                return term.text
        return None

    def terms_in(self, lang: str) -> list[Term]:
        return [term for term in self.terms if term.lang == lang]

    @property
    def do_not_translate(self) -> bool:
        return any(term.do_not_translate for term in self.terms)

    @property
    def note(self) -> str:
        return next((term.note for term in self.terms if term.note), "")

    @property
    def source(self) -> str:
        """All sources cited by the concept's terms, each once."""
        parts: list[str] = []
        for term in self.terms:
            for part in term.source.split("; "):
                if part and part not in parts:
                    parts.append(part)
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A term found in a text at `start:end`; `de`/`en` are the concept's preferred terms.

    `do_not_translate` says the matched term itself is a name that stays as written in
    a translation (`EXIM`, `MP Materials`); a translated variant of a name
    (`Geologischer Dienst der USA`) is not, its translation is `en`/`de`.
    """

    start: int
    end: int
    text: str
    concept_id: str
    term: str
    lang: str
    status: str
    domain: str
    de: str | None
    en: str | None
    do_not_translate: bool
    is_acronym: bool
    #: Found as the first part of a closed compound (`Kupfer` in `Kupferpreis`): the
    #: span is inside a word, so it must not be replaced or protected on its own.
    in_compound: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `mtnorm glossary match`."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "id": self.concept_id,
            "de": self.de,
            "en": self.en,
            "status": self.status,
            "domain": self.domain,
            **({"in_compound": True} if self.in_compound else {}),
        }


@dataclass(frozen=True, slots=True)
class TermReplacement:
    """A deprecated term replaced: offsets as in `normalize.changes.Change` (replay in order)."""

    start: int
    end: int
    before: str
    after: str
    concept_id: str
