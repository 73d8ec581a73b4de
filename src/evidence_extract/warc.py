"""Stage 1b — web archives (`.warc`, `.warc.gz`): one archive, many documents.

Discovery reads an archive once, record by record (never the whole archive
in memory), and turns every `response` record of status 200 whose payload
is HTML or plain text into a document: `warc-html` or `warc-text` by its
Content-Type. Each document's source is the archive and the record's
offset; the worker that processes it reads that one record again (a
`.warc.gz` is compressed record by record, so a record's gzip member starts
at its offset). Every other record is skipped and counted for the run's
summary (`SkipReason`), as is a payload seen before in the same archive:
its bytes (after the HTTP transfer and content encodings are undone) are
the same, so it would give the same rows again under another name. A crawl
split over several archives marks its repeats itself, as `revisit` records.

A damaged archive (cut short, a bad header, not a WARC) ends its reading:
the records before the damage are documents, and the archive itself gets
an error row (format `warc`) that says where the damage is.

Naming (docs/OUTPUT.md): a record's doc_id is the archive's doc_id, `#`,
and a safe form of the record's target URI (`safe_uri`) that is one file
name: the clean text `clean/<doc_id>.txt` lands beside the archive's name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import unquote

from .load import PageFormat
from .sources import (
    BrokenSource,
    FileSource,
    InputDocument,
    Skipped,
    SkipReason,
    Source,
    SourceError,
    UrlSource,
)

MISSING_WARCIO = (
    "reading web archives needs the optional `warc` extra: pip install 'evidence_extract[warc]'"
)
PAGE_TYPES = {
    "text/html": PageFormat.WARC_HTML,
    "application/xhtml+xml": PageFormat.WARC_HTML,
    "text/plain": PageFormat.WARC_TEXT,
}
READ_BLOCK = 1 << 16

# --- naming --------------------------------------------------------------

# Bytes of a URI written as they are; every other byte is `%XX`. `/` is
# written `_` (so `_` itself is `%5F`), and `~`, `+`, `@` mark a cut name, a
# later capture and a record without URI (so in a URI they are `%XX` too).
KEPT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.=")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
# A file name holds at most 255 bytes on common file systems: the archive's
# name, `#`, the safe URI, a capture mark and `.txt` must fit.
NAME_MAX = 255
CAPTURE_RESERVE = 6  # `+` and up to five digits
SAFE_MIN, SAFE_MAX = 40, 200
HASH_CHARS = 16


def safe_uri(uri: str, limit: int = SAFE_MAX) -> str:
    r"""A target URI as part of one file name: `scheme://` is written
    `scheme_`, each `/` `_`, letters, digits and `-.=` as they are (but a `.`
    after a `.`, so no name holds `..`), every other byte of its UTF-8 form
    `%XX`. A form longer than `limit` is cut and ends `~` and 16 hex digits
    of the URI's SHA-256, so two long URIs still get two names.

    >>> safe_uri("https://www.cancer.gov/types/anal/hp/anal-treatment-pdq")
    'https_www.cancer.gov_types_anal_hp_anal-treatment-pdq'
    >>> safe_uri("http://example.org/../a b/é?x=1&y_z=2")
    'http_example.org_.%2E_a%20b_%C3%A9%3Fx=1%26y%5Fz=2'
    """
    head = ""
    match = SCHEME.match(uri)
    if match:
        head, uri = match.group(1).lower() + "_", uri[match.end() :]
    out: list[str] = []
    previous = 0
    for byte in uri.encode("utf-8", errors="surrogatepass"):
        if byte == 0x2F:
            out.append("_")
        elif byte in KEPT and not (byte == previous == 0x2E):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
        previous = byte
    safe = head + "".join(out)
    if len(safe) <= limit:
        return safe
    digest = hashlib.sha256(uri_bytes(head, uri)).hexdigest()[:HASH_CHARS]
    cut = safe[: limit - HASH_CHARS - 1]
    cut = re.sub(r"%[0-9A-F]?$", "", cut)  # never half an escape
    return f"{_whole_characters(cut)}~{digest}"


def _whole_characters(cut: str) -> str:
    """A cut safe form without the escapes of a character it cut in half."""
    match = re.search(r"%([C-F][0-9A-F])((?:%[89AB][0-9A-F])*)$", cut)
    if match:
        lead = int(match.group(1), 16)
        needed = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if 1 + len(match.group(2)) // 3 < needed:
            return cut[: match.start()]
    return cut


def uri_bytes(head: str, rest: str) -> bytes:
    scheme = head[:-1] + "://" if head else ""
    return (scheme + rest).encode("utf-8", errors="surrogatepass")


def uri_from_safe(safe: str) -> str | None:
    """The target URI a safe form stands for (the scheme in lower case);
    None for a cut form, whose end only a digest stands for.

    >>> uri_from_safe("http_example.org_.%2E_a%20b_%C3%A9%3Fx=1%26y%5Fz=2")
    'http://example.org/../a b/é?x=1&y_z=2'
    """
    safe = re.sub(r"\+\d+$", "", safe)  # a later capture of the same URI
    if "~" in safe or safe.startswith("@"):
        return None
    scheme, sep, rest = safe.partition("_")
    if not sep or not SCHEME.match(scheme + "://"):
        scheme, rest = "", safe
    path = unquote(rest.replace("_", "/"), errors="surrogateescape")
    return f"{scheme}://{path}" if scheme else path


class RecordNames:
    """Names the records of one archive: `archive#safe-uri`; a later capture
    of the same URI (another payload) is `+2`, `+3`, ... in archive order."""

    def __init__(self, archive_doc_id: str) -> None:
        self.archive = archive_doc_id
        base = archive_doc_id.rsplit("/", 1)[-1].encode("utf-8")
        room = NAME_MAX - len(base) - len("#") - len(".txt") - CAPTURE_RESERVE
        self.limit = max(SAFE_MIN, min(SAFE_MAX, room))
        self.taken: dict[str, int] = {}

    def name(self, uri: str, offset: int) -> str:
        safe = safe_uri(uri, self.limit) if uri else f"@{offset}"
        n = self.taken.get(safe, 0) + 1
        self.taken[safe] = n
        return f"{self.archive}#{safe}" + (f"+{n}" if n > 1 else "")


# --- reading -------------------------------------------------------------


class Damaged(Exception):
    """The archive cannot be read on from here; the message says why."""


def _iterator(fh):
    from warcio.archiveiterator import ArchiveIterator

    class Records(ArchiveIterator):
        # warcio writes a warning to stderr when a record's length is wrong;
        # `err_count` says so, and the damage becomes an error row instead.
        INC_RECORD = ""

    return Records(fh)


def _drain(record) -> None:
    """Read the rest of the record; Damaged when the archive ends inside it."""
    stream = record.raw_stream
    while stream.read(READ_BLOCK):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise Damaged("a record is cut short (the file ends inside it)")


def _kind(record) -> PageFormat | SkipReason:
    if record.format != "warc":
        raise Damaged("not a WARC record (an ARC file, or not a web archive)")
    if record.rec_type == "revisit":
        return SkipReason.REVISIT
    if record.rec_type != "response":
        return SkipReason.NOT_RESPONSE
    headers = record.http_headers
    if headers is not None and headers.get_statuscode() != "200":
        return SkipReason.NOT_OK
    content_type = headers.get_header("Content-Type") if headers else record.content_type
    media = (content_type or "").split(";")[0].strip().lower()
    return PAGE_TYPES.get(media, SkipReason.NOT_PAGE)


def _target(record) -> str:
    return (record.rec_headers.get_header("WARC-Target-URI") or "").strip()


def expand_warc(doc_id: str, source: Source, skipped: Skipped) -> list[InputDocument]:
    """The documents of one archive (see the module's docstring)."""
    if not isinstance(source, FileSource | UrlSource):
        return [InputDocument(doc_id, source, PageFormat.WARC)]  # already an error row
    try:
        import warcio  # noqa: F401
    except ImportError:
        return [InputDocument(doc_id, BrokenSource(MISSING_WARCIO), PageFormat.WARC)]
    names = RecordNames(doc_id)
    seen: set[bytes] = set()
    docs: list[InputDocument] = []
    n_records = 0
    offset = 0  # where the record being read starts
    try:
        with source.open() as fh:
            records = _iterator(fh)
            for record in records:
                offset = records.offset
                kind = _kind(record)
                digest = hashlib.sha256()
                if isinstance(kind, PageFormat):
                    content = record.content_stream()
                    while block := content.read(READ_BLOCK):
                        digest.update(block)
                _drain(record)
                records.read_to_end()  # checks where the next record starts
                if records.err_count:
                    raise Damaged("a record's Content-Length does not match its content")
                n_records += 1
                if isinstance(kind, SkipReason):
                    skipped.records[kind] += 1
                elif digest.digest() in seen:
                    skipped.records[SkipReason.DUPLICATE] += 1
                else:
                    seen.add(digest.digest())
                    uri = _target(record)
                    read_from = WarcRecordSource(source, offset, uri)
                    docs.append(InputDocument(names.name(uri, offset), read_from, kind, uri))
                offset = records.offset  # the next record's start
            # warcio ends quietly where a record's header is cut short
            size = fh.seek(0, 2)
            if offset < size:
                raise Damaged(
                    f"the last {_n(size - offset, 'byte')} are not a whole record "
                    "(the file is cut short?)"
                )
        if not n_records:
            raise Damaged("the archive holds no records (an empty file?)")
    except SourceError as error:  # the archive cannot be opened
        docs.append(InputDocument(doc_id, BrokenSource(str(error)), PageFormat.WARC))
    except Exception as error:  # warcio's, zlib's, Damaged: the archive is damaged here
        reason = _reason(error)
        where = (
            f"at byte {offset} (after {_n(n_records, 'record')})" if n_records else "at its start"
        )
        message = f"the web archive is damaged {where}: {reason}"
        if docs:
            message += f"; the {_n(len(docs), 'document')} before it {'is' if len(docs) == 1 else 'are'} read"
        docs.append(InputDocument(doc_id, BrokenSource(message), PageFormat.WARC))
    return docs


def _reason(error: Exception) -> str:
    """What is wrong with an archive, from the error reading it raised."""
    if isinstance(error, AttributeError | TypeError | IndexError | KeyError):
        # warcio's parser stumbling on a header it cannot split
        return "a record's header cannot be parsed (cut short or malformed)"
    reason = " ".join(str(error).split()) or type(error).__name__
    if "non-chunked gzip" in reason:
        return (
            "the archive is compressed as one gzip stream, not record by record "
            "(`warcio recompress` rewrites it)"
        )
    if reason.startswith("Unknown archive format"):
        return f"not a WARC file ({reason})"
    return reason


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("s" if count != 1 else "")


@dataclass(frozen=True)
class WarcRecordSource:
    """One record of a web archive: read again where the document is
    processed (its archive's path or URL and the record's offset)."""

    archive: FileSource | UrlSource
    offset: int
    uri: str

    def read(self) -> bytes:
        try:
            import warcio  # noqa: F401
        except ImportError as error:
            raise SourceError(MISSING_WARCIO) from error
        with self.archive.open() as fh:
            try:
                fh.seek(self.offset)
                record = next(iter(_iterator(fh)), None)
                if record is None or record.rec_type != "response" or _target(record) != self.uri:
                    raise Damaged(f"another record is at byte {self.offset}")
                data = record.content_stream().read()
                _drain(record)
                return data
            except Exception as error:  # it was read whole at discovery
                reason = " ".join(str(error).split()) or type(error).__name__
                raise SourceError(
                    f"the web archive changed since it was read, or is damaged: no response "
                    f"for {self.uri} at byte {self.offset} ({reason})"
                ) from error
