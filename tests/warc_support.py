"""Web archives written in the tests with warcio, the way crawlers store
pages: HTTP responses as on the wire (some gzip- and chunk-encoded),
requests beside them, records of other kinds."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def chunked(body: bytes, size: int = 1000) -> bytes:
    """HTTP/1.1 chunked transfer encoding of `body`."""
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


@dataclass
class Record:
    uri: str
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    kind: str = "response"  # or request, revisit, metadata, resource, warcinfo
    on_the_wire: bool = False  # gzip content encoding + chunked transfer encoding
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


def write_warc(path: Path, records: list[Record]) -> list[int]:
    """Write the records (`.warc.gz`: one gzip member each) and return each
    record's offset in the file."""
    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for rec in records:
            offsets.append(fh.tell())
            if rec.kind == "warcinfo":
                writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
                continue
            if rec.kind == "request":
                http = StatusAndHeaders(
                    f"GET {rec.uri} HTTP/1.1", [("Host", "example.org")], is_http_request=True
                )
                record = writer.create_warc_record(
                    rec.uri, "request", payload=io.BytesIO(b""), http_headers=http
                )
            elif rec.kind in ("response", "revisit"):
                headers = [("Content-Type", rec.content_type), *rec.extra_headers]
                body = rec.body
                if rec.on_the_wire:
                    body = chunked(gzip.compress(body))
                    headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
                http = StatusAndHeaders(rec.status, headers, protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    rec.uri,
                    rec.kind,
                    payload=io.BytesIO(b"" if rec.kind == "revisit" else body),
                    http_headers=http,
                )
            else:  # metadata, resource: no HTTP headers
                record = writer.create_warc_record(
                    rec.uri,
                    rec.kind,
                    payload=io.BytesIO(rec.body),
                    warc_content_type=rec.content_type,
                )
            writer.write_record(record)
    return offsets
