"""Put a new output folder in place of the old one, in one step.

On Linux, `renameat2(..., RENAME_EXCHANGE)` swaps two directory entries
atomically: at every instant OUTDIR is either the whole old folder or the
whole new one, whatever kills the process. Elsewhere (or on a file system
that refuses the flag) the fallback is two renames, old folder aside, new
folder in; between them OUTDIR is briefly absent while the old folder sits
whole in the run's staging folder beside it, and the next run puts it back
(`output_folder.recover`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

from .fault_points import Point, pause, swap_by_rename

AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False where the system cannot
    (then nothing has changed)."""
    if _RENAMEAT2 is None or swap_by_rename():
        return False
    done = _RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # kernel or file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_folder(new: Path, target: Path, aside: Path) -> None:
    """Make `new` be `target`. The old `target`, if any, ends at `new`'s
    path (exchange) or at `aside` (fallback); the caller removes it."""
    if not os.path.lexists(target):
        os.rename(new, target)  # atomic: nothing to keep
        return
    if exchange(new, target):
        return
    os.rename(target, aside)
    pause(Point.MOVED_ASIDE)
    os.rename(new, target)
