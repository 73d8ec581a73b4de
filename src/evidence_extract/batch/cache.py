"""`--cache DIR`: each document's result, kept by everything it depends on.

The key of a document is the digest of: its doc_id (it is in every row),
the SHA-256 of its bytes, its format when its doc_id does not tell it (a
web archive's record), the tool's version, a digest of the package's
code, rule and settings files (so an edited rule or a new release never
reuses an old result), the reference index and the output options. A re-run
reads a document's bytes to hash them and processes only the documents
whose key is not in the cache.

Entries are JSON files (never pickles: a cache folder can be shared without
letting its files run code), written atomically, `DIR/ab/abcd....json`.
Nothing is ever evicted: delete the folder to reclaim the space.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from ..load import InputError, sha256
from ..resources import tool_version
from ..schema import Table
from ..tables import RenderedDocument

PACKAGE_FILES = (".py", ".json", ".jsonl")


@cache
def code_digest() -> str:
    """Digest of every code, rule and settings file of the package."""
    digest = hashlib.sha256()
    root = resources.files(__package__.rpartition(".")[0])
    stack = [("", root)]
    files = []
    while stack:
        prefix, folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir() and item.name != "__pycache__":
                stack.append((f"{prefix}{item.name}/", item))
            elif item.name.endswith(PACKAGE_FILES):
                files.append((f"{prefix}{item.name}", item))
    for name, item in sorted(files, key=lambda pair: pair[0]):
        digest.update(name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()


def settings_digest(pmid_index: Mapping[str, str], spreadsheet_safe: bool) -> str:
    """What every document's result depends on besides its own bytes."""
    parts = [tool_version(), code_digest(), sorted(pmid_index.items()), spreadsheet_safe]
    return sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8"))


class ResultCache:
    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = settings
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"cannot use --cache {folder}: {error.strerror}") from error
        if not os.access(folder, os.W_OK):
            raise InputError(f"cannot use --cache {folder}: not writable")

    def _path(self, doc_id: str, content_sha256: str, fmt: str | None) -> Path:
        # A web archive's record is read by its Content-Type, which its
        # doc_id and bytes do not tell: its format is part of its key.
        parts = [self.settings, doc_id, content_sha256, *([fmt] if fmt else [])]
        key = sha256(json.dumps(parts).encode("utf-8"))
        return self.folder / key[:2] / f"{key}.json"

    def get(self, doc_id: str, data: bytes, fmt: str | None = None) -> RenderedDocument | None:
        path = self._path(doc_id, sha256(data), fmt)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            return RenderedDocument(
                doc_id=entry["doc_id"],
                status=entry["status"],
                error=entry["error"],
                content_sha256=entry["content_sha256"],
                clean_text=_utf8(entry["clean_text"]),
                chunks={Table(t): text.encode("utf-8") for t, text in entry["chunks"].items()},
                rows={Table(t): n for t, n in entry["rows"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # not cached, or an entry damaged by a crash: process again

    def put(self, doc: RenderedDocument, fmt: str | None = None) -> None:
        if not doc.content_sha256:  # the bytes were never read: nothing to key
            return
        path = self._path(doc.doc_id, doc.content_sha256, fmt)
        entry = {
            "doc_id": doc.doc_id,
            "status": doc.status,
            "error": doc.error,
            "content_sha256": doc.content_sha256,
            "clean_text": None if doc.clean_text is None else doc.clean_text.decode("utf-8"),
            "chunks": {t.value: data.decode("utf-8") for t, data in doc.chunks.items()},
            "rows": {t.value: n for t, n in doc.rows.items()},
        }
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)


def _utf8(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")
