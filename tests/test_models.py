"""`mtnorm models` on a private Argos packages folder: install a file, list, remove, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TinyArgosModel, argos_env

pytest.importorskip("argostranslate", reason="model management goes through argostranslate")


def mtnorm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normalize", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_install_list_remove_round_trip(tiny_argos_model: TinyArgosModel, tmp_path: Path) -> None:
    env = argos_env(tmp_path)
    assert mtnorm(env, "models", "list").stdout == ""

    installed = mtnorm(env, "models", "install", str(tiny_argos_model.archive))
    assert installed.returncode == 0, installed.stderr
    assert "installed translate-de_en" in installed.stderr

    listed = mtnorm(env, "models", "list", "--json")
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["name"], r["from"], r["to"]) for r in records] == [("translate-de_en", "de", "en")]
    package_dir = Path(records[0]["path"])
    assert package_dir.parent == Path(env["ARGOS_PACKAGES_DIR"])
    assert (package_dir / "model" / "model.bin").is_file()

    # Argos itself sees the package we installed.
    seen = subprocess.run(
        [
            sys.executable,
            "-c",
            "from argostranslate import package; "
            "print([p.from_code + p.to_code for p in package.get_installed_packages()])",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert seen.stdout.strip() == "['deen']"

    removed = mtnorm(env, "models", "remove", "de-en")
    assert removed.returncode == 0, removed.stderr
    assert not package_dir.exists()
    assert mtnorm(env, "models", "list").stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["models", "install", "missing.argosmodel"], "no such file"),
        (["models", "install", "translate-de_en"], "cannot reach the Argos package index"),
        (["models", "remove", "translate-xx_yy"], "no installed model named"),
    ],
)
def test_model_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = mtnorm(argos_env(tmp_path), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_file_that_is_not_a_package_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_text("not a zip", "utf-8")
    result = mtnorm(argos_env(tmp_path), "models", "install", str(bogus))
    assert result.returncode == 2 and "not an Argos model" in result.stderr
    assert not any((tmp_path / "packages").iterdir())
