"""Translate paragraphs into sentence-aligned pairs with Argos Translate models, offline.

`translate(paragraphs, source="de", target="en")` segments each paragraph, copies
segments already in the target language, protects glossary terms and numbers with
placeholders (`normalize.protect`), translates every remaining sentence of the whole
input in length-sorted batches through one CTranslate2 translator, restores or
recovers the protected spans and checks each pair (`normalize.qa`).

`ArgosTranslator` loads an installed Argos package directly (its `model/` and
`sentencepiece.model`) and decodes exactly like Argos 1.11's package translation
(beam 4, length penalty 0.2, unknowns replaced, SentencePiece decoding with the
leading space stripped), without Argos's sentence splitters (stanza, MiniSBD),
which need downloads or torch. Unbatched (`exact=True`: only sentences of equal
token length share a batch, so there is no padding) its output is identical to
Argos's; mixed-length int8 batches may flip near-ties.

ctranslate2 and sentencepiece are imported when a translator is built, never by
`import normalize`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .changes import Change, diff_changes
from .models import ModelPackage, find_package, read_package
from .protect import (
    PLACEHOLDER_PATTERN,
    GlossaryLike,
    ProtectedText,
    find_protected,
    localize,
    protect,
    restore,
)
from .qa import QAIssue, check_pair
from .textio import UserError, split_lines

#: Languages `translate` handles (the other one is the source for --from auto).
LANGUAGES = ("de", "en")
# Below this many letters a segment's language cannot be told reliably: it is translated.
_MIN_LETTERS_TO_COPY = 20
# Detected confidence needed to copy a segment instead of translating it.
_COPY_CONFIDENCE = 0.9
# Show a progress bar from this many sentences on (and only on a terminal).
_PROGRESS_MIN_SENTENCES = 64


@dataclass(frozen=True)
class DecodingOptions:
    """CTranslate2 settings. The defaults are Argos's own (beam 4, length penalty 0.2)."""

    beam_size: int = 4
    #: Sentences per batch (examples, after sorting by length).
    batch_size: int = 32
    #: Threads per translation (CTranslate2 intra_threads; 0 = its default).
    threads: int = 0
    #: Batch only sentences of equal token length: output identical to Argos's path.
    exact: bool = False
    length_penalty: float = 0.2
    max_decoding_length: int = 256

    def __post_init__(self) -> None:
        if self.beam_size < 1 or self.batch_size < 1 or self.threads < 0:
            raise ValueError("beam size and batch size must be ≥ 1, threads ≥ 0")


@dataclass(frozen=True)
class SegmentPair:
    """One aligned sentence pair and what is known about its trustworthiness.

    `source_lang`/`target_lang` are the direction of the run (a copied segment is
    already in `target_lang`); `detected_lang` is what the detector said, if asked.
    """

    paragraph: int
    index: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    #: "translated", "copied" (already in the target language) or "recovered"
    #: (placeholders were mangled; translated again without them).
    status: str
    detected_lang: str = ""
    qa: tuple[QAIssue, ...] = ()
    #: Edits mtnorm made to the model's output (placeholder restoration, number
    #: localisation, glossary terms), replaying from `model_output` to `target`.
    changes: tuple[Change, ...] = ()
    model_output: str = ""
    file: str | None = None
    line: int | None = None

    @property
    def flagged(self) -> bool:
        """True if a QA issue says the pair cannot be trusted as it is."""
        return any(issue.severity != "info" for issue in self.qa)

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["qa"] = [issue.to_dict() for issue in self.qa]
        record["changes"] = [change.to_dict() for change in self.changes]
        record["flagged"] = self.flagged
        if self.file is None:
            del record["file"], record["line"]
        return record


def _argos_decode(processor: Any, tokens: Sequence[str], target_prefix: str) -> str:
    """Argos 1.11's SentencePieceTokenizer.decode plus its prefix/space stripping."""
    value = str(processor.decode_pieces(list(tokens))).replace("▁", " ").replace("_", " ")
    if target_prefix and value.startswith(target_prefix):
        value = value[len(target_prefix) :]
    if value.startswith(" "):
        value = value[1:]
    return value


class ArgosTranslator:
    """An Argos package loaded once: its SentencePiece model and CTranslate2 translator."""

    def __init__(self, package: ModelPackage | str | Path, options: DecodingOptions | None = None):
        try:
            import ctranslate2
            import sentencepiece
        except ImportError:
            raise UserError(
                "translation needs ctranslate2 and sentencepiece: pip install 'mtnorm[translate]'"
            ) from None
        self.package = package if isinstance(package, ModelPackage) else read_package(Path(package))
        self.options = options or DecodingOptions()
        path = self.package.path
        sp_model = path / "sentencepiece.model"
        if not sp_model.is_file():
            raise UserError(f"{path}: only SentencePiece Argos packages are supported")
        metadata = _read_metadata(path)
        self.target_prefix = str(metadata.get("target_prefix", ""))
        self.processor = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        try:
            self.translator = ctranslate2.Translator(
                str(path / "model"),
                device=os.environ.get("ARGOS_DEVICE_TYPE", "cpu"),
                inter_threads=1,
                intra_threads=self.options.threads,
                compute_type=os.environ.get("ARGOS_COMPUTE_TYPE", "auto"),
            )
        except (RuntimeError, ValueError) as error:
            raise UserError(f"{path}: cannot load the CTranslate2 model ({error})") from None

    def tokenize(self, sentence: str) -> list[str]:
        return list(self.processor.encode(sentence, out_type=str))

    def _batches(self, order: list[int], lengths: list[int]) -> Iterable[list[int]]:
        size = self.options.batch_size
        if not self.options.exact:
            for start in range(0, len(order), size):
                yield order[start : start + size]
            return
        batch: list[int] = []
        for index in order:
            if batch and (len(batch) == size or lengths[batch[0]] != lengths[index]):
                yield batch
                batch = []
            batch.append(index)
        if batch:
            yield batch

    def translate_sentences(
        self, sentences: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[str]:
        """Translate sentences (batched, sorted by length); output in input order."""
        tokenized = [self.tokenize(sentence) for sentence in sentences]
        lengths = [len(tokens) for tokens in tokenized]
        order = sorted((i for i in range(len(sentences)) if lengths[i]), key=lengths.__getitem__)
        results = [""] * len(sentences)
        options = self.options
        for batch in self._batches(order, lengths):
            prefix = [[self.target_prefix]] * len(batch) if self.target_prefix else None
            outputs = self.translator.translate_batch(
                [tokenized[i] for i in batch],
                target_prefix=prefix,
                max_batch_size=options.batch_size,
                beam_size=options.beam_size,
                num_hypotheses=1,
                length_penalty=options.length_penalty,
                max_decoding_length=options.max_decoding_length,
                replace_unknowns=True,
            )
            for index, output in zip(batch, outputs, strict=True):
                results[index] = _argos_decode(
                    self.processor, output.hypotheses[0], self.target_prefix
                )
            if progress is not None:
                progress(len(batch))
        return results


def _read_metadata(path: Path) -> dict[str, Any]:
    import json

    try:
        data = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def default_glossary() -> GlossaryLike | None:
    """The shipped term base, or None when the glossary package cannot provide one."""
    try:
        import glossary
    except ImportError:
        return None
    loader = getattr(glossary, "load_glossary", None)
    if loader is None:
        return None  # the glossary package is not built yet in this checkout
    try:
        loaded: GlossaryLike = loader()
    except (OSError, ValueError):
        return None
    return loaded


def _segment(paragraph: str, lang: str) -> list[str]:
    try:
        from .segment import segment_text
    except ModuleNotFoundError as error:
        if error.name != "normalize.segment":
            raise
        return [paragraph.strip()] if paragraph.strip() else []  # segmenter not built yet
    sentences = segment_text(paragraph, lang=lang)
    return [sentence.text for sentence in sentences if sentence.text.strip()]


def _detect(text: str) -> tuple[str, float]:
    from .detect import detect

    detection = detect(text, langs=list(LANGUAGES))
    return detection.lang, detection.confidence


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


@dataclass
class _Job:
    """A sentence on its way through the pipeline."""

    paragraph: int
    index: int
    source: str
    source_lang: str
    detected: str
    copy: bool
    protected: ProtectedText | None = None
    output: str = ""
    target: str = ""
    status: str = "translated"
    changes: list[Change] = field(default_factory=list)


def _plan(paragraphs: Sequence[str], source: str, target: str, detect_copies: bool) -> list[_Job]:
    other = {"de": "en", "en": "de"}
    jobs = []
    for number, paragraph in enumerate(paragraphs):
        if not paragraph.strip():
            continue
        paragraph_lang = source
        if source == "auto":
            detected, _ = _detect(paragraph)
            paragraph_lang = detected if detected in LANGUAGES else other[target]
        for index, sentence in enumerate(_segment(paragraph, paragraph_lang)):
            detected, confidence = "", 0.0
            copy = _letters(sentence) == 0
            if not copy and (detect_copies or source == "auto"):
                detected, confidence = _detect(sentence)
                trusted = _letters(sentence) >= _MIN_LETTERS_TO_COPY or source == "auto"
                copy = detected == target and confidence >= _COPY_CONFIDENCE and trusted
            sentence_lang = other[target]
            jobs.append(_Job(number, index, sentence, sentence_lang, detected, copy))
    return jobs


def translate(
    paragraphs: str | Sequence[str],
    source: str = "de",
    target: str = "en",
    *,
    model: str | Path | None = None,
    translator: ArgosTranslator | None = None,
    options: DecodingOptions | None = None,
    glossary: GlossaryLike | None = None,
    use_glossary: bool = True,
    protect_spans: bool = True,
    detect_copies: bool = True,
    progress: bool | None = None,
) -> list[SegmentPair]:
    """Translate `paragraphs` (a text with one paragraph per line, or a list) sentence by sentence.

    `source` is "de", "en" or "auto" (per paragraph for segmentation, per sentence
    for copying); `target` is "en" or "de". The model is `translator`, or the package
    `model` (folder or name), or the installed package for the language pair.
    Returns one `SegmentPair` per sentence, in input order, each with its QA issues.
    """
    if target not in LANGUAGES:
        raise UserError(f"target language must be one of {', '.join(LANGUAGES)}, not {target!r}")
    if source not in (*LANGUAGES, "auto"):
        raise UserError(f"source language must be de, en or auto, not {source!r}")
    if source == target:
        raise UserError(f"source and target language are both {source}")
    if isinstance(paragraphs, str):
        paragraphs = [line.rstrip("\r") for line in split_lines(paragraphs)]
    if glossary is None and use_glossary:
        glossary = default_glossary()
    jobs = _plan(paragraphs, source, target, detect_copies)
    to_translate = [job for job in jobs if not job.copy]
    model_source = source if source != "auto" else {"de": "en", "en": "de"}[target]
    if to_translate and translator is None:
        translator = ArgosTranslator(find_package(model_source, target, model), options)
    if translator is not None:
        pair = (translator.package.from_code, translator.package.to_code)
        if pair != (model_source, target):
            raise UserError(
                f"the model translates {pair[0]}→{pair[1]}, not {model_source}→{target}"
            )
    for job in jobs:
        if job.copy:
            _copy(job, target, glossary)
        elif protect_spans:
            job.protected = protect(job.source, job.source_lang, target, glossary)
    if to_translate:
        assert translator is not None
        _run_model(translator, to_translate, target, progress)
    return [_finish(job, target, glossary) for job in jobs]


def _copy(job: _Job, target: str, glossary: GlossaryLike | None) -> None:
    """A segment already in the target language (or without words) is kept, numbers localised."""
    job.status = "copied"
    job.output = job.source
    spans = find_protected(job.source, job.source_lang, target) if _letters(job.source) == 0 else []
    text = job.source
    for span in reversed(spans):
        text = text[: span.start] + span.target + text[span.end :]
    job.changes += diff_changes("translate.localize", job.source, text)
    job.target = text


def _run_model(
    translator: ArgosTranslator, jobs: list[_Job], target: str, progress: bool | None
) -> None:
    show = progress if progress is not None else sys.stderr.isatty()
    total = len(jobs)
    bar: Any = None
    if show and total >= _PROGRESS_MIN_SENTENCES:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="sent", file=sys.stderr, desc="translate")
    update = bar.update if bar is not None else None
    inputs = [job.protected.text if job.protected else job.source for job in jobs]
    outputs = translator.translate_sentences(inputs, update)
    retry = []
    for job, output in zip(jobs, outputs, strict=True):
        job.output = output
        if job.protected is None or not job.protected.spans:
            job.target = output
            continue
        restored = restore(output, job.protected)
        if restored is None:
            retry.append(job)
        else:
            job.changes += diff_changes("translate.restore", output, restored)
            job.target = restored
    if retry:
        if bar is not None:
            bar.total += len(retry)
        plain = translator.translate_sentences([job.source for job in retry], update)
        for job, output in zip(retry, plain, strict=True):
            assert job.protected is not None
            job.output = output
            job.status = "recovered"
            job.target = localize(output, job.protected)
            job.changes += diff_changes("translate.localize", output, job.target)
    if bar is not None:
        bar.close()


def _finish(job: _Job, target: str, glossary: GlossaryLike | None) -> SegmentPair:
    text = job.target
    if glossary is not None and hasattr(glossary, "apply"):
        fixed, _replacements = glossary.apply(text, lang=target)
        job.changes += diff_changes("translate.glossary", text, fixed)
        text = fixed
    if PLACEHOLDER_PATTERN.search(text) and not PLACEHOLDER_PATTERN.search(job.source):
        # Cannot happen through restore/localize; kept so no placeholder ever leaks.
        cleaned = PLACEHOLDER_PATTERN.sub("", text)
        job.changes += diff_changes("translate.drop_placeholder", text, cleaned)
        text = cleaned
    source_lang = target if job.copy else job.source_lang
    issues = check_pair(
        job.source, text, source_lang, target, translated=not job.copy, glossary=glossary
    )
    if job.status == "recovered":
        issues.append(QAIssue("protection_failed", "placeholders mangled; translated without"))
    return SegmentPair(
        paragraph=job.paragraph,
        index=job.index,
        source=job.source,
        target=text,
        source_lang=job.source_lang,
        target_lang=target,
        status=job.status,
        detected_lang=job.detected,
        qa=tuple(issues),
        changes=tuple(job.changes),
        model_output=job.output,
    )


def with_origin(pair: SegmentPair, file: str, line: int) -> SegmentPair:
    """`pair` labelled with the input file and line it came from."""
    return replace(pair, file=file, line=line)
