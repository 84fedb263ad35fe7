"""Shared fixtures.

`tiny_argos_model` (session scope) builds a small genuine `.argosmodel` once
(`tests/tinymodel.py`: random-weight CTranslate2 Transformer + SentencePiece model,
about 3 s) and installs it, de→en, into a temporary Argos packages folder. It
returns a `TinyArgosModel`:

- `archive`: the `.argosmodel` file (for `mtnorm models install FILE` tests);
- `packages_dir`: the temporary packages folder holding the installed package;
- `package_dir`: the installed package folder; pass it as `model=` to
  `normalize.translate(...)` or `ArgosTranslator(...)` to translate in-process
  without touching Argos's settings;
- `env`: environment for subprocesses (`mtnorm translate ...`) in which Argos finds
  exactly this package (`ARGOS_PACKAGES_DIR` and XDG folders in the temp dir);
- `translator()`: a cached `normalize.translate.ArgosTranslator` for the package.

`copy_argos_model` is the same kind of package whose hand-built weights copy the
input (de→en), so placeholders come back intact: it tests the successful path of
protection, where the random model tests recovery. Its `translator()` decodes
greedily (beam 1), the only way that model copies long sentences reliably.

Tests that use them are skipped when ctranslate2 or sentencepiece is missing.
"""

from __future__ import annotations

import os
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@dataclass
class TinyArgosModel:
    archive: Path
    packages_dir: Path
    package_dir: Path
    env: dict[str, str]
    _translator: Any = field(default=None, repr=False)

    #: Beam size of `translator()`: the copy model is decoded greedily (see tinymodel).
    beam_size: int = 4

    def translator(self) -> Any:
        if self._translator is None:
            from normalize.translate import ArgosTranslator, DecodingOptions

            options = DecodingOptions(beam_size=self.beam_size)
            self._translator = ArgosTranslator(self.package_dir, options)
        return self._translator


def argos_env(root: Path) -> dict[str, str]:
    """An environment whose Argos settings all point into `root` (nothing global)."""
    env = dict(os.environ)
    env.update(
        ARGOS_PACKAGES_DIR=str(root / "packages"),
        XDG_DATA_HOME=str(root / "data"),
        XDG_CONFIG_HOME=str(root / "config"),
        XDG_CACHE_HOME=str(root / "cache"),
        ARGOS_DEVICE_TYPE="cpu",
        ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/",  # unreachable: tests never download
    )
    for key in ("packages", "data", "config", "cache"):
        (root / key).mkdir(parents=True, exist_ok=True)
    return env


def _installed(root: Path, copy: bool) -> TinyArgosModel:
    pytest.importorskip("ctranslate2", reason="the tiny Argos model needs ctranslate2")
    pytest.importorskip("sentencepiece", reason="the tiny Argos model needs sentencepiece")
    from tinymodel import build_argos_package

    archive = build_argos_package(root / "build", copy=copy)
    env = argos_env(root)
    packages_dir = Path(env["ARGOS_PACKAGES_DIR"])
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(packages_dir)  # what argostranslate.package.install_from_path does
    package_dir = next(path for path in packages_dir.iterdir() if path.is_dir())
    return TinyArgosModel(archive, packages_dir, package_dir, env, beam_size=1 if copy else 4)


@pytest.fixture(scope="session")
def tiny_argos_model(tmp_path_factory: pytest.TempPathFactory) -> TinyArgosModel:
    return _installed(tmp_path_factory.mktemp("argos"), copy=False)


@pytest.fixture(scope="session")
def copy_argos_model(tmp_path_factory: pytest.TempPathFactory) -> TinyArgosModel:
    return _installed(tmp_path_factory.mktemp("argos-copy"), copy=True)
