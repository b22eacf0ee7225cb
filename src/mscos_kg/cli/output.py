"""Files the command line writes: missing folders are created, writes are whole or not at all.

`export`, `template` and `synth` write this way, as `token add` does: a path in a folder that
does not exist yet works, and an interrupted or failed write leaves no partial file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click


def os_error_text(exc: OSError, path: Path | str | None = None) -> str:
    """A one-line description of an OS error that names the file (no traceback)."""
    name = exc.filename if exc.filename is not None else path
    if isinstance(exc, FileExistsError | NotADirectoryError) and name is not None:
        blocking = next((p for p in (Path(name), *Path(name).parents) if p.is_file()), None)
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{name}: {reason}" if name is not None else reason


@contextmanager
def atomic_text_output(path: Path, option: str = "--output") -> Iterator[TextIO]:
    """A text handle whose content replaces `path` only once the block ends without an error."""
    if path.is_dir():
        raise click.UsageError(f"{path} is a folder: give a file name with {option}")
    if path.exists() and not path.is_file():  # a device or pipe (/dev/stdout): written in place
        with _direct(path, option) as out:
            yield out
        return
    target = path.resolve() if path.is_symlink() else path  # replace the file a link points to, not the link
    mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~_umask()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # the folder: report it, not the temporary file's name
        exc.filename = exc.filename if isinstance(exc, FileExistsError | NotADirectoryError) else str(path.parent)
        raise click.ClickException(
            f"cannot write {path}: {os_error_text(exc)}; choose a writable place with {option}"
        ) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yield out
        os.chmod(temp, mode)  # the replaced file's, else what open() gives; mkstemp makes it 0600
        os.replace(temp, target)
    except OSError as exc:
        raise click.ClickException(
            f"cannot write {path}: {os_error_text(exc, path)}; choose a writable place with {option}"
        ) from exc
    finally:
        Path(temp).unlink(missing_ok=True)


@contextmanager
def _direct(path: Path, option: str) -> Iterator[TextIO]:
    try:
        with path.open("w", encoding="utf-8") as out:
            yield out
    except OSError as exc:
        raise click.ClickException(
            f"cannot write {path}: {os_error_text(exc, path)}; choose a writable place with {option}"
        ) from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_output(path: Path, text: str, option: str = "--output") -> None:
    with atomic_text_output(path, option) as out:
        out.write(text)
