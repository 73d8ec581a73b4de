"""Discovery: walking folders, naming documents, odd file names and links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidence_extract.discover import (
    BrokenSource,
    FileSource,
    SourceError,
    discover,
    doc_id_bytes,
    doc_id_from_name,
)
from evidence_extract.load import InputError


def _ids(inputs: list) -> list[str]:
    return [d.doc_id for d in discover(inputs)]


def test_discover_walks_folders_and_names_files(tmp_path: Path) -> None:
    (tmp_path / "in" / "deep").mkdir(parents=True)
    for name in ("deep/a.html", "b.txt", "c.xhtml", "d.htm", "skip.pdf", "deep/e.TXT"):
        (tmp_path / "in" / name).write_text("x", encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text("x", encoding="utf-8")
    found = _ids([tmp_path / "in", single])
    assert found == ["b.txt", "c.xhtml", "d.htm", "deep/a.html", "deep/e.TXT", "single.txt"]


def test_discover_rejects_collisions_and_missing_inputs(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="p.txt"):
        discover([tmp_path / "x", tmp_path / "y"])
    with pytest.raises(InputError, match="not found"):
        discover([tmp_path / "missing"])
    # the same file reached twice is not a collision
    assert len(discover([tmp_path / "x", tmp_path / "x" / "p.txt"])) == 1


def test_input_order_does_not_change_the_documents(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{folder}.txt").write_text("x", encoding="utf-8")
    forward = discover([tmp_path / "x", tmp_path / "y"])
    assert forward == discover([tmp_path / "y", tmp_path / "x"])
    assert [d.doc_id for d in forward] == ["x.txt", "y.txt"]


def test_symlinked_sub_folders_are_followed_and_loops_reported(tmp_path: Path) -> None:
    shared = tmp_path / "elsewhere"
    shared.mkdir()
    (shared / "linked.html").write_text("x", encoding="utf-8")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "own.html").write_text("x", encoding="utf-8")
    (root / "sub" / "shared").symlink_to(shared, target_is_directory=True)
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)  # a loop
    (root / "self.html").symlink_to(root / "self.html")  # a link to itself
    docs = {d.doc_id: d.source for d in discover([root])}
    assert set(docs) == {"self.html", "sub/own.html", "sub/shared/linked.html", "sub/up"}
    assert docs["sub/shared/linked.html"] == FileSource(str(root / "sub/shared/linked.html"))
    assert isinstance(docs["sub/up"], BrokenSource)
    assert "symlink loop" in docs["sub/up"].reason
    assert isinstance(docs["self.html"], BrokenSource)
    assert "symlink loop" in docs["self.html"].reason


def test_a_folder_linked_from_two_places_is_walked_twice_but_not_endlessly(
    tmp_path: Path,
) -> None:
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "p.txt").write_text("x", encoding="utf-8")
    (root / "a" / "to-b").symlink_to(root / "b", target_is_directory=True)
    (root / "b" / "to-a").symlink_to(root / "a", target_is_directory=True)
    found = _ids([root])
    # a/to-b/to-a is a loop (it is a, which contains it); b/to-a/to-b likewise
    assert found == ["a/p.txt", "a/to-b/to-a", "b/to-a/p.txt", "b/to-a/to-b"]


@pytest.mark.parametrize(
    "name",
    [
        b"caf\xe9.html",  # Latin-1
        b"\xff\xfe.txt",
        "café.html".encode(),  # valid UTF-8 stays as it is
        b"back\\slash.html",
        b"looks\\xe9escaped.html",  # a literal backslash-x is not confused with an escape
        b"mixed\xe9\\x41.html",
        b"new\nline\ttab\x7f.html",  # control characters: escaped, so a doc_id is one line
    ],
)
def test_doc_ids_of_odd_file_names_are_text_and_round_trip(tmp_path: Path, name: bytes) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(b"x")
    (doc,) = discover([tmp_path])
    doc.doc_id.encode("utf-8")  # valid text: no surrogates
    assert doc.doc_id.isprintable()
    assert doc_id_bytes(doc.doc_id) == name
    assert doc.source.read() == b"x"


def test_doc_id_escapes_as_documented() -> None:
    assert doc_id_from_name(os.fsdecode(b"caf\xe9.html")) == "caf\\xe9.html"
    assert doc_id_from_name("a\\b.html") == "a\\\\b.html"
    assert doc_id_from_name("café.html") == "café.html"
    assert doc_id_from_name("bad\nname.html") == "bad\\x0aname.html"


def test_a_fifo_named_like_a_page_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.html")
    (doc,) = discover([tmp_path])
    with pytest.raises(SourceError, match="not a regular file"):
        doc.source.read()


def test_a_file_deleted_after_discovery_is_a_read_error(tmp_path: Path) -> None:
    (tmp_path / "gone.html").write_text("x", encoding="utf-8")
    (doc,) = discover([tmp_path])
    (tmp_path / "gone.html").unlink()
    with pytest.raises(SourceError, match="cannot read the file: No such file"):
        doc.source.read()


def test_fsspec_urls_are_walked_like_folders(tmp_path: Path) -> None:
    pytest.importorskip("fsspec")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")
    (tmp_path / "c.pdf").write_text("z", encoding="utf-8")
    docs = discover([tmp_path.as_uri()])
    assert [d.doc_id for d in docs] == ["b.txt", "sub/a.html"]
    assert docs[1].source.read() == b"<p>x</p>"
    with pytest.raises(InputError, match="not found"):
        discover([(tmp_path / "nope").as_uri()])


def test_discover_walks_markdown_and_xml(tmp_path: Path) -> None:
    for name in ("a.md", "b.markdown", "c.xml", "d.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [f.doc_id for f in discover([tmp_path])] == ["a.md", "b.markdown", "c.xml"]
