"""Reading data-driven test cases: TSV files in tests/data with a header row and `#` comments."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_cases(name: str) -> list[dict[str, str]]:
    """The rows of `tests/data/NAME` as dicts keyed by the header; `#` lines are comments."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))
