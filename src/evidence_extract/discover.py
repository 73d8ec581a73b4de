"""Stage 1b — find the input documents and name them.

Discovery yields `InputDocument`s: a `doc_id` and a *source* the bytes are
read from later, in the worker that processes the document (so a file that
vanishes or cannot be read is that document's error row, not the run's).
One input file usually gives one document; a container format (a web
archive) registers an expander in `CONTAINERS` that yields several, each
with its own doc_id and source. Sources are small picklable values, so they
travel to worker processes and to Dask workers.

Naming (docs/OUTPUT.md): a folder's files are named by their path relative
to it, `/`-separated; a file given directly by its name. File names are
bytes on POSIX and need not be UTF-8: a doc_id is the name decoded as UTF-8
with every byte that is not valid UTF-8 written `\\xNN` and a backslash
written `\\\\`, so it is valid text and maps back to exactly one name
(`doc_id_bytes`).

Folders are walked with symlinks followed; a link back to a folder that
contains it (a loop) is reported as an error row instead of being walked.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .load import INPUT_SUFFIXES, InputError

# A web archive or other container: its suffix -> a function that turns the
# container (its doc_id and source) into the documents inside it.
Expander = Callable[[str, "Source"], Iterable["InputDocument"]]
CONTAINERS: dict[str, Expander] = {}


class SourceError(Exception):
    """A document's bytes cannot be had; the message is its error row's."""


@dataclass(frozen=True)
class FileSource:
    """A file on a local (or shared) file system. `path` is the OS path as
    Python gives it (undecodable bytes as surrogates)."""

    path: str

    def read(self) -> bytes:
        # Opened without blocking and checked, so a FIFO named `x.html`
        # (or a file replaced by one) cannot hang the run.
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as error:
            raise SourceError(f"cannot read the file: {error.strerror or error}") from error
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise SourceError("not a regular file (a FIFO, socket or device)")
            try:
                return fh.read()
            except OSError as error:
                raise SourceError(f"cannot read the file: {error.strerror or error}") from error


@dataclass(frozen=True)
class UrlSource:
    """A file behind an fsspec URL (`s3://bucket/page.html`): read where
    the document is processed, so Dask workers fetch their own inputs."""

    url: str

    def read(self) -> bytes:
        import fsspec

        try:
            with fsspec.open(self.url, "rb") as fh:
                return fh.read()
        except (OSError, ValueError) as error:
            raise SourceError(f"cannot read {self.url}: {error}") from error


@dataclass(frozen=True)
class BrokenSource:
    """An entry found during discovery that cannot be a document (a symlink
    loop, a folder that cannot be listed): reported as an error row."""

    reason: str

    def read(self) -> bytes:
        raise SourceError(self.reason)


Source = FileSource | UrlSource | BrokenSource


@dataclass(frozen=True)
class InputDocument:
    doc_id: str
    source: Source


def doc_id_from_name(name: str) -> str:
    r"""A relative path (as the OS gives it) as a doc_id: valid UTF-8 text,
    undecodable bytes as `\xNN`, backslashes doubled.

    >>> doc_id_from_name("caf\udce9/a\\b.html")
    'caf\\xe9/a\\\\b.html'
    """
    raw = os.fsencode(name).replace(b"\\", b"\\\\")
    return raw.decode("utf-8", errors="backslashreplace")


ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def doc_id_bytes(doc_id: str) -> bytes:
    r"""The file name bytes a doc_id stands for (the inverse of
    `doc_id_from_name`).

    >>> doc_id_bytes('caf\\xe9/a\\\\b.html')
    b'caf\xe9/a\\b.html'
    """
    parts: list[bytes] = []
    end = 0
    for match in ESCAPE.finditer(doc_id):
        parts.append(doc_id[end : match.start()].encode("utf-8"))
        code = match.group(1)
        parts.append(b"\\" if code == "\\" else bytes([int(code[1:], 16)]))
        end = match.end()
    parts.append(doc_id[end:].encode("utf-8"))
    return b"".join(parts)


def is_url(name: str) -> bool:
    return "://" in name


def _is_input_name(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in INPUT_SUFFIXES or suffix in CONTAINERS


def _expand(doc_id: str, source: Source) -> Iterable[InputDocument]:
    expander = CONTAINERS.get(os.path.splitext(doc_id)[1].lower())
    return expander(doc_id, source) if expander else [InputDocument(doc_id, source)]


def _walk(root: str) -> Iterator[tuple[str, Source]]:
    """(relative name, source) of every input below `root`, links followed."""
    top = os.stat(root)
    stack = [(root, "", ((top.st_dev, top.st_ino),))]
    while stack:
        folder, prefix, ancestors = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            if not prefix:
                raise InputError(f"cannot list input folder {root}: {error.strerror}") from error
            yield (
                prefix.rstrip("/"),
                BrokenSource(f"cannot list the folder: {error.strerror or error}"),
            )
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                info = entry.stat()  # follows a symlink
            except OSError as error:
                if error.errno == errno.ELOOP:
                    yield name, BrokenSource("symlink loop: the link resolves to itself")
                elif _is_input_name(entry.name):
                    yield name, FileSource(entry.path)  # a dangling link: an error row on read
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in ancestors:
                    yield (
                        name,
                        BrokenSource(
                            "symlink loop: the link points back to a folder that contains it; "
                            "not followed"
                        ),
                    )
                else:
                    stack.append((entry.path, name + "/", (*ancestors, key)))
            elif _is_input_name(entry.name):
                yield name, FileSource(entry.path)


def _url_inputs(url: str) -> list[tuple[str, Source]]:
    try:
        import fsspec
    except ImportError as error:
        raise InputError(
            f"{url}: reading URLs needs fsspec and the package of its file system "
            "(e.g. `pip install s3fs`)"
        ) from error
    try:
        fs, path = fsspec.core.url_to_fs(url)
        if fs.isdir(path):
            base = path.rstrip("/") + "/"
            found = [p for p in sorted(fs.find(path)) if _is_input_name(p.rsplit("/", 1)[-1])]
            return [(p[len(base) :], UrlSource(fs.unstrip_protocol(p))) for p in found]
        if fs.isfile(path):
            return [(path.rsplit("/", 1)[-1], UrlSource(url))]
    except (ImportError, ValueError, OSError) as error:
        raise InputError(f"cannot read input {url}: {error}") from error
    raise InputError(f"input not found: {url}")


def _inputs(root: str) -> list[tuple[str, Source]]:
    """(relative name, source) of each input below one INPUT."""
    if is_url(root):
        return _url_inputs(root)
    if os.path.isdir(root):
        return list(_walk(root))
    if os.path.isfile(root):
        return [(os.path.basename(root), FileSource(root))]
    raise InputError(f"input not found: {root}")


def _where(source: Source) -> tuple[str, str]:
    """(identity, name for messages) of a source: one file reached by two
    paths is one identity."""
    if isinstance(source, FileSource):
        return os.path.realpath(source.path), source.path
    if isinstance(source, UrlSource):
        return source.url, source.url
    return repr(source), source.reason


def discover(inputs: Sequence[str | Path]) -> list[InputDocument]:
    """Expand files and folders into named documents, sorted by doc_id.

    Two inputs with the same doc_id would overwrite each other's clean text
    and make the tables ambiguous, so that is an error naming both; the same
    file reached twice is one document.
    """
    found: dict[str, tuple[tuple[str, str], InputDocument]] = {}
    for root in map(os.fspath, inputs):
        for name, source in _inputs(root):
            where = _where(source)
            for doc in _expand(doc_id_from_name(name), source):
                earlier = found.get(doc.doc_id)
                if earlier and earlier[0][0] != where[0]:
                    raise InputError(
                        f"two inputs give the same doc_id {doc.doc_id!r}: "
                        f"{earlier[0][1]} and {where[1]}"
                    )
                found[doc.doc_id] = (where, doc)
    return [found[doc_id][1] for doc_id in sorted(found)]


def local_roots(inputs: Sequence[str | Path]) -> list[Path]:
    """The inputs that are local paths, resolved (for the OUTDIR checks)."""
    return [Path(os.path.realpath(p)) for p in map(os.fspath, inputs) if not is_url(p)]
