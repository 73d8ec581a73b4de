"""Summarise py-spy's raw (collapsed-stack) output: each function's share of
the samples, inclusive (anywhere on the stack) and self (on top).

    python benchmarks/profiles/top.py out.raw [N]
"""

from __future__ import annotations

import sys
from collections import Counter


def frame_name(frame: str) -> str:
    """`process_document (evidence_extract/pipeline.py:81)` -> `process_document (pipeline.py)`."""
    if " (" not in frame:
        return frame
    name, where = frame.split(" (", 1)
    return f"{name} ({where.split(':')[0].split('/')[-1]})"


def main() -> None:
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    with open(sys.argv[1], encoding="utf-8") as fh:
        for line in fh:
            stack, _, count = line.rstrip().rpartition(" ")
            n = int(count)
            total += n
            frames = [frame_name(f) for f in stack.split(";")]
            for f in set(frames):
                inclusive[f] += n
            own[frames[-1]] += n
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 45
    print(f"total samples {total}\n\n-- inclusive (top {top}) --")
    for f, n in inclusive.most_common(top):
        print(f"{100 * n / total:6.1f}%  {f}")
    print(f"\n-- self (top {top}) --")
    for f, n in own.most_common(top):
        print(f"{100 * n / total:6.1f}%  {f}")


if __name__ == "__main__":
    main()
