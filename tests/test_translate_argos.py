"""Our batched decoding against Argos Translate's own package translation, same model.

Argos's path runs in a subprocess (its settings read the environment at import and
it imports torch): `apply_packaged_translation` per sentence, with a sentencizer that
returns the sentence whole, i.e. everything of Argos except its sentence splitter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import TinyArgosModel
from tinymodel import training_lines

from normalize.translate import ArgosTranslator, DecodingOptions

ARGOS_REFERENCE = """
import json, sys
import ctranslate2
from argostranslate import package, settings, translate

class WholeSentence:
    def split_sentences(self, text):
        return [text]

pkg = package.Package(sys.argv[1])
translator = ctranslate2.Translator(
    str(pkg.package_path / "model"), device=settings.device,
    inter_threads=settings.inter_threads, intra_threads=settings.intra_threads,
    compute_type=settings.compute_type,
)
sentences = json.load(sys.stdin)
outputs = [
    translate.apply_packaged_translation(pkg, s, translator, WholeSentence(), 1)[0].value
    for s in sentences
]
json.dump(outputs, sys.stdout)
"""


def _sentences() -> list[str]:
    lines = training_lines(count=80, seed=99)
    return [" ".join(line.split()[: 3 + i % 14]) for i, line in enumerate(lines)]


@pytest.fixture(scope="module")
def argos_outputs(tiny_argos_model: TinyArgosModel) -> list[str]:
    pytest.importorskip("argostranslate", reason="comparison with Argos needs argostranslate")
    result = subprocess.run(
        [sys.executable, "-c", ARGOS_REFERENCE, str(tiny_argos_model.package_dir)],
        input=json.dumps(_sentences()),
        capture_output=True,
        text=True,
        env=tiny_argos_model.env,
        check=True,
        timeout=300,
    )
    return list(json.loads(result.stdout))


def test_exact_mode_is_identical_to_argos(
    tiny_argos_model: TinyArgosModel, argos_outputs: list[str]
) -> None:
    translator = ArgosTranslator(tiny_argos_model.package_dir, DecodingOptions(exact=True))
    assert translator.translate_sentences(_sentences()) == argos_outputs


def test_batched_mode_mostly_agrees_with_argos(
    tiny_argos_model: TinyArgosModel, argos_outputs: list[str]
) -> None:
    translator = ArgosTranslator(tiny_argos_model.package_dir, DecodingOptions())
    ours = translator.translate_sentences(_sentences())
    same = sum(a == b for a, b in zip(ours, argos_outputs, strict=True))
    print(f"batched vs Argos: {same}/{len(ours)} identical")
    # int8 with padding may flip near-ties; most outputs must still be identical.
    assert same >= 0.8 * len(ours)
