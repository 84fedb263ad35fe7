"""Collections: from inputs (files, directories, JSON Lines, stdin) to processed articles on disk.

`iter_items` streams the inputs one article at a time (a directory of thousands of
files, or a JSON Lines file of thousands of records, is never loaded at once).
`run_collection` processes them with `process_article` — in a bounded process pool for
``jobs > 1`` — and writes one JSON document per article atomically into the output
directory. A state file there records what is done, keyed by a hash of the input and
the options, so an interrupted run continues where it stopped. A bad article (binary,
empty, undecodable, unparsable) is recorded as a failure and the rest go on.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import itertools
import json
import multiprocessing
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from .article import Article, ArticleOptions, process_article
from .textio import STDIN_NAME, UserError, atomic_write_text, decode_bytes, new_file_mode

#: File name suffixes read as articles, and how each is read.
INPUT_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: Documentation files a directory of articles often holds; skipped when expanding a
#: directory (name them explicitly to process them).
NOT_ARTICLES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING", "NOTICE"})
STATE_FILE = "run-state.jsonl"
ARTICLES_DIR = "articles"
# Pending work per worker in the pool: enough to keep workers busy, small enough that
# the collection is never read far ahead of the workers.
_WINDOW_PER_JOB = 4
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class InputItem:
    """One article to process: where it comes from, how to read it, and its raw content.

    `data` is the file's bytes (decoded by the worker); a JSON Lines record arrives
    already as `text`. `error` marks an item that could not even be read.
    """

    name: str
    kind: str  # "text", "html" or "record"
    data: bytes = b""
    text: str = ""
    metadata: tuple[tuple[str, str], ...] = ()
    error: str = ""
    encoding: str = "utf-8"

    def key(self, options: ArticleOptions) -> str:
        """What a resumable run recognises this article by: its content and the options.
        (An unreadable item is known by its name: it is never "done".)"""
        if self.error:
            return "error:" + self.name
        digest = hashlib.sha256(options.fingerprint().encode())
        digest.update(b"\0" + self.kind.encode() + b"\0")
        digest.update(self.data if self.kind != "record" else self.text.encode("utf-8"))
        return digest.hexdigest()


@dataclass(frozen=True)
class Outcome:
    """The result of one item: where its JSON document was written, or an error message."""

    name: str
    key: str
    json_name: str = ""  # relative to the output directory; "" when the item failed
    notes: tuple[str, ...] = ()
    error: str = ""


@dataclass
class RunSummary:
    """What a run did: articles processed now, skipped (already done), failed."""

    processed: int = 0
    skipped: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    done: list[tuple[str, str]] = field(default_factory=list)  # (key, JSON path) in order
    notes: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "processed": self.processed,
            "skipped": self.skipped,
            "failed": self.failed,
            "failures": self.failures,
            "notes": self.notes,
        }


def detect_format(name: str, data: bytes) -> str:
    """How to read an input: by suffix, else by sniffing (for stdin).

    >>> detect_format("a.html", b""), detect_format("-", b'{"text": "x"}'), detect_format("-", b"x")
    ('html', 'jsonl', 'text')
    """
    suffix = Path(name).suffix.lower()
    if suffix in INPUT_FORMATS:
        return INPUT_FORMATS[suffix]
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def iter_paths(paths: Sequence[str], exclude: Path | None = None) -> Iterator[str]:
    """Expand directories (recursively, sorted, known suffixes only; hidden files and
    README-like files skipped)."""
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.is_dir():
            yield raw
            continue
        for root, dirs, files in os.walk(path):
            root_path = Path(root)
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".")
                and (exclude is None or (root_path / d).resolve() != exclude)
            )
            for name in sorted(files):
                if (
                    not name.startswith(".")
                    and Path(name).suffix.lower() in INPUT_FORMATS
                    and Path(name).stem.upper() not in NOT_ARTICLES
                ):
                    yield str(root_path / name)


def iter_items(
    paths: Sequence[str],
    text_field: str = "text",
    exclude: Path | None = None,
    encoding: str = "utf-8",
) -> Iterator[InputItem]:
    """Yield the articles of `paths` one by one ("-" or no paths: standard input)."""
    for name in iter_paths(paths or ["-"], exclude):
        if name == "-":
            data = sys.stdin.buffer.read()
            display = STDIN_NAME
        else:
            try:
                if Path(name).suffix.lower() in (".jsonl", ".ndjson"):
                    with open(name, "rb") as handle:
                        yield from _records(name, handle, text_field, encoding)
                    continue
                data = Path(name).read_bytes()
            except FileNotFoundError:
                yield InputItem(name, "text", error="no such file")
                continue
            except OSError as error:
                yield InputItem(name, "text", error=f"cannot read ({error.strerror})")
                continue
            display = name
        kind = detect_format(name, data)
        if kind == "jsonl":
            yield from _records(display, data.splitlines(keepends=True), text_field, encoding)
        else:
            yield InputItem(display, kind, data=data, encoding=encoding)


def _records(
    name: str, lines: Iterable[bytes], text_field: str, encoding: str = "utf-8"
) -> Iterator[InputItem]:
    """One item per JSON Lines record; other string fields become input metadata."""
    for number, raw in enumerate(lines, start=1):
        item_name = f"{name}:{number}"
        if not raw.strip():
            continue
        try:
            record = json.loads(decode_bytes(raw, item_name, encoding))
        except UserError as error:
            yield InputItem(item_name, "record", error=str(error).split(": ", 1)[-1])
            continue
        except json.JSONDecodeError as error:
            yield InputItem(item_name, "record", error=f"not valid JSON ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
            yield InputItem(
                item_name, "record", error=f"no string field {text_field!r} (see --text-field)"
            )
            continue
        metadata = tuple(
            (str(key), str(value))
            for key, value in record.items()
            if key != text_field and isinstance(value, (str, int, float))
        )
        yield InputItem(item_name, "record", text=record[text_field], metadata=metadata)


def extract_html(html: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Main text of an HTML page (one line per block, "- " list items) and its metadata.

    Uses trafilatura without markdown formatting (emphasis marks would become text
    artifacts); the page title is kept as the first line when the text lacks it.
    """
    try:
        import trafilatura
    except ImportError as error:  # trafilatura needs lxml's html cleaner, packaged apart
        raise UserError(
            f"reading HTML needs trafilatura and lxml_html_clean ({error}); "
            "pip install trafilatura lxml_html_clean"
        ) from None

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_formatting=False, favor_recall=True
    )
    if document is None:
        return "", ()
    fields = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = fields.get("text") or ""
    title = fields.get("title") or ""
    if title and title not in text.split("\n", 1)[0]:
        text = f"{title}\n{text}"
    metadata = tuple(
        (key, str(fields[key]))
        for key in ("title", "author", "date", "sitename", "url", "description")
        if fields.get(key)
    )
    dropped = dropped_debris_lines(html, text)
    if dropped:
        text = text.rstrip("\n") + "\n\n" + "\n".join(dropped)
    return text, metadata


# Page parts that carry debris and that trafilatura leaves out of the main text: image
# captions, asides, footers, and elements whose class or id names a debris kind.
_DEBRIS_CONTAINER_TAGS = ("figcaption", "aside", "footer")
_DEBRIS_CLASS = re.compile(
    r"caption|credit|copyright|disclaimer|related|teaser|newsletter|source|quelle"
    r"|bildnachweis|haftung|byline|cookie|consent|meta|share",
    re.IGNORECASE,
)
_BLOCK_TAGS = (
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "div",
    "section",
    "aside",
    "footer",
    "ul",
    "ol",
    "dd",
    "dt",
    "blockquote",
)


def dropped_debris_lines(html: str, text: str) -> list[str]:
    """Lines of an HTML page's captions, asides and footers that trafilatura dropped and
    that are debris (every line of the part is recognised by `find_debris`), so that they
    reach the article's metadata instead of being lost. Parts that are not recognised as
    debris stay out, as trafilatura decided.

    >>> page = ('<html><body><article><p>Die Preise für Antimon steigen seit Monaten stark '
    ...         'an, sagen Händler in Rotterdam und Hamburg.</p><figure><img src="a.jpg">'
    ...         '<figcaption>Quelle Bild: Shutterstock</figcaption></figure></article>'
    ...         '<aside><h3>Ähnliche Artikel</h3><ul><li>Gallium wird knapp</li></ul></aside>'
    ...         '</body></html>')
    >>> dropped_debris_lines(page, "Die Preise für Antimon steigen seit Monaten stark an.")
    ['Quelle Bild: Shutterstock', '', 'Ähnliche Artikel', '- Gallium wird knapp']
    >>> described = page.replace("Quelle Bild: Shutterstock", "Bei Kolwezi. (Foto: Reuters)")
    >>> dropped_debris_lines(described, "")[0]  # a described picture: only its credit
    '(Foto: Reuters)'
    >>> wrapped = page.replace("<article>", '<article class="has-related">')
    >>> dropped_debris_lines(wrapped, "")[0]  # a part that is not debris as a whole: look inside
    'Quelle Bild: Shutterstock'

    """
    import lxml.etree
    import lxml.html

    from .debris import find_debris

    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    present = {" ".join(line.split()) for line in text.split("\n")}
    lines: list[str] = []
    chosen: list[Any] = []
    for element in root.iter(lxml.etree.Element):
        if not isinstance(element.tag, str):
            continue
        marked = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag not in _DEBRIS_CONTAINER_TAGS and not _DEBRIS_CLASS.search(marked):
            continue
        if any(ancestor in chosen for ancestor in element.iterancestors()):
            continue  # inside a part already taken
        part = [line for line in _block_lines(element) if line.lstrip("- ") not in present]
        if not part:
            continue
        result = find_debris(part)
        if all(not line.strip() for line in result.lines):
            chosen.append(element)
            lines.extend([*part, ""])  # a blank line ends a related list before the next part
        elif element.tag == "figcaption" and result.items:
            # a caption that describes the picture and ends in a credit: only the
            # credit is debris; the description stays out, as trafilatura decided
            chosen.append(element)
            lines.extend([*(item.text for item in result.items), ""])
    return lines[:-1]


def _block_lines(element: Any) -> list[str]:
    """The text of an element, one line per innermost block ("- " before list items)."""
    inner = [
        block
        for block in element.iter(*_BLOCK_TAGS)
        if not any(
            isinstance(child.tag, str) and child.tag in _BLOCK_TAGS
            for child in block.iterdescendants()
        )
    ]
    lines = []
    for block in inner or [element]:
        line = " ".join(block.text_content().split())
        if line:
            lines.append(("- " if block.tag == "li" else "") + line)
    return lines


def item_text(item: InputItem) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The article text of an item; raises UserError for binary, undecodable or empty input."""
    if item.error:
        raise UserError(item.error)
    if item.kind == "record":
        text, metadata = item.text, item.metadata
    else:
        decoded = decode_bytes(item.data, item.name, item.encoding)
        text, metadata = extract_html(decoded) if item.kind == "html" else (decoded, ())
    if not text.strip():
        raise UserError("empty article (no text)")
    return text, metadata


def process_item(item: InputItem, options: ArticleOptions, key: str, out_dir: Path) -> Outcome:
    """Read and process one item and write its JSON document (atomically) into `out_dir`.

    Runs in a worker, so serialising and writing happen in parallel too. Never raises
    for a bad article: the run goes on.
    """
    try:
        text, metadata = item_text(item)
        article = process_article(text, replace(options, source=item.name, metadata=metadata))
    except UserError as error:
        message = str(error)
        prefix = f"{item.name}: "
        return Outcome(item.name, key, error=message.removeprefix(prefix))
    except Exception as error:  # a bug must not sink a run of thousands of articles
        return Outcome(item.name, key, error=f"internal error: {type(error).__name__}: {error}")
    json_name = f"{ARTICLES_DIR}/{article_file_name(item.name, key)}"
    atomic_write_text(
        out_dir / json_name, json.dumps(article.to_dict(), ensure_ascii=False, indent=1) + "\n"
    )
    return Outcome(item.name, key, json_name, article.notes)


def _process_item_star(args: tuple[InputItem, ArticleOptions, str, Path]) -> Outcome:
    return process_item(*args)


def article_file_name(name: str, key: str) -> str:
    """A safe, unique JSON file name for an article.

    >>> article_file_name("samples/01 exim.txt", "abcdef0123456789")
    '01_exim-abcdef0123.json'
    """
    stem = Path(name.replace(":", "-")).name
    stem = Path(stem).stem if Path(stem).suffix.lower() in INPUT_FORMATS else stem
    stem = _UNSAFE_NAME.sub("_", stem).strip("._") or "article"
    return f"{stem[:60]}-{key[:10]}.json"


class RunState:
    """The append-only record of finished articles in an output directory."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / STATE_FILE
        self.done: dict[str, str] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    self.done[record["key"]] = record["json"]
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by an interruption
        self._handle: IO[str] | None = None

    def is_done(self, key: str, directory: Path) -> bool:
        name = self.done.get(key)
        return name is not None and (directory / name).exists()

    def record(self, key: str, source: str, json_name: str) -> None:
        if self._handle is None:
            # An interrupted run may have left half a line: start on a fresh one.
            cut_short = False
            if self.path.exists() and self.path.stat().st_size > 0:
                with open(self.path, "rb") as existing:
                    existing.seek(-1, os.SEEK_END)
                    cut_short = existing.read(1) != b"\n"
            self._handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
            if cut_short:
                self._handle.write("\n")
        self._handle.write(
            json.dumps({"key": key, "source": source, "json": json_name}, ensure_ascii=False) + "\n"
        )
        self._handle.flush()
        self.done[key] = json_name

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def run_collection(
    items: Iterable[InputItem],
    options: ArticleOptions,
    out_dir: Path,
    jobs: int = 1,
    progress: Callable[[], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> RunSummary:
    """Process `items` into `out_dir/articles/*.json`, skipping articles already done."""
    (out_dir / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
    state = RunState(out_dir)
    summary = RunSummary()
    seen: set[str] = set()

    def pending_work() -> Iterator[tuple[InputItem, ArticleOptions, str, Path]]:
        for item in items:
            key = item.key(options)
            if key in seen:
                summary.skipped += 1  # the same article twice in one run
                if progress:
                    progress()
                continue
            seen.add(key)
            if state.is_done(key, out_dir):
                summary.skipped += 1
                summary.done.append((key, state.done[key]))
                if progress:
                    progress()
                continue
            yield item, options, key, out_dir

    def finish(outcome: Outcome) -> None:
        if not outcome.json_name:
            summary.failures.append({"source": outcome.name, "error": outcome.error})
        else:
            # The document is on disk before it is recorded as done: resumable at any point.
            state.record(outcome.key, outcome.name, outcome.json_name)
            summary.done.append((outcome.key, outcome.json_name))
            summary.processed += 1
            for note in outcome.notes:
                summary.notes[note] = summary.notes.get(note, 0) + 1
        if on_outcome:
            on_outcome(outcome)
        if progress:
            progress()

    try:
        if jobs <= 1:
            for work in pending_work():
                finish(_process_item_star(work))
        else:
            _run_pool(pending_work(), jobs, finish)
    finally:
        state.close()
    return summary


def _run_pool(
    work: Iterator[tuple[InputItem, ArticleOptions, str, Path]],
    jobs: int,
    finish: Callable[[Outcome], None],
) -> None:
    """Map work over `jobs` processes with a bounded window, so input streams."""
    window = jobs * _WINDOW_PER_JOB
    first = next(work, None)
    if first is None:
        return
    # Without translation, process one article here first: detectors and word lists load
    # once in this process and forked workers inherit them. A translation model cannot be
    # shared that way (CTranslate2's OpenMP threads do not survive a fork: a forked worker
    # hangs), so translating workers are spawned fresh and load their own.
    translating = "translate" in first[1].steps
    context: multiprocessing.context.BaseContext
    if translating:
        work = itertools.chain([first], work)
        context = multiprocessing.get_context("spawn")
    else:
        finish(_process_item_star(first))
        context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: set[concurrent.futures.Future[Outcome]] = set()
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                try:
                    args = next(work)
                except StopIteration:
                    exhausted = True
                    break
                pending.add(pool.submit(_process_item_star, args))
            if not pending:
                break
            finished, pending = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in finished:
                finish(future.result())


def iter_articles(out_dir: Path, done: Iterable[tuple[str, str]]) -> Iterator[Article]:
    """Load the finished articles of a run one at a time, in run order."""
    for _key, json_name in done:
        with open(out_dir / json_name, encoding="utf-8") as handle:
            yield Article.from_dict(json.load(handle))


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[str]]:
    """A text file written in pieces that appears at `path` only when complete."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, new_file_mode())  # mkstemp's 0600 would hide the corpus from others
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
