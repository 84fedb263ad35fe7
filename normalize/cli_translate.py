"""`mtnorm translate`: paragraphs in, sentence-aligned translation pairs out, with QA."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from typing import Any

from .cli import HelpFormatter
from .textio import OutputSink, UserError, check_not_an_input, read_inputs, split_document_lines

FORMATS = ("tsv", "jsonl", "tmx", "moses")


EXAMPLES = """\
examples:
  mtnorm translate article.de.txt > pairs.tsv
  mtnorm clean raw.txt | mtnorm translate --from de --to en --format jsonl
  mtnorm translate --format tmx -o memory.tmx a.txt b.txt
  mtnorm translate --format moses -o corpus a.txt      (writes corpus.de, corpus.en)
  mtnorm translate --qa --to de news.en.txt

Needs an installed model (see `mtnorm models`). Exit status: 0 done, 2 bad input,
usage or no model (one-line message), 130 interrupted."""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "translate",
        help="translate text into sentence-aligned pairs (TSV, JSONL, TMX, Moses) with QA",
        description="Translate FILEs (or standard input), one paragraph per line, with an "
        "installed Argos Translate model. Sentences already in the target language are "
        "copied; glossary terms and numbers are protected; every pair is checked.",
        epilog=EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' = stdin)")
    parser.add_argument(
        "--from",
        dest="source",
        choices=("de", "en", "auto"),
        help="source language (default: the other one of --to; auto = detect per sentence)",
    )
    parser.add_argument(
        "--to",
        dest="target",
        default="en",
        choices=("en", "de"),
        help="target language (default en)",
    )
    parser.add_argument("--format", default="tsv", choices=FORMATS, help="output format")
    parser.add_argument(
        "-o",
        "--output",
        help="output file (atomic); for --format moses the PREFIX of PREFIX.de and PREFIX.en",
    )
    parser.add_argument("--model", help="package folder or installed package name")
    parser.add_argument("--beam-size", type=int, default=4, help="beam size (default 4, as Argos)")
    parser.add_argument("--batch-size", type=int, default=32, help="sentences per batch (32)")
    parser.add_argument("--threads", type=int, default=0, help="threads (0 = CTranslate2 default)")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="batch only sentences of equal length: output identical to Argos's own",
    )
    parser.add_argument("--no-protect", action="store_true", help="no placeholders")
    parser.add_argument("--no-glossary", action="store_true", help="do not use the glossary")
    parser.add_argument("--qa", action="store_true", help="report every flagged pair on stderr")
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    parser.set_defaults(handler=run_translate)


def run_translate(args: argparse.Namespace) -> int:
    from . import formats
    from .translate import DecodingOptions, translate, with_origin

    if args.source is None:
        args.source = "en" if args.target == "de" else "de"
    if args.source == args.target:
        raise UserError(f"--from and --to are both {args.target}")
    if args.format == "moses" and not args.output:
        raise UserError("--format moses needs -o PREFIX (writes PREFIX.de and PREFIX.en)")
    source_lang = args.source if args.source != "auto" else ("de" if args.target == "en" else "en")
    if args.format == "moses":
        for path in formats.moses_paths(args.output, source_lang, args.target):
            check_not_an_input(path, args.files)
    else:
        check_not_an_input(args.output, args.files)
    try:
        options = DecodingOptions(
            beam_size=args.beam_size,
            batch_size=args.batch_size,
            threads=args.threads,
            exact=args.exact,
        )
    except ValueError as error:
        raise UserError(str(error)) from None
    paragraphs: list[str] = []
    origins: list[tuple[str, int]] = []
    for source in read_inputs(args.files, args.encoding):
        for number, line in enumerate(split_document_lines(source.text), start=1):
            paragraphs.append(line.rstrip("\r"))
            origins.append((source.name, number))
    started = time.perf_counter()
    pairs = translate(
        paragraphs,
        args.source,
        args.target,
        model=args.model,
        options=options,
        use_glossary=not args.no_glossary,
        protect_spans=not args.no_protect,
    )
    elapsed = time.perf_counter() - started
    pairs = [with_origin(pair, *origins[pair.paragraph]) for pair in pairs]
    if args.format == "moses":
        formats.write_moses(pairs, args.output, source_lang, args.target)
    else:
        with OutputSink(args.output) as sink:
            if args.format == "tsv":
                formats.write_tsv(pairs, sink)
            elif args.format == "jsonl":
                formats.write_jsonl(pairs, sink)
            else:
                formats.write_tmx(pairs, sink, source_lang, args.target)
    if args.qa:
        for pair in pairs:
            if pair.flagged:
                details = "; ".join(
                    f"{issue.code}: {issue.detail}" for issue in pair.qa if issue.severity != "info"
                )
                print(f"{pair.file}:{pair.line}: {details}", file=sys.stderr)
    print(summary_line(pairs, elapsed), file=sys.stderr)
    return 0


def summary_line(pairs: list[Any], seconds: float) -> str:
    """One line: counts by status, flagged pairs by issue, speed."""
    statuses = Counter(pair.status for pair in pairs)
    issues: Counter[str] = Counter()
    for pair in pairs:
        issues.update({issue.code for issue in pair.qa})
    flagged = sum(1 for pair in pairs if pair.flagged)
    status_text = ", ".join(f"{count} {name}" for name, count in sorted(statuses.items()))
    issue_text = ", ".join(f"{code} {count}" for code, count in sorted(issues.items()))
    speed = len(pairs) / seconds if seconds > 0 else 0.0
    return (
        f"mtnorm translate: {len(pairs)} segments ({status_text or 'none'}); "
        f"{flagged} flagged"
        + (f" ({issue_text})" if issue_text else "")
        + f"; {speed:.1f} segments/s"
    )
