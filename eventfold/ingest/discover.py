"""Finds the input files of a run: files and folders (recursed in sorted order; hidden entries,
the article store and documentation/tooling files named in ignore.yaml skipped), each with its
raw_path relative to the common input root."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eventfold.ingest.ignore import is_ignored


@dataclass(frozen=True)
class InputFile:
    """A file to read and the raw_path its rows carry."""

    path: Path
    raw_path: str


@dataclass(frozen=True)
class MissingInput:
    """An input path that does not exist or cannot be listed."""

    raw_path: str
    detail: str


@dataclass
class Discovery:
    """The files to read (sorted by raw_path), inputs that could not be found or listed, and the
    files a folder walk skipped as documentation/tooling (sorted raw paths)."""

    files: list[InputFile]
    missing: list[MissingInput]
    ignored: list[str]


def input_root(inputs: Sequence[Path]) -> Path | None:
    """The folder raw paths are relative to: the common ancestor of the input folders and of the
    input files' folders (a single folder input is its own root)."""
    anchors = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            anchors.append(path.resolve())
        elif path.exists():
            anchors.append(path.resolve().parent)
    if not anchors:
        return None
    return Path(os.path.commonpath([str(a) for a in anchors]))


def relative_raw_path(path: Path, root: Path | None) -> str:
    """`path` relative to `root` as a POSIX path, or the absolute path when outside it."""
    resolved = path.absolute().parent.resolve() / path.name
    if root is not None:
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            pass
    return resolved.as_posix()


STORE_MARKER = ".eventfold-store"  # written at the root of every article store


def _walk(folder: Path, skip: set[Path], errors: list[str]) -> tuple[list[Path], list[Path]]:
    """Files under `folder` to read, and files skipped because ignore.yaml names them."""
    found: list[Path] = []
    ignored: list[Path] = []

    def on_error(err: OSError) -> None:
        errors.append(f"{err.filename}: {err.strerror}")

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error):
        current = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (current / d).resolve() not in skip
            and not (current / d / STORE_MARKER).exists()  # any article store, not just ours
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            (ignored if is_ignored(name) else found).append(current / name)
    return found, ignored


def discover_inputs(inputs: Sequence[Path], skip: Sequence[Path] = ()) -> Discovery:
    """Every input file once, sorted by raw_path, plus the inputs that could not be found and
    the files skipped by ignore.yaml.

    Folders under `skip` (the store's own root) are never entered. Ignore patterns apply only
    to files found in folders: a file given explicitly is always an input.
    """
    skip_set = {Path(p).resolve() for p in skip}
    root = input_root(inputs)
    files: dict[Path, InputFile] = {}
    ignored: dict[Path, str] = {}
    missing: list[MissingInput] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            errors: list[str] = []
            if path.resolve() in skip_set:
                continue
            candidates, skipped = _walk(path, skip_set, errors)
            missing.extend(
                MissingInput(relative_raw_path(path, root), f"cannot list: {e}") for e in errors
            )
            for file in skipped:
                if file.is_file():
                    ignored.setdefault(file.resolve(), relative_raw_path(file, root))
        elif path.is_file():
            candidates = [path]
        else:
            missing.append(MissingInput(str(given), "no such file or folder"))
            continue
        for file in candidates:
            key = file.resolve()
            if key not in files and file.is_file():
                files[key] = InputFile(path=file, raw_path=relative_raw_path(file, root))
    return Discovery(
        files=sorted(files.values(), key=lambda f: f.raw_path),
        missing=missing,
        ignored=sorted(raw for key, raw in ignored.items() if key not in files),
    )
