"""Build a small but genuine Argos Translate package (`.argosmodel`) with random weights.

The package has exactly the layout Argos installs: a zip with one top-level folder
holding `metadata.json`, `model/` (a CTranslate2 Transformer written from its specs)
and `sentencepiece.model` (trained here on a few hundred generated lines). It has no
`stanza/` folder, like packages that rely on Argos's default sentence splitter.

Random weights translate nothing, but they exercise the real path end to end:
tokenisation, CTranslate2 beam search, decoding, placeholders the model drops or
mangles. `eos_position` makes outputs end near a chosen length: the decoder's
position encodings carry the position as an angle in four spare dimensions and
the end-of-sentence logit is a cosine of that angle, peaking at `eos_position`.
Without it a random model stops after one token or runs to the length limit.

The benchmark builds an Argos-size model with the same function (6+6 layers,
d_model 512, 32k vocabulary, int8).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Words for the generated SentencePiece training corpus: news vocabulary of both
# languages, so pieces cover what the tests translate.
_GERMAN_TEXT = (
    "Die Regierung hat am Montag neue Zölle auf Lithium Kobalt und Seltene Erden "
    "angekündigt . Das Unternehmen meldete einen Umsatz von Millionen Euro . Der Preis "
    "stieg um Prozent im Jahr . Die Behörde prüft die Lieferketten für kritische "
    "Mineralien in Europa Afrika und Asien . Nach Angaben des Ministeriums wurden "
    "Milliarden Dollar bereitgestellt . Exekutivanordnung Handelspolitik Bergbau "
    "Rohstoffe Versorgungssicherheit Förderung Anlage Gallium Scandium Kupfer"
)
_ENGLISH_TEXT = (
    "The government announced new tariffs on lithium cobalt and rare earths on Monday . "
    "The company reported revenue of million euros . The price rose by percent in the "
    "year . The agency is reviewing supply chains for critical minerals in Europe Africa "
    "and Asia . According to the ministry billion dollars were provided . executive order "
    "trade policy mining raw materials security of supply production plant copper"
)
_EXTRA_TEXT = "0 1 2 3 4 5 6 7 8 9 , . % : / - € $ „ “ ( ) ä ö ü ß Ä Ö Ü é https www de com"
_GERMAN_WORDS = _GERMAN_TEXT.split()
_ENGLISH_WORDS = _ENGLISH_TEXT.split()
_EXTRA = _EXTRA_TEXT.split()


@dataclass(frozen=True)
class ModelShape:
    """Sizes of the Transformer; the defaults make a model that builds in about a second."""

    layers: int = 2
    heads: int = 2
    d_model: int = 64
    ffn: int = 128
    #: Size of the CTranslate2 vocabulary; pieces beyond the SentencePiece model's are
    #: padding that the output bias keeps from being generated.
    vocab_size: int = 512
    sp_vocab_size: int = 400
    quantization: str = "int8"


def training_lines(count: int = 400, seed: int = 7) -> list[str]:
    """Generated German and English lines with numbers, for training SentencePiece."""
    rng = random.Random(seed)
    lines = []
    for index in range(count):
        words = _GERMAN_WORDS if index % 2 else _ENGLISH_WORDS
        line = [rng.choice(words) for _ in range(rng.randint(6, 18))]
        line.insert(rng.randrange(len(line)), str(rng.randint(0, 99999)))
        line.insert(rng.randrange(len(line)), rng.choice(_EXTRA))
        lines.append(" ".join(line))
    return lines


def train_sentencepiece(
    lines: list[str], model_prefix: Path, vocab_size: int, seed: int = 7
) -> Path:
    """Train a SentencePiece model on `lines`; returns the `.model` path."""
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(model_prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        byte_fallback=True,  # every character has a piece: no <unk> in tests
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model_prefix.with_suffix(".model")


def _vocabulary(sp_model: Path, size: int) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    special = ["<blank>", "<unk>", "<s>", "</s>"]
    pieces = [
        processor.id_to_piece(i)
        for i in range(processor.get_piece_size())
        if processor.id_to_piece(i) not in ("<unk>", "<s>", "</s>")
    ]
    vocabulary = special + pieces
    vocabulary += [f"<pad{i}>" for i in range(max(0, size - len(vocabulary)))]
    return vocabulary


def _sinusoids(positions: int, depth: int) -> np.ndarray:
    """The standard Transformer position encodings (sin half, cos half)."""
    half = depth // 2
    scale = np.log(10000.0) / max(half - 1, 1)
    inv = np.exp(np.arange(half) * -scale)
    angles = np.arange(positions)[:, None] * inv[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)


def build_transformer(
    output_dir: Path,
    vocabulary: list[str],
    shape: ModelShape,
    seed: int = 0,
    eos_position: int | None = None,
) -> None:
    """Write a CTranslate2 Transformer with random weights for `vocabulary` to `output_dir`."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, ff, vocab = shape.d_model, shape.ffn, len(vocabulary)

    def normal(*dims: int, std: float = 0.1) -> np.ndarray:
        return (rng.standard_normal(dims) * std).astype(np.float32)

    def set_norm(norm: object) -> None:
        norm.gamma = np.ones(d, np.float32)  # type: ignore[attr-defined]
        norm.beta = np.zeros(d, np.float32)  # type: ignore[attr-defined]

    def set_linear(linear: object, rows: int, cols: int, std: float) -> None:
        linear.weight = normal(rows, cols, std=std)  # type: ignore[attr-defined]
        linear.bias = np.zeros(rows, np.float32)  # type: ignore[attr-defined]

    spec = transformer_spec.TransformerSpec.from_config(shape.layers, shape.heads)
    # Scale layer weights so the residual stream stays dominated by the embeddings:
    # outputs then depend on the source through cross-attention without exploding.
    layer_std = 0.5 / np.sqrt(d)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = normal(vocab, d, std=1.0 / np.sqrt(d))
    set_norm(encoder.layer_norm)
    for layer in encoder.layer:
        set_norm(layer.self_attention.layer_norm)
        set_linear(layer.self_attention.linear[0], 3 * d, d, layer_std)
        set_linear(layer.self_attention.linear[1], d, d, layer_std)
        set_norm(layer.ffn.layer_norm)
        set_linear(layer.ffn.linear_0, ff, d, layer_std)
        set_linear(layer.ffn.linear_1, d, ff, layer_std)
    decoder.embeddings.weight = normal(vocab, d, std=1.0 / np.sqrt(d))
    set_norm(decoder.layer_norm)
    for layer in decoder.layer:
        set_norm(layer.self_attention.layer_norm)
        set_linear(layer.self_attention.linear[0], 3 * d, d, layer_std)
        set_linear(layer.self_attention.linear[1], d, d, layer_std)
        set_norm(layer.attention.layer_norm)
        set_linear(layer.attention.linear[0], d, d, layer_std)
        set_linear(layer.attention.linear[1], 2 * d, d, layer_std)
        set_linear(layer.attention.linear[2], d, d, layer_std)
        set_norm(layer.ffn.layer_norm)
        set_linear(layer.ffn.linear_0, ff, d, layer_std)
        set_linear(layer.ffn.linear_1, d, ff, layer_std)

    projection = normal(vocab, d, std=3.0 / np.sqrt(d))
    bias = np.zeros(vocab, np.float32)
    # Byte pieces decode to broken characters; keep them rarer than word pieces.
    bias[[i for i, token in enumerate(vocabulary) if token.startswith("<0x")]] = -3.0
    bias[[0, 1, 2]] = -1e4  # never generate <blank>, <unk> or <s>
    padding = [i for i, token in enumerate(vocabulary) if token.startswith("<pad")]
    bias[padding] = -1e4
    eos = 3
    if eos_position is None:
        bias[eos] = -1e4  # no EOS: outputs run to max_decoding_length
    else:
        # Four spare dimensions hold R·(cos θt, sin θt, −cos θt, −sin θt) (zero mean, so
        # layer norm keeps the angle); the EOS row reads cos(θ(t − eos_position)).
        positions = 1024
        encodings = _sinusoids(positions, d) * 0.1
        theta = np.pi / (2.0 * eos_position)
        radius = 6.0
        t = np.arange(positions)
        spare = [d - 4, d - 3, d - 2, d - 1]
        angle = np.minimum(theta * t, np.pi / 2)  # from eos_position on, EOS stays likely
        encodings[:, spare[0]] = radius * np.cos(angle)
        encodings[:, spare[1]] = radius * np.sin(angle)
        encodings[:, spare[2]] = -radius * np.cos(angle)
        encodings[:, spare[3]] = -radius * np.sin(angle)
        decoder.position_encodings.encodings = encodings
        # Nothing else writes to the spare dimensions, so they carry the position alone.
        decoder.embeddings.weight[:, spare] = 0.0
        for layer in decoder.layer:
            layer.self_attention.linear[1].weight[spare, :] = 0.0
            layer.attention.linear[2].weight[spare, :] = 0.0
            layer.ffn.linear_1.weight[spare, :] = 0.0
        projection[:, spare] = 0.0
        target = np.pi / 2  # angle at t == eos_position
        strength = 20.0
        projection[eos, :] = 0.0
        projection[eos, spare[0]] = strength * np.cos(target) / 2
        projection[eos, spare[1]] = strength * np.sin(target) / 2
        projection[eos, spare[2]] = -strength * np.cos(target) / 2
        projection[eos, spare[3]] = -strength * np.sin(target) / 2
        bias[eos] = -strength * 2.8  # EOS wins only close to eos_position
    decoder.projection.weight = projection
    decoder.projection.bias = bias

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=shape.quantization)
    spec.save(str(output_dir))


def build_copy_transformer(output_dir: Path, vocabulary: list[str], seed: int = 0) -> None:
    """Write a Transformer that copies its input, built by hand rather than trained.

    Half of d_model holds random token embeddings, the other half one-hot positions
    (identical in encoder and decoder, up to 64 tokens). All layers but the
    decoder's cross-attention are zero, so the residual stream carries its input
    through. Cross-attention queries and keys read the position half, so decoder
    step t attends to source position t; its values read the token half and the
    output projection (the embedding matrix) turns that back into the same token.
    Past the end of the source no key matches, attention spreads out, every token
    logit stays low and the fixed EOS bias wins. Decoded greedily (beam 1) it copies
    sentences of about 8 to 64 pieces; very short ones (few, repeated pieces) may run
    on past their end. Beam search ends early on it: CTranslate2 stops once beam_size
    hypotheses have finished, and on such peaked distributions EOS hypotheses finish
    at once.
    """
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    half, vocab, positions = 64, len(vocabulary), 1024
    d = 2 * half
    spec = transformer_spec.TransformerSpec.from_config(1, 1)
    tokens = np.zeros((vocab, d), np.float32)
    tokens[:, :half] = rng.standard_normal((vocab, half))
    # Unit rows: every token's matched logit is the same, so none falls below EOS.
    tokens[:, :half] /= np.linalg.norm(tokens[:, :half], axis=1, keepdims=True)
    encodings = np.zeros((positions, d), np.float32)
    encodings[np.arange(half), half + np.arange(half)] = 10.0

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(d, np.float32)  # type: ignore[attr-defined]
        layer_norm.beta = np.zeros(d, np.float32)  # type: ignore[attr-defined]

    def linear(layer: object, weight: np.ndarray) -> None:
        layer.weight = weight.astype(np.float32)  # type: ignore[attr-defined]
        layer.bias = np.zeros(weight.shape[0], np.float32)  # type: ignore[attr-defined]

    def zeros(rows: int, cols: int) -> np.ndarray:
        return np.zeros((rows, cols), np.float32)

    def block(rows: slice, cols: slice, scale: float, shape: tuple[int, int]) -> np.ndarray:
        matrix = np.zeros(shape, np.float32)
        size = rows.stop - rows.start
        matrix[rows, cols] = scale * np.eye(size, dtype=np.float32)
        return matrix

    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = tokens
    encoder.position_encodings.encodings = encodings
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], zeros(3 * d, d))
        linear(layer.self_attention.linear[1], zeros(d, d))
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, zeros(16, d))
        linear(layer.ffn.linear_1, zeros(d, 16))
    decoder.embeddings.weight = zeros(vocab, d)
    decoder.position_encodings.encodings = encodings
    norm(decoder.layer_norm)
    token_part, position_part = slice(0, half), slice(half, d)
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], zeros(3 * d, d))
        linear(layer.self_attention.linear[1], zeros(d, d))
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], block(position_part, position_part, 5.0, (d, d)))
        keys_values = np.concatenate(
            [
                block(position_part, position_part, 1.0, (d, d)),
                block(token_part, token_part, 1.0, (d, d)),
            ]
        )
        linear(layer.attention.linear[1], keys_values)
        linear(layer.attention.linear[2], block(token_part, token_part, 1.0, (d, d)))
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, zeros(16, d))
        linear(layer.ffn.linear_1, zeros(d, 16))
    projection = np.zeros((vocab, d), np.float32)
    projection[:, :half] = 15.0 * tokens[:, :half]
    bias = np.zeros(vocab, np.float32)
    bias[[0, 1, 2]] = -1e4
    bias[[i for i, token in enumerate(vocabulary) if token.startswith("<pad")]] = -1e4
    bias[3] = 25.0  # below a matched token's logit, above any when nothing matches
    decoder.projection.weight = projection
    decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization="float32")
    spec.save(str(output_dir))


def build_argos_package(
    directory: Path,
    from_code: str = "de",
    to_code: str = "en",
    shape: ModelShape | None = None,
    lines: list[str] | None = None,
    seed: int = 0,
    eos_position: int | None = 12,
    copy: bool = False,
) -> Path:
    """Build `translate-FROM_TO.argosmodel` in `directory` and return its path."""
    shape = shape or ModelShape()
    names = {"de": "German", "en": "English"}
    folder_name = f"translate-{from_code}_{to_code}-tiny"
    work = directory / f"build-{from_code}-{to_code}"
    package_dir = work / folder_name
    (package_dir / "model").mkdir(parents=True, exist_ok=True)
    sp_model = train_sentencepiece(
        lines or training_lines(), work / "sentencepiece", shape.sp_vocab_size
    )
    (package_dir / "sentencepiece.model").write_bytes(sp_model.read_bytes())
    vocabulary = _vocabulary(sp_model, shape.vocab_size)
    if copy:
        build_copy_transformer(package_dir / "model", vocabulary, seed)
    else:
        build_transformer(package_dir / "model", vocabulary, shape, seed, eos_position)
    metadata = {
        "package_version": "0.1",
        "argos_version": "1.11",
        "from_code": from_code,
        "from_name": names.get(from_code, from_code),
        "to_code": to_code,
        "to_name": names.get(to_code, to_code),
        "type": "translate",
        "description": "tiny random-weight test model built by mtnorm's tests",
    }
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), "utf-8")
    (package_dir / "README.md").write_text("Random weights: for tests only.\n", "utf-8")
    archive = directory / f"translate-{from_code}_{to_code}.argosmodel"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(package_dir.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(work).as_posix())
    archive.write_bytes(buffer.getvalue())
    return archive
