"""`mtnorm run`: raw machine-translated articles in, a clean parallel corpus and a report out.

For each article: repair → typography → terms → structure → detect → segment →
translate (each step can be switched off). Writes into ``--out DIR``: one JSON
document per article (``articles/``), the corpus as TSV, TMX and Moses, a run
summary, and ``report.html``. Runs are resumable: articles already done (same
content, same options) are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import formats
from .article import ARTICLE_STAGES, NO_MODEL_NOTE, Article, ArticleOptions
from .cli import HelpFormatter
from .collection import RunSummary, atomic_output, iter_articles, iter_items, run_collection
from .pipeline import available_steps
from .report import DEFAULT_DETAIL_LIMIT, RunTotals, write_report
from .textio import UserError, atomic_write_text

SUMMARY_FILE = "run-summary.json"
REPORT_FILE = "report.html"
CORPUS_PREFIX = "corpus"


EXAMPLES = """\
examples:
  mtnorm run articles/ --out out                  all steps, translation included
  mtnorm run --no-translate --out out a.txt b.html feed.jsonl
  cat feed.jsonl | mtnorm run --out out --text-field body -
  mtnorm run -j 2 --skip structure --out out articles/

Exit status: 0 done; 1 some articles failed or a requested translation had no model
(the rest is written; see run-summary.json); 2 usage error (one-line message);
130 interrupted (run the same command again to resume)."""


def all_steps() -> tuple[str, ...]:
    """Every step `run` knows, in pipeline order: text steps, then article stages."""
    return (*available_steps(), *ARTICLE_STAGES)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run",
        help="process whole articles into clean parallel text, JSON, TMX/Moses/TSV and a report",
        description="Run the article pipeline (repair → typography → terms → structure → "
        "detect → segment → translate) over INPUTs: .txt/.md articles, .html pages, .jsonl "
        "records, directories of them, or standard input ('-'). Resumable: articles already "
        "in DIR (same content and options) are skipped.",
        epilog=EXAMPLES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files or directories ('-' or none = standard input)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="output directory")
    parser.add_argument(
        "--no-translate", action="store_true", help="stop before translation (needs no model)"
    )
    parser.add_argument(
        "--steps", help=f"comma-separated steps to run (default: all of {', '.join(all_steps())})"
    )
    parser.add_argument("--skip", default="", help="comma-separated steps to leave out")
    for step in all_steps():
        if step != "translate":
            parser.add_argument(
                f"--no-{step}",
                action="append_const",
                const=step,
                dest="skipped",
                help=f"leave out the {step} step",
            )
    parser.add_argument("--lang", default="auto", help="source language: de, en or auto")
    parser.add_argument(
        "--to", dest="target_lang", help="target language (default: the other of de/en)"
    )
    parser.add_argument("--model", help="Argos package folder or name to translate with")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="parallel processes")
    parser.add_argument(
        "--encoding", default="utf-8", help="encoding of text and HTML files (default utf-8)"
    )
    parser.add_argument(
        "--text-field",
        default="text",
        help="JSON Lines field holding the article text (default: text)",
    )
    parser.add_argument(
        "--report-limit",
        type=int,
        default=DEFAULT_DETAIL_LIMIT,
        help="articles shown in full in report.html (default: %(default)s)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    parser.set_defaults(handler=run_command, skipped=None)


def resolve_steps(args: argparse.Namespace) -> tuple[str, ...]:
    """The steps to run from --steps, --skip, --no-STEP and --no-translate."""
    known = all_steps()
    chosen = [s.strip() for s in (args.steps or ",".join(known)).split(",") if s.strip()]
    skipped = [s.strip() for s in args.skip.split(",") if s.strip()] + (args.skipped or [])
    if args.no_translate:
        skipped.append("translate")
    unknown = [name for name in (*chosen, *skipped) if name not in known]
    if unknown:
        raise UserError(f"unknown step(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    # Pipeline order regardless of how they were listed: a step's place is fixed.
    return tuple(name for name in known if name in chosen and name not in skipped)


def run_command(args: argparse.Namespace) -> int:
    steps = resolve_steps(args)
    if args.jobs < 1:
        raise UserError("--jobs must be at least 1")
    if args.lang != "auto" and args.lang not in ("de", "en"):
        raise UserError(f"--lang: expected de, en or auto, not {args.lang!r}")
    if args.target_lang is not None and args.target_lang not in ("de", "en"):
        raise UserError(f"--to: expected de or en, not {args.target_lang!r}")
    if args.target_lang is not None and args.target_lang == args.lang:
        raise UserError(f"--to {args.target_lang} is the same language as --lang")
    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"--out {out_dir}: exists and is not a directory")
    for raw in args.inputs:
        if raw != "-" and not Path(raw).exists():
            raise UserError(f"{raw}: no such file or directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"--out {out_dir}: cannot create ({error.strerror})") from None
    try:
        # A read-only DIR is a usage error, found before any article is processed.
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as error:
        raise UserError(f"--out {out_dir}: cannot write there ({error.strerror})") from None
    options = ArticleOptions(
        steps=steps, lang=args.lang, target_lang=args.target_lang, model=args.model
    )

    show_progress = not args.quiet and sys.stderr.isatty()
    bar: Any = None
    if show_progress:
        from tqdm import tqdm

        bar = tqdm(unit="article", file=sys.stderr, desc="mtnorm run")

    def report_failure(outcome: Any) -> None:
        if outcome.error and not args.quiet:
            message = f"mtnorm run: {outcome.name}: {outcome.error}"
            if bar is not None:
                bar.write(message, file=sys.stderr)
            else:
                print(message, file=sys.stderr)

    items = iter_items(
        args.inputs, args.text_field, exclude=out_dir.resolve(), encoding=args.encoding
    )
    try:
        summary = run_collection(
            items,
            options,
            out_dir,
            args.jobs,
            progress=bar.update if bar is not None else None,
            on_outcome=report_failure,
        )
    finally:
        if bar is not None:
            bar.close()

    totals = write_outputs(out_dir, summary, options, args.report_limit)
    if not args.quiet:
        for note in summary.notes:
            if note.startswith(NO_MODEL_NOTE):
                print(f"mtnorm run: {note}", file=sys.stderr)
                break
        translated = (
            f"{totals.sentences} sentences (translation skipped: --no-translate)"
            if args.no_translate
            else f"{totals.translated}/{totals.sentences} sentences translated"
        )
        print(
            f"mtnorm run: {summary.processed} article(s) processed, {summary.skipped} skipped "
            f"(already done), {summary.failed} failed; {translated}; "
            f"report: {out_dir / REPORT_FILE}",
            file=sys.stderr,
        )
    untranslated = any(note.startswith(NO_MODEL_NOTE) for note in summary.notes)
    # A requested translation that could not run is a failure too: the corpus is incomplete.
    return 1 if summary.failed or untranslated else 0


def write_outputs(
    out_dir: Path, summary: RunSummary, options: ArticleOptions, report_limit: int
) -> RunTotals:
    """The corpus files, the summary and report.html, from the run's articles on disk."""
    totals = RunTotals()
    with (
        atomic_output(out_dir / f"{CORPUS_PREFIX}.tsv") as tsv,
        atomic_output(out_dir / f"{CORPUS_PREFIX}.tmx") as tmx,
        MosesFiles(out_dir) as moses,
    ):
        tsv.write("article\tblock\tsource_lang\ttarget_lang\tsource\ttarget\tqa\n")
        tmx.write(TMX_HEAD)
        for number, article in enumerate(_articles(out_dir, summary), start=1):
            totals.add(article)
            for block_index, block in enumerate(article.blocks):
                for pair in block.sentences:
                    target = pair.target if pair.target is not None else ""
                    row = [
                        article.source,
                        str(block_index),
                        article.lang,
                        article.target_lang or "",
                        pair.source,
                        target,
                        ",".join(pair.qa),
                    ]
                    tsv.write("\t".join(formats.one_line(cell) for cell in row) + "\n")
                    if pair.target is not None and article.target_lang:
                        tmx.write(
                            _tmx_unit(
                                article, number, block_index, pair.source, pair.target, pair.qa
                            )
                        )
                        moses.write(article.lang, article.target_lang, pair.source, pair.target)
        tmx.write("  </body>\n</tmx>\n")
    run_info = {
        "steps": ",".join(options.steps),
        "lang": options.lang,
        **({"to": options.target_lang} if options.target_lang else {}),
    }
    summary_data = {**summary.to_dict(), "totals": totals.to_dict(), "options": run_info}
    atomic_write_text(
        out_dir / SUMMARY_FILE, json.dumps(summary_data, ensure_ascii=False, indent=1) + "\n"
    )
    with atomic_output(out_dir / REPORT_FILE) as page:
        write_report(
            page,
            lambda: _articles(out_dir, summary),
            totals,
            summary.to_dict(),
            run_info,
            report_limit,
        )
    return totals


def _articles(out_dir: Path, summary: RunSummary) -> Iterator[Article]:
    return iter_articles(out_dir, summary.done)


TMX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    '<tmx version="1.4">\n  <header creationtool="mtnorm" datatype="plaintext" '
    'segtype="sentence" adminlang="en" srclang="*all*" o-tmf="mtnorm"/>\n  <body>\n'
)


def _tmx_unit(
    article: Article, number: int, block: int, source: str, target: str, qa: tuple[str, ...]
) -> str:
    props = "".join(f'      <prop type="x-mtnorm-qa">{formats.xml_text(c)}</prop>\n' for c in qa)
    return (
        f'    <tu tuid="{number}.{block}">\n'
        f'      <prop type="x-mtnorm-article">{formats.xml_text(article.source)}</prop>\n'
        f"{props}"
        f'      <tuv xml:lang="{article.lang}"><seg>{formats.xml_text(source)}</seg></tuv>\n'
        f'      <tuv xml:lang="{article.target_lang}"><seg>{formats.xml_text(target)}</seg>'
        "</tuv>\n    </tu>\n"
    )


class MosesFiles:
    """Line-aligned corpus.SRC-TGT.SRC / .TGT files per language direction, written
    atomically when the run's corpus is complete."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._open: dict[tuple[str, str], tuple[Any, Any, Any, Any]] = {}

    def write(self, source_lang: str, target_lang: str, source: str, target: str) -> None:
        key = (source_lang, target_lang)
        if key not in self._open:
            prefix = self.out_dir / f"{CORPUS_PREFIX}.{source_lang}-{target_lang}"
            source_path, target_path = formats.moses_paths(prefix, source_lang, target_lang)
            source_cm, target_cm = atomic_output(source_path), atomic_output(target_path)
            self._open[key] = (source_cm, source_cm.__enter__(), target_cm, target_cm.__enter__())
        _, source_file, _, target_file = self._open[key]
        source_file.write(formats.one_line(source) + "\n")
        target_file.write(formats.one_line(target) + "\n")

    def __enter__(self) -> MosesFiles:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        for source_cm, _, target_cm, _ in self._open.values():
            source_cm.__exit__(exc_type, exc, tb)
            target_cm.__exit__(exc_type, exc, tb)
