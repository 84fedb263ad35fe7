"""Writers for aligned segment pairs: TSV, JSON Lines, TMX 1.4b and Moses.

Each writer takes a list of pairs and a text stream (Moses: a path prefix). A pair
is a `(source, target)` tuple or any object with `source` and `target` attributes;
objects may also carry `source_lang`, `target_lang`, `qa` (issues with a `code`)
and `to_dict()` (used whole by JSON Lines).

Segments are single lines: a tab or line break inside one is written as a space in
TSV and Moses (which have no way to escape them); JSON Lines and TMX keep the text
exactly, except characters XML 1.0 cannot contain, which TMX writes as U+FFFD.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape, quoteattr

import regex

from . import __version__
from .textio import atomic_write_text

# Characters XML 1.0 does not allow (C0 controls except tab/LF/CR, surrogates, U+FFFE/F).
_NOT_XML = regex.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = regex.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


class TextSink(Protocol):
    """Anything with `write(str)`: an open text file, sys.stdout, an `OutputSink`."""

    def write(self, text: str, /) -> Any: ...


def _source_target(pair: Any) -> tuple[str, str]:
    if isinstance(pair, tuple):
        return str(pair[0]), str(pair[1])
    return str(pair.source), str(pair.target)


def _qa_codes(pair: Any) -> list[str]:
    issues = getattr(pair, "qa", None) or []
    return [getattr(issue, "code", str(issue)) for issue in issues]


def one_line(text: str) -> str:
    """`text` with tabs and line breaks turned into spaces.

    >>> one_line("a\\tb\\nc")
    'a b c'
    """
    return _LINE_BREAKS.sub(" ", text)


def xml_text(text: str) -> str:
    """`text` escaped for XML content, invalid characters replaced by U+FFFD.

    >>> xml_text("A & B <x> \\x00")
    'A &amp; B &lt;x&gt; \\ufffd'
    """
    return escape(_NOT_XML.sub("\ufffd", text))


def write_tsv(pairs: Sequence[Any], out: TextSink, header: bool = True) -> None:
    """Columns: source, target, QA issue codes (comma-separated, empty if none)."""
    if header:
        out.write("source\ttarget\tqa\n")
    for pair in pairs:
        source, target = _source_target(pair)
        out.write(f"{one_line(source)}\t{one_line(target)}\t{','.join(_qa_codes(pair))}\n")


def write_jsonl(pairs: Sequence[Any], out: TextSink) -> None:
    """One JSON object per pair (`to_dict()` when the pair has it)."""
    for pair in pairs:
        if hasattr(pair, "to_dict"):
            record = pair.to_dict()
        else:
            source, target = _source_target(pair)
            record = {"source": source, "target": target}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_tmx(
    pairs: Sequence[Any],
    out: TextSink,
    source_lang: str,
    target_lang: str,
    creation_date: datetime | None = None,
) -> None:
    """A TMX 1.4b document with one translation unit per pair.

    QA issue codes are kept as `<prop type="x-mtnorm-qa">` of the unit, and a status
    other than "translated" (e.g. "copied": the source was already in the target
    language) as `<prop type="x-mtnorm-status">`, so a consumer can filter them.
    """
    when = (creation_date or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write('<tmx version="1.4">\n')
    out.write(
        f'  <header creationtool="mtnorm" creationtoolversion={quoteattr(__version__)} '
        f'datatype="plaintext" segtype="sentence" adminlang="en" '
        f'srclang={quoteattr(source_lang)} o-tmf="mtnorm" creationdate="{when}"/>\n'
    )
    out.write("  <body>\n")
    for number, pair in enumerate(pairs, start=1):
        source, target = _source_target(pair)
        out.write(f'    <tu tuid="{number}">\n')
        status = getattr(pair, "status", "translated")
        if status != "translated":  # e.g. "copied": already in the target language
            out.write(f'      <prop type="x-mtnorm-status">{xml_text(status)}</prop>\n')
        for code in _qa_codes(pair):
            out.write(f'      <prop type="x-mtnorm-qa">{xml_text(code)}</prop>\n')
        for lang, text in ((source_lang, source), (target_lang, target)):
            out.write(f"      <tuv xml:lang={quoteattr(lang)}><seg>{xml_text(text)}</seg></tuv>\n")
        out.write("    </tu>\n")
    out.write("  </body>\n</tmx>\n")


def moses_paths(prefix: str | Path, source_lang: str, target_lang: str) -> tuple[Path, Path]:
    """The two files of a Moses corpus: PREFIX.SRC and PREFIX.TGT.

    >>> [str(p) for p in moses_paths("out/corpus", "de", "en")]
    ['out/corpus.de', 'out/corpus.en']
    """
    prefix = str(prefix)
    return Path(f"{prefix}.{source_lang}"), Path(f"{prefix}.{target_lang}")


def write_moses(
    pairs: Sequence[Any], prefix: str | Path, source_lang: str, target_lang: str
) -> tuple[Path, Path]:
    """Write line-aligned PREFIX.SRC and PREFIX.TGT (each atomically); returns their paths."""
    source_path, target_path = moses_paths(prefix, source_lang, target_lang)
    if source_path == target_path:
        raise ValueError("Moses output needs two different languages")
    sources, targets = [], []
    for pair in pairs:
        source, target = _source_target(pair)
        sources.append(one_line(source) + "\n")
        targets.append(one_line(target) + "\n")
    atomic_write_text(source_path, "".join(sources))
    atomic_write_text(target_path, "".join(targets))
    return source_path, target_path
