"""Named moments of a run where the test suite pauses or breaks it.

TEST-ONLY. These environment variables exist so that tests can interrupt a
run at an exact moment (tests/test_batch_interrupt.py); nothing else should
set them:

* `EVIDENCE_EXTRACT_TEST_PAUSE=POINT:DIR` — on reaching POINT the run
  creates `DIR/POINT.reached` and waits (at most five minutes) until
  `DIR/POINT.go` exists. A test kills or signals the process meanwhile.
* `EVIDENCE_EXTRACT_TEST_KILL_WORKER=DOC_ID` — a worker process (local or
  Dask, never the main process) handed this document kills itself with
  SIGKILL, as an out-of-memory kill would.
* `EVIDENCE_EXTRACT_TEST_SWAP=rename` — replace the output folder with the
  two-rename fallback used where RENAME_EXCHANGE is not available.
"""

from __future__ import annotations

import os
import signal
import time
from enum import StrEnum
from pathlib import Path

PAUSE = "EVIDENCE_EXTRACT_TEST_PAUSE"
KILL_WORKER = "EVIDENCE_EXTRACT_TEST_KILL_WORKER"
SWAP = "EVIDENCE_EXTRACT_TEST_SWAP"
MAX_PAUSE_SECONDS = 300


class Point(StrEnum):
    DISCOVERED = "discovered"  # inputs checked and found; nothing written yet
    PROCESSING = "processing"  # staging made, the first document written to it
    MERGED = "merged"  # the new output complete in staging, before the swap
    MOVED_ASIDE = "moved-aside"  # two-rename fallback: old output moved, new not yet in
    SWAPPED = "swapped"  # new output in place, the old one not yet removed


def pause(point: Point) -> None:
    setting = os.environ.get(PAUSE, "")
    name, _, folder = setting.partition(":")
    if name != point or not folder:
        return
    Path(folder, f"{point}.reached").touch()
    go = Path(folder, f"{point}.go")
    deadline = time.monotonic() + MAX_PAUSE_SECONDS
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def kill_worker_on(doc_id: str) -> None:
    """Called in worker processes only, before a document is processed."""
    if os.environ.get(KILL_WORKER) == doc_id:
        os.kill(os.getpid(), signal.SIGKILL)


def swap_by_rename() -> bool:
    return os.environ.get(SWAP) == "rename"
