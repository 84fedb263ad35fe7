"""`mtnorm segment`: split each input line (a paragraph) into sentences.

Text output: one sentence per line and an empty line after each paragraph, so an
empty input line gives just that empty separator line. `--format jsonl` writes one
JSON object per input line: {"line": n, "sentences": [{"start", "end", "text"}]},
with offsets into that line.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from .cli import HelpFormatter
from .segment import SUPPORTED_LANGS, Sentence, segment_text
from .textio import OutputSink, UserError, check_not_an_input, read_inputs, split_document_lines

EXAMPLES = """\
examples:
  mtnorm segment --lang de article.txt
  mtnorm clean article.txt | mtnorm segment --lang auto --format jsonl > sentences.jsonl
  printf 'It rose 1.8%% in the U.S. The deal was signed.\\n' | mtnorm segment --lang en

Input lines may end in LF, CRLF or CR. Exit status: 0 done, 2 bad input or usage
(one-line message), 130 interrupted."""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "segment",
        help="split paragraphs (one per line) into sentences",
        description="Split each input line (a paragraph) into sentences. Text output has one "
        "sentence per line and an empty line after each paragraph; --format jsonl gives "
        "character offsets into each line.",
        epilog=EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' = stdin)")
    parser.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    parser.add_argument(
        "--lang",
        default="de",
        help="de, en, or auto (detect each paragraph's language); other languages use "
        "both lexicons (default: de)",
    )
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format")
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    parser.set_defaults(handler=run_segment)


def run_segment(args: argparse.Namespace) -> int:
    if args.lang != "auto" and not (args.lang.isalpha() and len(args.lang) in (2, 3)):
        raise UserError(f"--lang: expected de, en or auto, not {args.lang!r}")
    check_not_an_input(args.output, args.files)
    number = 0
    with OutputSink(args.output) as sink:
        for source in read_inputs(args.files, args.encoding):
            for line in split_document_lines(source.text):
                number += 1
                sentences = segment_text(line, paragraph_lang(line, args.lang))
                if args.format == "jsonl":
                    sink.write(jsonl_record(number, sentences) + "\n")
                else:
                    sink.write("".join(s.text + "\n" for s in sentences) + "\n")
    return 0


def paragraph_lang(paragraph: str, lang: str) -> str:
    """`lang`, or for "auto" the detected language (de when unsure or neither de nor en)."""
    if lang != "auto":
        return lang
    if not paragraph.strip():
        return "de"
    from .detect import detect

    found = detect(paragraph).lang
    return found if found in SUPPORTED_LANGS else "de"


def jsonl_record(number: int, sentences: list[Sentence]) -> str:
    """One paragraph's sentences as a JSON line.

    >>> print(jsonl_record(7, segment_text("Ja. Nein.")))
    {"line": 7, "sentences": [{"start": 0, "end": 3, "text": "Ja."},
                              {"start": 4, "end": 9, "text": "Nein."}]}
    """
    return json.dumps(
        {
            "line": number,
            "sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in sentences],
        },
        ensure_ascii=False,
    )
