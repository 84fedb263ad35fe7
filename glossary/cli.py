"""`mtnorm glossary ...`: match, apply, lint, list, show, stats, add, export, import, suggest.

Every subcommand reads the shipped term base, or the directory given with
`--glossary DIR` (a terminologist's own copy; `add` can start one in an empty
directory). Edits (`add`, `import`) clean what they are given (Unicode NFC, spaces),
rewrite the domain files atomically (temporary file + rename), sorted, with their
comment lines kept, and refuse a change that would make the term base fail the lint;
a refused edit leaves every file as it was. `add` also refuses to change an existing
term (another status or case) or to add a second preferred term. `list`, `show` and
`stats` print TSV or text for people and JSON Lines with `--json`; `suggest` prints
JSON Lines or, with `--format tsv`, one tab-separated row per candidate.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from normalize.textio import (
    OutputSink,
    UserError,
    atomic_write_text,
    check_not_an_input,
    read_inputs,
    split_lines,
)

from .datafile import (
    DATA_DIR,
    GlossaryFormatError,
    clean_field,
    format_data_file,
    parse_row,
    read_comments,
    read_data_file,
)
from .exchange import FLAVOURS, export_table, export_tbx, read_import
from .lint import lint_directory, lint_terms
from .matcher import fold
from .model import DOMAINS, STATUSES, Concept, Term, TermReplacement
from .suggest import suggest
from .termbase import Glossary, load_directory, load_glossary

EXAMPLES = """\
examples:
  mtnorm glossary match article.txt             # terms per line, JSON Lines
  mtnorm glossary apply --explain article.txt   # replace deprecated MT terms, say why
  mtnorm glossary show executive_order          # every term of a concept
  mtnorm glossary lint --strict                 # check the data files (CI runs this)
  mtnorm glossary add cobalt de Kobald --status deprecated --gender n --note "misspelling"
  mtnorm glossary export --format tbx -o terms.tbx
  mtnorm glossary import --dry-run from_translators.csv

Run `mtnorm glossary ACTION --help` for each action's options. Exit status: 0 done,
1 lint errors, 2 bad input or a refused edit (files untouched)."""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "glossary",
        help="the German/English term base: match, apply, lint, edit, export",
        description="Work with the term base: find terms, replace deprecated ones, check and "
        "edit the data files, exchange them with TBX and MT glossary formats.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text
        )
        sub.add_argument(
            "--glossary", metavar="DIR", help="term base directory (default: the shipped one)"
        )
        return sub

    match = add("match", "find glossary terms: JSON Lines, one object per input line")
    match.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' = stdin)")
    match.add_argument("--lang", default="de", help="de, en or all (default: de)")
    match.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    match.add_argument(
        "--no-compounds",
        dest="compounds",
        action="store_false",
        help="do not report minerals that start a closed compound (Kupfer in Kupferpreis)",
    )
    match.set_defaults(handler=run_match)

    apply = add("apply", "replace deprecated terms by preferred ones, line by line")
    apply.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' = stdin)")
    apply.add_argument("--lang", default="de", help="language of the text: de or en")
    apply.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    mode = apply.add_mutually_exclusive_group()
    mode.add_argument(
        "--explain",
        action="store_true",
        help="write every change as JSON Lines instead of the text",
    )
    mode.add_argument(
        "--review",
        action="store_true",
        help="write the terms left for review (flagged, or deprecated but not "
        "safely replaceable) as JSON Lines instead of the text",
    )
    apply.set_defaults(handler=run_apply)

    lint = add("lint", "check the term base; exit 1 on errors")
    lint.add_argument("--strict", action="store_true", help="warnings fail too")
    lint.set_defaults(handler=run_lint)

    listing = add("list", "list concepts: id, domain, preferred de and en terms (TSV)")
    listing.add_argument("--domain", choices=DOMAINS)
    listing.add_argument(
        "--status",
        choices=STATUSES,
        help="only concepts with such a term (with --terms: only such terms)",
    )
    listing.add_argument("--lang", help="with --terms: only terms of this language")
    listing.add_argument(
        "--terms",
        action="store_true",
        help="one row per term: id, domain, lang, status, term, note",
    )
    listing.add_argument(
        "--json",
        action="store_true",
        help="JSON Lines: one object per concept (or term) with every field",
    )
    listing.set_defaults(handler=run_list)

    show = add("show", "show one concept with all its terms (by id or by any of its terms)")
    show.add_argument("concept_id", metavar="ID_OR_TERM")
    show.add_argument("--json", action="store_true", help="one JSON object per concept")
    show.set_defaults(handler=run_show)

    stats = add("stats", "count concepts and terms by domain, language and status")
    stats.add_argument("--json", action="store_true", help="one JSON object")
    stats.set_defaults(handler=run_stats)

    adding = add("add", "add a term (a new concept needs --domain)")
    adding.add_argument("concept_id")
    adding.add_argument("lang", choices=("de", "en"))
    adding.add_argument("term")
    adding.add_argument(
        "--status",
        choices=STATUSES,
        help="default: preferred for a new concept's term, admitted for another term of a "
        "known concept",
    )
    adding.add_argument("--domain", choices=DOMAINS, help="domain of a new concept")
    adding.add_argument("--gender", default="", help="m, f, n or pl (German)")
    adding.add_argument("--decl", default="", help="declension spec (see data/README.md)")
    adding.add_argument("--flags", default="", help="comma-separated: acronym, dnt, case")
    adding.add_argument("--note", default="")
    adding.add_argument("--source", default="", help="where the term comes from")
    adding.add_argument(
        "--translation",
        metavar="TERM",
        help="a new concept's preferred term in the other language (de/en)",
    )
    adding.set_defaults(handler=run_add)

    export = add("export", "export as TBX-Basic, or CSV/TSV for DeepL, Amazon or Google")
    export.add_argument(
        "--format",
        dest="fmt",
        choices=EXCHANGE_FORMATS,
        help="default: tbx, or csv when --flavour or --excel is given",
    )
    export.add_argument(
        "--flavour",
        "--flavor",
        choices=FLAVOURS,
        help="CSV/TSV layout (default: deepl; terms: every column, for a "
        "spreadsheet, imported back losslessly)",
    )
    export.add_argument("--source-lang", default="de")
    export.add_argument("--target-lang", default="en")
    export.add_argument(
        "--excel",
        action="store_true",
        help="CSV/TSV for a spreadsheet: byte order mark, CRLF, and `;` as "
        "the CSV separator (what German Excel expects)",
    )
    export.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    export.set_defaults(handler=run_export)

    importing = add("import", "merge terms from TBX, CSV or TSV into the term base")
    importing.add_argument("file")
    importing.add_argument(
        "--format",
        dest="fmt",
        choices=EXCHANGE_FORMATS,
        help="default: from the file extension",
    )
    importing.add_argument(
        "--domain",
        choices=DOMAINS,
        default="general",
        help="domain of new concepts from CSV/TSV, and from TBX when the "
        "subject field is no mtnorm domain (default: general)",
    )
    importing.add_argument("--source-lang", default="de")
    importing.add_argument("--target-lang", default="en")
    importing.add_argument("--dry-run", action="store_true", help="report, change nothing")
    importing.add_argument(
        "--update",
        action="store_true",
        help="TBX or terms table: a row that differs from the term base's "
        "row for the same term replaces it (default: report it)",
    )
    importing.set_defaults(handler=run_import)

    suggesting = add("suggest", "candidate terms the glossary lacks, by frequency (JSON Lines)")
    suggesting.add_argument("files", nargs="*", metavar="FILE", help="corpus files")
    suggesting.add_argument("--min-count", type=int, default=2)
    suggesting.add_argument("--limit", type=int, default=100)
    suggesting.add_argument(
        "--format",
        dest="fmt",
        choices=("jsonl", "tsv"),
        default="jsonl",
        help="tsv: candidate, kind, count, note, first example",
    )
    suggesting.set_defaults(handler=run_suggest)


# -- helpers --------------------------------------------------------------------------
#: File formats `export` writes and `import` reads.
EXCHANGE_FORMATS = ("tbx", "csv", "tsv")


def glossary_dir(args: argparse.Namespace) -> Path:
    return Path(args.glossary) if args.glossary else DATA_DIR


def open_glossary(args: argparse.Namespace) -> Glossary:
    try:
        if args.glossary:
            return load_directory(Path(args.glossary))
        return load_glossary()
    except GlossaryFormatError as error:
        raise UserError(f"glossary: {error}") from None


def check_lang(value: str, allow_all: bool = False) -> str | None:
    if allow_all and value == "all":
        return None
    if value not in ("de", "en"):
        raise UserError(f"--lang: expected de, en{' or all' if allow_all else ''}, not {value!r}")
    return value


def dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


# -- commands -------------------------------------------------------------------------
def run_match(args: argparse.Namespace) -> int:
    lang = check_lang(args.lang, allow_all=True)
    terms = open_glossary(args)
    check_not_an_input(args.output, args.files)
    several = len(args.files) > 1
    with OutputSink(args.output) as sink:
        for source in read_inputs(args.files):
            for number, line in enumerate(split_lines(source.text), start=1):
                record: dict[str, Any] = {"file": source.name} if several else {}
                record["line"] = number
                record["matches"] = [
                    m.to_dict() for m in terms.match(line, lang, compounds=args.compounds)
                ]
                sink.write(dump(record))
    return 0


def run_apply(args: argparse.Namespace) -> int:
    lang = check_lang(args.lang)
    assert lang is not None
    terms = open_glossary(args)
    check_not_an_input(args.output, args.files)
    total = 0
    with OutputSink(args.output) as sink:
        for source in read_inputs(args.files):
            lines = split_lines(source.text)
            endings = ["\r" if line.endswith("\r") else "" for line in lines]
            plain = [
                line[: len(line) - len(ending)] for line, ending in zip(lines, endings, strict=True)
            ]
            # The whole text at once, so that a term wrapped at a line end is found;
            # every replacement keeps the line breaks, so the lines stay the lines.
            new, replacements = terms.apply("\n".join(plain), lang)
            out_lines = new.split("\n")
            if len(out_lines) != len(plain):  # never expected; stay line-preserving
                out_lines, replacements = line_by_line(terms, plain, lang)
            total += len(replacements)
            if args.review:
                for number, line in enumerate(plain, start=1):
                    for match in terms.review(line, lang):
                        sink.write(dump({"file": source.name, "line": number, **match.to_dict()}))
            if args.explain:
                starts = line_starts(out_lines)
                for r in replacements:
                    number = bisect.bisect_right(starts, r.start)
                    offset = starts[number - 1]
                    record = {"file": source.name, "line": number, "rule": f"terms:{r.concept_id}",
                              "start": r.start - offset, "end": r.end - offset,
                              "before": r.before, "after": r.after}  # fmt: skip
                    sink.write(dump(record))
            if not (args.explain or args.review):
                text = "\n".join(
                    line + ending for line, ending in zip(out_lines, endings, strict=True)
                )
                sink.write(text + ("\n" if source.text.endswith("\n") else ""))
    print(f"mtnorm glossary apply: {total} replacement(s)", file=sys.stderr)
    return 0


def line_starts(lines: list[str]) -> list[int]:
    r"""Offsets of the lines in `"\n".join(lines)`.

    >>> line_starts(["ab", "", "c"])
    [0, 3, 4]
    """
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def line_by_line(
    terms: Glossary, lines: list[str], lang: str
) -> tuple[list[str], list[TermReplacement]]:
    """Apply to each line on its own (replacement offsets in the joined text)."""
    out_lines: list[str] = []
    replacements: list[TermReplacement] = []
    offset = 0
    for line in lines:
        new, found = terms.apply(line, lang)
        replacements += [
            TermReplacement(r.start + offset, r.end + offset, r.before, r.after, r.concept_id)
            for r in found
        ]
        out_lines.append(new)
        offset += len(new) + 1
    return out_lines, replacements


def run_lint(args: argparse.Namespace) -> int:
    issues = lint_directory(glossary_dir(args))
    for issue in issues:
        print(issue)
    errors = sum(issue.level == "error" for issue in issues)
    warnings = len(issues) - errors
    print(f"mtnorm glossary lint: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def term_record(term: Term, domain: str) -> dict[str, Any]:
    """A term with every field, for JSON Lines output."""
    return {"id": term.concept_id, "domain": domain, "lang": term.lang, "status": term.status,
            "term": term.text, "gender": term.gender, "decl": term.decl,
            "flags": list(term.flags), "note": term.note, "source": term.source}  # fmt: skip


def concept_record(concept: Concept) -> dict[str, Any]:
    """A concept, its preferred terms and all its terms, for JSON Lines output."""
    return {
        "id": concept.id,
        "domain": concept.domain,
        "de": concept.preferred("de"),
        "en": concept.preferred("en"),
        "terms": [
            {key: value for key, value in term_record(term, concept.domain).items()
             if key not in ("id", "domain")}
            for term in concept.terms
        ],
    }  # fmt: skip


def run_list(args: argparse.Namespace) -> int:
    lang = check_lang(args.lang) if args.lang else None
    for concept in open_glossary(args):
        if args.domain and concept.domain != args.domain:
            continue
        if args.terms:
            for term in concept.terms:
                if (args.status and term.status != args.status) or (lang and term.lang != lang):
                    continue
                if args.json:
                    sys.stdout.write(dump(term_record(term, concept.domain)))
                else:
                    row = [concept.id, concept.domain, term.lang, term.status, term.text, term.note]
                    sys.stdout.write("\t".join(row) + "\n")
            continue
        if args.status and not any(t.status == args.status for t in concept.terms):
            continue
        if args.json:
            sys.stdout.write(dump(concept_record(concept)))
            continue
        row = [concept.id, concept.domain, concept.preferred("de") or "",
               concept.preferred("en") or ""]  # fmt: skip
        sys.stdout.write("\t".join(row) + "\n")
    return 0


def inflected_concepts(terms: Glossary, query: str) -> list[Concept]:
    """The concepts of which `query` as a whole is a form: inflected (`Exekutivbesetzungen`),
    Swiss or old spelling (`Neue Seidenstrasse`), hyphenated (`Energie-Ministerium`).

    >>> [c.id for c in inflected_concepts(load_glossary(), "Energie-Ministeriums")]
    ['us_department_of_energy']
    >>> [c.id for c in inflected_concepts(load_glossary(), "Exekutivbesetzungen")]
    ['executive_order']
    """
    ids = [
        hit.term.concept_id for hit in terms.hits(query) if hit.start == 0 and hit.end == len(query)
    ]
    return [terms.concept(concept_id) for concept_id in dict.fromkeys(ids)]


def find_concepts(terms: Glossary, query: str) -> list[Concept]:
    """The concept with id `query`, or every concept with `query` as a term (any case).

    Unknown: a `UserError` naming the closest ids and terms.
    """
    if query in terms:
        return [terms.concept(query)]
    key = fold(clean_field(query))
    found = [c for c in terms if any(fold(t.text) == key for t in c.terms)]
    if found:
        return found
    found = inflected_concepts(terms, clean_field(query))
    if found:
        return found
    names = {c.id: c.id for c in terms} | {t.text: t.concept_id for t in terms.terms}
    close = difflib.get_close_matches(query, list(names), n=3, cutoff=0.75)
    hint = ", ".join(dict.fromkeys(names[name] for name in close))
    raise UserError(
        f"no concept or term {query!r}"
        + (f"; did you mean {hint}?" if hint else "; see mtnorm glossary list")
    )


def run_show(args: argparse.Namespace) -> int:
    for concept in find_concepts(open_glossary(args), args.concept_id):
        if args.json:
            sys.stdout.write(dump(concept_record(concept)))
            continue
        print(f"{concept.id}  [{concept.domain}]")
        for term in sorted(concept.terms, key=lambda t: (t.lang, STATUSES.index(t.status))):
            extra = ", ".join(part for part in (term.gender, term.decl, ",".join(term.flags))
                              if part)  # fmt: skip
            print(
                f"  {term.lang}  {term.status:<10} {term.text}" + (f"  ({extra})" if extra else "")
            )
            if term.note:
                print(f"      note: {term.note}")
        print(f"  source: {concept.source}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    terms = open_glossary(args)
    by_domain = Counter(concept.domain for concept in terms)
    by_status = Counter((t.lang, t.status) for t in terms.terms)
    forms = sum(len(terms.forms(t)) for t in terms.terms)
    if args.json:
        statuses: dict[str, dict[str, int]] = {}
        for (lang, status), count in sorted(by_status.items()):
            statuses.setdefault(lang, {})[status] = count
        sys.stdout.write(dump({"concepts": len(terms), "terms": len(terms.terms),
                               "domains": {d: by_domain.get(d, 0) for d in DOMAINS},
                               "statuses": statuses, "surface_forms": forms}))  # fmt: skip
        return 0
    print(f"concepts\t{len(terms)}")
    print(f"terms\t{len(terms.terms)}")
    for domain in DOMAINS:
        print(f"domain:{domain}\t{by_domain.get(domain, 0)}")
    for (lang, status), count in sorted(by_status.items()):
        print(f"{lang}:{status}\t{count}")
    print(f"surface forms\t{forms}")
    return 0


def row_fields(term: Term) -> tuple[object, ...]:
    """What a data row says about a term (not where it came from)."""
    return (term.status, term.text, term.gender, term.decl, term.flags, term.note, term.source)


def write_merged(
    directory: Path,
    new_terms: list[tuple[str, Term]],
    dry_run: bool,
    update: bool | None = None,
    resolve: bool = True,
) -> int:
    """Merge (domain, term) pairs into the data files; refuse if the lint gets worse.

    Incoming concepts that share a term with a known one are attached to it unless
    `resolve` is False (`add` names its concept exactly: `dpa` the agency is not `DPA` the
    law). A term the base has already (same concept, language and term) is skipped; when the
    import carries every field (`update` not None) a row that differs is reported, or
    with `update=True` replaces the base's row. Every file is rewritten sorted and
    atomically (temporary file + rename), its comment lines kept; nothing is written
    when the change would add a lint error.
    """
    by_domain: dict[str, list[Term]] = {}
    comments = {}
    for domain in DOMAINS:
        path = directory / f"{domain}.tsv"
        by_domain[domain] = read_data_file(path) if path.exists() else []
        comments[domain] = read_comments(path)
    existing_domain = {t.concept_id: d for d, terms in by_domain.items() for t in terms}
    present = {
        (t.concept_id, t.lang, fold(t.text)): (d, i)
        for d, terms in by_domain.items() for i, t in enumerate(terms)
    }  # fmt: skip
    has_preferred = {
        (t.concept_id, t.lang) for terms in by_domain.values() for t in terms
        if t.status == "preferred"
    }  # fmt: skip
    added = demoted = 0
    differing: list[str] = []
    # An import may name a known concept differently; `add` names its concept exactly.
    incoming = resolve_concepts(by_domain, new_terms) if resolve else new_terms
    for domain, term in incoming:
        key = (term.concept_id, term.lang, fold(term.text))
        if key in present:
            where, index = present[key]
            old = by_domain[where][index]
            if update is not None and row_fields(old) != row_fields(term):
                differing.append(f"{old.origin}: {old.text!r} ({old.status})")
                if update:
                    by_domain[where][index] = replace(term, origin=f"{old.origin} (new)")
            continue
        if term.status == "preferred" and (term.concept_id, term.lang) in has_preferred:
            term = replace(term, status="admitted")  # the term base's choice stands
            demoted += 1
        if term.status == "preferred":
            has_preferred.add((term.concept_id, term.lang))
        target = existing_domain.get(term.concept_id, domain)
        by_domain[target].append(replace(term, origin=f"{directory / target}.tsv (new)"))
        present[key] = (target, len(by_domain[target]) - 1)
        existing_domain.setdefault(term.concept_id, target)
        added += 1
    if differing:
        verb = "updated" if update else "differ from the term base and were left as they are"
        hint = "" if update else " (import --update applies them)"
        print(f"mtnorm glossary: {len(differing)} row(s) {verb}{hint}: "
              + "; ".join(differing[:5]) + (" ..." if len(differing) > 5 else ""),
              file=sys.stderr)  # fmt: skip
    before = {str(i) for i in lint_directory(directory) if i.level == "error"}
    after = lint_terms(by_domain)
    new_errors = [
        i for i in after if i.level == "error" and ("(new)" in str(i) or str(i) not in before)
    ]
    if new_errors:
        for issue in new_errors[:20]:
            print(issue, file=sys.stderr)
        raise UserError(f"not written: the change would add {len(new_errors)} lint error(s)")
    for issue in after:
        if issue.level == "warning" and "(new)" in issue.where:
            print(issue, file=sys.stderr)
    if demoted:
        print(
            f"mtnorm glossary: {demoted} incoming preferred term(s) kept as admitted "
            "(the concept has a preferred term)",
            file=sys.stderr,
        )
    if not dry_run:
        for domain, terms in by_domain.items():
            path = directory / f"{domain}.tsv"
            if terms or path.exists():
                text = format_data_file(terms, comments[domain])
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    atomic_write_text(path, text)
    return added


def resolve_concepts(
    by_domain: dict[str, list[Term]], new_terms: list[tuple[str, Term]]
) -> list[tuple[str, Term]]:
    """Attach incoming concepts to existing ones that share a term (same language).

    An imported table row `Wolfram,tungsten` belongs to the existing concept
    `tungsten` even though the import named it differently.
    """
    owner = {(t.lang, fold(t.text)): t.concept_id for terms in by_domain.values() for t in terms}
    known_ids = set(owner.values())
    renamed: dict[str, str] = {}
    for _, term in new_terms:
        if term.concept_id in known_ids or term.concept_id in renamed:
            continue
        existing = owner.get((term.lang, fold(term.text)))
        if existing is not None:
            renamed[term.concept_id] = existing
    return [
        (domain, replace(term, concept_id=renamed.get(term.concept_id, term.concept_id)))
        for domain, term in new_terms
    ]


def new_term(
    args: argparse.Namespace, lang: str, status: str, text: str, gender: str, decl: str, note: str
) -> Term:
    """A term typed on the command line, cleaned (NFC, spaces) and checked."""
    if gender and lang != "de":
        raise UserError(f"--gender: only German terms are inflected, not {lang} {text!r}")
    fields = [clean_field(args.concept_id, "id"), lang, status, clean_field(text), gender.strip(),
              decl.strip(), args.flags, clean_field(note, "note"),
              clean_field(args.source, "source")]  # fmt: skip
    try:
        return parse_row(fields, "add")
    except GlossaryFormatError as error:
        raise UserError(str(error)) from None


def already_there(terms: Glossary, term: Term) -> bool:
    """True if the concept has exactly this term; a `UserError` if adding it would
    change an existing term (another status or case) or add a second preferred term."""
    if term.concept_id not in terms:
        return False
    concept = terms.concept(term.concept_id)
    for old in concept.terms_in(term.lang):
        if fold(old.text) == fold(term.text):
            if (old.text, old.status) == (term.text, term.status):
                return True
            raise UserError(
                f"{term.concept_id} already has {old.text!r} as "
                f"{'an' if old.status[0] in 'aeiou' else 'a'} {old.status} "
                f"{old.lang} term ({old.origin}); edit that row to change it"
            )
    preferred = concept.preferred(term.lang)
    if term.status == "preferred" and preferred is not None:
        raise UserError(
            f"{term.concept_id} already has the preferred {term.lang} term "
            f"{preferred!r}: add {term.text!r} as admitted, or edit the data file "
            "to swap them"
        )
    return False


def run_add(args: argparse.Namespace) -> int:
    directory = glossary_dir(args)
    terms = open_glossary(args)
    if args.concept_id not in terms and not args.domain:
        raise UserError(
            f"{args.concept_id!r} is a new concept: give its --domain and --source (and "
            "its preferred term in the other language with --translation)"
        )
    domain = terms.concept(args.concept_id).domain if args.concept_id in terms else args.domain
    if args.domain and domain != args.domain:
        raise UserError(
            f"{args.concept_id} is in {domain}.tsv, not {args.domain}: leave out "
            "--domain, or choose another concept id"
        )
    status = args.status or ("admitted" if args.concept_id in terms else "preferred")
    new = [new_term(args, args.lang, status, args.term, args.gender, args.decl, args.note)]
    if args.translation is not None:
        other = "en" if args.lang == "de" else "de"
        new.append(new_term(args, other, "preferred", args.translation, "", "", ""))
    wanted = [term for term in new if not already_there(terms, term)]
    for term in new:
        if term not in wanted:
            print(
                f"mtnorm glossary add: {term.text!r} is already a {term.status} {term.lang} "
                f"term of {term.concept_id}",
                file=sys.stderr,
            )
    if not wanted:
        return 0
    try:
        added = write_merged(
            directory, [(domain, term) for term in wanted], dry_run=False, resolve=False
        )
    except GlossaryFormatError as error:
        raise UserError(str(error)) from None
    print(f"mtnorm glossary add: {added} term(s) added to {domain}.tsv", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    table_options = args.flavour is not None or args.excel
    fmt = args.fmt or ("csv" if table_options else "tbx")
    if fmt == "tbx" and table_options:
        raise UserError("--flavour and --excel shape CSV/TSV exports; TBX has one layout")
    terms = open_glossary(args)
    if fmt == "tbx":
        data = export_tbx(terms).decode("utf-8")
    else:
        delimiter = "\t" if fmt == "tsv" else ";" if args.excel else ","
        flavour = args.flavour or "deepl"
        data = export_table(terms, flavour, args.source_lang, args.target_lang, delimiter)
        if args.excel:
            data = "\ufeff" + data.replace("\n", "\r\n")
    with OutputSink(args.output) as sink:
        sink.write(data)
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        pairs, complete = read_import(
            Path(args.file), args.fmt, args.source_lang, args.target_lang, args.domain
        )
    except GlossaryFormatError as error:
        raise UserError(str(error)) from None
    try:
        added = write_merged(
            glossary_dir(args), pairs, args.dry_run, update=args.update if complete else None
        )
    except GlossaryFormatError as error:
        raise UserError(str(error)) from None
    verb = "would add" if args.dry_run else "added"
    print(f"mtnorm glossary import: {verb} {added} term(s) of {len(pairs)}", file=sys.stderr)
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    terms = open_glossary(args)
    lines = [line for source in read_inputs(args.files) for line in split_lines(source.text)]
    for candidate in suggest(lines, terms, min_count=args.min_count)[: args.limit]:
        if args.fmt == "tsv":
            cells = [candidate.text, candidate.kind, str(candidate.count), candidate.note,
                     candidate.examples[0] if candidate.examples else ""]  # fmt: skip
            sys.stdout.write("\t".join(" ".join(cell.split()) for cell in cells) + "\n")
        else:
            sys.stdout.write(dump(candidate.to_dict()))
    return 0
