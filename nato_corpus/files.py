"""The one file-access layer: every read of corpus content and every write a command makes goes through here.

Threat model: the corpus folder may be an untrusted pull request checked out on a reviewer's machine or in CI.
Its files may be symbolic links (to ``~/.ssh/id_rsa``, ``/dev/zero``, ``..``), FIFOs that block a reader forever,
devices, or gigabytes of data.  So a corpus file is read only when

- its path lies inside the corpus root (lexically: ``..`` cannot climb out),
- every folder between the root and the file is a real folder, not a link (checked with ``openat`` one
  component at a time, so a link swapped in while we read is still refused),
- the file itself is a regular file, opened with ``O_NOFOLLOW | O_NONBLOCK`` (a FIFO cannot block the open),
- and it is no larger than the limit of its kind; never more than ``limit + 1`` bytes are read.

A refusal is a :class:`FileRefused` carrying the validator's check id, so ``validate`` reports it as a finding
and every other command stops with the very same one-line message.

Writes: a corpus file is replaced atomically (temporary file in the same real folder, then ``rename``), never
through a link.  An output folder is replaced only when it is missing, empty, or a folder the same command
wrote before (it holds that command's :data:`OUTPUT_MARKER`, which lists the files written, and nothing
else); never when it is, contains, or lies inside a folder that holds corpus files.  Staging folders of
killed runs are removed by the next run.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

# Size limits per kind of corpus file (bytes): anything larger is refused unread.
LIMITS: Final = {
    "text": 1_000_000,  # an article larger than this is not a news article
    "metadata": 200_000,
    "annotations": 5_000_000,
    "registry": 5_000_000,
    "document": 2_000_000,  # LICENSE.md, DATASET_CARD.md, DATASET_VERSIONS.json, reports, agreement files
    "manifest": 16_000_000,  # a shard of a release's manifest (versions.SHARD_BYTES and one document beyond)
    "labelstudio": 200_000_000,
    "predictions": 200_000_000,
}
FileKind = Literal["text", "metadata", "annotations", "registry", "document", "manifest", "labelstudio",
                   "predictions"]

OUTPUT_MARKER: Final = ".nato-corpus-output"
_STAGING_SUFFIXES: Final = (".building", ".old")
_OPEN_FLAGS: Final = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(
    os, "O_CLOEXEC", 0)
_DIR_FLAGS: Final = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)


class CorpusError(Exception):
    """The one error type of every command, structured like a validator finding (file, line, annotation id,
    field, check id, message), printed by one formatter (:meth:`describe`) as one line; `exit_code` is 1 for a
    failure and 2 for a usage error, and `option` names the command-line option the file came from."""

    exit_code: int = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, ann_id: str | None = None,
                 field: str | None = None, check: str | None = None, option: str | None = None,
                 exit_code: int | None = None) -> None:
        self.message, self.path, self.line, self.ann_id, self.field = message, path, line, ann_id, field
        self.check, self.option = check, option
        if exit_code is not None:
            self.exit_code = exit_code
        super().__init__(self.describe())

    def describe(self) -> str:
        """`[option ]path[:line]: [annotation a, field f: ]message`: the same shape as a validator finding."""
        address = ":".join(str(part) for part in (self.path, self.line) if part is not None)
        subject = ", ".join(bit for bit in (f"annotation {self.ann_id}" if self.ann_id else "",
                                            f"field {self.field}" if self.field else "") if bit)
        text = f"{subject}: {self.message}" if subject else self.message
        text = f"{address}: {text}" if address else text
        return f"{self.option} {text}" if self.option else text

    def __str__(self) -> str:
        return self.describe()


class FileRefused(CorpusError):
    """A file that cannot be used: `check` is the validator's check id, `shown` the path as the user sees it."""

    def __init__(self, check: str, shown: str, message: str) -> None:
        super().__init__(message, path=shown, check=check)
        self.shown = shown


class OutputRefused(CorpusError):
    """An output path a command will not write to; the message says why in one line."""


def _relative_parts(root: Path, path: Path) -> tuple[str, ...] | None:
    """Components of `path` below `root`, compared lexically (no link is followed), or None when outside."""
    absolute_root, absolute = os.path.abspath(root), os.path.abspath(path)  # strings: pathlib is slow per file
    if absolute == absolute_root:
        return ()
    prefix = absolute_root if absolute_root.endswith(os.sep) else absolute_root + os.sep
    if not absolute.startswith(prefix):
        return None
    return tuple(absolute[len(prefix):].split(os.sep))


def _shown(root: Path, path: Path, shown: str | None) -> str:
    if shown is not None:
        return shown
    parts = _relative_parts(root, path)
    return "/".join(parts) if parts else str(path)


def _open_folder_chain(root: Path, folders: Sequence[str], shown: str) -> int:
    """A descriptor of root/folders..., opened one real folder at a time; FileRefused on a link or a non-folder."""
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileRefused("missing-file", shown, f"cannot open the corpus root: {exc.strerror}") from None
    walked: list[str] = []
    for name in folders:
        walked.append(name)
        try:
            child = os.open(name, _DIR_FLAGS, dir_fd=fd)
        except OSError as exc:
            os.close(fd)
            where = "/".join(walked)
            if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                kind = _kind_at(root.joinpath(*walked))
                if kind == "link":
                    raise FileRefused("unsafe-file", shown, f"reached through the symbolic link {where}; only "
                                      "regular files inside the corpus are read") from None
                raise FileRefused("unsafe-file", shown, f"{where} is not a folder") from None
            if exc.errno == errno.ENOENT:
                raise FileRefused("missing-file", shown, "cannot read file: No such file or directory") from None
            raise FileRefused("missing-file", shown, f"cannot read file: {exc.strerror}") from None
        os.close(fd)
        fd = child
    return fd


def _kind_at(path: Path | str) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "special"


def check_file(root: Path, path: Path, kind: FileKind, shown: str | None = None) -> None:
    """FileRefused unless `read_bytes` would read `path`: the same checks (inside the root, real folders, a
    regular file within its limit), without reading the content (for files a later step reads once)."""
    _open_and_read(root, path, kind, shown, content=False)


def read_bytes(root: Path, path: Path, kind: FileKind, shown: str | None = None) -> bytes:
    """The bytes of the corpus file `path` (inside `root`), or FileRefused saying why it is not read."""
    return _open_and_read(root, path, kind, shown, content=True)


def _open_and_read(root: Path, path: Path, kind: FileKind, shown: str | None, *, content: bool) -> bytes:
    shown = _shown(root, path, shown)
    fd = _open_inside(root, path, shown)
    return _read_open(fd, shown, LIMITS[kind], "file is not a regular file; only regular files are read", content)


def file_sha256(root: Path, path: Path, shown: str | None = None) -> str:
    """The sha256 of the file `path` inside `root`, opened as `read_bytes` opens it, read in blocks: no size
    limit and no copy in memory (a dataset shard is hundreds of MB)."""
    fd = _open_inside(root, path, _shown(root, path, shown))  # the regular file that was looked at
    with os.fdopen(fd, "rb") as handle:
        os.set_blocking(fd, True)
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _open_inside(root: Path, path: Path, shown: str) -> int:
    """A read-only descriptor of the regular file `path` inside `root`, reached through real folders only."""
    parts = _relative_parts(root, path)
    if not parts:
        raise FileRefused("unsafe-file", shown, "lies outside the corpus root; only files inside it are read")
    folder = _open_folder_chain(root, parts[:-1], shown)
    try:
        try:
            # looked at before it is opened: opening a device (a tape, a terminal) can itself do something
            before = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
            if stat.S_ISLNK(before.st_mode):
                raise FileRefused("unsafe-file", shown, "file is a symbolic link; only regular files are read")
            if not stat.S_ISREG(before.st_mode):
                raise FileRefused("unsafe-file", shown, "file is not a regular file; only regular files are read")
            if before.st_nlink > 1:  # a hard link can be a second name of a file outside the corpus
                raise FileRefused("unsafe-file", shown, f"file has {before.st_nlink} hard links; only files with "
                                  "one name are read")
            fd = os.open(parts[-1], _OPEN_FLAGS, dir_fd=folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise FileRefused("unsafe-file", shown,
                                  "file is a symbolic link; only regular files are read") from None
            if exc.errno == errno.ENOENT:
                raise FileRefused("missing-file", shown, "cannot read file: No such file or directory") from None
            if exc.errno in (errno.ENXIO, errno.EISDIR, errno.ENODEV):
                raise FileRefused("unsafe-file", shown, "file is not a regular file; only regular files are read") \
                    from None
            raise FileRefused("missing-file", shown, f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(folder)
    opened = os.fstat(fd)
    if (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):  # swapped since it was looked at
        os.close(fd)
        raise FileRefused("unsafe-file", shown, "file changed while it was opened; only regular files are read")
    return fd


def _read_open(fd: int, shown: str, limit: int, not_regular: str, content: bool = True) -> bytes:
    """At most `limit` bytes of an open descriptor that must be a regular file (checked before reading)."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileRefused("unsafe-file", shown, not_regular)
    try:
        if info.st_size > limit:
            raise FileRefused("file-too-large", shown, f"file is {info.st_size} bytes; the limit is {limit}")
        if not content:
            return b""
        os.set_blocking(fd, True)
        blocks = [os.read(fd, max(info.st_size, 1) + 1)]  # the whole file, in one call when it does not grow
        read = len(blocks[0])
        while blocks[-1] and read <= limit:
            blocks.append(os.read(fd, limit + 1 - read))
            read += len(blocks[-1])
    finally:
        os.close(fd)
    data = blocks[0] if len(blocks) == 1 else b"".join(blocks)
    if len(data) > limit:
        raise FileRefused("file-too-large", shown, f"file is over the limit of {limit} bytes")
    return data


def read_text(root: Path, path: Path, kind: FileKind, shown: str | None = None) -> str:
    """`read_bytes` decoded as UTF-8; an undecodable file is refused with the validator's `invalid-utf8` check."""
    data = read_bytes(root, path, kind, shown)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileRefused("invalid-utf8", _shown(root, path, shown), f"byte 0x{data[exc.start]:02x} at byte offset "
                          f"{exc.start} is not valid UTF-8") from None


def read_user_file(path: Path, kind: FileKind) -> bytes:
    """A file the user named on the command line (a Label Studio export, predictions, a text to annotate).

    The user chose the path, so it may lie anywhere and may be a link, but it must end at a regular file within
    the size limit: a FIFO, a device or /dev/zero is refused instead of blocking or exhausting memory.
    """
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileRefused("missing-file", shown, f"cannot read file: {exc.strerror}") from None
    return _read_open(fd, shown, LIMITS[kind], "not a regular file; only regular files are read")


def link_below_cwd(path: Path) -> Path | None:
    """The first symbolic link on the way from the current folder down to `path`, if any.

    A path the user types is trusted where it lies outside the current folder (their home may be a link),
    but the current folder is usually the checkout of a pull request, whose links the PR author chose: a
    `--root probes/heldout` or `--out exports/tasks.json` must not follow one of those out of the checkout.
    """
    cwd = Path(os.path.abspath(Path.cwd()))
    absolute = Path(os.path.abspath(path))
    if not absolute.is_relative_to(cwd):
        return None
    current = cwd
    for name in absolute.relative_to(cwd).parts:
        current = current / name
        if _kind_at(current) == "link":
            return current
    return None


def refuse_link_below_cwd(path: Path, shown: str | None = None) -> None:
    """OutputRefused (exit 2) naming the link when `link_below_cwd(path)` finds one."""
    link = link_below_cwd(path)
    if link is not None:
        raise OutputRefused(f"{shown or path}: goes through the symbolic link {os.path.relpath(link)} in the current "
                            "folder; name the real folder", exit_code=2)


EntryKind = Literal["file", "folder", "link", "special", "missing"]


def kind_of(root: Path, path: Path) -> EntryKind:
    """What `path` is, without following any link: 'link' also when a folder on the way from `root` is one."""
    parts = _relative_parts(root, path)
    if parts is None:
        return "missing"
    current = os.path.abspath(root)
    for depth, name in enumerate(parts, start=1):
        current = os.path.join(current, name)
        kind = _kind_at(current)
        if depth == len(parts) or kind == "link":
            return kind  # type: ignore[return-value]
        if kind != "folder":
            return "missing"
    return "folder"


@dataclass(frozen=True)
class Entry:
    """One entry of a listed folder, typed without following links."""

    path: Path
    kind: EntryKind


def iter_folder(root: Path, folder: Path) -> Iterator[Entry]:
    """The entries of a real folder inside `root` as the system lists them (unsorted, one at a time: a folder
    of 200,000 articles is never a list); nothing when the folder does not exist.

    Raises FileRefused when the folder is (or is reached through) a link, so nothing outside the root is listed.
    Entries are typed from the folder listing itself, never by following a link.
    """
    parts = _relative_parts(root, folder)
    if parts is None:
        raise FileRefused("unsafe-file", str(folder), "lies outside the corpus root")
    shown = "/".join(parts) or "."
    if kind_of(root, folder) == "missing":
        return
    fd = _open_folder_chain(root, parts, shown)
    try:
        with os.scandir(fd) as scan:
            for item in scan:
                kind: EntryKind = ("link" if item.is_symlink() else "folder" if item.is_dir(follow_symlinks=False)
                                   else "file" if item.is_file(follow_symlinks=False) else "special")
                yield Entry(folder / item.name, kind)
    finally:
        os.close(fd)


def list_folder(root: Path, folder: Path) -> list[Entry]:
    """The entries of a real folder inside `root`, sorted by name (iter_folder); [] when it does not exist."""
    return sorted(iter_folder(root, folder), key=lambda e: e.path.name)


def walk_files(root: Path, folder: Path) -> Iterator[Entry]:
    """Every entry below `folder` that is not a real folder (files, links, special files), depth first, sorted;
    links are reported, never entered."""
    for entry in list_folder(root, folder):
        if entry.kind == "folder":
            yield from walk_files(root, entry.path)
        else:
            yield entry


# --- writing ---------------------------------------------------------------------------------------------


def _ensure_real_folders(root: Path, parts: Sequence[str], shown: str) -> int:
    """Descriptor of root/parts..., creating missing folders; refuses links and non-folders on the way."""
    if _kind_at(root) == "missing":  # a new corpus or output place the user named
        try:
            Path(root).mkdir(parents=True)
        except OSError as exc:
            raise OutputRefused(f"{shown}: cannot create {root}: {exc.strerror}") from None
    fd = _open_folder_chain(root, (), shown)
    for name in parts:
        try:
            os.mkdir(name, 0o755, dir_fd=fd)
        except FileExistsError:
            pass
        except OSError as exc:
            os.close(fd)
            raise OutputRefused(f"{shown}: cannot create folder {name}: {exc.strerror}") from None
        try:
            child = os.open(name, _DIR_FLAGS, dir_fd=fd)
        except OSError:
            os.close(fd)
            raise OutputRefused(f"{shown}: a folder on the way ({name}) is a symbolic link or not a folder; "
                                "nothing is written through a link") from None
        os.close(fd)
        fd = child
    return fd


def _folder_of(root: Path, path: Path, shown: str) -> tuple[int, str]:
    """(descriptor of the real folder that holds `path`, created as needed; the file's name in it)."""
    parts = _relative_parts(root, path)
    if not parts:
        raise OutputRefused(f"{shown}: lies outside the folder {root}; nothing is written there")
    try:
        return _ensure_real_folders(root, parts[:-1], shown), parts[-1]
    except FileRefused as exc:
        raise OutputRefused(str(exc)) from None


def write_bytes(root: Path, path: Path, data: bytes, shown: str | None = None) -> None:
    """Replace the file `path` inside `root` atomically, creating real folders as needed, never through a link."""
    shown = _shown(root, path, shown)
    folder, name = _folder_of(root, path, shown)
    try:
        _write_in_folder(folder, name, data, shown)
    finally:
        os.close(folder)


def _write_in_folder(folder: int, name: str, data: bytes, shown: str) -> None:
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputRefused(f"{shown}: exists and is not a regular file (a link, folder or special file); "
                            "it is left as it is")
    temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise



def remove_written(root: Path, folder: Path, names: Iterable[str]) -> None:
    """Undo a command's own unfinished output: remove the files `names` it wrote in `folder` (inside `root`,
    reached through real folders only, never through a link), then the folder once it is empty."""
    parts = _relative_parts(root, folder)
    if not parts:
        raise OutputRefused(f"{folder}: lies outside the folder {root}; nothing is removed there")
    shown = "/".join(parts)
    try:
        fd = _open_folder_chain(root, parts[:-1], shown)
    except FileRefused as exc:
        raise OutputRefused(str(exc)) from None
    try:
        try:
            inner = os.open(parts[-1], _DIR_FLAGS, dir_fd=fd)
        except OSError as exc:  # a link put there since (O_NOFOLLOW), or not a folder: nothing is removed
            raise OutputRefused(f"{shown}: is a symbolic link or not a folder ({exc.strerror}); nothing is "
                                "removed through it") from None
        try:
            for name in names:
                with suppress(FileNotFoundError):
                    if stat.S_ISREG(os.stat(name, dir_fd=inner, follow_symlinks=False).st_mode):
                        os.unlink(name, dir_fd=inner)
        finally:
            os.close(inner)
        with suppress(OSError):  # not empty: something else is there, and it is left alone
            os.rmdir(parts[-1], dir_fd=fd)
    finally:
        os.close(fd)

CORPUS_DATA_FOLDERS: Final = ("articles", "annotations", "registry")


def _data_folder_of(target: Path, root: Path) -> str | None:
    """The data folder of the corpus `root` that `target` lies in, as named or as reached through links (a
    pull request can commit tools/out -> ../annotations/human, and an absolute path through it is no link
    below the current folder), or None."""
    for place, base in ((Path(os.path.abspath(target)), Path(os.path.abspath(root))),
                        (Path(os.path.realpath(target)), Path(os.path.realpath(root)))):
        for name in CORPUS_DATA_FOLDERS:
            if place.is_relative_to(base / name):
                return name
    return None


def _check_user_file(path: Path, protected: Iterable[Path]) -> None:
    """OutputRefused unless `write_user_file` may replace `path` (the checks it makes before writing)."""
    refuse_link_below_cwd(path)
    for root in protected:
        name = _data_folder_of(path, root)
        if name is not None:
            raise OutputRefused(f"{path}: lies inside the corpus's {name}/ folder; choose another file")
    if _kind_at(os.path.abspath(path)) not in ("missing", "file"):
        raise OutputRefused(f"{path}: exists and is not a regular file (a link, folder or special file); it is left "
                            "as it is")


def write_user_file(path: Path, data: bytes, protected: Iterable[Path] = ()) -> None:
    """Replace a file the user named (an export, a report) atomically; a link or special file there, a link on
    the way below the current folder, or a place inside a `protected` corpus's data folders is refused (an
    export named annotations/human/<doc>.jsonl would replace gold)."""
    write_user_files({path: data}, protected)


def write_user_files(outputs: dict[Path, bytes], protected: Iterable[Path] = ()) -> None:
    """`write_user_file` for several files that belong together (an export and its config): every target is
    checked before any is written, and a failed write puts back the ones already replaced."""
    protected = list(protected)
    for path in outputs:
        _check_user_file(path, protected)
    folders: list[int] = []
    done: list[tuple[int, str, bytes | None, str]] = []  # (folder descriptor, name, previous bytes, shown)
    try:
        for path, data in outputs.items():
            absolute = Path(os.path.abspath(path))
            folder, name = _folder_of(absolute.parent, absolute, str(path))
            folders.append(folder)
            try:  # what was there, read through the folder's descriptor, never through a link
                with os.fdopen(os.open(name, _OPEN_FLAGS, dir_fd=folder), "rb") as handle:
                    os.set_blocking(handle.fileno(), True)
                    previous: bytes | None = handle.read()
            except FileNotFoundError:
                previous = None
            except OSError as exc:  # swapped for a link or special file since it was checked
                raise OutputRefused(f"{path}: cannot read what is there ({exc.strerror}); it is left as it is") \
                    from None
            _write_in_folder(folder, name, data, str(path))
            done.append((folder, name, previous, str(path)))
    except BaseException:
        for folder, name, previous, shown in reversed(done):
            with suppress(OSError, CorpusError):
                if previous is None:
                    os.unlink(name, dir_fd=folder)  # the regular file this call wrote; a link is not followed
                else:
                    _write_in_folder(folder, name, previous, shown)
        raise
    finally:
        for folder in folders:
            os.close(folder)


def write_all_or_none(root: Path, files: dict[Path, bytes]) -> None:
    """Replace several corpus files so that either all change or none does (an import of several documents).

    Every target is checked and its new content staged beside it first; then the targets are renamed into
    place one by one, and if one rename fails the ones already replaced get their previous bytes back.
    """
    staged: list[tuple[int, str, str, bytes | None, str]] = []  # (folder fd, name, temporary, previous, shown)
    try:
        for path, data in files.items():
            shown = _shown(root, path, None)
            folder, name = _folder_of(root, path, shown)
            try:
                previous = read_bytes(root, path, "annotations", shown) if kind_of(root, path) != "missing" \
                    else None
            except FileRefused as exc:
                os.close(folder)
                raise OutputRefused(f"{shown}: exists and is not a regular file; it is left as it is "
                                    f"({exc.message})") from None
            temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
            except OSError:
                os.close(folder)
                raise
            staged.append((folder, name, temporary, previous, shown))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        done: list[tuple[int, str, bytes | None, str]] = []
        try:
            for folder, name, temporary, previous, shown in staged:
                os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
                done.append((folder, name, previous, shown))
        except BaseException:
            for folder, name, previous, shown in reversed(done):
                if previous is None:
                    os.unlink(name, dir_fd=folder)
                else:
                    _write_in_folder(folder, name, previous, shown)
            raise
    finally:
        for folder, _, temporary, _, _ in staged:
            with suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            os.close(folder)


# --- output folders --------------------------------------------------------------------------------------


def _read_marker(folder: Path) -> dict | None:
    """The marker of a folder a command wrote, or None when there is none (or it is not a regular JSON file)."""
    try:
        data = read_bytes(folder, folder / OUTPUT_MARKER, "document")
        marker = json.loads(data)
    except (FileRefused, ValueError):
        return None
    if not (isinstance(marker, dict) and marker.get("tool") == "nato-corpus" and isinstance(marker.get("command"), str)
            and isinstance(marker.get("files", []), list) and all(isinstance(f, str) for f in marker.get("files", []))):
        return None  # not one this package wrote (a forged or damaged marker makes the folder "not ours")
    return marker


def _refusal(target: Path, command: str, protected: Iterable[Path]) -> str | None:
    """Why `command` must not replace `target`, or None when it may."""
    for root in protected:
        if Path(os.path.abspath(root)).is_relative_to(target):
            return "is a corpus folder or contains one; choose another folder"
        name = _data_folder_of(target, root)
        if name is not None:
            return f"lies inside the corpus's {name}/ folder; choose another folder"
    home = Path(os.path.abspath(Path.home()))
    if home.is_relative_to(target):
        return "is your home folder or contains it; choose another folder"
    kind = _kind_at(target)
    if kind == "missing":
        return None
    if kind == "link":
        return "is a symbolic link; outputs are never written through a link (remove it or choose another folder)"
    if kind != "folder":
        return "exists and is not a folder"
    entries = list_folder(target, target)
    if not entries:
        return None
    marker = _read_marker(target)
    if marker is None and command == "build" and any(e.path.name == "SHA256SUMS" for e in entries):
        return (f"looks like a build by nato-corpus 0.2 or older, which wrote no {OUTPUT_MARKER}; delete it once "
                "yourself (later builds replace their own output)")
    if marker is None or marker.get("command") != command:
        return (f"exists and was not written by nato-corpus {command} (no {OUTPUT_MARKER} of its own); "
                "remove it or choose another folder")
    listed = set(marker.get("files") or [])
    present = {entry.path.relative_to(target).as_posix() for entry in walk_files(target, target)} - {OUTPUT_MARKER}
    unknown = sorted(present - listed)
    if unknown:
        return (f"holds {unknown[0]!s}, which nato-corpus {command} did not write; remove it or choose "
                "another folder")
    return None


def _clean_leftovers(parent: Path, name: str, command: str) -> None:
    """Remove staging folders of killed runs of `command` for `name` (their writer's process is gone)."""
    for entry in list_folder(parent, parent):
        candidate = entry.path.name
        if entry.kind != "folder" or not candidate.startswith(f".{name}.") or \
                not candidate.endswith(_STAGING_SUFFIXES):
            continue
        marker = _read_marker(entry.path)
        if marker is None or marker.get("command") != command or _process_alive(marker.get("pid")):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)


def _process_alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _marker_bytes(command: str, files: Sequence[str]) -> bytes:
    return (json.dumps({"tool": "nato-corpus", "command": command, "pid": os.getpid(), "files": sorted(files)},
                       indent=1) + "\n").encode("utf-8")


@contextmanager
def _staging(parent: Path, name: str, command: str) -> Iterator[Path]:
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".building", dir=parent))
    try:
        (staging / OUTPUT_MARKER).write_bytes(_marker_bytes(command, []))
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_output_folder(target: Path, command: str, protected: Iterable[Path] = (), shown: str | None = None) -> None:
    """Raise OutputRefused now when `command` could not replace `target` (before any long work is done)."""
    problem = _refusal(Path(os.path.abspath(target)), command, [Path(os.path.abspath(p)) for p in protected])
    if problem:
        raise OutputRefused(f"{shown if shown is not None else target}: {problem}")


def replace_output_folder(target: Path, command: str, fill: Callable[[Path], None],
                          protected: Iterable[Path] = (), shown: str | None = None) -> Path:
    """Build an output folder with `fill(staging)` and swap it in for `target`, if `command` may replace it.

    `protected` are the corpus roots whose files must never be deleted.  Returns the absolute target.
    """
    shown = shown if shown is not None else str(target)
    if target.parent != target:
        refuse_link_below_cwd(target.parent, shown)  # the target itself may not be a link anywhere (below)
    target = Path(os.path.abspath(target))
    protected = [Path(os.path.abspath(p)) for p in protected]
    problem = _refusal(target, command, protected)
    if problem:
        raise OutputRefused(f"{shown}: {problem}")
    parent = target.parent
    created = [folder for folder in (parent, *parent.parents) if _kind_at(folder) == "missing"]  # deepest first
    if created:
        try:
            parent.mkdir(parents=True)
        except OSError as exc:
            raise OutputRefused(f"{shown}: cannot create {parent}: {exc.strerror}") from None
    elif _kind_at(parent) not in ("folder", "link"):  # a linked parent is the user's own choice of place
        raise OutputRefused(f"{shown}: {parent} is not a folder")
    try:
        _fill_and_swap(target, command, fill, protected, shown)
    except BaseException:
        for folder in created:  # a failed command leaves no folder it made (rmdir: only while empty)
            with suppress(OSError):
                folder.rmdir()
        raise
    return target


def _fill_and_swap(target: Path, command: str, fill: Callable[[Path], None], protected: list[Path],
                   shown: str) -> None:
    """replace_output_folder's work once the parent folder exists: staging, fill, marker, swap."""
    parent = target.parent
    _clean_leftovers(parent, target.name, command)
    with _staging(parent, target.name, command) as staging:
        fill(staging)
        written = [entry.path.relative_to(staging).as_posix() for entry in walk_files(staging, staging)
                   if entry.path.name != OUTPUT_MARKER or entry.path.parent != staging]
        (staging / OUTPUT_MARKER).write_bytes(_marker_bytes(command, written))
        staging.chmod(0o755)
        problem = _refusal(target, command, protected)  # again: something may have appeared meanwhile
        if problem:
            raise OutputRefused(f"{shown}: {problem}")
        if _kind_at(target) == "folder":
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            (retired / OUTPUT_MARKER).write_bytes(_marker_bytes(command, []))
            target.rename(retired / "previous")
            try:
                staging.rename(target)
            except OSError:
                (retired / "previous").rename(target)
                shutil.rmtree(retired, ignore_errors=True)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(target)


def own_output_problem(folder: Path, command: str) -> str | None:
    """Why `folder` is not exactly what `command` wrote (a link, no marker of its own, a file it did not write),
    or None: what ``publish`` checks before it uploads a build."""
    folder = Path(os.path.abspath(folder))
    if _kind_at(folder) != "folder" or link_below_cwd(folder) is not None:
        return "is not a real folder (a link, a file or missing)"
    marker = _read_marker(folder)
    if marker is None or marker.get("command") != command:
        return f"was not written by nato-corpus {command} (no {OUTPUT_MARKER} of its own)"
    present = {entry.path.relative_to(folder).as_posix() for entry in walk_files(folder, folder)} - {OUTPUT_MARKER}
    if present != set(marker.get("files") or []):
        return f"holds other files than nato-corpus {command} wrote"
    return None


def output_files(folder: Path) -> list[str]:
    """The files a command wrote into `folder`, as listed by its marker (relative POSIX paths)."""
    marker = _read_marker(folder)
    return sorted(marker.get("files") or []) if marker else []
