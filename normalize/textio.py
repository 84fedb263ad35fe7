"""Reading inputs and writing outputs safely: decoding with clear errors, atomic writes.

Every command reads files (or standard input) through `read_inputs` and writes
through `atomic_write_text` or `OutputSink`, so bad input yields a clear message
instead of a traceback, and an output file is either complete or untouched.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
import time
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
    """One decoded input: its display name, path (None for stdin) and text.

    `encoding` and `bom` say how the file was framed, so `--in-place` can write it
    back the same way.
    """

    name: str
    path: Path | None
    text: str
    encoding: str = "utf-8"
    bom: bool = False


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


def has_bom(data: bytes, encoding: str) -> bool:
    """Whether `decode_bytes` dropped a byte-order mark that the codec itself keeps.

    (UTF-16 and UTF-32 codecs read and write their own mark; UTF-8 does not.)

    >>> has_bom("\ufeffx".encode(), "utf-8"), has_bom(b"x", "utf-8")
    (True, False)
    """
    try:
        return data[:4].decode(encoding, errors="ignore").startswith("\ufeff")
    except LookupError:
        return False


def encode_text(text: str, name: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    """`text` as bytes in `encoding` (with a byte-order mark if `bom`), or a clear error.

    >>> encode_text("Größe", "x.txt", "latin-1")
    b'Gr\\xf6\\xdfe'
    >>> encode_text("5 €\\n„ok“", "x.txt", "latin-1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    normalize.textio.UserError: x.txt: line 1: the result has '€', which latin-1 cannot ...
    """
    try:
        return (("\ufeff" + text) if bom else text).encode(encoding)
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, max(error.start - bom, 0)) + 1
        raise UserError(
            f"{name}: line {line}: the result has {error.object[error.start]!r}, which "
            f"{encoding} cannot encode; nothing written (write UTF-8 with -o instead)"
        ) from None
    except LookupError:
        raise UserError(f"unknown encoding {encoding!r}") from None


def read_inputs(paths: Sequence[str], encoding: str = "utf-8") -> Iterator[InputText]:
    """Yield each named file (or standard input for no paths or "-") decoded."""
    if not paths:
        paths = ["-"]
    for raw in paths:
        if raw == "-":
            if sys.stdin is None:  # started with standard input closed (`<&-`)
                raise UserError("standard input is closed; name the input files")
            if sys.stdin.isatty():
                # A bare `mtnorm clean` in a terminal would otherwise just seem to hang.
                print("mtnorm: reading standard input (end with Ctrl-D)", file=sys.stderr)
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
        text = decode_bytes(data, raw, encoding)
        yield InputText(raw, path, text, encoding, has_bom(data, encoding))


def line_separator(text: str) -> str:
    """What ends a line in `text`: "\\n", or "\\r" in a text with CR line ends only.

    Files from old Mac software and some exports end lines with a lone CR; read as
    one line, their line structure would be lost.

    >>> line_separator("a\\r\\nb"), line_separator("a\\rb\\r"), line_separator("a\\rb\\n")
    ('\\n', '\\r', '\\n')
    """
    return "\r" if "\r" in text and "\n" not in text else "\n"


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


def newline_ends(text: str) -> str:
    """`text` with the CRs of a CR-only file (see `line_separator`) made newlines; one
    character for one, so offsets stay valid.

    >>> newline_ends("eins\\rzwei\\r"), newline_ends("a\\rb\\n")
    ('eins\\nzwei\\n', 'a\\rb\\n')
    """
    return text.replace("\r", "\n") if line_separator(text) == "\r" else text


def split_document_lines(text: str) -> list[str]:
    """The lines of a whole input file: `split_lines`, except that a file with CR
    line ends only (see `line_separator`) is split on its CRs.

    >>> split_document_lines("eins\\rzwei\\r"), split_document_lines("a\\rb\\n")
    (['eins', 'zwei'], ['a\\rb'])
    """
    return split_lines(newline_ends(text))


def new_file_mode() -> int:
    """The mode a newly created file gets: 0o666 less the umask (mkstemp's is 0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename: complete or untouched.

    A symbolic link is followed (the file it points to is rewritten; the link stays).
    A target that is not a regular file (/dev/null, a FIFO) or names an open
    descriptor (/dev/stdout, even when it is redirected to a file) is written to
    directly: a rename would replace it. A new file gets the usual mode
    (0o666 less the umask); an existing file keeps its mode.
    """
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        regular = True  # not there yet (or unreachable: the rename below says why)
    if not regular or _is_descriptor_path(path):
        _write_directly(path, data)
        return
    target = Path(os.path.realpath(path))
    directory = target.parent
    if not directory.is_dir():
        raise UserError(f"{path}: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise UserError(f"{path}: cannot write there ({error.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o7777 if target.exists() else new_file_mode()
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise UserError(f"{path}: cannot write ({error.strerror})") from None
        raise


def _is_descriptor_path(path: str | os.PathLike[str]) -> bool:
    """/dev/stdout, /dev/fd/N, /proc/self/fd/N: names of an open descriptor, never replaced.

    >>> _is_descriptor_path("/dev/stdout"), _is_descriptor_path("out/dev/stdout")
    (True, False)
    """
    return str(path).startswith(("/dev/", "/proc/"))


def _write_directly(path: str | os.PathLike[str], data: bytes) -> None:
    """Write to an existing device, FIFO or descriptor name without creating or truncating.

    Appending keeps what a shell redirection already wrote before us:
    `{ echo header; mtnorm clean a.txt -o /dev/stdout; } > out.txt` keeps the header.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        raise UserError(f"{path}: cannot write (no such file or device)") from None
    except OSError as error:
        raise UserError(f"{path}: cannot write ({error.strerror})") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UserError(f"{path}: cannot write ({error.strerror})") from None
    finally:
        os.close(fd)


def atomic_write_text(
    path: str | os.PathLike[str], text: str, encoding: str = "utf-8", bom: bool = False
) -> None:
    """Write `text` (UTF-8 unless told) to `path` atomically (see `atomic_write_bytes`).

    The text is encoded before anything is written, so a character the encoding
    cannot hold leaves the file untouched.
    """
    atomic_write_bytes(path, encode_text(text, str(path), encoding, bom))


def check_not_an_input(output: str | os.PathLike[str] | None, inputs: Sequence[str]) -> None:
    """Check an -o target before any work: not one of the inputs (use --in-place for
    that), not a directory, in a directory that exists."""
    if not output or str(output) == "-":
        return
    out = Path(output).resolve()
    for raw in inputs:
        if raw != "-" and Path(raw).resolve() == out:
            raise UserError(
                f"refusing to overwrite the input {raw} with -o; write elsewhere or use --in-place"
            )
    if out.is_dir():
        raise UserError(f"{output}: is a directory; name a file")
    if not out.parent.is_dir():
        raise UserError(f"{output}: directory {out.parent} does not exist")


def _stdout_as_utf8() -> None:
    """Make standard output encode UTF-8 (keeping its newline handling)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if encoding not in ("utf-8", "utf8") and reconfigure is not None:
        reconfigure(encoding="utf-8")


def _write_all(stream: IO[str], raw: io.RawIOBase, text: str) -> None:
    """Write `text` to an unbuffered standard output (python -u, PYTHONUNBUFFERED).

    There a text write goes straight to the file descriptor, and when the reader
    goes away halfway a short write is silently taken as done; writing the rest
    ourselves turns that into the BrokenPipeError the command line reports.
    """
    stream.flush()
    view = memoryview(text.encode(getattr(stream, "encoding", None) or "utf-8"))
    while view:
        written = raw.write(view)
        if written is None:  # a non-blocking descriptor that is full: try again
            time.sleep(0.01)
            continue
        view = view[written:]


class OutputSink:
    """Collects output for a file (written atomically on success) or streams to stdout.

    Standard output always gets UTF-8, whatever the locale says (a C or ASCII locale
    would otherwise turn the first non-ASCII character into a crash).
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else path
        if not self.path and sys.stdout is None:  # started with standard output closed
            raise UserError("standard output is closed; write to a file with -o FILE")
        self._buffer: IO[str] = io.StringIO() if self.path else sys.stdout
        if not self.path:
            _stdout_as_utf8()
        self._last = ""  # the last character written, for `end_line`

    def write(self, text: str) -> None:
        if text:
            self._last = text[-1]
        raw = None if self.path else getattr(self._buffer, "buffer", None)
        if isinstance(raw, io.RawIOBase):
            _write_all(self._buffer, raw, text)
        else:
            self._buffer.write(text)

    def end_line(self) -> None:
        """Start a new line unless the output is empty or already ends a line (LF or CR)."""
        if self._last and self._last not in "\r\n":
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
