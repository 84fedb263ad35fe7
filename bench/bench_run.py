"""Benchmark `mtnorm run --no-translate`: articles per second with 1 and N jobs, and peak memory.

The sample articles (samples/) are repeated to collections of several sizes (each copy
gets a numbered sentence, so no two articles share a content hash and none is skipped
as already done). Every configuration runs the real command in a fresh process, so
figures include start-up (loading the detectors and word lists); the start-up cost is
measured with a one-article run and also reported subtracted.

Reported as ratios against the baseline in the same invocation: the marginal rate
(extra articles / extra seconds between the smallest and the largest collection, so
start-up cancels out) with N jobs relative to the first jobs value, and the peak RSS of
the largest process at the largest size relative to the smallest (≈ 1.0 means flat: the
collection is streamed, not loaded).

    python bench/bench_run.py                      # 500 and 2000 articles, 1 and 2 jobs
    python bench/bench_run.py --sizes 200 --jobs 1 2 4
    python bench/bench_run.py --no-timing          # only the false-positive check

It first checks how often article text is mistaken for debris or a glued heading: every
sentence of WMT newstest2019 (de and en, from --eval, default ../shared/eval) is put
between two sentences and run through `find_debris` and `find_glued_heading`; every
hit is listed so it can be judged (skipped cleanly when the data is missing).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def sample_files(samples: Path) -> list[Path]:
    return sorted(
        path
        for path in samples.iterdir()
        if path.suffix in (".txt", ".md", ".html", ".jsonl") and path.stem != "README"
    )


def _variants(samples: Path) -> Iterator[tuple[str, str, int]]:
    """(suffix, content template with {n}, articles in it), cycling over the samples."""
    templates = []
    for path in sample_files(samples):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
            lines = []
            for record in records:
                record["text"] = record["text"].rstrip("\n") + "\nMeldung Nr. {n}.\n"
                lines.append(
                    json.dumps(record, ensure_ascii=False)
                    .replace("{", "{{")
                    .replace("}", "}}")
                    .replace("{{n}}", "{n}")
                )
            templates.append((".jsonl", "\n".join(lines) + "\n", len(records)))
        elif path.suffix == ".html":
            escaped = text.replace("{", "{{").replace("}", "}}")
            templates.append(
                (".html", escaped.replace("</article>", "<p>Meldung Nr. {n}.</p></article>"), 1)
            )
        else:
            escaped = text.replace("{", "{{").replace("}", "}}")
            templates.append((path.suffix, escaped.rstrip("\n") + "\n\nMeldung Nr. {n}.\n", 1))
    while True:
        yield from templates


def make_collection(samples: Path, directory: Path, articles: int) -> int:
    """Write about `articles` articles (whole sample files) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for number, (suffix, template, count) in enumerate(_variants(samples)):
        if written >= articles:
            break
        (directory / f"a{number:06d}{suffix}").write_text(
            template.format(n=number), encoding="utf-8"
        )
        written += count
    return written


def run_once(inputs: Path, out: Path, jobs: int) -> tuple[float, int, float]:
    """Wall time, peak RSS (kB, largest process) and CPU seconds (all processes) of one
    `mtnorm run`. CPU time is what a shared machine does not distort."""
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "normalize",
        "run",
        str(inputs),
        "--out",
        str(out),
        "--no-translate",
        "-q",
        "--jobs",
        str(jobs),
    ]
    script = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "elapsed = time.perf_counter() - t\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'code': code, 'elapsed': elapsed, 'rss': usage.ru_maxrss,\n"
        "                  'cpu': usage.ru_utime + usage.ru_stime}))\n"
    )
    # A fresh parent per run, so peak RSS belongs to this run alone.
    result = subprocess.run(
        [sys.executable, "-c", script, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    record = json.loads(result.stdout.strip().splitlines()[-1])
    if record["code"] != 0:
        raise SystemExit(f"mtnorm run failed with status {record['code']}")
    return float(record["elapsed"]), int(record["rss"]), float(record["cpu"])


def summarize(results: list[dict[str, Any]], jobs_values: list[int]) -> list[dict[str, Any]]:
    """Marginal throughput per jobs value, its ratio to the first, and the RSS growth."""
    rows: list[dict[str, Any]] = []
    for jobs in jobs_values:
        runs = sorted((r for r in results if r["jobs"] == jobs), key=lambda r: r["articles"])
        if len(runs) < 2:
            continue
        small, large = runs[0], runs[-1]
        delta = large["seconds"] - small["seconds"]
        marginal = (large["articles"] - small["articles"]) / delta if delta > 0 else float("inf")
        cpu_ms = (
            1000
            * (large["cpu_seconds"] - small["cpu_seconds"])
            / (large["articles"] - small["articles"])
        )
        rows.append(
            {
                "jobs": jobs,
                "marginal_articles_per_second": marginal,
                "cpu_ms_per_article": cpu_ms,
                "rss_ratio": large["peak_rss_kb"] / small["peak_rss_kb"],
            }
        )
    for row in rows:
        first = rows[0]["marginal_articles_per_second"]
        row["speedup"] = row["marginal_articles_per_second"] / first
    return rows


def false_positives(eval_dir: Path) -> None:
    """Debris and glued-heading hits on plain news sentences (which have neither)."""
    from normalize.debris import find_debris
    from normalize.structure import find_glued_heading

    for lang in ("de", "en"):
        path = eval_dir / "wmt" / f"newstest2019.de-en.{lang}"
        if not path.is_file():
            print(f"bench_run: {path} missing; skipping the false-positive check", file=sys.stderr)
            return
        lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        debris_hits = []
        for line in lines:
            result = find_debris(["Erster Satz.", line, "Letzter Satz."])
            if result.items:
                debris_hits.append((line, result.items[0].kind))
        glued = [line for line in lines if find_glued_heading(line, lang) is not None]
        print(
            f"{path.name}: {len(lines)} sentences, taken as debris {len(debris_hits)} "
            f"({len(debris_hits) / len(lines):.2%}), split as glued heading {len(glued)}"
        )
        for line, kind in debris_hits:
            print(f"  debris {kind}: {line[:100]}")
        for line in glued:
            print(f"  glued: {line[:100]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--eval",
        type=Path,
        default=ROOT.parent / "shared" / "eval",
        help="public evaluation data (default: ../shared/eval)",
    )
    parser.add_argument("--no-timing", action="store_true", help="only the false-positive check")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    false_positives(args.eval)
    if args.no_timing:
        return 0
    if not args.samples.is_dir():
        print(f"bench_run: no samples at {args.samples}; skipping", file=sys.stderr)
        return 0

    results = []
    with tempfile.TemporaryDirectory(prefix="mtnorm-bench-") as tmp:
        base = Path(tmp)
        one = base / "one"
        make_collection(args.samples, one, 1)
        startup, startup_rss, startup_cpu = run_once(one, base / "out", 1)
        print(
            f"start-up (1 article, 1 job): {startup:.1f} s ({startup_cpu:.1f} CPU s), "
            f"peak RSS {startup_rss / 1024:.0f} MB; load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"{'articles':>8} {'jobs':>4} {'seconds':>8} {'art/s':>7} {'CPU s':>7} {'peak MB':>8}"
        )
        for size in sorted(args.sizes):
            inputs = base / f"in{size}"
            articles = make_collection(args.samples, inputs, size)
            for jobs in args.jobs:
                elapsed, rss, cpu = run_once(inputs, base / "out", jobs)
                results.append(
                    {
                        "articles": articles,
                        "jobs": jobs,
                        "seconds": elapsed,
                        "articles_per_second": articles / elapsed,
                        "peak_rss_kb": rss,
                        "cpu_seconds": cpu,
                    }
                )
                print(
                    f"{articles:>8} {jobs:>4} {elapsed:>8.1f} {articles / elapsed:>7.1f} "
                    f"{cpu:>7.1f} {rss / 1024:>8.0f}"
                )
    summary = summarize(results, args.jobs)
    if summary:
        print(
            "\nper jobs: marginal articles/s between the smallest and largest collection "
            "(start-up cancels out), speed-up vs the first jobs value, peak RSS largest/smallest"
        )
        for row in summary:
            print(
                f"  jobs {row['jobs']}: {row['marginal_articles_per_second']:.1f} art/s, "
                f"speed-up {row['speedup']:.2f}, {row['cpu_ms_per_article']:.1f} CPU ms "
                f"per article, RSS ratio {row['rss_ratio']:.2f}"
            )
        print(
            f"load average at the end: {os.getloadavg()[0]:.1f} (wall-clock ratios are "
            "only meaningful on an otherwise idle machine)"
        )
    print(f"cpus: {os.cpu_count()}; python {sys.version.split()[0]}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"startup_seconds": startup, "runs": results, "summary": summary}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
