"""`mtnorm detect`: the language of each line, sentence or document, as JSON Lines."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .cli import HelpFormatter
from .detect import (
    ENGINES,
    detect,
    detect_document,
    detect_sentences,
    detect_spans,
    parse_langs,
)
from .textio import (
    OutputSink,
    UserError,
    check_not_an_input,
    newline_ends,
    read_inputs,
    split_lines,
)

EXAMPLES = """\
examples:
  mtnorm detect article.txt
  mtnorm detect --langs de,en --per sentence article.txt
  mtnorm detect --spans article.txt | jq -c 'select(.spans | length > 1)'
  printf 'Foto: Reuters\\n92 %%\\n' | mtnorm detect

Input lines may end in LF, CRLF or CR. Exit status: 0 done, 2 bad input or usage
(one-line message), 130 interrupted."""

#: What one output record describes.
UNITS: tuple[str, ...] = ("line", "sentence", "document")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "detect",
        help="detect the language of each line (or sentence, or document), as JSON Lines",
        description="Detect languages in FILEs (or standard input). Writes one JSON object "
        'per line by default: {"file", "line", "lang", "confidence", "candidates"}; '
        'lines without language get "lang": "und" and a "reason".',
        epilog=EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' = stdin)")
    parser.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    parser.add_argument(
        "--per",
        choices=UNITS,
        default="line",
        help="one record per line (default), per sentence, or per document",
    )
    parser.add_argument(
        "--langs",
        help="comma-separated candidate languages, e.g. de,en (default: the built-in set "
        "of common languages, favouring German and English)",
    )
    parser.add_argument(
        "--spans",
        action="store_true",
        help="with --per line: also list stretches in another language (e.g. an English "
        "title inside a German line) as spans with start/end offsets",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="combined",
        help="detector (default: combined; the others are single evidence sources, for comparison)",
    )
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    parser.set_defaults(handler=run_detect)


def run_detect(args: argparse.Namespace) -> int:
    try:
        langs = parse_langs(args.langs) if args.langs is not None else None
    except ValueError as error:
        raise UserError(f"--langs: {error}") from None
    if args.spans and args.per != "line":
        raise UserError("--spans needs --per line")
    check_not_an_input(args.output, args.files)
    with OutputSink(args.output) as sink:
        for source in read_inputs(args.files, args.encoding):
            text = newline_ends(source.text)  # a file with CR line ends only has lines too
            for record in records(text, args.per, langs, args.engine, args.spans):
                sink.write(json.dumps({"file": source.name, **record}, ensure_ascii=False))
                sink.write("\n")
    return 0


def records(
    text: str,
    per: str,
    langs: tuple[str, ...] | None,
    engine: str = "combined",
    spans: bool = False,
) -> list[dict[str, Any]]:
    """The output records for one document.

    >>> records("Die USA investieren massiv.\\n\\n", "line", ("de", "en"))[1]
    {'line': 2, 'lang': 'und', 'confidence': 0.0, 'candidates': {}, 'reason': 'empty'}
    """
    if per == "document":
        return [{"lines": len(split_lines(text)), **detect_document(text, langs).to_dict()}]
    if per == "sentence":
        return [
            {
                "line": segment.line,
                "start": segment.start,
                "end": segment.end,
                "text": segment.text,
                **segment.detection.to_dict(),
            }
            for segment in detect_sentences(text, langs, engine=engine)
        ]
    result = []
    for number, line in enumerate(split_lines(text), start=1):
        line = line.removesuffix("\r")
        record: dict[str, Any] = {"line": number, **detect(line, langs, engine=engine).to_dict()}
        if spans:
            record["spans"] = [span.to_dict() for span in detect_spans(line, langs, engine=engine)]
        result.append(record)
    return result
