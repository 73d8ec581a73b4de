"""Web archives as input: a WARC of the dev pages gives the pages' rows;
records that are not pages, repeats and damage are counted or reported."""

from __future__ import annotations

import csv
import gzip
import pickle
from pathlib import Path

import pytest

from evidence_extract.batch import run
from evidence_extract.discover import BrokenSource, Skipped, discover
from evidence_extract.load import InputError, PageFormat
from evidence_extract.sources import SkipReason, SourceError
from evidence_extract.warc import WarcRecordSource

from .batch_support import documents, snapshot
from .conftest import PAGES
from .warc_support import Record, write_warc

# The vendored dev pages as a crawler fetched them: HTML pages at their
# canonical addresses, the text saves at WebMD addresses.
PAGE_URIS = {
    "cgov/about-cancer-treatment-side-effects-memory-cognitive-impairment-hp-pdq.html": "https://www.cancer.gov/about-cancer/treatment/side-effects/memory/cognitive-impairment-hp-pdq",
    "cgov/types-leukemia-hp-hairy-cell-treatment-pdq.html": "https://www.cancer.gov/types/leukemia/hp/hairy-cell-treatment-pdq",
    "webmd/publications-pdq-information-summaries-genetics-bhd-syndrome-hp-pdq.html": "https://www.webmd.com/cancer/birt-hogg-dub-syndrome-pdq",
    "webmd/types-gallbladder-hp-gallbladder-treatment-pdq.html": "https://www.webmd.com/cancer/gallbladder-cancer-treatment-pdq",
    "webmd-txt/about-cancer-treatment-side-effects-skin-nail-changes-pruritus-hp-pdq.txt": "https://www.webmd.com/cancer/pruritus-pdq",
    "webmd-txt/recurrent-childhood-all-webmd.txt": "https://www.webmd.com/cancer/recurrent-childhood-all",
}  # fmt: skip
# The doc_ids of those records in `crawl.warc.gz`, written out by hand from
# the naming rule (docs/OUTPUT.md), not by the code under test.
ARCHIVE_IDS = {
    "cgov/about-cancer-treatment-side-effects-memory-cognitive-impairment-hp-pdq.html": "crawl.warc.gz#https_www.cancer.gov_about-cancer_treatment_side-effects_memory_cognitive-impairment-hp-pdq",
    "cgov/types-leukemia-hp-hairy-cell-treatment-pdq.html": "crawl.warc.gz#https_www.cancer.gov_types_leukemia_hp_hairy-cell-treatment-pdq",
    "webmd/publications-pdq-information-summaries-genetics-bhd-syndrome-hp-pdq.html": "crawl.warc.gz#https_www.webmd.com_cancer_birt-hogg-dub-syndrome-pdq",
    "webmd/types-gallbladder-hp-gallbladder-treatment-pdq.html": "crawl.warc.gz#https_www.webmd.com_cancer_gallbladder-cancer-treatment-pdq",
    "webmd-txt/about-cancer-treatment-side-effects-skin-nail-changes-pruritus-hp-pdq.txt": "crawl.warc.gz#https_www.webmd.com_cancer_pruritus-pdq",
    "webmd-txt/recurrent-childhood-all-webmd.txt": "crawl.warc.gz#https_www.webmd.com_cancer_recurrent-childhood-all",
}  # fmt: skip
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def crawl_records() -> list[Record]:
    """The dev pages as a crawl: a warcinfo, each page's request and response
    (every other one gzip- and chunk-encoded as on the wire), and what a
    crawl also holds: an image, a style sheet, a redirect, the first page
    again under a tracking address (encoded differently: the same payload),
    a revisit and a metadata record."""
    records = [Record("", kind="warcinfo")]
    for i, (name, uri) in enumerate(PAGE_URIS.items()):
        html = name.endswith(".html")
        records.append(Record(uri, kind="request"))
        records.append(
            Record(
                uri,
                (PAGES / name).read_bytes(),
                "text/html; charset=utf-8" if html else "text/plain",
                on_the_wire=i % 2 == 1,
            )
        )
    first = next(iter(PAGE_URIS))
    records += [
        Record("https://www.cancer.gov/logo.png", PNG, "image/png"),
        Record("https://www.cancer.gov/site.css", b"body{color:red}", "text/css"),
        Record("https://www.cancer.gov/old", b"<html>Moved</html>", status="301 Moved Permanently"),
        Record(PAGE_URIS[first] + "?utm_source=x", (PAGES / first).read_bytes(), on_the_wire=True),
        Record(PAGE_URIS[first], kind="revisit"),
        Record(PAGE_URIS[first], b"outlinks: 3", "text/plain", kind="metadata"),
    ]
    return records


EXPECTED_SKIPS = {
    SkipReason.NOT_RESPONSE: 1 + 6 + 1,  # warcinfo, requests, metadata
    SkipReason.REVISIT: 1,
    SkipReason.NOT_PAGE: 2,  # the image and the style sheet
    SkipReason.NOT_OK: 1,  # the redirect
    SkipReason.DUPLICATE: 1,
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    write_warc(path, crawl_records())
    return path


def _rows_by_document(path: Path, names: dict[str, str], drop: tuple[str, ...] = ()) -> dict:
    """A table's rows per document (doc_id renamed through `names`), in
    file order, without the doc_id and `drop` columns."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        keep = [i for i, c in enumerate(header) if c != "doc_id" and c not in drop]
        rows: dict[str, list] = {}
        for row in reader:
            doc_id = names.get(row[header.index("doc_id")], row[header.index("doc_id")])
            rows.setdefault(doc_id, []).append([row[i] for i in keep])
    return rows


def test_a_warc_of_the_dev_pages_gives_the_pages_rows(
    crawl: Path, vendored_output: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out"
    assert run([crawl], out) == 0
    back = {archive_id: name for name, archive_id in ARCHIVE_IDS.items()}
    docs = documents(out)
    assert sorted(docs.index) == sorted(back)
    for archive_id, name in back.items():
        assert docs.loc[archive_id, "format"] == (
            "warc-html" if name.endswith(".html") else "warc-text"
        )
    tables = sorted(p.name for p in vendored_output.glob("*.csv"))
    assert tables == sorted(p.name for p in out.glob("*.csv"))
    for table in tables:
        drop = ("format",) if table == "documents.csv" else ()
        expected = _rows_by_document(vendored_output / table, {}, drop)
        got = _rows_by_document(out / table, back, drop)
        assert got == expected, table
    for name, archive_id in ARCHIVE_IDS.items():
        clean = (out / "clean" / f"{archive_id}.txt").read_bytes()
        assert clean == (vendored_output / "clean" / f"{name}.txt").read_bytes()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert (
        "; skipped: 13 WARC records (8 not a response, 1 revisit, 2 not HTML or text, "
        "1 not status 200, 1 duplicate payload); " in err
    )


def test_an_uncompressed_warc_and_two_jobs_give_the_same_bytes(crawl: Path, tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(gzip.decompress(crawl.read_bytes()))  # multi-member: one stream out
    assert run([crawl], tmp_path / "a", jobs=2) == 0
    assert run([plain], tmp_path / "b", jobs=1) == 0
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    del a["datapackage.json"], b["datapackage.json"]  # it states each file's size
    rename = lambda name: name.replace("crawl.warc.gz#", "crawl.warc#")  # noqa: E731
    assert {rename(k): v.replace(b"crawl.warc.gz#", b"crawl.warc#") for k, v in a.items()} == b


def test_a_cached_rerun_gives_the_same_bytes(crawl: Path, tmp_path: Path, capsys) -> None:
    assert run([crawl], tmp_path / "a", cache_dir=tmp_path / "cache") == 0
    assert run([crawl], tmp_path / "b", cache_dir=tmp_path / "cache") == 0
    assert "6 from the cache" in capsys.readouterr().err.splitlines()[-1]
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_skipped_records_are_counted_by_reason(crawl: Path) -> None:
    skipped = Skipped()
    docs = discover([crawl], skipped)
    assert len(docs) == 6
    assert dict(skipped.records) == EXPECTED_SKIPS
    assert not skipped.files


def test_the_same_payload_is_one_document_and_a_changed_page_a_second(tmp_path: Path) -> None:
    page = b"<html><body><h1>A</h1><p>Survival was 85%.</p></body></html>"
    changed = page.replace(b"85%", b"86%")
    path = tmp_path / "dup.warc.gz"
    write_warc(
        path,
        [
            Record("https://a.org/p", page),
            Record("https://a.org/p?ref=1", page, on_the_wire=True),  # same bytes once decoded
            Record("http://mirror.org/p", page, "text/html"),  # same bytes elsewhere
            Record("https://a.org/p", changed),  # the page again, changed: a document
            Record("https://a.org/p", changed),  # ... captured twice
        ],
    )
    skipped = Skipped()
    docs = discover([path], skipped)
    assert [d.doc_id for d in docs] == ["dup.warc.gz#https_a.org_p", "dup.warc.gz#https_a.org_p+2"]
    assert [d.source.read() for d in docs] == [page, changed]
    assert skipped.records == {SkipReason.DUPLICATE: 3}


def test_the_site_comes_from_the_target_uri_unless_the_page_states_an_address(
    tmp_path: Path,
) -> None:
    text = b"Breast Cancer Treatment\n\nSurvival was 85% in the trial of many patients.\n"
    html = (
        b'<html><head><link rel="canonical" href="https://www.webmd.com/cancer/x">'
        b"</head><body><h1>X</h1><p>Survival was 85% in the trial.</p></body></html>"
    )
    path = tmp_path / "sites.warc"
    write_warc(
        path,
        [
            Record(
                "https://www.cancer.gov/types/breast/hp/breast-treatment-pdq", text, "text/plain"
            ),
            Record("https://library.example.edu/pdq/x", html),
        ],
    )
    (tmp_path / "alone.txt").write_bytes(text)
    assert run([path, tmp_path / "alone.txt"], tmp_path / "out") == 0
    docs = documents(tmp_path / "out")
    assert (
        docs.loc["sites.warc#https_www.cancer.gov_types_breast_hp_breast-treatment-pdq", "site"]
        == "cancer.gov"
    )
    assert docs.loc["alone.txt", "site"] == ""  # the text names no site
    assert (
        docs.loc["sites.warc#https_library.example.edu_pdq_x", "site"] == "webmd"
    )  # its canonical address


# Where the file ends: inside the third record's WARC header, or inside its
# payload (for .warc.gz, inside its gzip member). warcio stops quietly at a
# gzip member cut in its header, and stumbles on a plain header cut short.
CUTS = {
    ("header", ".warc.gz"): (40, "the last 40 bytes are not a whole record (the file is cut short?)"),
    ("header", ".warc"): (40, "a record's header cannot be parsed (cut short or malformed)"),
    ("payload", ".warc.gz"): (-12, "a record is cut short (the file ends inside it)"),
    ("payload", ".warc"): (-12, "a record is cut short (the file ends inside it)"),
}  # fmt: skip


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
@pytest.mark.parametrize("where", ["header", "payload"])
def test_a_truncated_archive_keeps_the_records_before_the_damage(
    tmp_path: Path, suffix: str, where: str
) -> None:
    pages = [
        f"<html><body><h1>P{i}</h1><p>Survival was {80 + i}% overall.</p></body></html>"
        for i in range(3)
    ]
    full = tmp_path / f"full{suffix}"
    offsets = write_warc(
        full, [Record(f"https://a.org/{i}", p.encode()) for i, p in enumerate(pages)]
    )
    cut = tmp_path / f"cut{suffix}"
    data = full.read_bytes()
    at, reason = CUTS[where, suffix]
    end = offsets[2] + at if at > 0 else len(data) + at
    cut.write_bytes(data[:end])
    out = tmp_path / "out"
    assert run([cut], out) == 1
    docs = documents(out)
    assert list(docs.index) == [
        f"cut{suffix}",
        f"cut{suffix}#https_a.org_0",
        f"cut{suffix}#https_a.org_1",
    ]
    row = docs.loc[f"cut{suffix}"]
    assert (row["status"], row["format"]) == ("error", "warc")
    assert row["error"] == (
        f"the web archive is damaged at byte {offsets[2]} (after 2 records): "
        + reason
        + "; the 2 documents before it are read"
    )
    assert set(docs["status"][1:]) == {"ok"}


def test_archives_that_cannot_be_read_are_error_rows(tmp_path: Path) -> None:
    (tmp_path / "empty.warc").write_bytes(b"")
    (tmp_path / "text.warc").write_bytes(b"just some text\n" * 20)
    whole = tmp_path / "plain.warc"
    write_warc(whole, [Record(f"https://a.org/{i}", b"<p>x</p>") for i in range(2)])
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(whole.read_bytes()))
    whole.unlink()
    docs = {d.doc_id: d for d in discover([tmp_path])}
    errors = {k: d.source.reason for k, d in docs.items() if isinstance(d.source, BrokenSource)}
    assert set(errors) == {"empty.warc", "text.warc", "whole.warc.gz"}
    assert all(docs[k].format == PageFormat.WARC for k in errors)
    assert "holds no records" in errors["empty.warc"]
    assert "not a WARC file (Unknown archive format" in errors["text.warc"]
    assert "one gzip stream, not record by record (`warcio recompress`" in errors["whole.warc.gz"]


def test_without_warcio_an_archive_is_an_error_row(tmp_path: Path, monkeypatch) -> None:
    write_warc(tmp_path / "a.warc", [Record("https://a.org/", b"<p>x</p>")])
    monkeypatch.setitem(__import__("sys").modules, "warcio", None)  # `import warcio` fails
    (doc,) = discover([tmp_path / "a.warc"])
    assert doc.source.reason.startswith("reading web archives needs the optional `warc` extra")


def test_a_record_source_travels_and_notices_a_changed_archive(tmp_path: Path) -> None:
    path = tmp_path / "a.warc"
    write_warc(
        path, [Record("https://a.org/1", b"<p>one</p>"), Record("https://a.org/2", b"<p>two</p>")]
    )
    docs = discover([path])
    source = pickle.loads(pickle.dumps(docs[1].source))
    assert isinstance(source, WarcRecordSource) and source.read() == b"<p>two</p>"
    write_warc(
        path, [Record("https://a.org/other", b"<p>one</p>" * 3), Record("https://a.org/2", b"x")]
    )
    with pytest.raises(SourceError, match="the web archive changed since it was read"):
        source.read()


def test_unknown_files_in_folders_are_counted_in_the_summary(tmp_path: Path, capsys) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "p.html").write_text(
        "<h1>T</h1><p>Survival was 85% overall.</p>", encoding="utf-8"
    )
    for name in ("a.pdf", "b.json", "sub/c.JSON", "README"):
        (tmp_path / "in" / name).write_text("x", encoding="utf-8")
    skipped = Skipped()
    assert [d.doc_id for d in discover([tmp_path / "in"], skipped)] == ["p.html"]
    assert skipped.files == {".json": 2, ".pdf": 1, "no extension": 1}
    assert run([tmp_path / "in"], tmp_path / "out") == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert "; skipped: 4 files of unknown type (.json, .pdf, no extension); " in line
    # a file named on the command line is read whatever its suffix: not counted
    skipped = Skipped()
    discover([tmp_path / "in" / "a.pdf"], skipped)
    assert not skipped.files


def test_an_archive_behind_an_fsspec_url_is_read_like_a_file(crawl: Path) -> None:
    pytest.importorskip("fsspec")
    by_url = discover([crawl.as_uri()])
    by_path = discover([crawl])
    assert [d.doc_id for d in by_url] == [d.doc_id for d in by_path]
    assert [d.source.read() for d in by_url] == [d.source.read() for d in by_path]


def test_with_no_document_the_usage_error_says_what_was_skipped(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(b"%PDF-1.4")
    write_warc(tmp_path / "in" / "img.warc", [Record("https://a.org/x.png", PNG, "image/png")])
    with pytest.raises(InputError) as error:
        run([tmp_path / "in"], tmp_path / "out")
    assert str(error.value).endswith(
        "(skipped: 1 file of unknown type (.pdf); 1 WARC record (1 not HTML or text))"
    )
    assert not (tmp_path / "out").exists()
