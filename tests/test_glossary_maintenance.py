"""Term base maintenance: lint, edits, TBX/CSV exchange, suggestions, the CLI."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import glossary
from glossary.datafile import DATA_DIR, GlossaryFormatError, read_data_file
from glossary.exchange import export_table, export_tbx, import_tbx
from glossary.lint import lint_directory
from glossary.model import DOMAINS
from glossary.termbase import Glossary, load_directory
from normalize import clean_text
from normalize.cli import main

DATA = Path(__file__).parent / "data"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def term_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped term base."""
    target = tmp_path / "terms"
    shutil.copytree(DATA_DIR, target)
    return target


# -- lint -------------------------------------------------------------------------------
def test_shipped_glossary_lints_clean() -> None:
    assert [str(issue) for issue in lint_directory(DATA_DIR)] == []


def test_lint_reports_every_kind_of_problem(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "glossary_lint_bad"
    with open(DATA / "glossary_lint_expected.tsv", encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    expected = list(csv.DictReader(rows, delimiter="\t"))
    issues = [str(issue) for issue in lint_directory(bad)]
    for row in expected:
        assert any(
            f"{row['where']}: {row['level']}: " in issue and row["message"] in issue
            for issue in issues
        ), row
    status, out, err = run(["glossary", "lint", "--glossary", str(bad)], capsys)
    assert status == 1 and "error(s)" in err and "bad status" in out


def test_loading_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mineral.tsv"
    shutil.copy(DATA / "glossary_lint_bad" / "mineral.tsv", path)
    with pytest.raises(GlossaryFormatError, match=r"mineral\.tsv:5: bad status 'best'"):
        read_data_file(path)


def test_unknown_data_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "stuff.tsv").write_text("x\n", encoding="utf-8")
    status, _, err = run(["glossary", "match", "--glossary", str(tmp_path)], capsys)
    assert status == 2 and "unknown domain 'stuff'" in err


# -- edits ------------------------------------------------------------------------------
def test_add_keeps_files_sorted_and_lint_clean(
    term_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["glossary", "add", "--glossary", str(term_dir), "cobalt", "de", "Co-Metall",
            "--gender", "n", "--decl", "mass", "--source", "test"]  # fmt: skip
    assert run(argv, capsys)[0] == 0
    text = (term_dir / "mineral.tsv").read_text(encoding="utf-8")
    assert "cobalt\tde\tadmitted\tCo-Metall\tn\tmass\t\t\ttest" in text
    assert lint_directory(term_dir) == []
    assert load_directory(term_dir).match("des Co-Metalls", "de")[0].concept_id == "cobalt"


def test_add_refuses_a_change_that_breaks_the_lint(
    term_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (term_dir / "general.tsv").read_text(encoding="utf-8")
    argv = ["glossary", "add", "--glossary", str(term_dir), "price_floor", "de",
            "Kobalt", "--status", "deprecated", "--gender", "n", "--note", "x"]  # fmt: skip
    status, _, err = run(argv, capsys)
    assert status == 2 and "lint error" in err
    assert (term_dir / "general.tsv").read_text(encoding="utf-8") == before


def test_add_new_concept_needs_domain(term_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["glossary", "add", "--glossary", str(term_dir), "osmium", "de", "Osmium"]
    status, _, err = run(argv, capsys)
    assert status == 2 and "--domain" in err


def test_add_new_concept_term_is_preferred_by_default(
    term_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["glossary", "add", "--glossary", str(term_dir), "scandium_oxide", "de",
            "Scandiumoxid", "--gender", "n", "--domain", "mineral",
            "--translation", "scandium oxide", "--source", "USGS"]  # fmt: skip
    status, _, err = run(argv, capsys)
    assert status == 0 and "2 term(s) added" in err
    argv = ["glossary", "add", "--glossary", str(term_dir), "scandium_oxide", "de",
            "Scandiumoxyd", "--gender", "n"]  # fmt: skip
    assert run(argv, capsys)[0] == 0
    text = (term_dir / "mineral.tsv").read_text(encoding="utf-8")
    assert "scandium_oxide\tde\tpreferred\tScandiumoxid\tn" in text
    assert "scandium_oxide\tde\tadmitted\tScandiumoxyd\tn" in text
    assert [str(issue) for issue in lint_directory(term_dir)] == []


def test_add_new_concept_without_source_says_so(
    term_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["glossary", "add", "--glossary", str(term_dir), "osmium", "de", "Osmium"]
    assert "--source" in run(argv, capsys)[2]


def test_add_names_its_concept_exactly(term_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new concept whose term is another concept's term (case aside) is not merged into it:
    the clash is a lint error, and nothing is written."""
    before = (term_dir / "organisation.tsv").read_text(encoding="utf-8")
    argv = ["glossary", "add", "--glossary", str(term_dir), "exim_mailer", "de", "Exim",
            "--status", "preferred", "--domain", "organisation", "--flags", "dnt",
            "--translation", "Exim", "--source", "x"]  # fmt: skip
    status, _, err = run(argv, capsys)
    assert status == 2 and "listed twice" in err and "exim" in err
    assert (term_dir / "organisation.tsv").read_text(encoding="utf-8") == before


def test_case_sensitive_terms_that_differ_in_case_coexist(
    term_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["glossary", "add", "--glossary", str(term_dir), "exim_mailer", "de", "Exim",
            "--status", "preferred", "--domain", "organisation", "--flags", "case,dnt",
            "--translation", "Exim", "--source", "x"]  # fmt: skip
    status, _, err = run(argv, capsys)
    assert status == 0 and "2 term(s) added" in err
    assert [str(issue) for issue in lint_directory(term_dir)] == []
    terms = load_directory(term_dir)
    hits = {m.text: m.concept_id for m in terms.match("Exim meldet, die EXIM zahlt.")}
    assert hits == {"Exim": "exim_mailer", "EXIM": "exim"}


# -- exchange ---------------------------------------------------------------------------
def test_tbx_export_is_tbx_basic_and_round_trips() -> None:
    terms = glossary.load_glossary()
    data = export_tbx(terms)
    root = etree.fromstring(data)
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    statuses = {e.text for e in root.iterfind(".//t:termNote[@type='administrativeStatus']", ns)}
    assert statuses == {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                        "deprecatedTerm-admn-sts"}  # fmt: skip
    assert len(root.findall(".//t:conceptEntry", ns)) == len(terms)
    back = Glossary.from_terms(import_tbx(data))

    def rows(g: Glossary) -> list[tuple[object, ...]]:
        return sorted((t.concept_id, t.lang, t.status, t.text, t.gender, t.decl, t.flags,
                       t.note, t.source) for t in g.terms)  # fmt: skip

    assert rows(back) == rows(terms)
    assert {c.id: c.domain for c in back} == {c.id: c.domain for c in terms}


def test_tbx_import_rejects_broken_xml() -> None:
    with pytest.raises(GlossaryFormatError, match="not well-formed"):
        import_tbx(b"<tbx><text>", "x.tbx")


def test_csv_flavours() -> None:
    terms = glossary.load_glossary()
    deepl = list(csv.reader(export_table(terms, "deepl", "de", "en").splitlines()))
    assert ["Exekutivbesetzung", "executive order"] in deepl
    assert all(len(row) == 2 for row in deepl) and deepl[0] != ["de", "en"]
    assert not [row for row in deepl if row[0] == "Bundesland"]  # flagged: never a pair
    amazon = export_table(terms, "amazon", "de", "en", "\t").splitlines()
    assert amazon[0] == "de\ten" and "Wolfram\ttungsten" in amazon
    google = list(csv.reader(export_table(terms, "google", "en", "de").splitlines()))
    assert google[0] == ["en", "de"] and ["tungsten", "Wolfram"] in google


def test_export_table_options_imply_csv(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["glossary", "export", "--flavour", "terms"], capsys)
    assert status == 0 and out.startswith("id,lang,status,term,")
    status, _, err = run(["glossary", "export", "--format", "tbx", "--excel"], capsys)
    assert status == 2 and "TBX" in err
    assert run(["glossary", "export"], capsys)[1].startswith("<?xml")


def test_csv_import_merges_new_terms(term_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = term_dir.parent / "new.csv"
    table.write_text("de,en\nOsmium,osmium\nWolfram,tungsten\n", encoding="utf-8")
    argv = ["glossary", "import", str(table), "--glossary", str(term_dir), "--domain", "mineral"]
    status, _, err = run(argv, capsys)
    assert status == 0 and "added 2 term(s) of 4" in err
    merged = load_directory(term_dir)
    assert merged.concept("osmium").domain == "mineral"
    assert lint_directory(term_dir) == []


def test_export_cli_writes_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "terms.tbx"
    assert run(["glossary", "export", "--format", "tbx", "-o", str(out)], capsys)[0] == 0
    etree.fromstring(out.read_bytes())


# -- CLI --------------------------------------------------------------------------------
def test_match_cli_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Das Energieministerium.\n\nDie DDR Kongo.\n", encoding="utf-8")
    status, out, _ = run(["glossary", "match", str(source)], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [r["line"] for r in records] == [1, 2, 3]
    (first,) = records[0]["matches"]
    assert first == {
        "start": 4,
        "end": 22,
        "text": "Energieministerium",
        "id": "us_department_of_energy",
        "de": "Energieministerium",
        "en": "Department of Energy",
        "status": "preferred",
        "domain": "agency",
    }
    assert records[1]["matches"] == []
    assert records[2]["matches"][0]["status"] == "deprecated"


def test_apply_cli_is_line_preserving(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Zwei Exekutivbefehle.\r\n\nDie Preisküren\n", encoding="utf-8")
    status, out, err = run(["glossary", "apply", str(source)], capsys)
    assert status == 0 and "2 replacement(s)" in err
    assert out == "Zwei Exekutivanordnungen.\r\n\nDie Preisuntergrenzen\n"
    status, out, _ = run(["glossary", "apply", "--explain", str(source)], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["line"], r["rule"], r["after"]) for r in records] == [
        (1, "terms:executive_order", "Exekutivanordnungen"),
        (3, "terms:price_floor", "Preisuntergrenzen"),
    ]


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["glossary", "match", str(tmp_path / "missing.txt")], capsys)
    assert status == 2 and err.startswith("mtnorm: error:") and "no such file" in err
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01")
    assert run(["glossary", "apply", str(binary)], capsys)[0] == 2
    assert run(["glossary", "match", "--lang", "fr", str(binary)], capsys)[0] == 2
    assert run(["glossary", "show", "unobtainium"], capsys)[0] == 2


def test_show_list_stats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["glossary", "show", "executive_order"], capsys)
    assert status == 0 and "deprecated" in out and "Exekutivbesetzung" in out
    status, out, _ = run(["glossary", "list", "--domain", "mineral"], capsys)
    assert "tungsten\tmineral\tWolfram\ttungsten" in out.splitlines()
    status, out, _ = run(["glossary", "stats"], capsys)
    assert status == 0 and "domain:mineral" in out


def test_suggest_finds_unknown_acronyms_and_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(
        "Die Quantum Resilience Facility (QRF) startet.\n"
        "Laut QRF wächst die Quantum Resilience Facility.\n"
        "Der USGS und die EXIM bleiben.\n"
        "Laut der Strategischen Rohstoffreserve und der Strategischen Rohstoffreserve.\n",
        encoding="utf-8",
    )
    status, out, _ = run(["glossary", "suggest", str(corpus)], capsys)
    found = {(r["kind"], r["candidate"]): r for r in map(json.loads, out.splitlines())}
    assert status == 0
    assert found[("acronym", "QRF")]["count"] == 2
    assert found[("acronym", "QRF")]["note"] == "written out: Quantum Resilience Facility"
    assert ("name", "Quantum Resilience Facility") in found
    assert not [key for key in found if key[1] in ("USGS", "EXIM")]
    assert found[("name", "Strategischen Rohstoffreserve")]["count"] == 2


def test_terms_step_in_clean() -> None:
    result = clean_text("Trump unterzeichnete den Exekutivbefehl.\n", lang="de", steps=["terms"])
    assert result.text == "Trump unterzeichnete die Exekutivanordnung.\n"
    assert [c.rule for c in result.changes] == ["terms:executive_order"]


def test_apply_review_lists_what_is_left_for_a_human(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.txt"
    source.write_text(
        "Die Bundesländer, und er gab der Staatsabteilung recht.\nZwei Exekutivbefehle.\n",
        encoding="utf-8",
    )
    status, out, _ = run(["glossary", "apply", "--review", str(source)], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [(r["line"], r["text"], r["status"]) for r in records] == [
        (1, "Bundesländer", "flagged"),
        (1, "Staatsabteilung", "deprecated"),
    ]


# -- held-out terminologist workflows (tests/data/glossary_exchange_cases.json) ---------
EXCHANGE_CASES = json.loads((DATA / "glossary_exchange_cases.json").read_text(encoding="utf-8"))
MINI = DATA / "glossary_exchange_mini"


def _snapshot(directory: Path) -> dict[str, bytes]:
    if not directory.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _term_rows(directory: Path) -> list[tuple[object, ...]]:
    return sorted(
        (c.domain, t.concept_id, t.lang, t.status, t.text, t.gender, t.decl, t.flags, t.note,
         t.source)
        for c in load_directory(directory) for t in c.terms
    )  # fmt: skip


def _preferred_pairs(directory: Path) -> set[tuple[str | None, str | None]]:
    return {(c.preferred("de"), c.preferred("en")) for c in load_directory(directory)}


def _excel_copy(source: Path, target: Path) -> None:
    """What a German spreadsheet writes when it saves a CSV: BOM, `;`, CRLF."""
    rows = list(csv.reader(source.read_text(encoding="utf-8").splitlines()))
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)


def _pipe_head_failures(argv: list[str]) -> list[str]:
    """Run the command with its output piped into a reader that stops after one line."""
    command = [sys.executable, "-c", "from normalize.cli import main; raise SystemExit(main())",
               *argv]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", "replace")
    process.wait(timeout=120)
    return [f"closed pipe: {err.strip()[-300:]}"] if "Traceback" in err else []


def exchange_case_failures(
    case: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """Run one workflow case; return what went wrong (empty = passed)."""
    places = {"{dir}": tmp_path / "terms", "{empty}": tmp_path / "empty", "{tmp}": tmp_path}
    if case["setup"] in ("mini", "shipped"):
        shutil.copytree(MINI if case["setup"] == "mini" else DATA_DIR, places["{dir}"])
    else:
        places["{dir}"].mkdir()
    places["{empty}"].mkdir()

    def expand(text: str) -> str:
        for key, value in places.items():
            text = text.replace(key, str(value))
        return text

    for name, content in dict(case.get("files", {})).items():  # type: ignore[call-overload]
        path = Path(expand(name))
        if isinstance(content, dict):
            ((encoding, text),) = content.items()
            path.write_bytes(text.encode(encoding))
        else:
            path.write_bytes(content.encode("utf-8"))
    before = _snapshot(places["{dir}"])
    failures: list[str] = []
    for index, step in enumerate(case["steps"]):  # type: ignore[attr-defined]
        if index == 1 and "excel_copy" in case:
            _excel_copy(*(Path(expand(p)) for p in case["excel_copy"]))  # type: ignore[attr-defined]
        argv = [expand(arg) for arg in step["argv"]]
        if case.get("pipe_head"):
            failures += _pipe_head_failures(argv)
            continue
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = int(exit_.code or 0)
        captured = capsys.readouterr()
        out, err = captured.out, captured.err
        wanted = step.get("status_in", [step.get("status", 0)])
        if status not in wanted:
            failures.append(f"{argv[1]}: exit {status}, wanted {wanted}: {err.strip()[-300:]}")
        for text in step.get("stdout_has", []):
            if expand(text) not in out:
                failures.append(f"{argv[1]}: stdout lacks {expand(text)!r}")
        for text in step.get("stdout_lacks", []):
            if expand(text) in out:
                failures.append(f"{argv[1]}: stdout has {expand(text)!r}")
        for text in step.get("stderr_has", []):
            if expand(text) not in err:
                failures.append(f"{argv[1]}: stderr lacks {expand(text)!r}: {err.strip()[-300:]}")
        for text in step.get("output_has", []):
            if expand(text) not in out + err:
                failures.append(f"{argv[1]}: output lacks {expand(text)!r}")
        if "stdout_jsonl" in step:
            try:
                records = [json.loads(line) for line in out.splitlines()]
            except json.JSONDecodeError:
                records = []
            if len(records) != step["stdout_jsonl"]:
                failures.append(
                    f"{argv[1]}: {len(records)} JSON lines, wanted {step['stdout_jsonl']}"
                )
    after = _snapshot(places["{dir}"])
    if case.get("unchanged") and after != before:
        failures.append("the term base changed")
    if case.get("no_stray_files") and set(after) - set(before) - {f"{d}.tsv" for d in DOMAINS}:
        failures.append(f"stray files: {sorted(set(after) - set(before))}")
    for name in case.get("same_files", []):  # type: ignore[attr-defined]
        if after.get(name) != before.get(name):
            failures.append(f"{name} changed")
    for key, name in (("dir_has", True), ("dir_lacks", False)):
        for file_name, texts in dict(case.get(key, {})).items():  # type: ignore[call-overload]
            path = Path(expand(file_name))
            content = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
            for text in texts:
                if (text in content) != name:
                    failures.append(f"{path.name} {'lacks' if name else 'has'} {text!r}")
    if case.get("lint_clean") or case.get("lint_no_errors"):
        issues = [str(i) for i in lint_directory(places["{dir}"])
                  if case.get("lint_clean") or i.level == "error"]  # fmt: skip
        if issues:
            failures.append(f"lint: {issues[:3]}")
    try:
        if "same_terms" in case:
            first, second = (Path(expand(p)) for p in case["same_terms"])  # type: ignore[attr-defined]
            a, b = _term_rows(first), _term_rows(second)
            if a != b:
                failures.append(f"round trip differs: {sorted(set(a) ^ set(b))[:4]}")
        if "same_preferred" in case:
            first, second = (Path(expand(p)) for p in case["same_preferred"])  # type: ignore[attr-defined]
            if _preferred_pairs(first) != _preferred_pairs(second):
                failures.append(
                    f"preferred pairs differ: {_preferred_pairs(first) ^ _preferred_pairs(second)}"
                )
    except GlossaryFormatError as error:
        failures.append(f"cannot load: {error}")
    if "csv_file" in case:
        path = Path(expand(str(case["csv_file"])))
        rows = (
            list(csv.reader(path.read_text(encoding="utf-8").splitlines())) if path.exists() else []
        )
        for row in case.get("csv_rows_have", []):  # type: ignore[attr-defined]
            if row not in rows:
                failures.append(f"CSV lacks row {row}")
        for first_cell in case.get("csv_rows_lack_first", []):  # type: ignore[attr-defined]
            if any(r and r[0] == first_cell for r in rows):
                failures.append(f"CSV has a row for {first_cell!r}")
    return failures


@pytest.mark.parametrize(
    "case", EXCHANGE_CASES["cases"], ids=[c["name"] for c in EXCHANGE_CASES["cases"]]
)
def test_terminologist_workflow(
    case: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exchange_case_failures(case, tmp_path, capsys) == []


def test_excel_export_round_trips(term_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table, empty = term_dir.parent / "terms.csv", term_dir.parent / "copy"
    empty.mkdir()
    argv = ["glossary", "export", "--glossary", str(MINI), "--format", "csv", "--flavour",
            "terms", "--excel", "-o", str(table)]  # fmt: skip
    assert run(argv, capsys)[0] == 0
    data = table.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid;lang;status;term;") and b"\r\n" in data
    assert run(["glossary", "import", str(table), "--glossary", str(empty)], capsys)[0] == 0
    assert _term_rows(empty) == _term_rows(MINI)


def test_lint_names_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "mineral.tsv").write_text("\ufeffid\tlang\n", encoding="utf-8")
    (issue,) = lint_directory(tmp_path)
    assert issue.where.endswith("mineral.tsv:1") and "byte order mark" in issue.message
