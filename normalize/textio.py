"""Reading inputs and writing outputs safely: decoding with clear errors, atomic writes.

Every command reads files (or standard input) through `read_inputs` and writes
through `atomic_write_text` or `OutputSink`, so bad input yields a clear message
instead of a traceback, and an output file is either complete or untouched.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

STDIN_NAME = "<stdin>"
# How much of a file to look at for NUL bytes when deciding it is binary.
_BINARY_SNIFF_BYTES = 8192


class UserError(Exception):
    """A problem the user can fix (bad input, bad option); printed without a traceback."""


@dataclass(frozen=True)
class InputText:
    """One decoded input: its display name, path (None for stdin) and text."""

    name: str
    path: Path | None
    text: str


def decode_bytes(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode `data`, refusing binary data and naming the first undecodable byte.

    >>> decode_bytes("Größe".encode(), "x.txt")
    'Größe'
    >>> decode_bytes(b"ok\\n\\xff", "x.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    normalize.textio.UserError: x.txt: line 2, byte 3: not valid utf-8 (0xff); if the file ...
    """
    wide = encoding.lower().replace("_", "-").startswith(("utf-16", "utf16", "utf-32", "utf32"))
    if b"\x00" in data[:_BINARY_SNIFF_BYTES] and not wide:
        raise UserError(
            f"{name}: looks like a binary file (it contains NUL bytes); mtnorm reads text"
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise UserError(
            f"{name}: line {line}, byte {error.start}: not valid {encoding} (0x{bad}); "
            "if the file is in a legacy encoding, pass --encoding (e.g. --encoding cp1252)"
        ) from None
    except LookupError:
        raise UserError(f"unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is file framing, not text
    return text


def read_inputs(paths: Sequence[str], encoding: str = "utf-8") -> Iterator[InputText]:
    """Yield each named file (or standard input for no paths or "-") decoded."""
    if not paths:
        paths = ["-"]
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            yield InputText(STDIN_NAME, None, decode_bytes(data, STDIN_NAME, encoding))
            continue
        path = Path(raw)
        if path.is_dir():
            raise UserError(f"{raw}: is a directory; pass the files in it")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UserError(f"{raw}: no such file") from None
        except PermissionError:
            raise UserError(f"{raw}: permission denied") from None
        except OSError as error:
            raise UserError(f"{raw}: cannot read ({error.strerror})") from None
        yield InputText(raw, path, decode_bytes(data, raw, encoding))


def split_lines(text: str) -> list[str]:
    """Split on newline characters only, so other separators never add lines.

    A final newline does not start an extra line; "\\r" stays on its line.

    >>> split_lines("a\\r\\nb\\u2028c\\n")
    ['a\\r', 'b\\u2028c']
    >>> split_lines("")
    []
    """
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` as UTF-8 to `path` via a temporary file and a rename."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UserError(f"{target}: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise UserError(f"{target}: cannot write there ({error.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        os.replace(tmp_name, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise UserError(f"{target}: cannot write ({error.strerror})") from None
        raise


def check_not_an_input(output: str | None, inputs: Sequence[str]) -> None:
    """Refuse to write over one of the inputs (use --in-place for that)."""
    if not output or output == "-":
        return
    out = Path(output).resolve()
    for raw in inputs:
        if raw != "-" and Path(raw).resolve() == out:
            raise UserError(
                f"refusing to overwrite the input {raw} with -o; write elsewhere or use --in-place"
            )


def _stdout_as_utf8() -> None:
    """Make standard output encode UTF-8 (keeping its newline handling)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if encoding not in ("utf-8", "utf8") and reconfigure is not None:
        reconfigure(encoding="utf-8")


class OutputSink:
    """Collects output for a file (written atomically on success) or streams to stdout.

    Standard output always gets UTF-8, whatever the locale says (a C or ASCII locale
    would otherwise turn the first non-ASCII character into a crash).
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else path
        self._buffer: IO[str] = io.StringIO() if self.path else sys.stdout
        if not self.path:
            _stdout_as_utf8()
        self._last = ""  # the last character written, for `end_line`

    def write(self, text: str) -> None:
        if text:
            self._last = text[-1]
        self._buffer.write(text)

    def end_line(self) -> None:
        """Start a new line unless the output is empty or already ends with one."""
        if self._last and self._last != "\n":
            self.write("\n")

    def close(self) -> None:
        if self.path:
            assert isinstance(self._buffer, io.StringIO)
            atomic_write_text(self.path, self._buffer.getvalue())
        else:
            self._buffer.flush()

    def __enter__(self) -> OutputSink:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
