"""Naming a web archive's records: one safe file name per target URI."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence_extract.batch import run
from evidence_extract.discover import discover
from evidence_extract.warc import NAME_MAX, SAFE_MAX, RecordNames, safe_uri, uri_from_safe

from .batch_support import documents
from .warc_support import Record, write_warc


@pytest.mark.parametrize(
    ("uri", "safe"),
    [
        (
            "https://www.cancer.gov/types/anal/hp/anal-treatment-pdq",
            "https_www.cancer.gov_types_anal_hp_anal-treatment-pdq",
        ),
        # a query string: `?` and `&` escaped, `=` kept
        (
            "https://www.cancer.gov/search?q=anal cancer&lang=en",
            "https_www.cancer.gov_search%3Fq=anal%20cancer%26lang=en",
        ),
        # unicode: the UTF-8 bytes, escaped
        ("https://例え.jp/ページ", "https_%E4%BE%8B%E3%81%88.jp_%E3%83%9A%E3%83%BC%E3%82%B8"),
        # `..` never appears; `_` is escaped because it stands for `/`
        ("http://a.org/../../etc/pass_wd", "http_a.org_.%2E_.%2E_etc_pass%5Fwd"),
        # empty segments and a trailing slash: one name all the same
        ("HTTP://a.org//x/", "http_a.org__x_"),
        # the marks of cut names, later captures and records without URI
        ("https://a.org/~user/a+b@c", "https_a.org_%7Euser_a%2Bb%40c"),
        # not `scheme://`: written whole
        ("urn:x:y", "urn%3Ax%3Ay"),
    ],
)
def test_safe_forms_of_target_uris(uri: str, safe: str) -> None:
    assert safe_uri(uri) == safe
    expected = uri.replace("HTTP://", "http://")  # the scheme comes back in lower case
    assert uri_from_safe(safe) == expected


def test_a_long_uri_is_cut_with_a_digest_and_two_long_uris_stay_apart() -> None:
    base = "https://www.cancer.gov/" + "a" * 5000
    one, two = safe_uri(base + "1"), safe_uri(base + "2")
    assert len(one) == len(two) == SAFE_MAX
    assert one != two
    assert one.startswith("https_www.cancer.gov_aaaa") and one[-17] == "~"
    assert uri_from_safe(one) is None  # a cut form stands for its URI only by digest
    # an escape is never cut in half
    escaped = safe_uri("https://a.org/" + "é" * 300)
    assert escaped.split("~")[0].endswith("%A9")


@given(st.text(max_size=400))
def test_every_safe_form_is_one_plain_file_name_and_reverses(path: str) -> None:
    uri = "https://example.org/" + path
    safe = safe_uri(uri)
    assert safe.isascii() and safe.isprintable()
    assert "/" not in safe and "\\" not in safe and ".." not in safe
    assert not any(ch in safe for ch in '<>:"|?*')  # not allowed in Windows file names
    assert len(safe) <= SAFE_MAX
    if "~" not in safe:
        assert uri_from_safe(safe) == uri


def test_a_record_name_fits_one_file_name_beside_a_long_archive_name() -> None:
    archive = "crawls/" + "x" * 150 + ".warc.gz"
    names = RecordNames(archive)
    uri = "https://a.org/" + "p" * 1000
    for _ in range(3):
        last = names.name(uri, 0)
    base = last.rsplit("/", 1)[-1]
    assert last.startswith(archive + "#https_a.org_ppp") and last.endswith("+3")
    # with the longest capture mark it has room for, and `.txt`
    assert len((base.removesuffix("+3") + "+99999.txt").encode()) <= NAME_MAX


def test_weird_uris_end_to_end_write_their_clean_texts_inside_clean(tmp_path: Path) -> None:
    page = "<html><body><h1>T{0}</h1><p>Survival was 8{0}% in the trial.</p></body></html>"
    uris = [
        "https://a.org/../../../../escape",
        "https://a.org/q?x=1&y=/etc/passwd",
        "https://a.org/" + "long/" * 200,
        "https://a.org/ünïcödé/",
        "https://a.org/",
    ]
    archive = tmp_path / "in" / "w.warc.gz"
    archive.parent.mkdir()
    write_warc(archive, [Record(u, page.format(i).encode()) for i, u in enumerate(uris)])
    out = tmp_path / "out"
    assert run([tmp_path / "in"], out) == 0
    docs = documents(out)
    assert len(docs) == 5 and set(docs["status"]) == {"ok"}
    written = sorted(p.relative_to(out / "clean").as_posix() for p in (out / "clean").rglob("*"))
    assert written == sorted(f"{d}.txt" for d in docs.index)  # one level: no folder made
    assert not (tmp_path / "escape.txt").exists()
    found = discover([archive])
    assert {d.url for d in found} == set(uris)
    for doc in found:  # each name reverses to its URI, but the cut one
        assert uri_from_safe(doc.doc_id.split("#", 1)[1]) in (doc.url, None)
