"""`mtnorm models`: list, install and remove Argos Translate packages."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .cli import HelpFormatter

EXAMPLES = """\
examples:
  mtnorm models list
  mtnorm models install translate-de_en.argosmodel     offline, from a file
  mtnorm models install translate-en_de                 from the Argos index (online)
  mtnorm models remove de-en

No model is installed with mtnorm. Offline, download the .argosmodel file on a
connected machine (links: https://www.argosopentech.com/argospm/index/ or the
argospm-index repository's index.json) and install it from the file.

Exit status: 0 done, 2 no such model / not a model file / offline (one-line message)."""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "models",
        help="list, install or remove Argos Translate models",
        description="Manage Argos Translate packages in Argos's own package folder "
        "(ARGOS_PACKAGES_DIR or its settings), shared with argospm.",
        epilog=EXAMPLES,
        formatter_class=HelpFormatter,
    )
    actions = parser.add_subparsers(dest="models_action", metavar="ACTION")
    listing = actions.add_parser("list", help="list installed models")
    listing.add_argument("--json", action="store_true", help="one JSON object per model")
    installing = actions.add_parser(
        "install",
        help="install a .argosmodel file, or a package from the Argos index when online",
        description="Install a .argosmodel file, or (online) a package by name from the "
        "Argos index, e.g. translate-de_en for German to English.",
    )
    installing.add_argument("model", metavar="NAME_OR_FILE")
    removing = actions.add_parser("remove", help="uninstall a model")
    removing.add_argument("model", metavar="NAME", help="e.g. translate-de_en or de-en")
    parser.set_defaults(handler=run_models, models_parser=parser)


def run_models(args: argparse.Namespace) -> int:
    from . import models

    if args.models_action == "list":
        packages = models.installed_packages()
        if args.json:
            for package in packages:
                print(json.dumps(package.to_dict(), ensure_ascii=False))
        else:
            for package in packages:
                bundled = package.bundled_splitter
                splitter = f"  (bundles {bundled})" if bundled else ""
                print(
                    f"{package.name}\t{package.from_code}→{package.to_code}\t"
                    f"v{package.version or '?'}\t{package.path}{splitter}"
                )
        folders = ", ".join(str(d) for d in models.package_dirs())
        print(f"mtnorm models: {len(packages)} installed in {folders}", file=sys.stderr)
        return 0
    if args.models_action == "install":
        package = models.install(args.model)
        print(
            f"mtnorm models: installed {package.name} ({package.from_code}→{package.to_code}) "
            f"in {package.path}",
            file=sys.stderr,
        )
        return 0
    if args.models_action == "remove":
        package = models.remove(args.model)
        print(f"mtnorm models: removed {package.name} from {package.path}", file=sys.stderr)
        return 0
    args.models_parser.print_help(sys.stderr)
    return 2
