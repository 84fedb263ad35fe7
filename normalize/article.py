"""`process_article`: one machine-translated article in, one structured, explained `Article` out.

The order is repair → typography → terms (the text steps of `normalize.pipeline`),
then structure (debris out to metadata, glued headings split, blocks), detect,
segment and translate. Each can be switched off by leaving its name out of
`ArticleOptions.steps`. `process_article` is a pure function on plain, picklable data,
so a caller can map it over a process pool or any other engine.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ftfy
import regex

from .changes import Change
from .clean import LineChange, clean_text
from .config import CleanConfig
from .debris import debris_taken_earlier, find_debris
from .pipeline import available_steps
from .structure import Block, find_structure, split_glued_headings, strip_markdown_emphasis
from .textio import split_document_lines

#: Stages that work on the whole article, after the line-by-line text steps.
ARTICLE_STAGES: tuple[str, ...] = ("structure", "detect", "segment", "translate")
#: Detection below this confidence is flagged for review.
MIN_LANGUAGE_CONFIDENCE = 0.80
#: Languages translated by default into the other one.
DEFAULT_TARGETS = {"de": "en", "en": "de"}
#: How a note about a missing model starts (the CLI and the report look for it).
NO_MODEL_NOTE = "not translated: no translation model"

#: Artifacts that must not survive cleaning: QA code -> pattern searched in block text.
#: A hit means a step missed something; the reviewer sees it in report.html.
RESIDUAL_ARTIFACTS: dict[str, regex.Pattern[str]] = {
    # "10 - jährigen", "Forschungs - und": a hyphen with spaces between word characters
    # where the next word is lowercase (a real dash would have been typeset as –).
    # (" und -entwicklung" is a correct German suspended hyphen, not an artifact.)
    "spaced_hyphen": regex.compile(
        r"[\p{L}\p{N}] +- +\p{Ll}|[\p{L}\p{N}]- +-"
        r"|\p{L}(?<!\b(?:und|oder|bis|sowie|and|or)) -\p{L}"
    ),
    "spaced_apostrophe": regex.compile(r"\p{L} ['’]s\b"),
    "spaced_parenthesis": regex.compile(r"\( [\p{L}\p{N}]|[\p{L}\p{N}] \)"),
    "space_before_punctuation": regex.compile(r"\p{L} +[,.;:!?](?:\s|$)"),
    "invisible_character": regex.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]"),
    "html_entity": regex.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});"),
    "link_residue": regex.compile(r"\]\([^)]*\)|\[[^\]]*\]\(|<https?://"),
}
#: German text opens quotes with „ and closes with “; these find a „ closed by ".
_GERMAN_MISMATCHED_QUOTE = regex.compile(r"„[^„“”\"]{0,400}[\"”]")
_STRAIGHT_QUOTE = regex.compile(r"\"")


@dataclass(frozen=True)
class ArticleOptions:
    """What `process_article` does. Plain data: picklable and comparable.

    `steps` lists the text steps (see `normalize.pipeline`) and article stages to run;
    `lang` is "de", "en" or "auto"; `target_lang` None means the other of de/en.
    `metadata` is what the caller already knows (an HTML page's title, a JSONL record's
    id); it is copied into the article's metadata under "input". `model` is an Argos
    package folder or name (None: the installed package for the language pair).
    """

    steps: tuple[str, ...] = ("repair", "typography", "terms", *ARTICLE_STAGES)
    lang: str = "auto"
    target_lang: str | None = None
    source: str = "<text>"
    metadata: tuple[tuple[str, str], ...] = ()
    model: str | None = None

    def __post_init__(self) -> None:
        known = (*available_steps(), *ARTICLE_STAGES)
        unknown = [name for name in self.steps if name not in known]
        if unknown:
            raise ValueError(f"unknown step(s) {', '.join(unknown)}; known: {', '.join(known)}")
        CleanConfig(lang=self.lang)  # validates the language

    @property
    def text_steps(self) -> tuple[str, ...]:
        return tuple(name for name in self.steps if name in available_steps())

    def fingerprint(self) -> str:
        """What decides the output besides the text (used for resumable runs)."""
        return f"{','.join(self.steps)}|{self.lang}|{self.target_lang}|{self.model}"


@dataclass(frozen=True)
class SentencePair:
    """One sentence of a block, its translation (None when not translated) and the
    translation's QA issue codes (see `normalize.qa`)."""

    source: str
    target: str | None = None
    qa: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "qa": list(self.qa)}


@dataclass(frozen=True)
class ArticleBlock:
    """A block of the structure with its sentence pairs."""

    kind: str
    text: str
    segments: tuple[tuple[int, int, int], ...]
    sentences: tuple[SentencePair, ...] = ()

    @property
    def line(self) -> int:
        return self.segments[0][0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "line": self.line,
            "text": self.text,
            "segments": [list(s) for s in self.segments],
            "sentences": [s.to_dict() for s in self.sentences],
        }


@dataclass(frozen=True)
class ArticleChange:
    """A `Change` located in the article: 1-based `line` of the original, and the `step`
    that made it (a text step, "debris" or "structure"). Per line, changes replay in
    order from the original line to the final one."""

    line: int
    step: str
    change: Change

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "step": self.step, **self.change.to_dict()}


@dataclass(frozen=True)
class QAFlag:
    """Something a reviewer should look at: a code, where (block index or None) and why."""

    code: str
    message: str
    block: int | None = None
    excerpt: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "block": self.block,
            "excerpt": self.excerpt,
        }


@dataclass(frozen=True)
class Article:
    """A processed article: the original, the structured clean text, metadata and why."""

    source: str
    content_hash: str
    original: str
    lang: str
    lang_confidence: float
    target_lang: str | None
    blocks: tuple[ArticleBlock, ...]
    metadata: dict[str, list[dict[str, Any]]]
    changes: tuple[ArticleChange, ...]
    glossary_hits: tuple[dict[str, Any], ...]
    qa_flags: tuple[QAFlag, ...]
    steps: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str | None:
        return next((b.text for b in self.blocks if b.kind == "title"), None)

    @property
    def text(self) -> str:
        """The clean article text: one block per paragraph, blank lines between."""
        return "\n\n".join(block.text for block in self.blocks)

    def sentence_pairs(self) -> list[SentencePair]:
        return [pair for block in self.blocks for pair in block.sentences]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "content_hash": self.content_hash,
            "lang": self.lang,
            "lang_confidence": round(self.lang_confidence, 4),
            "target_lang": self.target_lang,
            "title": self.title,
            "steps": list(self.steps),
            "metadata": self.metadata,
            "blocks": [block.to_dict() for block in self.blocks],
            "changes": [change.to_dict() for change in self.changes],
            "glossary_hits": list(self.glossary_hits),
            "qa_flags": [flag.to_dict() for flag in self.qa_flags],
            "notes": list(self.notes),
            "original": self.original,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from `to_dict` output (e.g. a run's JSON file)."""
        return cls(
            source=data["source"],
            content_hash=data["content_hash"],
            original=data["original"],
            lang=data["lang"],
            lang_confidence=float(data["lang_confidence"]),
            target_lang=data.get("target_lang"),
            blocks=tuple(
                ArticleBlock(
                    b["kind"],
                    b["text"],
                    tuple((int(s[0]), int(s[1]), int(s[2])) for s in b["segments"]),
                    tuple(
                        SentencePair(s["source"], s.get("target"), tuple(s.get("qa", ())))
                        for s in b["sentences"]
                    ),
                )
                for b in data["blocks"]
            ),
            metadata=data["metadata"],
            changes=tuple(
                ArticleChange(
                    c["line"],
                    c.get("step", ""),
                    Change(c["rule"], c["start"], c["end"], c["before"], c["after"]),
                )
                for c in data["changes"]
            ),
            glossary_hits=tuple(data.get("glossary_hits", ())),
            qa_flags=tuple(
                QAFlag(f["code"], f["message"], f.get("block"), f.get("excerpt", ""))
                for f in data.get("qa_flags", ())
            ),
            steps=tuple(data.get("steps", ())),
            notes=tuple(data.get("notes", ())),
        )


def content_hash(text: str) -> str:
    """The SHA-256 of the article text (what resumable runs recognise articles by).

    >>> content_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def process_article(text: str, options: ArticleOptions | None = None) -> Article:
    """Clean, structure, detect, segment and (optionally) translate one article.

    >>> options = ArticleOptions(steps=("repair", "structure"), lang="de")
    >>> article = process_article("Kupfer wird knapp\\n\\nDie Preise steigen.\\n"
    ...                           "Foto: Jane Doe / Getty Images\\n", options)
    >>> [(b.kind, b.text) for b in article.blocks]
    [('title', 'Kupfer wird knapp'), ('lead', 'Die Preise steigen.')]
    >>> article.metadata["photo_credits"][0]["text"]
    'Foto: Jane Doe / Getty Images'
    """
    options = options or ArticleOptions()
    steps = set(options.steps)
    notes: list[str] = []
    # CR-only files (old Mac exports) are split on their CRs like any other line end.
    original_lines = [line.rstrip("\r") for line in split_document_lines(text)]

    # 1. Text steps, line by line (line-preserving), one step at a time so that every
    # change is known by its step as well as its rule.
    changes: list[ArticleChange] = []
    lang = options.lang
    lines = list(original_lines)
    for step in options.text_steps:
        cleaned = clean_text("\n".join(lines), config=CleanConfig(steps=(step,), lang=lang))
        lines = cleaned.text.split("\n") if lines else []
        lang = cleaned.lang
        changes.extend(_located(cleaned.line_changes, step))

    # 2. Structure: debris out (to metadata), glued headings split, blocks.
    metadata: dict[str, list[dict[str, Any]]] = {}
    if "structure" in steps:
        debris = find_debris(lines)
        earlier = debris_taken_earlier(original_lines, lines)
        metadata.update(debris.metadata(earlier))
        _keep_original_lines(metadata, lines, original_lines)
        changes.extend(_located(debris.changes, "debris"))
        structure_lang = lang if lang != "auto" else _quick_language(debris.lines)
        plain_lines, markup_changes = strip_markdown_emphasis(debris.lines)
        changes.extend(_located(markup_changes, "structure"))
        final_lines, split_changes = split_glued_headings(
            plain_lines, structure_lang, original_lines
        )
        changes.extend(_located(split_changes, "structure"))
        blocks = find_structure(final_lines)
    else:
        blocks = [
            Block(
                "paragraph",
                line.strip(),
                ((n, len(line) - len(line.lstrip()), len(line.rstrip())),),
            )
            for n, line in enumerate(lines, start=1)
            if line.strip()
        ]
    if options.metadata:
        metadata["input"] = [{key: value for key, value in options.metadata}]
    changes.sort(key=lambda lc: lc.line)  # stable: per line, steps stay in order

    # 3. Detect on the article text alone (debris out), so credits don't sway it.
    body = "\n".join(block.text for block in blocks)
    confidence = 0.0
    if "detect" in steps and body.strip():
        from .detect import detect

        detection = detect(body)
        lang, confidence = detection.lang, float(detection.confidence)
    elif lang == "auto":
        lang = "und"
    elif body.strip():
        confidence = 1.0  # given by the caller

    # 4. Segment each block into sentences; 5. translate them (translation segments
    # with the same segmenter, so its pairs are the sentences).
    target = options.target_lang or DEFAULT_TARGETS.get(lang)
    pairs: list[list[SentencePair]] | None = None
    if "translate" in steps:
        if target is None or target == lang:
            notes.append(f"not translated: no target language for {lang!r}")
        else:
            pairs, note = _translate([block.text for block in blocks], lang, target, options.model)
            if note:
                notes.append(note)
    if pairs is None:
        pairs = [
            [
                SentencePair(s)
                for s in (_segment(block.text, lang) if "segment" in steps else [block.text])
            ]
            for block in blocks
        ]
    article_blocks = tuple(
        ArticleBlock(block.kind, block.text, block.segments, tuple(block_pairs))
        for block, block_pairs in zip(blocks, pairs, strict=True)
    )

    hits = tuple(_glossary_hits(article_blocks, lang))
    flags = tuple(_qa_flags(article_blocks, lang, confidence, hits, notes, "detect" in steps))
    return Article(
        source=options.source,
        content_hash=content_hash(text),
        original=text,
        lang=lang,
        lang_confidence=confidence,
        target_lang=target if "translate" in steps and target != lang else None,
        blocks=article_blocks,
        metadata=metadata,
        changes=tuple(changes),
        glossary_hits=hits,
        qa_flags=flags,
        steps=options.steps,
        notes=tuple(notes),
    )


def _keep_original_lines(
    metadata: dict[str, list[dict[str, Any]]], cleaned: Sequence[str], original: Sequence[str]
) -> None:
    """A removed line is kept as cleaned (mojibake repaired); when cleaning changed it,
    the line as it was in the input is kept too, under "original"."""
    for items in metadata.values():
        for item in items:
            line = item["line"]
            if item["text"] == cleaned[line - 1].strip() != original[line - 1].strip():
                item["original"] = original[line - 1].strip()


def _located(line_changes: Iterable[LineChange], step: str) -> list[ArticleChange]:
    return [ArticleChange(lc.line, step, lc.change) for lc in line_changes]


def _quick_language(lines: Sequence[str]) -> str:
    from .detect import detect

    return detect("\n".join(lines)).lang


def _segment(text: str, lang: str) -> list[str]:
    """Sentences of `text` via `normalize.segment` (the whole text if it is not available)."""
    try:
        segment = importlib.import_module("normalize.segment")
    except ModuleNotFoundError:
        return [text]
    return [sentence.text for sentence in segment.segment_text(text, lang)] or [text]


_TRANSLATORS: dict[tuple[str, str, str | None], Any] = {}


def _translator(lang: str, target: str, model: str | None) -> Any:
    """The translator for a language pair, loaded once per process."""
    key = (lang, target, model)
    if key not in _TRANSLATORS:
        from .models import find_package
        from .translate import ArgosTranslator

        _TRANSLATORS[key] = ArgosTranslator(find_package(lang, target, model))
    return _TRANSLATORS[key]


def _translate(
    paragraphs: list[str], lang: str, target: str, model: str | None
) -> tuple[list[list[SentencePair]] | None, str]:
    """Sentence pairs per paragraph, or None and a note saying why there are none."""
    if lang not in DEFAULT_TARGETS:
        return None, f"not translated: cannot translate from {lang!r}"
    from .textio import UserError

    try:
        translator = _translator(lang, target, model)
    except UserError as error:
        return None, f"{NO_MODEL_NOTE}: {error}"
    from .translate import translate

    result: list[list[SentencePair]] = [[] for _ in paragraphs]
    for pair in translate(paragraphs, lang, target, translator=translator, progress=False):
        codes = tuple(issue.code for issue in pair.qa if issue.severity != "info")
        result[pair.paragraph].append(SentencePair(pair.source, pair.target, codes))
    return result, ""


def _glossary_hits(blocks: Sequence[ArticleBlock], lang: str) -> Iterable[dict[str, Any]]:
    """Glossary terms found in the clean text, by block (nothing if no glossary is built)."""
    try:
        import glossary
    except ImportError:
        return
    loader = getattr(glossary, "load_glossary", None)
    if loader is None:
        return
    term_base = loader()
    for index, block in enumerate(blocks):
        for match in term_base.match(block.text, lang if lang in ("de", "en") else None):
            yield {
                "block": index,
                "start": match.start,
                "end": match.end,
                "text": match.text,
                "concept_id": match.concept_id,
                "term": match.term,
                "lang": match.lang,
                "status": match.status,
                "de": match.de,
                "en": match.en,
            }


def _qa_flags(
    blocks: Sequence[ArticleBlock],
    lang: str,
    confidence: float,
    hits: Sequence[dict[str, Any]],
    notes: Sequence[str],
    detected: bool,
) -> Iterable[QAFlag]:
    if not blocks:
        yield QAFlag("empty", "no article text left after cleaning")
        return
    if detected and (lang not in DEFAULT_TARGETS or confidence < MIN_LANGUAGE_CONFIDENCE):
        yield QAFlag("language_uncertain", f"detected {lang} with confidence {confidence:.2f}")
    for index, block in enumerate(blocks):
        text = block.text
        if ftfy.is_bad(text):
            yield QAFlag("mojibake", "text still looks like mojibake", index, _excerpt(text))
        for code, pattern in RESIDUAL_ARTIFACTS.items():
            found = pattern.search(text)
            if found:
                yield QAFlag(
                    code,
                    f"residual artifact: {code.replace('_', ' ')}",
                    index,
                    _excerpt(text, found.start()),
                )
        if lang == "de":
            found = _GERMAN_MISMATCHED_QUOTE.search(text) or _STRAIGHT_QUOTE.search(text)
            if found:
                yield QAFlag(
                    "quote_mismatch",
                    "German quotes should be „…“",
                    index,
                    _excerpt(text, found.start()),
                )
    for hit in hits:
        if hit["status"] in ("deprecated", "flagged"):
            preferred = hit["de"] if hit["lang"] == "de" else hit["en"]
            yield QAFlag(
                f"{hit['status']}_term",
                f"{hit['text']!r} is {hit['status']}; preferred: {preferred}",
                hit["block"],
                hit["text"],
            )
    for note in notes:
        if note.startswith(NO_MODEL_NOTE):
            yield QAFlag("translation_unavailable", note)
    for index, block in enumerate(blocks):
        # One flag per block and issue, however many of its sentences have it.
        sentences_by_code: dict[str, list[str]] = {}
        for pair in block.sentences:
            for code in pair.qa:
                sentences_by_code.setdefault(code, []).append(pair.source)
        for code, sources in sentences_by_code.items():
            count = f" ({len(sources)} sentences)" if len(sources) > 1 else ""
            yield QAFlag(
                f"translation_{code}",
                f"translation QA: {code.replace('_', ' ')}{count}",
                index,
                _excerpt(sources[0]),
            )


def _excerpt(text: str, at: int = 0, width: int = 60) -> str:
    start = max(0, at - width // 2)
    return text[start : start + width]
