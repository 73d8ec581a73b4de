"""The workload the profiles in this folder sample: every page of a folder
through `process_document` in one process (after one warm-up page).

    py-spy record -r 200 -f raw -o out.raw -- python benchmarks/profiles/drive.py FOLDER [STEP]
    python benchmarks/profiles/top.py out.raw > profile.txt
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from evidence_extract.pipeline import process_document


def main() -> None:
    step = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    pages = sorted(Path(sys.argv[1]).glob("*.html"))[::step]
    data = [(p.name, p.read_bytes()) for p in pages]
    process_document("warm-up.html", data[0][1])
    start = time.perf_counter()
    for name, page in data:
        process_document(name, page)
    print(f"{len(data)} pages {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
