"""`mtnorm clean`: line-preserving clean-up of files or standard input."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import sys
from typing import Any

from .clean import CleanResult, clean_text
from .cli import HelpFormatter
from .config import CleanConfig
from .pipeline import available_steps
from .textio import (
    InputText,
    OutputSink,
    UserError,
    atomic_write_bytes,
    check_not_an_input,
    encode_text,
    line_separator,
    read_inputs,
)

EXAMPLES = """\
examples:
  mtnorm clean article.txt                      clean to standard output
  mtnorm clean --lang de -o clean.txt a.txt b.txt
  cat raw.txt | mtnorm clean --steps repair | less
  mtnorm clean --diff article.txt               what would change, with the rules
  mtnorm clean --explain article.txt > changes.jsonl
  mtnorm clean --in-place --encoding cp1252 old/*.txt   (files stay cp1252)

Output: exactly one line per input line, each with its line end (LF, CRLF or CR).
Standard output and -o are UTF-8 (a byte-order mark is dropped); --in-place keeps
each file's encoding and byte-order mark, and checks every input before rewriting any.
Exit status: 0 done, 2 bad input or usage (one-line message), 130 interrupted."""


def parse_steps(value: str) -> tuple[str, ...]:
    """Parse a comma-separated step list, checking every name."""
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in available_steps()]
    if unknown or not names:
        raise UserError(
            f"unknown step(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(available_steps())}"
        )
    if len(set(names)) != len(names):
        raise UserError(f"--steps: a step is listed twice: {value}")
    return names


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "clean",
        help="repair encoding, typography and terms, one output line per input line",
        description="Clean machine-translated text line by line. Reads FILEs (or standard "
        "input) and writes the cleaned text to standard output or -o FILE.",
        epilog=EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' = stdin)")
    parser.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    parser.add_argument(
        "--in-place", action="store_true", help="rewrite each input file (atomically)"
    )
    parser.add_argument(
        "--steps",
        default=",".join(CleanConfig().steps),
        help=f"comma-separated steps to run, in order (default: %(default)s; "
        f"available: {', '.join(available_steps())})",
    )
    parser.add_argument("--lang", default="auto", help="de, en or auto (default: auto)")
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--explain",
        action="store_true",
        help="write every change as JSON Lines (file, line, start, end, rule, before, after) "
        "instead of the text",
    )
    group.add_argument("--diff", action="store_true", help="show a unified diff of the changes")
    parser.set_defaults(handler=run_clean)


def run_clean(args: argparse.Namespace) -> int:
    steps = parse_steps(args.steps)
    if args.lang != "auto" and not (args.lang.isalpha() and len(args.lang) in (2, 3)):
        raise UserError(f"--lang: expected de, en or auto, not {args.lang!r}")
    if args.in_place and (args.output or not args.files or "-" in args.files):
        raise UserError("--in-place needs input files and no -o")
    check_not_an_input(args.output, args.files)
    config = CleanConfig(steps=steps, lang=args.lang)
    if args.in_place:
        return clean_in_place(args.files, args.encoding, config)
    total = 0
    with OutputSink(args.output) as sink:
        for index, source in enumerate(read_inputs(args.files, args.encoding)):
            if index and not args.explain and not args.diff:
                # One output line per input line: a file without a final newline must
                # not glue its last line to the next file's first.
                sink.end_line()
            result = clean_document(source.text, config)
            total += len(result.line_changes)
            if args.explain:
                write_explanation(sink, source.name, result)
            elif args.diff:
                write_diff(sink, source.name, source.text, result)
            else:
                sink.write(result.text)
    if args.explain or args.diff:
        print(f"mtnorm clean: {total} change(s)", file=sys.stderr)
    return 0


def clean_document(text: str, config: CleanConfig) -> CleanResult:
    """`clean_text` for a whole file, whose lines may also end in a lone CR.

    A file with CR line ends only (old Mac software, some exports) is cleaned as
    the lines it has, and keeps its CRs; line numbers in explanations count them.

    >>> clean_document("eins\\rzwei  drei\\r", CleanConfig(steps=("repair",))).text
    'eins\\rzwei  drei\\r'
    """
    if line_separator(text) != "\r":
        return clean_text(text, config=config)
    result = clean_text(text.replace("\r", "\n"), config=config)
    return dataclasses.replace(result, text=result.text.replace("\n", "\r"))


def clean_in_place(files: list[str], encoding: str, config: CleanConfig) -> int:
    """Rewrite each file cleaned, in its own encoding and with its byte-order mark.

    Every file is read, cleaned and encoded before the first is rewritten, so bad
    input (a missing, binary or undecodable file, a result the encoding cannot hold)
    changes nothing. Each rewrite is atomic; if one fails (disk full, Ctrl-C), the
    message says which files were already rewritten.
    """
    pending: list[tuple[InputText, bytes]] = []
    seen: set[str] = set()
    total = 0
    for source in read_inputs(files, encoding):
        assert source.path is not None
        real = os.path.realpath(source.path)
        if real in seen:
            continue  # the same file named twice: clean it once
        seen.add(real)
        result = clean_document(source.text, config)
        total += len(result.line_changes)
        if result.text != source.text:
            data = encode_text(result.text, source.name, source.encoding, source.bom)
            pending.append((source, data))
    done: list[str] = []
    try:
        for source, data in pending:
            assert source.path is not None
            atomic_write_bytes(source.path, data)
            done.append(source.name)
    except BaseException:
        if done:
            print(
                f"mtnorm clean: already rewritten before the failure: {', '.join(done)}",
                file=sys.stderr,
            )
        raise
    print(
        f"mtnorm clean: {total} change(s); {len(done)} of {len(seen)} file(s) rewritten",
        file=sys.stderr,
    )
    return 0


def write_explanation(sink: OutputSink, name: str, result: CleanResult) -> None:
    for record in result.explain():
        sink.write(json.dumps({"file": name, **record}, ensure_ascii=False) + "\n")


def write_diff(sink: OutputSink, name: str, original: str, result: CleanResult) -> None:
    rules_by_line: dict[int, list[str]] = {}
    for line_change in result.line_changes:
        rules = rules_by_line.setdefault(line_change.line, [])
        if line_change.change.rule not in rules:
            rules.append(line_change.change.rule)
    before_lines = original.split(line_separator(original))
    after_lines = result.text.split(line_separator(original))
    for number, (before, after) in enumerate(zip(before_lines, after_lines, strict=False), start=1):
        if before == after:
            continue
        rule_names = ", ".join(rules_by_line.get(number, []))
        sink.write(f"@@ {name}:{number} [{rule_names}]\n-{before}\n+{after}\n")
        sink.write("?" + _marker(before, after) + "\n")


def _marker(before: str, after: str) -> str:
    """A caret line under the changed parts of `before`."""
    marks = [" "] * len(before)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            for index in range(i1, max(i2, i1 + 1)):
                if index < len(marks):
                    marks[index] = "^"
    return "".join(marks).rstrip()
