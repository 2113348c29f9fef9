"""Writing the files relquiz makes: in one step (never half a file), under a name nobody else has,
and only where an output may go."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from relquiz.errors import UsageError


def reserve_free_path(path: Path) -> Path:
    """Create `path`, or the first free `name-N.ext` beside it, and return it (OSError if neither can be).

    Creating it at once (O_EXCL) both proves the place is writable and claims the name, so two
    students starting together in a shared folder can never get, and overwrite, the same file.
    """
    candidate, number = path, 1
    while True:
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return candidate
        except FileExistsError:
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
            number += 1


def _default_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` in one step, so a reader or a crash never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; results are meant to be collected, so use the umask.
        Path(temporary).chmod(_default_file_mode())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def check_output(path: Path, force: bool) -> None:
    """Refuse, before any work, an output that cannot or must not be written.

    Only a regular file is ever replaced: --force on a link would swap the link for a file, and
    on a device (run as root) would turn /dev/full or /dev/stdout into an ordinary file.
    """
    try:
        _check_output(path, force)
    except OSError as error:  # a name too long for the file system, a folder that cannot be read
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def _check_output(path: Path, force: bool) -> None:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UsageError(f"{path} is a link or a special file, which relquiz never replaces; give a file name")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; add --force to replace it")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")


def write_output(path: Path, text: str) -> None:
    """Write an output the user named (checked before with check_output)."""
    try:
        write_atomically(path, text)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
