"""Exchange formats: TBX-Basic (ISO 30042:2019) and the CSV/TSV glossaries MT services accept.

TBX export writes one `conceptEntry` per concept (`descrip type="subjectField"` = the
domain), one `langSec` per language and one `termSec` per term, with the TBX-Basic
term notes `administrativeStatus` (preferredTerm-/admittedTerm-/deprecatedTerm-admn-sts),
`partOfSpeech`, `grammaticalGender` and `termType` (acronym). What TBX-Basic has no
category for travels in `note` elements starting with `mtnorm-` (declension, flags,
the `flagged` status, which is exported as deprecated for other tools), so that
export → import round-trips exactly.

CSV/TSV flavours (source language first):

* `deepl`: two columns source,target, no header (DeepL glossary CSV/TSV);
* `amazon`: header row of language codes (`de,en`), then source,target (Amazon
  Translate custom terminology);
* `google`: header row of language codes, one row per concept with its preferred
  terms (Google Cloud Translation *equivalent term sets* glossary; for a
  *unidirectional* Google glossary use the `deepl` flavour, which is that format);
* `terms`: the term base itself for a spreadsheet, one row per term with every column
  of the data files plus `domain` (header row); import reads it back losslessly.

Import reads what spreadsheets write: UTF-8 with or without BOM, UTF-16 ("Unicode
text"), Windows-1252 as a fallback; `,`, `;` or tab separators (guessed from the
first line); CRLF; a header of language codes or names (`DE;EN`, `Deutsch,English`).
Every value is stored in Unicode NFC with spaces trimmed. From TBX it reads
TBX-Basic v3 (`conceptEntry/langSec/termSec`) and v2 (`martif`: `termEntry/langSet/
tig`); definitions become notes, transaction data is dropped, a language section
without a preferred term gets its first term without a status as preferred.

Bilingual exports map every preferred, admitted and deprecated source term (so MT
output of a deprecated term is corrected too) to the target's preferred term;
flagged terms are never exported as pairs.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

from .datafile import COLUMNS, GlossaryFormatError, clean_field, parse_row
from .model import DOMAINS, Concept, Term
from .termbase import Glossary

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: mtnorm status -> TBX-Basic administrativeStatus value.
TBX_STATUS: dict[str, str] = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "flagged": "deprecatedTerm-admn-sts",
}
STATUS_FROM_TBX: dict[str, str] = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "deprecated",
    # pre-TBX-Basic `normativeAuthorization` values
    "preferredTerm": "preferred",
    "admittedTerm": "admitted",
    "deprecatedTerm": "deprecated",
    "supersededTerm": "deprecated",
}
#: termNote types that carry the status (`normativeAuthorization` in old MARTIF files).
STATUS_TYPES: tuple[str, ...] = ("administrativeStatus", "normativeAuthorization")
TBX_GENDER: dict[str, str] = {"m": "masculine", "f": "feminine", "n": "neuter", "pl": "other"}
GENDER_FROM_TBX: dict[str, str] = {value: key for key, value in TBX_GENDER.items()}
FLAVOURS: tuple[str, ...] = ("deepl", "amazon", "google", "terms")
#: Header of the `terms` flavour: the data file columns, then the concept's domain.
TERMS_HEADER: tuple[str, ...] = (*COLUMNS, "domain")
#: Language names a spreadsheet header may use instead of codes.
LANGUAGE_NAMES: dict[str, str] = {
    "deutsch": "de", "german": "de", "englisch": "en", "english": "en",
}  # fmt: skip
#: Prefix of the notes that carry mtnorm fields TBX-Basic has no category for.
NOTE_PREFIX = "mtnorm-"


def _q(name: str) -> str:
    return f"{{{TBX_NAMESPACE}}}{name}"


def export_tbx(concepts: Iterable[Concept], title: str = "mtnorm term base") -> bytes:
    """The concepts as a TBX-Basic document (UTF-8 XML bytes)."""
    root = etree.Element(
        _q("tbx"), nsmap={None: TBX_NAMESPACE}, attrib={"type": "TBX-Basic", "style": "dca"}
    )
    root.set(XML_LANG, "en")
    header = etree.SubElement(root, _q("tbxHeader"))
    file_desc = etree.SubElement(header, _q("fileDesc"))
    title_stmt = etree.SubElement(file_desc, _q("titleStmt"))
    etree.SubElement(title_stmt, _q("title")).text = title
    source_desc = etree.SubElement(file_desc, _q("sourceDesc"))
    etree.SubElement(source_desc, _q("p")).text = "Exported by mtnorm glossary export"
    body = etree.SubElement(etree.SubElement(root, _q("text")), _q("body"))
    for concept in concepts:
        entry = etree.SubElement(body, _q("conceptEntry"), id=concept.id)
        etree.SubElement(entry, _q("descrip"), type="subjectField").text = concept.domain
        for lang in sorted({term.lang for term in concept.terms}):
            lang_sec = etree.SubElement(entry, _q("langSec"))
            lang_sec.set(XML_LANG, lang)
            for term in concept.terms_in(lang):
                _term_sec(lang_sec, term)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _term_sec(lang_sec: etree._Element, term: Term) -> None:
    term_sec = etree.SubElement(lang_sec, _q("termSec"))
    etree.SubElement(term_sec, _q("term")).text = term.text
    notes = {
        "administrativeStatus": TBX_STATUS[term.status],
        "partOfSpeech": "properNoun" if term.do_not_translate else "noun",
    }
    if term.gender:
        notes["grammaticalGender"] = TBX_GENDER[term.gender]
    if term.is_acronym:
        notes["termType"] = "acronym"
    for kind, value in notes.items():
        etree.SubElement(term_sec, _q("termNote"), type=kind).text = value
    if term.source:
        etree.SubElement(term_sec, _q("admin"), type="source").text = term.source
    if term.note:
        etree.SubElement(term_sec, _q("note")).text = term.note
    extra = {
        "status": "flagged" if term.status == "flagged" else "",
        "gender": term.gender,
        "decl": term.decl,
        "flags": ",".join(term.flags),
    }
    for key, value in extra.items():
        if value:
            etree.SubElement(term_sec, _q("note")).text = f"{NOTE_PREFIX}{key}: {value}"


def import_tbx(
    data: bytes, name: str = "<tbx>", default_domain: str = "general"
) -> list[tuple[str, Term]]:
    """(domain, term) pairs from a TBX (TBX-Basic or TBX v2 `martif`) document.

    A subject field that is no mtnorm domain gives `default_domain`; a concept that
    cites no source gets `import <file name>`.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise GlossaryFormatError(f"{name}: not well-formed XML: {error}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise GlossaryFormatError(f"{name}: declares XML entities; mtnorm does not expand them")
    pairs: list[tuple[str, Term]] = []
    entries = [e for e in root.iter() if _local(e) in ("conceptEntry", "termEntry")]
    if _local(root) not in ("tbx", "martif"):
        raise GlossaryFormatError(f"{name}: not a TBX document (root <{_local(root)}>)")
    for number, entry in enumerate(entries, start=1):
        concept_id = _slug(entry.get("id") or f"concept_{number}")
        domain = default_domain
        for child in entry:
            if _local(child) == "descrip" and child.get("type") == "subjectField":
                text = (child.text or "").strip()
                domain = text if text in DOMAINS else default_domain
        terms: list[Term] = []
        for lang_sec in entry:
            if _local(lang_sec) not in ("langSec", "langSet"):
                continue
            lang = (lang_sec.get(XML_LANG) or "").split("-")[0].lower()
            section = [
                _read_term_sec(term_sec, concept_id, lang, f"{name}:{term_sec.sourceline}")
                for term_sec in lang_sec
                if _local(term_sec) in ("termSec", "tig", "ntig")
            ]
            terms += _with_definition(_with_preferred(section), _definitions(lang_sec))
        terms = _with_definition(terms, _definitions(entry))
        if terms and not any(term.source for term in terms):
            terms = [replace(term, source=f"import {Path(name).name}") for term in terms]
        pairs += [(domain, term) for term in terms]
    return pairs


def _definitions(element: etree._Element) -> str:
    """The `descrip type="definition"` texts directly under `element`, one line."""
    return " ".join(
        _one_line(child) for child in element
        if _local(child) == "descrip" and child.get("type") == "definition"
    )  # fmt: skip


def _with_definition(terms: list[Term], definition: str) -> list[Term]:
    """A definition travels in the note of the first term (mtnorm has no column for it)."""
    if not definition or not terms:
        return terms
    first = terms[0]
    note = "; ".join(part for part in (first.note, f"definition: {definition}") if part)
    return [replace(first, note=note), *terms[1:]]


def _with_preferred(section: list[tuple[Term, bool]]) -> list[Term]:
    """The terms of a language section (term, has a status); if none is preferred, the
    first one without a status is.

    Tools that do not manage statuses leave `administrativeStatus` out; mtnorm needs
    one preferred term per language.
    """
    terms = [term for term, _ in section]
    if any(term.status == "preferred" for term in terms):
        return terms
    for index, (term, has_status) in enumerate(section):
        if not has_status:
            return [*terms[:index], replace(term, status="preferred"), *terms[index + 1 :]]
    return terms


def _one_line(element: etree._Element) -> str:
    """The text of an element with its whitespace runs (line breaks too) as one space."""
    return clean_field(" ".join("".join(element.itertext()).split()), "note")


def _read_term_sec(
    term_sec: etree._Element, concept_id: str, lang: str, where: str
) -> tuple[Term, bool]:
    """One `termSec` (`tig`) as a term, and whether it states its status."""
    fields = {"term": "", "status": "admitted", "gender": "", "decl": "", "flags": "",
              "note": "", "source": ""}  # fmt: skip
    notes: list[str] = []
    flags: list[str] = []
    has_status = False
    for element in term_sec.iter(tag=etree.Element):  # no comments, entities
        kind = _local(element)
        text = _one_line(element)
        if kind == "term":
            fields["term"] = text
        elif kind == "termNote" and element.get("type") in STATUS_TYPES:
            fields["status"] = STATUS_FROM_TBX.get(text, "admitted")
            has_status = True
        elif kind == "termNote" and element.get("type") == "grammaticalGender":
            fields["gender"] = GENDER_FROM_TBX.get(text, "")
        elif kind == "termNote" and element.get("type") == "termType" and text == "acronym":
            flags.append("acronym")
        elif kind in ("admin", "descrip") and element.get("type") == "source":
            fields["source"] = text
        elif kind == "note" and text.startswith(NOTE_PREFIX):
            key, _, value = text[len(NOTE_PREFIX) :].partition(": ")
            if key == "flags":
                flags += value.split(",")
            elif key in fields:
                fields[key] = value
        elif kind == "note":
            notes.append(text)
    fields["flags"] = ",".join(sorted(set(flags)))
    fields["note"] = " ".join(notes)
    row = [concept_id, lang, fields["status"], fields["term"], fields["gender"], fields["decl"],
           fields["flags"], fields["note"], fields["source"]]  # fmt: skip
    return parse_row(row, where), has_status


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _slug(text: str) -> str:
    """A concept id from any text.

    >>> _slug("Department of Energy"), _slug("Société Générale"), _slug("Maßnahme")
    ('department_of_energy', 'societe_generale', 'massnahme')
    """
    ascii_text = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    slug = "".join(char if char.isascii() and char.isalnum() else "_"
                   for char in ascii_text if not unicodedata.combining(char))  # fmt: skip
    return "_".join(part for part in slug.split("_") if part) or "concept"


def term_pairs(glossary: Glossary, source: str, target: str) -> list[tuple[str, str]]:
    """Unique (source term, target preferred term) pairs for a bilingual MT glossary.

    A source term that would map to two different targets is left out.
    """
    pairs: dict[str, tuple[str, str]] = {}
    ambiguous: set[str] = set()
    for concept in glossary:
        wanted = concept.preferred(target)
        if wanted is None:
            continue
        for term in concept.terms_in(source):
            if term.status == "flagged":
                continue
            key = term.text.lower()  # not casefold: `Flußspat` is no `Flussspat`
            if key in pairs and pairs[key][1] != wanted:
                ambiguous.add(key)
            pairs.setdefault(key, (term.text, wanted))
    return [pair for key, pair in pairs.items() if key not in ambiguous]


class TableWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class TsvWriter:
    """TSV as MT services read it: cells as they are, no quoting (values never hold a tab
    or a line break), so `"Liberation Day" tariffs` stays as written."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def writerow(self, row: Iterable[Any]) -> None:
        self.stream.write("\t".join(str(cell) for cell in row) + "\n")


#: A TSV cell a spreadsheet quoted: starts and ends with `"`, inner quotes doubled.
QUOTED_CELL = re.compile(r'"((?:[^"]|"")*)"')


def read_tsv(text: str) -> list[list[str]]:
    """Rows of a TSV table; a cell is unquoted only when it is quoted as a whole.

    >>> read_tsv('"Liberation Day" tariffs\\t"a ""b"" c"\\r\\n')
    [['"Liberation Day" tariffs', 'a "b" c']]
    """
    rows = []
    for line in text.splitlines():
        cells = line.split("\t")
        rows.append([
            match.group(1).replace('""', '"') if (match := QUOTED_CELL.fullmatch(cell)) else cell
            for cell in cells
        ])  # fmt: skip
    return rows


def export_table(
    glossary: Glossary, flavour: str, source: str, target: str, delimiter: str = ","
) -> str:
    """The glossary as CSV/TSV in one of the `FLAVOURS`."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}: use {', '.join(FLAVOURS)}")
    buffer = io.StringIO()
    writer: TableWriter = (
        TsvWriter(buffer)
        if delimiter == "\t"
        else csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    )
    if flavour == "terms":
        writer.writerow(TERMS_HEADER)
        for concept in glossary:
            for term in concept.terms:
                writer.writerow([term.concept_id, term.lang, term.status, term.text, term.gender,
                                 term.decl, ",".join(term.flags), term.note, term.source,
                                 concept.domain])  # fmt: skip
        return buffer.getvalue()
    if flavour == "google":
        writer.writerow([source, target])
        for concept in glossary:
            row = [concept.preferred(source), concept.preferred(target)]
            if all(row):
                writer.writerow(row)
        return buffer.getvalue()
    if flavour == "amazon":
        writer.writerow([source, target])
    for pair in term_pairs(glossary, source, target):
        writer.writerow(pair)
    return buffer.getvalue()


def decode_table(data: bytes, name: str) -> tuple[str, str]:
    """The text of a spreadsheet export and the encoding it was read in.

    >>> decode_table("\ufeffde;en".encode("utf-8"), "x")
    ('de;en', 'UTF-8')
    >>> decode_table("Höchstpreis".encode("cp1252"), "x")
    ('Höchstpreis', 'Windows-1252')
    >>> decode_table(b"\\xff\\xfeab\\n", "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    glossary.datafile.GlossaryFormatError: x: starts like UTF-16 but is not (truncated data ...)
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise GlossaryFormatError(
                f"{name}: starts like UTF-16 but is not ({error.reason} at byte {error.start})"
            ) from None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise GlossaryFormatError(f"{name}: neither UTF-8, UTF-16 nor Windows-1252") from None


def guess_delimiter(text: str, default: str) -> str:
    """The separator of a table: the one of tab, `;` and `,` most frequent in its first line,
    outside quotes (German spreadsheets write `;`).

    >>> guess_delimiter('DE;EN\\r\\n"a, b";c', ","), guess_delimiter("de,en", "\\t")
    (';', ',')
    """
    first = text.split("\n", 1)[0]
    outside = "".join(part for index, part in enumerate(first.split('"')) if index % 2 == 0)
    counts = {char: outside.count(char) for char in ("\t", ";", ",")}
    best = max(counts, key=lambda char: (counts[char], char == default))
    return best if counts[best] else default


def import_table(
    text: str, name: str, source: str, target: str, delimiter: str, domain: str
) -> list[tuple[str, Term]]:
    """(domain, term) pairs from a CSV/TSV table.

    A `terms` table (header `id,lang,status,term,...,domain`) is read row by row, as
    exported. Any other table has two columns of terms; a header of language codes or
    names is optional. Each row becomes a concept (id from the English term) with both
    terms preferred; merging (`mtnorm glossary import`) attaches a row to an existing
    concept that has one of its terms, as admitted terms.
    """
    rows = (
        read_tsv(text)
        if delimiter == "\t"
        else list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    )
    label = Path(name).name
    header = [clean_field(cell).lower() for cell in rows[0]] if rows else []
    if tuple(header[: len(TERMS_HEADER)]) == TERMS_HEADER:
        return _import_terms_table(rows, name, domain)
    languages = [LANGUAGE_NAMES.get(cell, cell) for cell in header[:2]]
    start = 1
    if languages in ([source, target], [target, source]):
        source, target = languages[0], languages[1]
        rows = rows[1:]
        start = 2
    pairs: list[tuple[str, Term]] = []
    # (lang, folded term) -> concept id: rows that share a term are one concept, the
    # first row's terms preferred, the others' admitted (`Höchstpreis,price ceiling` and
    # `Höchstpreis,maximum price`); a repeated row adds nothing.
    seen: dict[tuple[str, str], str] = {}
    for number, row in enumerate(rows, start=start):
        cells = [clean_field(cell) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise GlossaryFormatError(
                f"{name}:{number}: expected a {source} and a {target} term, found {row}"
            )
        texts = {source: cells[0], target: cells[1]}
        keys = {lang: (lang, term_text.casefold()) for lang, term_text in texts.items()}
        known = next((seen[key] for key in keys.values() if key in seen), None)
        concept_id = known or _slug(texts.get("en") or cells[1])
        for lang, term_text in texts.items():
            if keys[lang] in seen:
                continue
            seen[keys[lang]] = concept_id
            status = "admitted" if known else "preferred"
            fields = [concept_id, lang, status, term_text, "", "", "", "", f"import {label}"]
            pairs.append((domain, parse_row(fields, f"{name}:{number}")))
    return pairs


def _import_terms_table(rows: list[list[str]], name: str, domain: str) -> list[tuple[str, Term]]:
    """Rows of the `terms` flavour (the first row is its header)."""
    pairs: list[tuple[str, Term]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = (row + [""] * len(TERMS_HEADER))[: len(TERMS_HEADER)]
        fields = [
            clean_field(cell, column) for column, cell in zip(TERMS_HEADER, cells, strict=True)
        ]
        if fields[-1] and fields[-1] not in DOMAINS:
            raise GlossaryFormatError(
                f"{name}:{number}: unknown domain {fields[-1]!r} (use {', '.join(DOMAINS)})"
            )
        pairs.append((fields[-1] or domain, parse_row(fields[:-1], f"{name}:{number}")))
    return pairs


def read_import(
    path: Path, fmt: str | None, source: str, target: str, domain: str
) -> tuple[list[tuple[str, Term]], bool]:
    """Read a TBX, CSV or TSV file (format from `fmt` or the extension).

    Also says whether the file carries every field of a term (TBX, the `terms` table):
    only then can a term already in the base be compared with it.
    """
    fmt = fmt or path.suffix.lstrip(".").lower()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryFormatError(f"{path}: cannot read ({error.strerror})") from None
    if fmt == "tbx":
        return import_tbx(data, str(path), domain), True
    if fmt not in ("csv", "tsv", "txt"):
        raise GlossaryFormatError(f"{path}: unknown format {fmt!r}: use tbx, csv or tsv")
    text, _ = decode_table(data, str(path))
    delimiter = guess_delimiter(text, "," if fmt == "csv" else "\t")
    first = text.split("\n", 1)[0].lower()
    complete = first.replace(delimiter, ",").strip(" \r\ufeff").startswith(",".join(COLUMNS))
    return import_table(text, str(path), source, target, delimiter, domain), complete
