"""Writing the files relquiz makes: in one step (never half a file), under a name nobody else has,
and only where an output may go: an output is claimed when it is checked, so nothing created in
the meantime is replaced, and a replaced file keeps its mode."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from relquiz.errors import UsageError


class FileRefused(Exception):
    """A file that is not to be read: not a regular file, too large, or someone else's."""


def read_limited(path: Path, limit: int, *, owned: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (and, if `owned`, the user's own);
    FileRefused saying why not, or OSError when it cannot be opened or read.

    Opened without blocking and checked on the open file, so a FIFO or a device (/dev/zero), even
    one put in its place at the last moment, is never read.
    """
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused("it is not a regular file (a pipe or a device?)")
        if owned and hasattr(os, "getuid") and status.st_uid != os.getuid():
            raise FileRefused("it belongs to another user")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"it is larger than {limit // 1_000_000} MB")
    return data


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


def default_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, text: str, mode: int | None = None) -> None:
    """Replace `path` in one step, so a reader or a crash never sees half a file; the file gets
    `mode`, or the umask's default."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; results are meant to be collected, so use the umask.
        Path(temporary).chmod(default_file_mode() if mode is None else mode)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


@dataclass(frozen=True)
class Output:
    """A file a command will write, claimed when it was checked."""

    path: Path
    mode: int  # what it is written with: a replaced file's own mode, else the new file's
    created: bool  # made empty by relquiz when claimed; given back if the command fails


def claim_output(path: Path, force: bool, private: bool = False) -> Output:
    """Check an output before any work and claim it: a new file is created at once (exclusively,
    never through a link), so a file that appears meanwhile is never replaced silently; an
    existing one is replaced only with `force`, and only a regular file. `private` outputs (a
    class's grades) are created readable by the user alone."""
    try:
        _check_output(path, force)
        new_mode = 0o600 if private else default_file_mode()
        if force and path.exists():
            return Output(path, stat.S_IMODE(path.lstat().st_mode), created=False)
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        os.close(os.open(path, flags, new_mode))
        return Output(path, new_mode, created=True)
    except FileExistsError:
        raise UsageError(f"{path} already exists; add --force to replace it") from None
    except OSError as error:  # a name too long for the file system, a folder that cannot be written
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


@contextmanager
def claimed_outputs(
    named: Sequence[tuple[str, str | Path | None]],
    force: bool,
    private: bool = False,
    inputs: Sequence[Path] = (),
    inputs_are: str = "one of the files read",
) -> Iterator[list[Output]]:
    """Claim the outputs given as (option, path) pairs, refusing an empty name, one file named
    twice, and a file among the command's `inputs` (by any path or link to it: `inputs_are` says
    what they are), with or without `force`; if the command then fails, the files it created and
    left empty are removed again."""
    given = [(option, _file_name(option, path)) for option, path in named if path is not None]
    seen: dict[str, str] = {}
    for option, path in given:
        first = seen.setdefault(os.path.realpath(path), option)
        if first != option:
            raise _named_twice(first, option, path)
    _refuse_inputs(given, inputs, inputs_are)
    outputs: list[Output] = []
    claimed: dict[tuple[int, int], str] = {}  # by device and inode: a bind mount is no other file
    try:
        for option, path in given:
            if _identity(path) not in claimed:  # not there yet, or no other option's file
                outputs.append(claim_output(path, force, private))
            first = claimed.setdefault(file_identity(path), option)
            if first != option:
                raise _named_twice(first, option, path)
        yield outputs
    except BaseException:
        for output in outputs:
            with contextlib.suppress(OSError):
                if output.created and output.path.stat().st_size == 0:
                    output.path.unlink()
        raise


def _file_name(option: str, path: str | Path) -> Path:
    """The path an option names; an empty one (which Path would take for '.') is refused."""
    if str(path) == "":
        raise UsageError(f"{option}: give a file name")
    return Path(path)


def _refuse_inputs(given: Sequence[tuple[str, Path]], inputs: Sequence[Path], inputs_are: str) -> None:
    """Refuse an output that is one of the files the command reads: --force would replace it (a
    bank by its own answer key), or a report would read a file it is about to write."""
    existing: dict[tuple[int, int], tuple[str, Path]] = {}
    for option, path in given:
        identity = _identity(path)
        if identity is not None:
            existing.setdefault(identity, (option, path))
    if not existing:  # a new file is no input: nothing to look up
        return
    read = {_identity(path) for path in inputs}
    for identity, (option, path) in existing.items():
        if identity in read:
            raise UsageError(f"{option} {path} is {inputs_are}; name another file")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        return file_identity(path)
    except OSError:  # not there (yet)
        return None


def file_identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def _named_twice(first: str, option: str, path: Path) -> UsageError:
    """By name before anything is created, by device and inode (links, bind mounts) after."""
    return UsageError(f"{first} and {option} name the same file, {path}; give each its own")


def _check_output(path: Path, force: bool) -> None:
    """Refuse an output that cannot or must not be written.

    Only a regular file is ever replaced: --force on a link would swap the link for a file, and
    on a device (run as root) would turn /dev/full or /dev/stdout into an ordinary file.
    """
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UsageError(f"{path} is a link or a special file, which relquiz never replaces; give a file name")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; add --force to replace it")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")


def write_output(output: Output, text: str) -> None:
    """Write a claimed output in one step, with the mode it was claimed with."""
    try:
        write_atomically(output.path, text, output.mode)
    except OSError as error:
        raise UsageError(f"cannot write {output.path}: {error.strerror or error}") from None
