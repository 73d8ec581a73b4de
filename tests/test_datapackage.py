"""datapackage.json: the output folder described as a Frictionless Data
Package, checked with frictionless itself against real outputs.

frictionless (not pandera) because the thing to check is the descriptor a run
writes: frictionless reads datapackage.json as any consumer would, checks it
against the Data Package profile, then every CSV against its Table Schema:
types, primary keys and foreign keys across tables. pandera checks
DataFrames against rules written in Python: it would test a translation of
the package, and has no keys across tables.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from frictionless import validate

from evidence_extract.batch import run
from evidence_extract.datapackage import DESCRIPTOR
from evidence_extract.schema import (
    ROW_TYPES,
    ColumnType,
    column_types,
    columns,
    foreign_keys,
    primary_key,
)

from .conftest import OWN_CORPUS, PAGES, REPO


def _violations(folder: Path) -> list[str]:
    """frictionless's errors, less foreign keys with an empty column: SQL's
    rule (MATCH SIMPLE) that the Table Schema's keys follow, where such a key
    refers to no row (a citation without a level). frictionless exempts only
    keys that are empty in every column."""
    report = validate(folder / DESCRIPTOR, limit_errors=100_000)
    found = [e.message for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            if error.type == "foreign-key" and "" in error.field_cells:
                continue
            found.append(f"{task.name}: {error.message}")
    return found


def test_vendored_pages_validate(vendored_output: Path) -> None:
    assert _violations(vendored_output) == []


def test_own_layouts_validate(own_corpus_output: Path) -> None:
    assert _violations(own_corpus_output) == []


@pytest.fixture()
def broken(vendored_output: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    shutil.copytree(vendored_output, folder)
    return folder


def _replace_cell(path: Path, column: str, row: int, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[row].split(",")  # rows chosen without quoted commas
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_dangling_level_and_a_bad_number_are_reported(broken: Path) -> None:
    _replace_cell(broken / "citations.csv", "loe_id", 1, "999")
    _replace_cell(broken / "p_values.csv", "value", 1, "0.o5")
    found = _violations(broken)
    assert len(found) == 2, found
    assert any(m.startswith("citations:") and '"evidence_levels"' in m for m in found)
    assert any(m.startswith("p_values:") and "number" in m for m in found)


def test_a_repeated_key_is_reported(broken: Path) -> None:
    path = broken / "references.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([*lines[:2], lines[1], *lines[2:]]), encoding="utf-8")
    found = _violations(broken)
    assert len(found) == 1 and found[0].startswith("references:") and "primary key" in found[0]


def test_descriptor_follows_the_schema(vendored_output: Path) -> None:
    package = json.loads((vendored_output / DESCRIPTOR).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == [t.value for t in ROW_TYPES]
    for table, row_type in ROW_TYPES.items():
        schema = resources[table]["schema"]
        assert resources[table]["path"] == table.file_name
        assert [f["name"] for f in schema["fields"]] == columns(row_type)
        assert all(f["description"] for f in schema["fields"])
        assert schema["missingValues"] == [""]
        assert schema.get("primaryKey", []) == primary_key(row_type)
    # the joins an analyst makes, as foreign keys
    citation_keys = {
        (tuple(fk["fields"]), fk["reference"]["resource"])
        for fk in resources["citations"]["schema"]["foreignKeys"]
    }
    assert (("doc_id", "loe_id"), "evidence_levels") in citation_keys
    assert (("doc_id", "ref_section", "ref_number"), "references") in citation_keys


def test_a_column_has_one_type_in_every_table() -> None:
    seen: dict[str, ColumnType] = {}
    for row_type in ROW_TYPES.values():
        for name, kind in column_types(row_type).items():
            assert seen.setdefault(name, kind) == kind, name
    assert seen["pmid"] == seen["ref_section"] == ColumnType.STRING  # IDs, not numbers
    assert seen["loe_id"] == seen["ref_number"] == ColumnType.INTEGER


def test_foreign_keys_name_a_key_of_their_table() -> None:
    by_name = {t.value: row_type for t, row_type in ROW_TYPES.items()}
    for row_type in ROW_TYPES.values():
        for fk in foreign_keys(row_type):
            assert set(fk.columns) <= set(columns(row_type))
            assert list(fk.target_columns) == primary_key(by_name[fk.table]), fk


def test_version_and_inputs(tmp_path: Path) -> None:
    assert run([PAGES], tmp_path, jobs=1) == 0
    package = json.loads((tmp_path / DESCRIPTOR).read_text(encoding="utf-8"))
    # recomputed from the input files themselves, as `sha256sum` would list them
    files = sorted(
        (p.relative_to(PAGES).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in PAGES.rglob("*")
        if p.suffix in {".html", ".txt"}
    )
    listing = "".join(f"{sha}  {doc_id}\n" for doc_id, sha in files)
    assert package["evidence_extract"]["inputs"] == {
        "documents": len(files),
        "sha256": hashlib.sha256(listing.encode()).hexdigest(),
    }
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert package["evidence_extract"]["version"] == pyproject["project"]["version"]


def test_descriptor_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run([OWN_CORPUS / "pages"], first, jobs=1) == 0
    assert run([OWN_CORPUS / "pages"], second, jobs=2) == 0
    assert (first / DESCRIPTOR).read_bytes() == (second / DESCRIPTOR).read_bytes()
