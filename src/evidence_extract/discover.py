"""Stage 1c — find the input documents and name them.

Discovery yields `InputDocument`s: a `doc_id` and a *source* the bytes are
read from later, in the worker that processes the document (so a file that
vanishes or cannot be read is that document's error row, not the run's).
One input file usually gives one document; a container format (a web
archive, `warc.py`) registers an expander in `CONTAINERS` that yields
several, each with its own doc_id and source. Sources (`sources.py`) are
small picklable values, so they travel to worker processes and to Dask
workers. Files of an unknown type found while walking a folder, and the
records of an archive that are not documents, are counted (`Skipped`) for
the run's summary line.

Naming (docs/OUTPUT.md): a folder's files are named by their path relative
to it, `/`-separated; a file given directly by its name. File names are
bytes on POSIX and need not be UTF-8: a doc_id is the name decoded as UTF-8
with every byte that is not valid UTF-8, and every control character (a
newline in a name would split the lines of a terminal, a log or a
line-based tool), written `\\xNN` and a backslash written `\\\\`, so it is
valid, printable text and maps back to exactly one name (`doc_id_bytes`).

Folders are walked with symlinks followed; a link back to a folder that
contains it (a loop) is reported as an error row instead of being walked.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from .load import ARCHIVE_SUFFIXES, INPUT_SUFFIXES, InputError
from .sources import (
    BrokenSource,
    FileSource,
    InputDocument,
    Skipped,
    Source,
    SourceError,
    UrlSource,
)
from .warc import WarcRecordSource, expand_warc

__all__ = [
    "BrokenSource",
    "FileSource",
    "InputDocument",
    "Skipped",
    "Source",
    "SourceError",
    "UrlSource",
    "WarcRecordSource",
    "discover",
    "doc_id_bytes",
    "doc_id_from_name",
    "local_roots",
]

# A container (a web archive): its suffix -> a function that turns it (its
# doc_id and source) into the documents inside, counting what it skips.
Expander = Callable[[str, Source, Skipped], Iterable[InputDocument]]
CONTAINERS: dict[str, Expander] = {suffix: expand_warc for suffix in ARCHIVE_SUFFIXES}
# C0 control characters and DEL: escaped in a doc_id like undecodable bytes
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def doc_id_from_name(name: str) -> str:
    r"""A relative path (as the OS gives it) as a doc_id: valid UTF-8 text,
    undecodable bytes and control characters as `\xNN`, backslashes doubled.

    >>> doc_id_from_name("caf\udce9/a\\b.html")
    'caf\\xe9/a\\\\b.html'
    >>> doc_id_from_name("two\nlines.html")
    'two\\x0alines.html'
    """
    raw = os.fsencode(name).replace(b"\\", b"\\\\")
    text = raw.decode("utf-8", errors="backslashreplace")
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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


def _container(name: str) -> Expander | None:
    lowered = name.lower()
    for suffix in sorted(CONTAINERS, key=len, reverse=True):  # `.warc.gz` before `.gz`
        if lowered.endswith(suffix):
            return CONTAINERS[suffix]
    return None


def _is_input_name(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in INPUT_SUFFIXES or _container(name) is not None


def _expand(doc_id: str, source: Source, skipped: Skipped) -> Iterable[InputDocument]:
    expander = _container(doc_id)
    return expander(doc_id, source, skipped) if expander else [InputDocument(doc_id, source)]


def _walk(root: str, skipped: Skipped) -> Iterator[tuple[str, Source]]:
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
            else:
                skipped.add_file(entry.name)


def _url_inputs(url: str, skipped: Skipped) -> list[tuple[str, Source]]:
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
            found = []
            for p in sorted(fs.find(path)):
                if _is_input_name(p.rsplit("/", 1)[-1]):
                    found.append(p)
                else:
                    skipped.add_file(p)
            return [(p[len(base) :], UrlSource(fs.unstrip_protocol(p))) for p in found]
        if fs.isfile(path):
            return [(path.rsplit("/", 1)[-1], UrlSource(url))]
    except (ImportError, ValueError, OSError) as error:
        raise InputError(f"cannot read input {url}: {error}") from error
    raise InputError(f"input not found: {url}")


def _inputs(root: str, skipped: Skipped) -> list[tuple[str, Source]]:
    """(relative name, source) of each input below one INPUT."""
    if is_url(root):
        return _url_inputs(root, skipped)
    if os.path.isdir(root):
        return list(_walk(root, skipped))
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


def discover(inputs: Sequence[str | Path], skipped: Skipped | None = None) -> list[InputDocument]:
    """Expand files, folders and web archives into named documents, sorted
    by doc_id; what was passed over is counted in `skipped`.

    Two inputs with the same doc_id would overwrite each other's clean text
    and make the tables ambiguous, so that is an error naming both; the same
    file reached twice is one document.
    """
    skipped = skipped if skipped is not None else Skipped()
    found: dict[str, tuple[tuple[str, str], InputDocument]] = {}
    seen: set[tuple[str, str]] = set()
    for root in map(os.fspath, inputs):
        for name, source in _inputs(root, skipped):
            where = _where(source)
            doc_id = doc_id_from_name(name)
            if (where[0], doc_id) in seen:
                continue  # reached twice under one name: an archive is read once
            seen.add((where[0], doc_id))
            for doc in _expand(doc_id, source, skipped):
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
