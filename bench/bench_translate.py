"""Benchmark `mtnorm translate` against Argos Translate's own path on an Argos-size model.

Usage (from the repository root)::

    python bench/bench_translate.py                  # 500 WMT sentences, 2 threads
    python bench/bench_translate.py --limit 200 --threads 4

It builds a random-weight model of real Argos size (6+6 layers, d_model 512,
8 heads, FFN 2048, 32k vocabulary, int8; SentencePiece trained on the WMT
sentences) as a genuine package, then translates the first N German sentences of
``EVAL/wmt/newstest2019.de-en.de`` three ways, in this process, with the same
number of threads:

(a) Argos's package translation, one call per sentence:
    `argostranslate.translate.apply_packaged_translation` with its defaults (beam 4,
    batches of 32 tokens, length penalty 0.2), bypassing only its sentence splitter;
(b) raw CTranslate2 `translate_batch`: all sentences sorted by length, batches of 32;
(c) the whole `mtnorm translate` command (segmentation, copy detection, protection,
    QA, TMX writing) on the same sentences, one per line; measured warm (after a
    small run that loads the detectors) and its cold start reported separately.

and prints sentences/s for each, the ratios, and how many outputs of (b)/(c)-style
batching and of exact mode are identical to Argos's.

Output length: a random model stops after one token or runs to the 256-token
limit. The model therefore gets an end-of-sentence logit that grows with the
decoder position (see `tests/tinymodel.py`), calibrated so that the mean output
length is about the mean source length. The length does not follow each source
sentence (that would need a trained model); it is realistic on average.

Without the evaluation data the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # tinymodel: the model builder shared with the tests


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--eval",
        default=str(REPO.parent / "shared" / "eval"),
        help="evaluation data folder (default ../shared/eval)",
    )
    parser.add_argument("--limit", type=int, default=500, help="sentences (default 500)")
    parser.add_argument("--threads", type=int, default=2, help="CTranslate2 threads (2)")
    parser.add_argument("--workdir", help="keep the built model here (default: temp dir)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per method (3)")
    parser.add_argument("--skip-argos", action="store_true", help="skip the slow Argos path")
    return parser.parse_args()


def build_model(workdir: Path, lines: list[str], threads: int) -> Path:
    """Build and unpack the Argos-size package, calibrating its output length."""
    import ctranslate2
    import sentencepiece as spm
    from tinymodel import ModelShape, build_argos_package

    shape = ModelShape(
        layers=6, heads=8, d_model=512, ffn=2048, vocab_size=32000, sp_vocab_size=16000
    )
    processor = None
    probe = lines[:48]
    eos_position = 60
    for _attempt in range(4):
        build = workdir / f"eos{eos_position}"
        archive = build_argos_package(build, shape=shape, lines=lines, eos_position=eos_position)
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(build / "installed")
        package_dir = next(p for p in (build / "installed").iterdir() if p.is_dir())
        processor = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
        translator = ctranslate2.Translator(str(package_dir / "model"), intra_threads=threads)
        tokens = [processor.encode(line, out_type=str) for line in probe]
        results = translator.translate_batch(
            tokens, beam_size=4, length_penalty=0.2, max_batch_size=32
        )
        source_length = statistics.mean(len(t) for t in tokens)
        output_length = statistics.mean(len(r.hypotheses[0]) for r in results)
        ratio = output_length / source_length
        print(
            f"model: eos_position {eos_position}: mean output {output_length:.1f} pieces, "
            f"source {source_length:.1f} (ratio {ratio:.2f})",
            file=sys.stderr,
        )
        if 0.8 <= ratio <= 1.25:
            break
        eos_position = max(4, round(eos_position / ratio))
    return package_dir


def argos_path(package_dir: Path, sentences: list[str]) -> tuple[list[str], tuple[float, float]]:
    """(a): Argos's own per-sentence package translation (sentence splitter bypassed)."""
    import ctranslate2
    from argostranslate import package, settings, translate

    class WholeSentence:
        def split_sentences(self, text: str) -> list[str]:
            return [text]

    pkg = package.Package(package_dir)
    translator = ctranslate2.Translator(
        str(package_dir / "model"),
        device=settings.device,
        inter_threads=settings.inter_threads,
        intra_threads=settings.intra_threads,
        compute_type=settings.compute_type,
    )
    translate.apply_packaged_translation(pkg, sentences[0], translator, WholeSentence(), 1)
    clock = Clock()
    outputs = [
        translate.apply_packaged_translation(pkg, s, translator, WholeSentence(), 1)[0].value
        for s in sentences
    ]
    return outputs, clock.stop()


def raw_batched(
    package_dir: Path, sentences: list[str], threads: int
) -> tuple[list[str], tuple[float, float]]:
    """(b): tokenise, `translate_batch` sorted by length in batches of 32, decode."""
    import ctranslate2
    import sentencepiece as spm

    from normalize.translate import _argos_decode

    processor = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), intra_threads=threads)
    translator.translate_batch([processor.encode(sentences[0], out_type=str)], beam_size=4)
    clock = Clock()
    tokens = [processor.encode(s, out_type=str) for s in sentences]
    order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
    outputs = [""] * len(sentences)
    for start in range(0, len(order), 32):
        batch = order[start : start + 32]
        results = translator.translate_batch(
            [tokens[i] for i in batch],
            max_batch_size=32,
            beam_size=4,
            length_penalty=0.2,
            replace_unknowns=True,
        )
        for index, result in zip(batch, results, strict=True):
            outputs[index] = _argos_decode(processor, result.hypotheses[0], "")
    return outputs, clock.stop()


def mtnorm_command(
    package_dir: Path, path: Path, threads: int, *extra: str
) -> tuple[tuple[float, float], str]:
    """(c): the whole `mtnorm translate` command, in this process; returns (seconds, stderr)."""
    from normalize.cli import main

    output = path.with_suffix(".tmx")
    argv = [
        "translate",
        str(path),
        "--model",
        str(package_dir),
        "--format",
        "tmx",
        "-o",
        str(output),
        "--threads",
        str(threads),
        *extra,
    ]
    stderr = io.StringIO()
    clock = Clock()
    with contextlib.redirect_stderr(stderr):
        status = main(argv)
    elapsed = clock.stop()
    if status != 0:
        raise SystemExit(f"mtnorm translate failed: {stderr.getvalue()}")
    return elapsed, stderr.getvalue().strip().splitlines()[-1]


class Clock:
    """Wall-clock and process CPU time (all threads) since creation.

    On a shared machine wall time depends on the load; the CPU time a run needs is
    steadier, so the benchmark reports rates from both.
    """

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def identical(first: list[str], second: list[str]) -> str:
    same = sum(a == b for a, b in zip(first, second, strict=True))
    return f"{same}/{len(first)} ({100 * same / len(first):.1f} %)"


def main() -> int:
    args = parse_args()
    source = Path(args.eval) / "wmt" / "newstest2019.de-en.de"
    if not source.is_file():
        print(f"bench_translate: {source} not found; pass --eval DIR. Skipping.")
        return 0
    german = source.read_text("utf-8").splitlines()
    english = (source.with_suffix(".en")).read_text("utf-8").splitlines()
    sentences = german[: args.limit]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-translate-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # Argos reads its settings from the environment at import: keep it inside workdir.
    for key, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("ARGOS_PACKAGES_DIR", "packages"),
    ):
        os.environ[key] = str(workdir / sub)
        (workdir / sub).mkdir(exist_ok=True)
    os.environ["ARGOS_INTRA_THREADS"] = str(args.threads)
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"

    print(
        f"bench_translate: {len(sentences)} sentences of {source.name}, "
        f"{args.threads} threads, model in {workdir}",
        file=sys.stderr,
    )
    started = time.perf_counter()
    package_dir = build_model(workdir, german + english, args.threads)
    print(f"model built in {time.perf_counter() - started:.0f} s: {package_dir}", file=sys.stderr)

    results: dict[str, Any] = {"sentences": len(sentences), "threads": args.threads}
    from normalize.translate import ArgosTranslator, DecodingOptions

    exact = ArgosTranslator(package_dir, DecodingOptions(exact=True, threads=args.threads))
    text_path = workdir / "input.txt"
    text_path.write_text("\n".join(sentences) + "\n", "utf-8")
    warmup = workdir / "warmup.txt"
    warmup.write_text("\n".join(german[-5:]) + "\n", "utf-8")
    (cold_seconds, _), _ = mtnorm_command(package_dir, warmup, args.threads)
    results["mtnorm_cold_start_s_for_5"] = cold_seconds
    # The machine may be shared: alternate the runs and keep each one's best round,
    # in wall-clock time and in CPU time.
    times: dict[str, list[tuple[float, float]]] = {"raw": [], "mtnorm": [], "exact": []}
    for _round in range(args.rounds):
        raw_outputs, measured = raw_batched(package_dir, sentences, args.threads)
        times["raw"].append(measured)
        measured, summary = mtnorm_command(package_dir, text_path, args.threads)
        times["mtnorm"].append(measured)
        clock = Clock()
        exact_outputs = exact.translate_sentences(sentences)
        times["exact"].append(clock.stop())
    # Without placeholders nothing is retried: the pipeline's own overhead alone.
    measured, _ = mtnorm_command(package_dir, text_path, args.threads, "--no-protect")
    times["mtnorm_no_protect"] = [measured]
    results["mtnorm_summary"] = summary
    if not args.skip_argos:
        argos_outputs, measured = argos_path(package_dir, sentences)
        times["argos"] = [measured]
        results["raw_batched_identical_to_argos"] = identical(raw_outputs, argos_outputs)
        results["exact_mode_identical_to_argos"] = identical(exact_outputs, argos_outputs)
    count = len(sentences)
    for name, runs in times.items():
        results[f"{name}_per_s_wall"] = count / min(wall for wall, _cpu in runs)
        results[f"{name}_per_cpu_s"] = count / min(cpu for _wall, cpu in runs)
    for unit in ("per_s_wall", "per_cpu_s"):
        results[f"mtnorm_vs_raw_{unit}"] = results[f"mtnorm_{unit}"] / results[f"raw_{unit}"]
        if "argos" in times:
            for name in ("raw", "mtnorm"):
                results[f"{name}_vs_argos_{unit}"] = (
                    results[f"{name}_{unit}"] / results[f"argos_{unit}"]
                )
    mean_out = statistics.mean(len(o.split()) for o in raw_outputs)
    mean_in = statistics.mean(len(s.split()) for s in sentences)
    results["mean_words_in_out"] = f"{mean_in:.1f} / {mean_out:.1f}"
    for key, value in results.items():
        shown = f"{value:.2f}" if isinstance(value, float) else value
        print(f"{key:34} {shown}")
    print(json.dumps(results, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
