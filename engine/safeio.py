"""Reading and writing the files a user names, safely: regular files only, bounded, atomic.

Why one module for every layer: the scenario loader, saves, the CLI and the
seminar table all take paths from users. Pointed at ``/dev/zero`` a plain read
never ends; at a FIFO it hangs; ``save /dev/null`` as root replaced the device
and ``aar /`` wrote into ``/``. Here reads refuse anything that is not a regular
file and check the size before reading, and writes may only create or replace a
regular file (never a device, directory or symlink), through a temporary file,
fsync and ``os.replace``, so a crash never loses the previous file. Temporary
files left by a killed writer are removed by the next write to the same path.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO, Iterator

from engine.errors import EngineError

#: Longest file name most file systems take (bytes of one path component).
MAX_NAME = 255


class UnsafePathError(EngineError):
    """A path that may not be read or written; the message names it and says why."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def name_problem(path: str | os.PathLike[str]) -> str:
    """Why a path cannot name a file ('' when it can): NUL bytes, over-long names."""
    text = os.fspath(path)
    if not text:
        return "the path is empty"
    if "\0" in text:
        return "the path contains a NUL character"
    for part in Path(text).parts:
        if len(part.encode("utf-8", "surrogateescape")) > MAX_NAME:
            return f"a name in the path is longer than {MAX_NAME} characters"
    if len(text.encode("utf-8", "surrogateescape")) > 4000:
        return "the path is longer than 4000 characters"
    return ""


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """True for an existing regular file (following symlinks); never raises."""
    if name_problem(path):
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _open_checked(path: str | os.PathLike[str], limit: int) -> int:
    """A descriptor of ``path`` opened non-blocking (a FIFO never hangs), once fstat says it is a regular
    file of at most ``limit`` bytes; else UnsafePathError (message without the path), and nothing open."""
    why = name_problem(path)
    if why:
        raise UnsafePathError(why)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafePathError(f"is {_kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise UnsafePathError(f"file is too large ({st.st_size} bytes; the limit is {limit})")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Opened non-blocking (a FIFO never hangs) and checked with fstat before any
    read, so devices, pipes and directories are refused and the size is known.
    Raises FileNotFoundError, UnsafePathError (message without the path) or OSError.
    """
    fd = _open_checked(path, limit)
    try:
        chunks, got = [], 0
        while got <= limit:
            b = os.read(fd, min(1 << 20, limit + 1 - got))
            if not b:
                break
            chunks.append(b)
            got += len(b)
        if got > limit:
            raise UnsafePathError(f"file grew while being read (the limit is {limit} bytes)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_regular(path: str | os.PathLike[str], limit: int) -> BinaryIO:
    """A regular file of at most ``limit`` bytes opened for reading in binary (for reading in pieces:
    :func:`read_regular` holds it whole). Refused as there: devices, FIFOs, directories, larger files."""
    fd = _open_checked(path, limit)
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """The path as a Path if a regular file may be created or replaced there; UnsafePathError otherwise.

    Call it before long work (a playout) so a bad path fails at once, and before
    every write. Refused: devices, directories, FIFOs, sockets, symlinks (their
    target is never written), a missing or unwritable folder, NUL, over-long names.
    """
    text = os.fspath(path)
    why = name_problem(text)
    if why:
        raise UnsafePathError(f"{text[:200]!r}: cannot write there: {why}")
    if text.endswith(("/", os.sep)) or Path(text).name in ("", ".", ".."):
        raise UnsafePathError(f"{text}: cannot write there: it names a directory, not a file")
    p = Path(text)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise UnsafePathError(f"{text}: cannot write there ({e.strerror})") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UnsafePathError(f"{text}: cannot write there: it is {_kind(st.st_mode)} "
                              "(only a regular file may be created or replaced)")
    folder = p.parent
    if not folder.is_dir():
        raise UnsafePathError(f"{text}: cannot write there: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UnsafePathError(f"{text}: cannot write there: folder {str(folder)!r} is not writable")
    return p


def check_output_dir(path: str | os.PathLike[str]) -> Path:
    """A folder files may be written into: an existing directory, or one whose parent exists."""
    text = os.fspath(path)
    why = name_problem(text)
    if why:
        raise UnsafePathError(f"{text[:200]!r}: cannot write there: {why}")
    p = Path(text)
    if p.is_dir():
        folder = p
    elif os.path.lexists(p):
        raise UnsafePathError(f"{text}: cannot write there: it exists and is not a directory")
    else:
        folder = p.parent
        if not folder.is_dir():
            raise UnsafePathError(f"{text}: cannot create it: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UnsafePathError(f"{text}: cannot write there: folder {str(folder)!r} is not writable")
    return p


def _tmp_prefix(p: Path) -> str:
    """``.NAME.``; for a name too long to take ``.PID.tmp.SUFFIX`` within MAX_NAME bytes, a digest of it
    (a valid 245-character name used to fail with "File name too long" on its temporary file)."""
    room = MAX_NAME - len(f"..{2**22}.tmp{p.suffix}".encode("utf-8", "surrogateescape"))
    if len(p.name.encode("utf-8", "surrogateescape")) <= room:
        return f".{p.name}."
    return f".{hashlib.sha256(os.fsencode(p.name)).hexdigest()[:24]}."


def _tmp_name(p: Path, pid: int) -> Path:
    # The real suffix stays last, so writers that pick a format by extension (PNG) still do.
    return p.with_name(f"{_tmp_prefix(p)}{pid}.tmp{p.suffix}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temps(path: str | os.PathLike[str]) -> int:
    """Delete temporary files of earlier writes to ``path`` whose writer is dead; returns how many."""
    p = Path(path)
    pre, n = _tmp_prefix(p), 0
    try:
        names = os.listdir(p.parent)
    except OSError:
        return 0
    for name in names:
        if not name.startswith(pre):
            continue
        rest = name[len(pre):]
        pid_text, _, tail = rest.partition(".tmp")
        if not pid_text.isdigit() or tail not in (p.suffix, ""):  # "": the older ".NAME.PID.tmp" form
            continue
        pid = int(pid_text)
        if pid == os.getpid() or _alive(pid):
            continue
        with contextlib.suppress(OSError):
            tmp = p.parent / name
            if stat.S_ISREG(os.lstat(tmp).st_mode):
                tmp.unlink()
                n += 1
    return n


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` (fsynced), else is removed.

    For writers that want a file name (pygame.image.save, matplotlib). The path
    is checked with :func:`check_output_path` first; stale temporary files of
    killed writers are removed.
    """
    p = check_output_path(path)
    remove_stale_temps(p)
    tmp = _tmp_name(p, os.getpid())
    try:
        yield tmp
        with contextlib.suppress(OSError):
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        check_output_path(p)  # nothing swapped a device or directory in meanwhile
        os.replace(tmp, p)
        _fsync_dir(p.parent)
    finally:
        with contextlib.suppress(OSError):
            if os.path.lexists(tmp):
                os.unlink(tmp)


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Create or replace the regular file ``path`` with ``data`` (text is UTF-8), atomically.

    The temporary file is read back and compared before it replaces ``path``.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write(path, raw)
    except OSError as e:
        raise UnsafePathError(f"{os.fspath(path)}: cannot write ({e.strerror or e})") from None


def _write(path: str | os.PathLike[str], raw: bytes) -> None:
    with atomic_path(path) as tmp:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:  # a file of a previous writer with our pid: ours now
            os.unlink(tmp)
            fd = os.open(tmp, flags, 0o666)
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        # Verified before it replaces anything: a short write or a full disk never costs the old file.
        with open(tmp, "rb") as f:
            if f.read(len(raw) + 1) != raw:
                raise UnsafePathError(f"{os.fspath(path)}: the written file does not read back the same "
                                      "(disk full or failing?); the previous file is kept")
