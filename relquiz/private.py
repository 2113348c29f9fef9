"""Keeping relquiz's own files private on a shared machine, as ssh and git do for theirs.

The folders relquiz keeps its files in must be the user's and not writable by other users (a
sticky folder, like /tmp, is allowed if it is the user's own); its files must be the user's and
not links. What relquiz creates is created 0700 (folders) and 0600 (files) whatever the umask.
Without os.getuid (Windows) there is no owner or mode to compare, so only links are checked.

The checks are a few stat calls: they run before every quiz.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from relquiz.errors import RelquizError

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class Exposed(RelquizError):
    """A file or folder of relquiz's that another user could change, or that is not what relquiz made."""

    def __init__(self, path: Path, problem: str, remedy: str) -> None:
        super().__init__(f"{path} {problem}; {remedy}")
        self.path = path
        self.problem = problem
        self.remedy = remedy

    def reason(self, subject: Path) -> str:
        """The message for a sentence that already names `subject`: 'it' when the problem is there."""
        name = "it" if self.path == subject else str(self.path)
        return f"{name} {self.problem}; {self.remedy}"


def ownership_known() -> bool:
    """Whether owners and modes mean something here (not on Windows)."""
    return hasattr(os, "getuid")


def is_mine(status: os.stat_result) -> bool:
    return not ownership_known() or status.st_uid == os.getuid()


def writable_by_others(status: os.stat_result) -> bool:
    """Whether another user may create, rename or remove entries in this folder.

    A group-writable folder is the user's alone when its group is the user's private group (the
    user's own name, and no other members), as systems with a umask of 002 make them.
    """
    if not ownership_known():
        return False
    if status.st_mode & stat.S_IWOTH:
        return True
    return bool(status.st_mode & stat.S_IWGRP) and not _private_group(status.st_gid)


def _private_group(gid: int) -> bool:
    try:
        import grp
        import pwd

        user = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(gid)
    except (ImportError, KeyError):
        return False
    return gid == user.pw_gid and group.gr_name == user.pw_name and set(group.gr_mem) <= {user.pw_name}


def check_folder(path: Path, *, link_allowed: bool) -> bool:
    """Raise Exposed for a folder another user could change; False when there is no folder there.

    `link_allowed` is for a folder the user names (RELQUIZ_HOME) or the system gives: the folder
    it leads to is checked. The folders relquiz makes inside must not be links.
    """
    try:
        status = path.stat() if link_allowed else path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:  # a link loop, a name too long, a folder that cannot be searched
        raise Exposed(
            path, f"cannot be checked ({error.strerror or error})", "give a folder that can be used"
        ) from None
    if stat.S_ISLNK(status.st_mode):
        raise Exposed(path, "is a link, not a folder", "remove it and relquiz makes the folder again")
    if not stat.S_ISDIR(status.st_mode):
        return False  # whoever uses it finds it cannot be used, as for any file in a folder's place
    if not is_mine(status):
        raise Exposed(path, "belongs to another user", "use a folder of your own")
    if writable_by_others(status) and not status.st_mode & stat.S_ISVTX:
        raise Exposed(path, "can be changed by other users", "make it yours alone (chmod 700) or use another folder")
    return True


def check_file(path: Path, remedy: str) -> os.stat_result | None:
    """The status of the user's own file at `path` (not followed), None when there is none; a link
    or another user's file raises Exposed with `remedy`."""
    try:
        status = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise Exposed(path, f"cannot be checked ({error.strerror or error})", remedy) from None
    if stat.S_ISLNK(status.st_mode):
        raise Exposed(path, "is a link, which relquiz does not follow here", remedy)
    if not is_mine(status):
        raise Exposed(path, "belongs to another user", remedy)
    return status


def readable_by_others(status: os.stat_result) -> bool:
    return ownership_known() and bool(status.st_mode & 0o077)


def make_folder(path: Path) -> None:
    """Create `path` and any missing folder above it, each 0700 whatever the umask (OSError if
    one cannot be; a folder already there is left as it is)."""
    try:
        path.mkdir(FOLDER_MODE)
    except FileNotFoundError:
        if path.parent == path:
            raise
        make_folder(path.parent)
        make_folder(path)
        return
    except FileExistsError:
        if not path.is_dir():
            raise
        return
    path.chmod(FOLDER_MODE)  # the umask may have taken bits away from the owner


def create_file(path: Path, data: bytes = b"") -> bool:
    """Create `path` 0600 holding `data`, never through a link and never over anything there
    (O_CREAT | O_EXCL | O_NOFOLLOW); False when something is there already."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, FILE_MODE)
    except FileExistsError:
        return False
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(handle, FILE_MODE)  # the umask may have taken bits away from the owner
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            path.unlink()  # never half a file: it was created just now, by this process
        raise
    os.close(handle)
    return True


def replace_file(path: Path, data: bytes) -> None:
    """Replace `path` in one step with a 0600 file holding `data` (a link there is replaced, not followed)."""
    temporary = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    if not create_file(temporary, data):
        raise FileExistsError(errno.EEXIST, "a file is already there", str(temporary))
    try:
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
