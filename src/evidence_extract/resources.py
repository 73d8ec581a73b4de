"""One loader for the rule and settings files shipped inside the package.

Everything under `data/` and `patterns/` is read here, through
`importlib.resources` (so it works from a wheel or a zip), once per process.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata, resources
from typing import Any


@cache
def read_text(relative_path: str) -> str:
    """The text of a package file, e.g. `data/levels.json`."""
    return resources.files(__package__).joinpath(relative_path).read_text(encoding="utf-8")


@cache
def read_json(relative_path: str) -> Any:
    return json.loads(read_text(relative_path))


@cache
def read_jsonl(relative_path: str) -> tuple[dict, ...]:
    """One JSON object a line; blank lines are skipped."""
    return tuple(json.loads(line) for line in read_text(relative_path).splitlines() if line.strip())


def without_comments(data: dict) -> dict:
    """A data file's entries without its `_comment` keys."""
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def tool_version() -> str:
    """The installed package's version (`evidence-extract --version`)."""
    try:
        return metadata.version("evidence_extract")
    except metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "0+unknown"
