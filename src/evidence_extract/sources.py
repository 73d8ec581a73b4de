"""Stage 1a — where a document's bytes come from, and what discovery passed over.

A *source* is a small picklable value whose `read()` gives a document's
bytes; it is called in the worker that processes the document, so a file
that vanishes or cannot be read is that document's error row, not the
run's. Sources travel to worker processes and to Dask workers.

An `InputDocument` is a doc_id and its source, plus what its container
(a web archive) already knows of it: its format and the address it was
fetched from. A file found on its own knows neither: its format comes from
its suffix and its address, if any, from the page itself.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Protocol

from .load import PageFormat


class SourceError(Exception):
    """A document's bytes cannot be had; the message is its error row's."""


class Source(Protocol):
    def read(self) -> bytes: ...


@dataclass(frozen=True)
class FileSource:
    """A file on a local (or shared) file system. `path` is the OS path as
    Python gives it (undecodable bytes as surrogates)."""

    path: str

    def open(self) -> IO[bytes]:
        # Opened without blocking and checked, so a FIFO named `x.html`
        # (or a file replaced by one) cannot hang the run.
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as error:
            raise SourceError(f"cannot read the file: {error.strerror or error}") from error
        fh = os.fdopen(fd, "rb")
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            fh.close()
            raise SourceError("not a regular file (a FIFO, socket or device)")
        return fh

    def read(self) -> bytes:
        with self.open() as fh:
            try:
                return fh.read()
            except OSError as error:
                raise SourceError(f"cannot read the file: {error.strerror or error}") from error


@dataclass(frozen=True)
class UrlSource:
    """A file behind an fsspec URL (`s3://bucket/page.html`): read where
    the document is processed, so Dask workers fetch their own inputs."""

    url: str

    def open(self) -> IO[bytes]:
        import fsspec

        try:
            return fsspec.open(self.url, "rb").open()
        except (OSError, ValueError) as error:
            raise SourceError(f"cannot read {self.url}: {error}") from error

    def read(self) -> bytes:
        try:
            with self.open() as fh:
                return fh.read()
        except (OSError, ValueError) as error:
            raise SourceError(f"cannot read {self.url}: {error}") from error


@dataclass(frozen=True)
class BrokenSource:
    """An entry found during discovery that cannot be a document (a symlink
    loop, a folder that cannot be listed, a damaged web archive): reported
    as an error row."""

    reason: str

    def read(self) -> bytes:
        raise SourceError(self.reason)


@dataclass(frozen=True)
class InputDocument:
    doc_id: str
    source: Source
    # Known from the container, not the doc_id's suffix: a web archive's
    # record is `warc-html` or `warc-text` by its Content-Type.
    format: PageFormat | None = None
    # The address the page was fetched from (a record's WARC-Target-URI):
    # feeds `site` when the page states no address of its own.
    url: str = ""


class SkipReason(StrEnum):
    """Why a web archive's record is not a document (the run's summary
    counts each)."""

    NOT_RESPONSE = "not a response"  # request, metadata, warcinfo, resource, ... records
    REVISIT = "revisit"  # "same as an earlier capture": no payload of its own
    NOT_PAGE = "not HTML or text"  # images, CSS, scripts, PDFs, no Content-Type
    NOT_OK = "not status 200"  # redirects, error pages, partial content
    DUPLICATE = "duplicate payload"  # the same bytes as an earlier record of the archive


@dataclass
class Skipped:
    """What discovery passed over, for the run's summary line: files of an
    unknown type found while walking folders (by extension) and web-archive
    records that are not documents (by reason)."""

    files: Counter[str] = field(default_factory=Counter)
    records: Counter[SkipReason] = field(default_factory=Counter)

    def add_file(self, name: str) -> None:
        base = name.rsplit("/", 1)[-1]
        suffix = os.path.splitext(base)[1].lower()
        self.files[suffix or "no extension"] += 1

    def line(self, shown: int = 4) -> str:
        """`3 files of unknown type (.json, .pdf); 5 WARC records (4 not a
        response, 1 duplicate payload)`, or "" when nothing was skipped."""
        parts = []
        n_files = sum(self.files.values())
        if n_files:
            kinds = sorted(self.files, key=lambda k: (-self.files[k], k))
            more = ", ..." if len(kinds) > shown else ""
            plural = "s" if n_files != 1 else ""
            parts.append(
                f"{n_files} file{plural} of unknown type ({', '.join(kinds[:shown])}{more})"
            )
        n_records = sum(self.records.values())
        if n_records:
            reasons = ", ".join(
                f"{self.records[r]} {r.value}" for r in SkipReason if self.records[r]
            )
            plural = "s" if n_records != 1 else ""
            parts.append(f"{n_records} WARC record{plural} ({reasons})")
        return "; ".join(parts)
