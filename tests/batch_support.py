"""Pages and helpers for the tests of whole runs (generated, nothing large
committed)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

# A small page with known rows: 3 sentences, 2 callouts, 2 percentages, 1 P value.
PAGE = (
    "<html><head><title>Trial page</title>{head}</head><body><main><h1>Trial results</h1>"
    "<p>Survival was approximately 85% in the trial of {who} with long follow-up "
    "(P = .007).[1]</p><p>Another study of many patients reported a response in 40% of "
    "them.[2]</p>{body}</main></body></html>"
)


def page(who: str = "many patients", head: str = "", body: str = "") -> str:
    return PAGE.format(who=who, head=head, body=body)


def write_pages(folder: Path, n: int, prefix: str = "p") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{prefix}{i:02d}.html"
        path.write_text(page(who=f"{10 + i} patients"), encoding="utf-8")
        paths.append(path)
    return paths


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path (an absent folder: {})."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def documents(out: Path) -> pd.DataFrame:
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    return docs.set_index("doc_id")


def cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`python -m evidence_extract ARGS` in a subprocess (stdin closed)."""
    return subprocess.run(
        [sys.executable, "-m", "evidence_extract", *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def start_paused(args: list[str], point: str, control: Path, **env: str) -> subprocess.Popen:
    """Start a run that pauses at a fault point (batch/fault_points.py) and
    wait until it is there."""
    control.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "evidence_extract", "run", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "EVIDENCE_EXTRACT_TEST_PAUSE": f"{point}:{control}", **env},
    )
    reached = control / f"{point}.reached"
    deadline = time.monotonic() + 120
    while not reached.exists():
        if process.poll() is not None:
            raise AssertionError(f"run ended before {point}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"run never reached {point}")
        time.sleep(0.02)
    return process


def resume(control: Path, point: str) -> None:
    (control / f"{point}.go").touch()


def staging_folders(outdir: Path) -> list[Path]:
    return sorted(outdir.parent.glob(f".{outdir.name}.evidence-extract-*"))
