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
  *unidirectional* Google glossary use the `deepl` flavour, which is that format).

Bilingual exports map every preferred, admitted and deprecated source term (so MT
output of a deprecated term is corrected too) to the target's preferred term;
flagged terms are never exported as pairs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from .datafile import GlossaryFormatError, parse_row
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
}
TBX_GENDER: dict[str, str] = {"m": "masculine", "f": "feminine", "n": "neuter", "pl": "other"}
GENDER_FROM_TBX: dict[str, str] = {value: key for key, value in TBX_GENDER.items()}
FLAVOURS: tuple[str, ...] = ("deepl", "amazon", "google")
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


def import_tbx(data: bytes, name: str = "<tbx>") -> list[tuple[str, Term]]:
    """(domain, term) pairs from a TBX (TBX-Basic or TBX v2 `martif`) document."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise GlossaryFormatError(f"{name}: not well-formed XML: {error}") from None
    pairs: list[tuple[str, Term]] = []
    entries = [e for e in root.iter() if _local(e) in ("conceptEntry", "termEntry")]
    if _local(root) not in ("tbx", "martif"):
        raise GlossaryFormatError(f"{name}: not a TBX document (root <{_local(root)}>)")
    for number, entry in enumerate(entries, start=1):
        concept_id = _slug(entry.get("id") or f"concept_{number}")
        domain = "general"
        for child in entry:
            if _local(child) == "descrip" and child.get("type") == "subjectField":
                text = (child.text or "").strip()
                domain = text if text in DOMAINS else "general"
        for lang_sec in entry:
            if _local(lang_sec) not in ("langSec", "langSet"):
                continue
            lang = (lang_sec.get(XML_LANG) or "").split("-")[0].lower()
            for term_sec in lang_sec:
                if _local(term_sec) not in ("termSec", "tig", "ntig"):
                    continue
                where = f"{name}:{term_sec.sourceline}"
                pairs.append((domain, _read_term_sec(term_sec, concept_id, lang, where)))
    return pairs


def _read_term_sec(term_sec: etree._Element, concept_id: str, lang: str, where: str) -> Term:
    fields = {"term": "", "status": "admitted", "gender": "", "decl": "", "flags": "",
              "note": "", "source": ""}  # fmt: skip
    notes: list[str] = []
    flags: list[str] = []
    for element in term_sec.iter():
        kind = _local(element)
        text = (element.text or "").strip()
        if kind == "term":
            fields["term"] = " ".join("".join(element.itertext()).split())
        elif kind == "termNote" and element.get("type") == "administrativeStatus":
            fields["status"] = STATUS_FROM_TBX.get(text, "admitted")
        elif kind == "termNote" and element.get("type") == "grammaticalGender":
            fields["gender"] = GENDER_FROM_TBX.get(text, "")
        elif kind == "termNote" and element.get("type") == "termType" and text == "acronym":
            flags.append("acronym")
        elif kind == "admin" and element.get("type") == "source":
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
    return parse_row(row, where)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _slug(text: str) -> str:
    """A concept id from any text.

    >>> _slug("Department of Energy")
    'department_of_energy'
    """
    slug = "".join(char if char.isalnum() else "_" for char in text.casefold())
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
            key = term.text.casefold()
            if key in pairs and pairs[key][1] != wanted:
                ambiguous.add(key)
            pairs.setdefault(key, (term.text, wanted))
    return [pair for key, pair in pairs.items() if key not in ambiguous]


def export_table(
    glossary: Glossary, flavour: str, source: str, target: str, delimiter: str = ","
) -> str:
    """The glossary as CSV/TSV in one of the `FLAVOURS`."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}: use {', '.join(FLAVOURS)}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
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


def import_table(
    text: str, name: str, source: str, target: str, delimiter: str, domain: str
) -> list[tuple[str, Term]]:
    """(domain, term) pairs from a two-column CSV/TSV; a language-code header is optional.

    Each row becomes a concept (id from the English term) with both terms preferred;
    merging (`mtnorm glossary import`) attaches a row to an existing concept that has
    one of its terms, as admitted terms.
    """
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0][:2]] if rows else []
    if header in ([source, target], [target, source]):
        source, target = header[0], header[1]
        rows = rows[1:]
        start = 2
    else:
        start = 1
    pairs: list[tuple[str, Term]] = []
    for number, row in enumerate(rows, start=start):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise GlossaryFormatError(f"{name}:{number}: expected two columns, found {len(row)}")
        texts = {source: row[0].strip(), target: row[1].strip()}
        concept_id = _slug(texts.get("en") or row[1])
        for lang, term_text in texts.items():
            fields = [concept_id, lang, "preferred", term_text, "", "", "", "", f"import {name}"]
            pairs.append((domain, parse_row(fields, f"{name}:{number}")))
    return pairs


def read_import(path: Path, fmt: str | None, source: str, target: str, domain: str
                ) -> list[tuple[str, Term]]:
    """Read a TBX, CSV or TSV file (format from `fmt` or the extension)."""
    fmt = fmt or path.suffix.lstrip(".").lower()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryFormatError(f"{path}: cannot read ({error.strerror})") from None
    if fmt == "tbx":
        return import_tbx(data, str(path))
    if fmt not in ("csv", "tsv"):
        raise GlossaryFormatError(f"{path}: unknown format {fmt!r}: use tbx, csv or tsv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryFormatError(f"{path}: not valid UTF-8") from None
    return import_table(text, str(path), source, target, "\t" if fmt == "tsv" else ",", domain)
