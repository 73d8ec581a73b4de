"""What a run tells the person who started it, on stderr.

While it runs, a progress bar when stderr is a terminal (documents done,
pages/s, errors so far); at the end one summary line in every mode (but
`--quiet` on a run without errors) — with what discovery skipped (files of
an unknown type, web-archive records that are not documents) — and when
documents failed, the first few of them by doc_id with their messages.
"""

from __future__ import annotations

import bisect
import sys
from collections import Counter
from typing import TextIO

from tqdm import tqdm

from ..schema import ROW_TYPES, DocumentStatus, Table
from ..sources import Skipped
from ..tables import RenderedDocument

SHOWN_FAILURES = 5
STATUSES = tuple(DocumentStatus)


class RunSummary:
    def __init__(
        self,
        total: int,
        progress: bool,
        stream: TextIO | None = None,
        skipped: Skipped | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.skipped = skipped or Skipped()
        self.statuses: Counter[str] = Counter()
        self.rows: Counter[Table] = Counter()
        self.cached = 0
        self.failures: list[tuple[str, str]] = []  # the first by doc_id, kept sorted
        self.n_failed = 0
        self.bar = tqdm(
            total=total,
            unit=" pages",
            disable=not progress,
            file=self.stream,
            dynamic_ncols=True,
            leave=False,
            mininterval=0,  # a document takes long enough: redraw on each
        )

    def add(self, doc: RenderedDocument, cached: bool = False) -> None:
        self.statuses[doc.status] += 1
        self.rows.update(doc.rows)
        self.cached += cached
        if doc.status == DocumentStatus.ERROR:
            self.n_failed += 1
            bisect.insort(self.failures, (doc.doc_id, doc.error))
            del self.failures[SHOWN_FAILURES:]
            self.bar.set_postfix(errors=self.n_failed, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()

    def line(self, seconds: float) -> str:
        statuses = ", ".join(f"{self.statuses[s]} {s}" for s in STATUSES)
        cached = f", {self.cached} from the cache" if self.cached else ""
        rows = ", ".join(f"{t.value} {self.rows[t]}" for t in ROW_TYPES if t != Table.DOCUMENTS)
        passed = self.skipped.line()
        skipped = f"; skipped: {passed}" if passed else ""
        return (
            f"evidence-extract: {sum(self.statuses.values())} documents ({statuses}{cached}); "
            f"rows: {rows}{skipped}; {seconds:.1f} s"
        )

    def report(self, seconds: float, quiet: bool) -> None:
        if quiet and not self.n_failed:
            return
        print(self.line(seconds), file=self.stream)
        if not self.n_failed:
            return
        more = self.n_failed - len(self.failures)
        tail = f" ({more} more: status=error in documents.csv)" if more else ""
        print(f"evidence-extract: failed documents{tail}:", file=self.stream)
        for doc_id, error in self.failures:
            print(f"  {doc_id}: {error}", file=self.stream)
