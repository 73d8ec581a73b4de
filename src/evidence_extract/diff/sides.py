"""The two folders a diff compares, read as text: output folders (a run's
tables) and golden folders (hand-checked extracts keyed by slug, laid out
like the project corpus: `manifest.csv` with slug and doc_path, per-table
CSVs, `main/` and `boilerplate/` texts), with one name per document on both
sides so that their rows can be matched."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pandas as pd

from ..frames import is_output_folder
from ..schema import CLEAN_DIR, ROW_TYPES, Table

MANIFEST = "manifest.csv"
# Golden citations name the level that qualifies them by its code; an
# output's citations gain it from their level row (loe_id counts rows).
LEVEL_CODE = "loe_code"


class SideKind(StrEnum):
    OUTPUT = "output"
    GOLDEN = "golden"


class FolderError(ValueError):
    """A folder diff cannot compare: a usage error."""


@dataclass
class Side:
    path: Path
    kind: SideKind
    # table name -> its rows as text; `doc_id` is the name both sides share
    tables: dict[str, pd.DataFrame]
    # doc_id -> how this side names the document (a golden folder: its slug)
    names: dict[str, str] = field(default_factory=dict)

    def clean_text(self, doc_id: str) -> str | None:
        path = self.path / CLEAN_DIR / f"{doc_id}.txt"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def golden_text(self, part: str, doc_id: str) -> str | None:
        """`main` or `boilerplate` text of a golden document."""
        path = self.path / part / f"{self.names.get(doc_id, doc_id)}.txt"
        return path.read_text(encoding="utf-8") if path.is_file() else None


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        table.value: _read(folder / table.file_name)
        for table in ROW_TYPES
        if (folder / table.file_name).is_file()
    }


def _with_level_codes(tables: dict[str, pd.DataFrame]) -> None:
    cites = tables.get(Table.CITATIONS)
    levels = tables.get(Table.EVIDENCE_LEVELS)
    if cites is None or "loe_id" not in cites:
        return
    code_of: dict[tuple[str, str], str] = {}
    if levels is not None:
        # the first code of a tag: a callout's loe_id names it
        for doc_id, loe_id, code in zip(
            levels["doc_id"], levels["loe_id"], levels["code"], strict=True
        ):
            code_of.setdefault((doc_id, loe_id), code)
    keys = zip(cites["doc_id"], cites["loe_id"], strict=True)
    cites[LEVEL_CODE] = [code_of.get(key, "") for key in keys]


def read_side(path: Path) -> Side:
    if is_output_folder(path):
        tables = _tables(path)
        _with_level_codes(tables)
        return Side(path, SideKind.OUTPUT, tables)
    if (path / MANIFEST).is_file():
        manifest = _read(path / MANIFEST)
        if not {"slug", "doc_path"} <= set(manifest.columns):
            raise FolderError(f"{path / MANIFEST} lacks the columns slug and doc_path")
        tables = _tables(path)
        for name, frame in tables.items():
            if "slug" not in frame.columns:
                raise FolderError(f"{path / name}.csv of a golden folder lacks a slug column")
            frame["doc_id"] = frame["slug"]
        side = Side(path, SideKind.GOLDEN, tables, {s: s for s in manifest["slug"]})
        side.tables["manifest"] = manifest
        return side
    raise FolderError(
        f"{path} is neither an output folder (documents.csv) nor a golden folder (manifest.csv)"
    )


def _our_doc_id(slug: str, doc_path: str, ours: set[str], by_stem: dict[str, str]) -> str:
    """The golden doc_path when the output has it, else the output's page
    of that file stem (pages vendored into another folder); a page the
    output lacks gets a name no row of the output has."""
    if doc_path in ours:
        return doc_path
    return by_stem.get(slug, f"(missing) {doc_path}")


def align(old: Side, new: Side) -> list[str]:
    """Give a golden side the doc_ids of the output it is compared with;
    the documents to compare (a golden folder's pages only), in order."""
    golden = [s for s in (old, new) if s.kind == SideKind.GOLDEN]
    outputs = [s for s in (old, new) if s.kind == SideKind.OUTPUT]
    if not golden:
        docs = [*old.tables[Table.DOCUMENTS]["doc_id"], *new.tables[Table.DOCUMENTS]["doc_id"]]
        return sorted(set(docs))
    if outputs:
        (gold,), (ours,) = golden, outputs
        doc_ids = set(ours.tables[Table.DOCUMENTS]["doc_id"])
        by_stem = {Path(d).stem: d for d in sorted(doc_ids)}
        manifest = gold.tables["manifest"]
        to_ours = {
            slug: _our_doc_id(slug, path, doc_ids, by_stem)
            for slug, path in zip(manifest["slug"], manifest["doc_path"], strict=True)
        }
        gold.names = {doc_id: slug for slug, doc_id in to_ours.items()}
        for name, frame in gold.tables.items():
            if name != "manifest":
                frame["doc_id"] = [to_ours.get(s, s) for s in frame["slug"]]
        return list(to_ours.values())
    return list(dict.fromkeys([*old.names, *new.names]))
