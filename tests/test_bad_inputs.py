"""Every bad input is one row of documents.csv, and the run goes on.

One run over a folder of generated bad inputs beside good pages; each case
is checked by its status and message (or, for inputs that decode, by the
`encoding` column and the clean text).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from evidence_extract.batch import run

from .batch_support import documents, page, resume, start_paused

NAMES = "Muñoz A, Calabrò L and Gómez-Martín C: survival"
DEEP = 20_000
HUGE_BYTES = 60_000_000
LONG_NAME = "n" * 250 + ".html"  # 255 bytes, the most a file name may have


def _huge_page() -> bytes:
    """A 60 MB page: an inline script bundle and style sheet (as saved by
    "save as single file") full of things that look like evidence."""
    script = 'var t = "P = .05 [12] 45%"; function f(x) { return x < 1 && x > 0; }\n'
    style = ".c { margin: 0 } /* P = .05 [12] */\n"
    head_size = HUGE_BYTES - len(page()) - 40
    scripts = script * (head_size // 2 // len(script))
    styles = style * ((head_size - len(scripts)) // len(style))
    head = f"<script>{scripts}</script><style>{styles}</style>"
    return page(head=head).encode("utf-8")


def _bad_inputs(root: Path) -> None:
    root.mkdir()
    (root / "good.html").write_text(page(), encoding="utf-8")
    (root / "empty.html").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"  \n\t\n")
    (root / "binary.html").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    )
    (root / "utf16-bom.html").write_bytes(page(who=NAMES).encode("utf-16"))
    (root / "utf16-no-bom.html").write_bytes(page(who=NAMES).encode("utf-16-le"))
    (root / "cp1252.html").write_bytes(page(who=NAMES).encode("cp1252"))  # no charset
    damaged = page(who=NAMES).encode("utf-8").replace(b"trial", b"tri\xffl", 1)
    (root / "invalid-utf8.html").write_bytes(damaged)
    full = page().encode("utf-8")
    (root / "truncated.html").write_bytes(full[: full.index(b"Another")])
    nested = (
        "<div>" * DEEP + "<p>Deep inside, survival was 45% in most trials.</p>" + "</div>" * DEEP
    )
    (root / "deep.html").write_text(page(body=nested), encoding="utf-8")
    (root / "deep-unclosed.html").write_text(page(body="<div><span>" * DEEP), encoding="utf-8")
    (root / "huge.html").write_bytes(_huge_page())
    hidden = (
        "<script>var p = 'P = .05'; var c = '[12]';</script><style>/* P = .05 [12] */</style>"
        "<noscript>P = .05 [12]</noscript><template><p>P = .05 [12]</p></template>"
    )
    (root / "scripts.html").write_text(page(head=hidden, body=hidden), encoding="utf-8")
    (root / "dangling.html").symlink_to(root / "no-such-page.html")
    (root / "self-loop.html").symlink_to(root / "self-loop.html")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    os.mkfifo(root / "fifo.html")
    with open(os.path.join(os.fsencode(root), b"caf\xe9-latin1-name.html"), "wb") as fh:
        fh.write(page().encode("utf-8"))
    (root / LONG_NAME).write_text(page(), encoding="utf-8")  # its clean/ name is too long


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    base = tmp_path_factory.mktemp("bad-inputs")
    _bad_inputs(base / "in")
    out = base / "out"
    return run([base / "in"], out, jobs=2), out


EXPECTED_ERRORS = {
    "empty.html": "the file is empty",
    "blank.txt": "the file is empty",
    "binary.html": "the file is binary",
    "dangling.html": "cannot read the file: No such file or directory",
    "self-loop.html": "symlink loop",
    "sub/up": "symlink loop",
    "fifo.html": "not a regular file",
    LONG_NAME: "its clean text cannot be written: the file name is too long",
}
# processed or one clear error: test_truncated_and_deeply_nested_html_are_processed_or_explained
EITHER = {"deep.html"}


def test_each_bad_input_is_one_error_row_and_the_run_goes_on(bad_run) -> None:
    code, out = bad_run
    assert code == 1
    docs = documents(out)
    assert docs.index.is_unique
    for doc_id, message in EXPECTED_ERRORS.items():
        assert docs.loc[doc_id, "status"] == "error", doc_id
        assert message in docs.loc[doc_id, "error"], (doc_id, docs.loc[doc_id, "error"])
        assert "\n" not in docs.loc[doc_id, "error"]
    ok = docs[docs["status"] == "ok"]
    assert set(ok.index) == set(docs.index) - set(EXPECTED_ERRORS) - (EITHER - set(ok.index))
    assert (
        docs.loc["good.html", ["n_percentages", "n_p_values", "n_citations"]] == ["2", "1", "2"]
    ).all()


@pytest.mark.parametrize(
    ("doc_id", "encoding"),
    [
        ("utf16-bom.html", "utf-16-le (byte-order mark)"),
        ("utf16-no-bom.html", "utf-16-le (no byte-order mark)"),
        ("cp1252.html", "windows-1252 (undeclared, not UTF-8)"),
    ],
)
def test_pages_in_other_encodings_are_decoded_and_say_how(bad_run, doc_id, encoding) -> None:
    _, out = bad_run
    assert documents(out).loc[doc_id, "encoding"] == encoding
    clean = (out / "clean" / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert NAMES in clean  # not Muńoz, not Calabrň


def test_invalid_utf8_bytes_are_replaced_and_noted(bad_run) -> None:
    _, out = bad_run
    row = documents(out).loc["invalid-utf8.html"]
    assert (row["status"], row["encoding"]) == ("ok", "utf-8 (1 invalid bytes replaced)")
    clean = (out / "clean" / "invalid-utf8.html.txt").read_text(encoding="utf-8")
    assert "tri\ufffdl" in clean and NAMES in clean


def test_truncated_and_deeply_nested_html_are_processed_or_explained(bad_run) -> None:
    _, out = bad_run
    docs = documents(out)
    assert docs.loc["truncated.html", "n_percentages"] == "1"  # the part that arrived
    assert docs.loc["deep-unclosed.html", "status"] == "ok"
    # The cleaner walks the tree by recursion: 20,000 levels are either
    # processed (a cleaner that walks without recursion) or one clear error.
    deep = docs.loc["deep.html"]
    if deep["status"] == "ok":
        assert deep["n_percentages"] == "3"  # 85%, 45% and 40%
        assert "Deep inside" in (out / "clean" / "deep.html.txt").read_text(encoding="utf-8")
    else:
        assert deep["error"] == (
            "the page nests its elements too deeply to process (thousands of levels)"
        )


def test_scripts_and_styles_are_never_extracted_even_in_a_60_mb_page(bad_run) -> None:
    _, out = bad_run
    docs = documents(out)
    p_values = pd.read_csv(out / "p_values.csv", dtype=str, keep_default_na=False)
    cites = pd.read_csv(out / "citations.csv", dtype=str, keep_default_na=False)
    for doc_id in ("scripts.html", "huge.html"):
        assert docs.loc[doc_id, "status"] == "ok"
        assert p_values[p_values["doc_id"] == doc_id]["text"].tolist() == ["P = .007"]
        assert sorted(cites[cites["doc_id"] == doc_id]["text"]) == ["[1]", "[2]"]
        clean = (out / "clean" / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert "P = .05" not in clean and "[12]" not in clean
    assert int(docs.loc["huge.html", "n_chars_raw"]) >= HUGE_BYTES - 100


def test_a_file_name_that_is_not_utf8_gets_an_escaped_doc_id(bad_run) -> None:
    _, out = bad_run
    doc_id = "caf\\xe9-latin1-name.html"
    assert documents(out).loc[doc_id, "status"] == "ok"
    assert (out / "clean" / f"{doc_id}.txt").exists()
    sentences = pd.read_csv(out / "sentences.csv", dtype=str, keep_default_na=False)
    assert doc_id in set(sentences["doc_id"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file without read permission")
def test_a_file_without_read_permission_is_an_error_row(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.html").write_text(page(), encoding="utf-8")
    locked = tmp_path / "in" / "locked.html"
    locked.write_text(page(), encoding="utf-8")
    locked.chmod(0)
    assert run([tmp_path / "in"], tmp_path / "out") == 1
    row = documents(tmp_path / "out").loc["locked.html"]
    assert row["error"] == "cannot read the file: Permission denied"


def test_a_file_deleted_mid_run_is_an_error_row(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "stays.html").write_text(page(), encoding="utf-8")
    (tmp_path / "in" / "goes.html").write_text(page(), encoding="utf-8")
    out, control = tmp_path / "out", tmp_path / "control"
    process = start_paused([str(tmp_path / "in"), "-o", str(out), "-j", "1"], "discovered", control)
    (tmp_path / "in" / "goes.html").unlink()
    resume(control, "discovered")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    docs = documents(out)
    assert docs.loc["stays.html", "status"] == "ok"
    assert docs.loc["goes.html", "error"] == "cannot read the file: No such file or directory"
    assert "goes.html: cannot read the file" in stderr
