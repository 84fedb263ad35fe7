"""Argos Translate model packages: list, install, remove and find them, offline first.

Packages live where Argos keeps them (its `settings.package_dirs`: the
`ARGOS_PACKAGES_DIR` environment variable, `settings.json`, or the XDG data
directory), so models installed with `argospm` are found here and vice versa.
Installing and removing go through `argostranslate.package`; nothing is
downloaded unless the user asks `mtnorm models install NAME` and the Argos index
is reachable.

argostranslate is imported inside the functions: `import normalize` stays light.
"""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .textio import UserError

#: How to get the translate extra, shown when argostranslate is missing.
INSTALL_EXTRA_HINT = "pip install 'mtnorm[translate]'"


@dataclass(frozen=True)
class ModelPackage:
    """An installed translation package: its argospm name, languages and folder."""

    name: str
    from_code: str
    to_code: str
    version: str
    path: Path
    #: "stanza", "minisbd", "spacy" when the package bundles a sentence splitter.
    bundled_splitter: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "from": self.from_code,
            "to": self.to_code,
            "version": self.version,
            "path": str(self.path),
            "bundled_splitter": self.bundled_splitter,
        }


def _argos_settings() -> Any:
    try:
        from argostranslate import settings
    except ImportError:
        raise UserError(
            f"Argos Translate is not installed; install the translate extra: {INSTALL_EXTRA_HINT}"
        ) from None
    return settings


def package_dirs() -> list[Path]:
    """The folders Argos searches for packages (first = where it installs)."""
    return [Path(directory) for directory in _argos_settings().package_dirs]


def read_package(path: Path) -> ModelPackage:
    """Describe the package in folder `path` from its `metadata.json`."""
    metadata_path = path / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: not an Argos package (no metadata.json)") from None
    except (OSError, ValueError) as error:
        raise UserError(f"{metadata_path}: unreadable package metadata ({error})") from None
    if not isinstance(metadata, dict):
        raise UserError(f"{metadata_path}: package metadata is not a JSON object")
    from_code = str(metadata.get("from_code") or "")
    to_code = str(metadata.get("to_code") or "")
    kind = str(metadata.get("type") or "translate")
    splitter = next(
        (name for name in ("minisbd", "stanza", "spacy") if (path / name).exists()), None
    )
    return ModelPackage(
        name=package_name(kind, from_code, to_code),
        from_code=from_code,
        to_code=to_code,
        version=str(metadata.get("package_version") or ""),
        path=path,
        bundled_splitter=splitter,
    )


def package_name(kind: str, from_code: str, to_code: str) -> str:
    """The argospm name of a package.

    >>> package_name("translate", "de", "en")
    'translate-de_en'
    """
    return f"{kind}-{from_code}_{to_code}" if from_code and to_code else kind


def _iter_package_folders(directories: list[Path]) -> Iterator[Path]:
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.is_dir() and (path / "metadata.json").is_file():
                yield path


def installed_packages(directories: list[Path] | None = None) -> list[ModelPackage]:
    """Installed packages in Argos's package folders (or in `directories`)."""
    folders = _iter_package_folders(directories if directories is not None else package_dirs())
    return [read_package(folder) for folder in folders]


def _name_keys(name: str) -> set[str]:
    """The spellings a user may give for a package: translate-de_en, de_en, de-en, folder."""
    key = name.strip().lower()
    keys = {key}
    if key.startswith("translate-"):
        keys.add(key[len("translate-") :])
    return {k.replace("-", "_") for k in keys} | keys


def _matches(package: ModelPackage, name: str) -> bool:
    wanted = _name_keys(name)
    own = _name_keys(package.name) | _name_keys(package.path.name)
    return bool(wanted & own)


def find_package(from_code: str, to_code: str, model: str | Path | None = None) -> ModelPackage:
    """The package to translate `from_code` → `to_code` with.

    `model` may be a package folder (used directly, no Argos settings involved) or
    a package name; otherwise the installed package for the language pair is used.
    """
    if model is not None:
        path = Path(model)
        if path.is_dir():
            package = read_package(path)
        else:
            candidates = [p for p in installed_packages() if _matches(p, str(model))]
            if not candidates:
                raise UserError(f"no installed model named {model!r}; see `mtnorm models list`")
            package = candidates[0]
        if (package.from_code, package.to_code) != (from_code, to_code):
            raise UserError(
                f"model {package.name} translates {package.from_code}→{package.to_code}, "
                f"not {from_code}→{to_code}"
            )
        return package
    for package in installed_packages():
        if (package.from_code, package.to_code) == (from_code, to_code):
            return package
    raise UserError(
        f"no {from_code}→{to_code} translation model installed (searched "
        f"{', '.join(str(d) for d in package_dirs())}); install one with "
        f"`mtnorm models install translate-{from_code}_{to_code}` or, offline, "
        "`mtnorm models install FILE.argosmodel`"
    )


def check_archive(path: Path) -> str:
    """Check that `path` is an installable `.argosmodel`; returns its top-level folder."""
    if not zipfile.is_zipfile(path):
        raise UserError(f"{path}: not an Argos model (an .argosmodel file is a zip archive)")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        bad = archive.testzip()
    if bad is not None:
        raise UserError(f"{path}: damaged archive (bad CRC in {bad})")
    tops = {name.split("/", 1)[0] for name in names if name.strip("/")}
    if len(tops) != 1:
        raise UserError(f"{path}: an .argosmodel holds exactly one top-level folder")
    top = tops.pop()
    for required in ("metadata.json", "model/model.bin"):
        if f"{top}/{required}" not in names:
            raise UserError(f"{path}: not an Argos translation package (no {top}/{required})")
    unsafe = [n for n in names if n.startswith("/") or ".." in Path(n).parts]
    if unsafe:
        raise UserError(f"{path}: refusing an archive with unsafe paths ({unsafe[0]})")
    return top


def install(name_or_file: str) -> ModelPackage:
    """Install a local `.argosmodel` file, or a package named in the Argos index."""
    settings = _argos_settings()
    path = Path(name_or_file)
    if path.suffix == ".argosmodel" or path.exists():
        if not path.is_file():
            raise UserError(f"{name_or_file}: no such file")
        top = check_archive(path)
        from argostranslate import package as argos_package

        argos_package.install_from_path(path)
        return read_package(Path(settings.package_data_dir) / top)
    return _install_from_index(name_or_file, settings)


def _install_from_index(name: str, settings: Any) -> ModelPackage:
    from argostranslate import package as argos_package

    offline_hint = (
        f"cannot reach the Argos package index ({settings.remote_package_index}); "
        "download the .argosmodel file on a connected machine and install it with "
        "`mtnorm models install FILE.argosmodel`"
    )
    # Argos logs network errors itself and returns; our message below says it better.
    argos_logger = logging.getLogger("argostranslate.utils")
    previous = argos_logger.disabled
    argos_logger.disabled = True
    try:
        argos_package.update_package_index()
    finally:
        argos_logger.disabled = previous
    if not Path(settings.local_package_index).exists():
        raise UserError(offline_hint)
    try:
        available = argos_package.get_available_packages()
    except (OSError, ValueError) as error:
        raise UserError(f"{offline_hint} ({error})") from None
    wanted = _name_keys(name)
    for candidate in available:
        candidate_name = package_name(
            candidate.type, candidate.from_code or "", candidate.to_code or ""
        )
        if wanted & _name_keys(candidate_name):
            try:
                download = candidate.download()
            except Exception as error:  # Argos raises bare Exception on network failure
                raise UserError(f"{offline_hint} ({error})") from None
            top = check_archive(Path(download))
            argos_package.install_from_path(download)
            return read_package(Path(settings.package_data_dir) / top)
    raise UserError(f"{name!r} is not in the Argos package index; try e.g. translate-de_en")


def remove(name: str) -> ModelPackage:
    """Uninstall the installed package called `name` (argospm name, pair or folder)."""
    candidates = [p for p in installed_packages() if _matches(p, name)]
    if not candidates:
        raise UserError(f"no installed model named {name!r}; see `mtnorm models list`")
    from argostranslate import package as argos_package

    target = candidates[0]
    argos_package.uninstall(argos_package.Package(target.path))
    return target
