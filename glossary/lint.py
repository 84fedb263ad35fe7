"""Health checks for the term base (`mtnorm glossary lint`).

Errors make the term base unsafe to use: unreadable rows, a concept without a
preferred term in each language, duplicate terms, a term preferred in one entry and
deprecated in another, variants whose inflected forms collide (the matcher could
not tell them apart), bad declension specs, missing sources. Warnings are worth a
look but do not fail the lint (rows out of order, unchecked agreement).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from wordfreq import zipf_frequency

from .datafile import (
    COLUMNS,
    GlossaryFormatError,
    clean_field,
    domain_of,
    header_problem,
    parse_row,
    sort_key,
)
from .inflect import term_forms
from .matcher import fold
from .model import DOMAINS, LANGUAGES, Term

#: A single word this frequent (wordfreq Zipf scale: 3 = once per million words) has
#: legitimate uses; as a deprecated term it would be replaced in all of them.
COMMON_WORD_ZIPF = 3.0


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: `level` is "error" or "warning"; `where` is `file:line` or a concept."""

    level: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message}"


def read_rows(path: Path) -> tuple[list[Term], list[Issue]]:
    """Every readable row of a data file, and an issue for every unreadable one."""
    issues: list[Issue] = []
    terms: list[Term] = []
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [Issue("error", str(path), f"cannot read ({error.strerror})")]
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError as error:
        bad_line = data.count(b"\n", 0, error.start) + 1
        return [], [
            Issue(
                "error",
                f"{path}:{bad_line}",
                f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            )
        ]
    if lines[0].rstrip("\r").split("\t") != list(COLUMNS):
        issues.append(Issue("error", f"{path}:1", header_problem(lines[0])))
        return [], issues
    if "\r" in lines[0]:
        issues.append(
            Issue(
                "warning",
                str(path),
                "Windows line ends (CRLF): the next add/import rewrites every line with LF",
            )
        )
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        issues += field_issues(line.split("\t"), f"{path}:{number}")
        try:
            terms.append(parse_row(line.split("\t"), f"{path}:{number}"))
        except GlossaryFormatError as error:
            where, _, message = str(error).partition(": ")
            issues.append(Issue("error", where, message))
    if [sort_key(t) for t in terms] != sorted(sort_key(t) for t in terms):
        issues.append(
            Issue("warning", str(path), "rows are not sorted (mtnorm glossary format sorts them)")
        )
    return terms, issues


def field_issues(fields: list[str], where: str) -> list[Issue]:
    """Problems of a row's raw text that reading it would hide.

    Not NFC (a decomposed umlaut never matches text, which is NFC): error. Space at
    either end of a value or doubled in a term: warning (`add` and `import` clean
    them). A gender on a non-German term: warning (only German terms are inflected).
    """
    issues: list[Issue] = []
    for column, value in zip(COLUMNS, fields, strict=False):
        if unicodedata.normalize("NFC", value) != value:
            issues.append(
                Issue(
                    "error",
                    where,
                    f"{column} {value!r} is not in Unicode NFC "
                    "(decomposed accents); mtnorm glossary add/import store NFC",
                )
            )
        if value != value.strip() or (column == "term" and "  " in value):
            issues.append(Issue("warning", where, f"{column} {value!r} has stray spaces"))
        elif column in ("id", "term") and clean_field(value, column) != unicodedata.normalize(
            "NFC", value
        ):
            issues.append(
                Issue(
                    "warning",
                    where,
                    f"{column} {value!r} has invisible characters or odd spaces "
                    "(no-break, zero-width); mtnorm glossary add/import clean them",
                )
            )
    if len(fields) == len(COLUMNS) and fields[4].strip() and fields[1].strip() != "de":
        issues.append(
            Issue(
                "warning",
                where,
                f"gender {fields[4].strip()!r} on a "
                f"{fields[1].strip()} term: only German terms are inflected",
            )
        )
    return issues


def lint_terms(terms_by_domain: dict[str, list[Term]]) -> list[Issue]:
    """Check concepts assembled from terms (domain -> terms)."""
    issues: list[Issue] = []
    concepts: dict[str, list[Term]] = defaultdict(list)
    domains: dict[str, Counter[str]] = defaultdict(Counter)
    for domain, terms in terms_by_domain.items():
        for term in terms:
            domains[term.concept_id][domain] += 1
            concepts[term.concept_id].append(term)
    issues += _split_concepts(terms_by_domain, domains)
    surface_owners: defaultdict[tuple[str, str], list[Term]] = defaultdict(list)
    form_owner: dict[tuple[str, str], tuple[Term, str]] = {}
    for concept_id, terms in concepts.items():
        issues += _check_concept(concept_id, terms)
        for term in terms:
            # Case-sensitive terms that differ in case are two words to the matcher
            # (`dpa` the agency, `DPA` the Defense Production Act).
            same_surface = surface_owners[(term.lang, fold(term.text))]
            other = next((o for o in same_surface if not _told_apart_by_case(term, o)), None)
            if other is not None:
                issues.append(_duplicate(term, other))
            else:
                same_surface.append(term)
            try:
                forms = term_forms(term.text, term.lang, term.gender, term.decl)
            except ValueError as error:
                issues.append(Issue("error", term.origin, f"bad decl {term.decl!r}: {error}"))
                continue
            for form in dict.fromkeys(form.text for form in forms):
                form_key = (term.lang, fold(form))
                owner = form_owner.get(form_key)
                if owner is None:
                    form_owner[form_key] = (term, form)
                    continue
                owner_term, owner_form = owner
                if owner_term is term or fold(owner_term.text) == fold(term.text):
                    continue
                if _told_apart_by_case(term, owner_term) and form != owner_form:
                    continue
                if owner_term.concept_id != term.concept_id or (
                    "deprecated" in (owner_term.status, term.status)
                    and owner_term.status != term.status
                ):
                    issues.append(
                        Issue(
                            "error",
                            term.origin,
                            f"form {form!r} of {term.text!r} ({term.concept_id}, "
                            f"{term.status}) shadows {owner_form!r} of {owner_term.text!r} "
                            f"({owner_term.concept_id}, {owner_term.status}, {owner_term.origin})",
                        )
                    )
    return issues


def _split_concepts(
    terms_by_domain: dict[str, list[Term]], domains: dict[str, Counter[str]]
) -> list[Issue]:
    """A concept in two domain files: an error at each row in the file with fewer of them."""
    issues: list[Issue] = []
    for domain, terms in terms_by_domain.items():
        for term in terms:
            counts = domains[term.concept_id]
            if len(counts) < 2:
                continue
            main = max(counts, key=lambda d: (counts[d], d == domain))
            if main != domain:
                issues.append(
                    Issue(
                        "error",
                        term.origin,
                        f"concept {term.concept_id!r} is also in {main}.tsv ({counts[main]} rows)",
                    )
                )
    return issues


def _told_apart_by_case(term: Term, other: Term) -> bool:
    """Both terms match only as written, and they are written differently."""
    return term.case_sensitive and other.case_sensitive and term.text != other.text


def _duplicate(term: Term, other: Term) -> Issue:
    if term.concept_id == other.concept_id:
        return Issue(
            "error",
            term.origin,
            f"{term.lang} term {term.text!r} is listed twice "
            f"in {term.concept_id} ({term.status}; {other.status}, {other.origin})",
        )
    if {term.status, other.status} == {"preferred", "deprecated"}:
        what = "is preferred in one entry and deprecated in another"
    else:
        what = "is listed twice"
    return Issue(
        "error",
        term.origin,
        f"{term.lang} term {term.text!r} {what}: {term.concept_id} ({term.status}) and "
        f"{other.concept_id} ({other.status}, {other.origin})",
    )


def _check_concept(concept_id: str, terms: list[Term]) -> list[Issue]:
    issues: list[Issue] = []
    where = terms[0].origin
    for lang in LANGUAGES:
        preferred = [t for t in terms if t.lang == lang and t.status == "preferred"]
        if not preferred:
            issues.append(
                Issue("error", where, f"concept {concept_id!r} has no preferred {lang} term")
            )
        elif len(preferred) > 1:
            names = ", ".join(repr(t.text) for t in preferred)
            issues.append(
                Issue(
                    "error",
                    where,
                    f"concept {concept_id!r} has {len(preferred)} preferred {lang} terms: {names}",
                )
            )
    if not any(term.source for term in terms):
        issues.append(Issue("error", where, f"concept {concept_id!r} cites no source"))
    for term in terms:
        if term.status == "deprecated":
            target = next(
                (t for t in terms if t.lang == term.lang and t.status == "preferred"), None
            )
            if (
                target is not None
                and term.lang == "de"
                and bool(term.gender) != bool(target.gender)
            ):
                issues.append(
                    Issue(
                        "warning",
                        term.origin,
                        f"deprecated {term.text!r} and preferred "
                        f"{target.text!r}: gender given for only one, agreement unchecked",
                    )
                )
            if not term.note:
                issues.append(
                    Issue(
                        "warning", term.origin, f"deprecated {term.text!r} has no note saying why"
                    )
                )
            frequency = zipf_frequency(term.text, term.lang) if " " not in term.text else 0.0
            if frequency >= COMMON_WORD_ZIPF:
                issues.append(
                    Issue(
                        "warning",
                        term.origin,
                        f"deprecated {term.text!r} is a common "
                        f"{term.lang} word (Zipf {frequency:.1f}): replacing it everywhere "
                        "may hit legitimate uses; consider flagged",
                    )
                )
        if term.status == "flagged" and not term.note:
            issues.append(
                Issue("error", term.origin, f"flagged {term.text!r} needs a note for reviewers")
            )
        if term.is_acronym and not any(char.isupper() for char in term.text):
            issues.append(
                Issue("warning", term.origin, f"acronym {term.text!r} has no capital letter")
            )
    return issues


def lint_directory(directory: Path) -> list[Issue]:
    """Lint every data file in `directory`."""
    issues: list[Issue] = []
    if not directory.is_dir():
        return [Issue("error", str(directory), "not a glossary directory")]
    files: list[Path] = []
    for path in sorted(directory.glob("*.tsv")):
        try:
            domain_of(path)
            files.append(path)
        except GlossaryFormatError as error:
            issues.append(Issue("error", str(path), str(error).partition(": ")[2]))
    terms_by_domain: dict[str, list[Term]] = {}
    for path in sorted(files, key=lambda path: DOMAINS.index(path.stem)):
        terms, file_issues = read_rows(path)
        issues += file_issues
        terms_by_domain[domain_of(path)] = terms
    if not terms_by_domain:
        issues.append(Issue("error", str(directory), "no data files (<domain>.tsv)"))
    return issues + lint_terms(terms_by_domain)
