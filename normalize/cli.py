"""The `mtnorm` command line: one subcommand per job, each defined in its own module.

Each command module has `register(subparsers)`, which adds its parser and sets
`handler` to a function taking the parsed arguments and returning an exit status.
Errors the user can fix are printed as one line, without a traceback, with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .textio import UserError

#: Modules that define subcommands, in the order `mtnorm --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "normalize.cli_clean",
    "glossary.cli",
    "normalize.cli_detect",
    "normalize.cli_segment",
    "normalize.cli_translate",
    "normalize.cli_models",
    "normalize.cli_run",
)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, except that an "examples:" epilog is printed as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("examples:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mtnorm",
        description="Clean machine-translated news text and turn it into parallel "
        "German/English text.",
    )
    parser.add_argument("--version", action="version", version=f"mtnorm {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # a command not built yet in this checkout
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is documented in README ("Exit status")."""
    try:
        parser = build_parser()
        args, extras = parser.parse_known_args(argv)
        if extras:
            _innermost_parser(parser, sys.argv[1:] if argv is None else argv).error(
                f"unrecognized arguments: {' '.join(extras)}"
            )
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help(sys.stderr)
            return 2
        status = int(handler(args) or 0)
        # Flush here, not at interpreter exit, so a reader that went away is seen below.
        if sys.stdout is not None:
            sys.stdout.flush()
        return status
    except UserError as error:
        print(f"mtnorm: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mtnorm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_gone()
    except OSError as error:
        # Last resort for file-system errors a command did not turn into a UserError.
        where = f"{error.filename}: " if error.filename else ""
        print(f"mtnorm: error: {where}{error.strerror or error}", file=sys.stderr)
        return 1


def _innermost_parser(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> argparse.ArgumentParser:
    """The (sub)command parser `argv` reaches, so a usage error shows that command's usage.

    >>> _innermost_parser(build_parser(), ["glossary", "match", "--x"]).prog
    'mtnorm glossary match'
    >>> _innermost_parser(build_parser(), ["--x"]).prog
    'mtnorm'
    """
    for token in argv:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if actions and token in actions[0].choices:
            parser = actions[0].choices[token]
    return parser


def _reader_gone() -> int:
    """The reader of standard output went away (e.g. `| head`): stop quietly.

    Standard output is pointed at /dev/null so that flushing what is still buffered
    at exit does not raise again; 141 is what a shell reports for SIGPIPE.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
