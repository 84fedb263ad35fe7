"""Reading and writing the term base's data files: one TSV file per domain.

Each file `<domain>.tsv` starts with the header row `COLUMNS`; each further row is
one term (see `glossary/data/README.md`). Rows are kept sorted by concept id,
language, status and term, so that an edit is a small, reviewable diff. Lines
starting with `#` are comments. Every loading error names the file and line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .inflect import term_forms
from .model import DOMAINS, FLAGS, GENDERS, STATUSES, Term

#: The columns of a data file, in order.
COLUMNS: tuple[str, ...] = (
    "id",
    "lang",
    "status",
    "term",
    "gender",
    "decl",
    "flags",
    "note",
    "source",
)

#: Directory of the shipped term base.
DATA_DIR = Path(__file__).parent / "data"


#: A concept id: lower-case ASCII letters, digits and underscores.
CONCEPT_ID = re.compile(r"[a-z0-9_]+")


#: German genitive singular endings and plural endings a `decl` spec may name.
_GENITIVE = r"(?:-|s|es|n|en|ns|ens)"
_PLURAL = r"(?:-|e|er|en|n|s|se|nen|ern|=\S.*)?"
#: One `;`-separated part of a `decl` spec (see glossary/data/README.md).
DECL_PART = re.compile(rf"mass|-|adj=[1-9]|head=[1-9]|{_GENITIVE}(?:\|{_GENITIVE})*(?:,{_PLURAL})?")


class GlossaryFormatError(ValueError):
    """A data file that cannot be read; the message starts with `file:line:`."""


def clean_field(value: str, column: str = "term") -> str:
    """A value typed or imported by a person, as the data files store it.

    Unicode NFC (a decomposed umlaut `o` + U+0308 becomes `ö`, as text is matched in
    NFC), no space at either end, and in a term or id runs of spaces as one space.
    Tabs and line breaks are kept, for `parse_row` to refuse with a message.

    >>> clean_field("  Ho\u0308chst  preis ")
    'Höchst preis'
    >>> clean_field("a  b", "note")
    'a  b'

    Invisible characters pasted along (a byte order mark, zero-width spaces) are
    dropped, and in a term or id other spaces (no-break, thin) become plain ones:
    >>> clean_field("\ufeffprice\u00a0ceiling\u200b")
    'price ceiling'
    """
    value = unicodedata.normalize("NFC", value).translate(INVISIBLE)
    if column in ("term", "id"):
        value = value.translate(ODD_SPACES)
    value = value.strip(" \u00a0")
    if column in ("term", "id"):
        value = re.sub(r" {2,}", " ", value)
    return value


#: Invisible characters a copy from a web page or spreadsheet brings along.
INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u00ad"))
#: Spaces other than the plain one, which a term never needs.
ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u2002\u2003"), " ")


def decl_problem(decl: str) -> str:
    """Why a declension spec is malformed ("" if it is fine).

    >>> decl_problem("head=2;es|s,=Schatzämter"), decl_problem("zz;qq")
    ('', "unknown part 'zz'")
    >>> decl_problem("mass;s,")
    'two noun parts (mass, s,)'
    """
    parts = [part.strip() for part in decl.split(";")] if decl else []
    for part in parts:
        if not DECL_PART.fullmatch(part):
            return f"unknown part {part!r}"
    nouns = [part for part in parts if not part.startswith(("adj=", "head="))]
    if len(nouns) > 1:
        return f"two noun parts ({', '.join(nouns)})"
    return ""


def parse_row(fields: list[str], origin: str) -> Term:
    """Turn the fields of one data row into a `Term`, checking every value.

    >>> parse_row(["cobalt", "de", "preferred", "Kobalt", "n", "", "", "", "USGS"], "x:2").text
    'Kobalt'
    >>> parse_row(["cobalt", "de", "best", "Kobalt", "", "", "", "", ""], "x:2")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    glossary.datafile.GlossaryFormatError: x:2: bad status 'best' (use preferred, ...
    """
    if len(fields) != len(COLUMNS):
        raise GlossaryFormatError(
            f"{origin}: expected {len(COLUMNS)} tab-separated columns "
            f"({', '.join(COLUMNS)}), found {len(fields)}"
        )
    concept_id, lang, status, text, gender, decl, flags, note, source = (
        field.strip() for field in fields
    )
    if not CONCEPT_ID.fullmatch(concept_id):
        raise GlossaryFormatError(f"{origin}: bad concept id {concept_id!r} (use a-z, 0-9, _)")
    if not (len(lang) == 2 and lang.isalpha() and lang.islower()):
        raise GlossaryFormatError(f"{origin}: bad language {lang!r} (use an ISO 639-1 code)")
    if status not in STATUSES:
        raise GlossaryFormatError(f"{origin}: bad status {status!r} (use {', '.join(STATUSES)})")
    if not text:
        raise GlossaryFormatError(f"{origin}: empty term")
    if gender and gender not in GENDERS:
        raise GlossaryFormatError(
            f"{origin}: bad gender {gender!r} (use {', '.join(GENDERS)} or leave empty)"
        )
    for value in (text, note, source, decl):
        if "\t" in value or "\n" in value or "\r" in value:
            raise GlossaryFormatError(f"{origin}: no tabs or line breaks allowed: {value!r}")
    if problem := decl_problem(decl):
        raise GlossaryFormatError(
            f"{origin}: bad decl {decl!r}: {problem} (see glossary/data/README.md)"
        )
    try:
        term_forms(text, lang, gender, decl)
    except ValueError as error:
        raise GlossaryFormatError(f"{origin}: bad decl {decl!r}: {error}") from None
    flag_list = tuple(sorted(flag.strip() for flag in flags.split(",") if flag.strip()))
    for flag in flag_list:
        if flag not in FLAGS:
            raise GlossaryFormatError(f"{origin}: bad flag {flag!r} (use {', '.join(FLAGS)})")
    return Term(concept_id, lang, status, text, gender, decl, flag_list, note, source, origin)


def header_problem(line: str) -> str:
    """What is wrong with a data file's first line (it is not `COLUMNS`).

    >>> header_problem("\\ufeffid")
    'the file starts with a byte order mark (BOM): save it as UTF-8 without BOM'
    """
    if line.startswith("\ufeff"):
        return "the file starts with a byte order mark (BOM): save it as UTF-8 without BOM"
    return f"the first line must be the header {chr(9).join(COLUMNS)!r}"


def read_data_file(path: Path) -> list[Term]:
    """Read one domain file; raise `GlossaryFormatError` naming file and line."""
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise GlossaryFormatError(f"{path}: not valid UTF-8 ({error.reason})") from None
    except OSError as error:
        raise GlossaryFormatError(f"{path}: cannot read ({error.strerror})") from None
    lines = content.split("\n")
    if not lines or lines[0].rstrip("\r").split("\t") != list(COLUMNS):
        raise GlossaryFormatError(f"{path}:1: {header_problem(lines[0] if lines else '')}")
    terms: list[Term] = []
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        terms.append(parse_row(line.split("\t"), f"{path}:{number}"))
    return terms


def domain_of(path: Path) -> str:
    """The domain a data file holds, from its name (`agency.tsv` → agency)."""
    if path.stem not in DOMAINS:
        raise GlossaryFormatError(
            f"{path}: unknown domain {path.stem!r}; data files are named "
            f"{', '.join(domain + '.tsv' for domain in DOMAINS)}"
        )
    return path.stem


def data_files(directory: Path) -> list[Path]:
    """The domain files in `directory`, in domain order."""
    if not directory.is_dir():
        raise GlossaryFormatError(f"{directory}: not a glossary directory")
    files = sorted(directory.glob("*.tsv"))
    for path in files:
        domain_of(path)
    return sorted(files, key=lambda path: DOMAINS.index(path.stem))


def sort_key(term: Term) -> tuple[str, str, int, str]:
    """Rows are sorted by concept, language, status (best first), term."""
    return (term.concept_id, term.lang, STATUSES.index(term.status), term.text.casefold())


def format_row(term: Term) -> str:
    for value in (term.text, term.note, term.source, term.decl):
        if "\t" in value or "\n" in value:
            raise GlossaryFormatError(f"tabs and newlines are not allowed in {value!r}")
    return "\t".join(
        (
            term.concept_id,
            term.lang,
            term.status,
            term.text,
            term.gender,
            term.decl,
            ",".join(term.flags),
            term.note,
            term.source,
        )
    )


def row_key(term: Term) -> tuple[str, str, str]:
    """What identifies a row across edits: concept, language and term."""
    return (term.concept_id, term.lang, term.text)


def read_comments(path: Path) -> dict[tuple[str, str, str] | None, list[str]]:
    """The comment lines of a data file, by the row they stand before (None: at the end).

    An edit keeps each comment block in front of the row it was written above.
    """
    comments: dict[tuple[str, str, str] | None, list[str]] = {}
    if not path.exists():
        return comments
    block: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n")[1:]:
        line = line.rstrip("\r")
        if line.startswith("#"):
            block.append(line)
        elif line.strip() and block:
            fields = line.split("\t")
            if len(fields) == len(COLUMNS):
                comments.setdefault(
                    (fields[0].strip(), fields[1].strip(), fields[3].strip()), []
                ).extend(block)
                block = []
    if block:
        comments.setdefault(None, []).extend(block)
    return comments


def format_data_file(
    terms: Iterable[Term], comments: dict[tuple[str, str, str] | None, list[str]] | None = None
) -> str:
    """The text of a data file holding `terms`: header, then sorted rows.

    `comments` (from `read_comments`) go back in front of their rows; a block whose row
    is gone goes to the end, so no comment is lost.
    """
    comments = dict(comments or {})
    lines = ["\t".join(COLUMNS)]
    for term in sorted(terms, key=sort_key):
        lines += comments.pop(row_key(term), [])
        lines.append(format_row(term))
    for block in comments.values():
        lines += block
    return "\n".join(lines) + "\n"
