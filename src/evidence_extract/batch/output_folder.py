"""The output folder: checked before the run, built beside it, swapped in.

A run writes its whole new output into a staging folder *beside* OUTDIR
(`.NAME.evidence-extract-HOST-PID-TOKEN/`, in OUTDIR's parent), never inside
it, and replaces OUTDIR with it in one rename (`swap.py`). So OUTDIR is at
every moment either the previous output, untouched, or the new one,
complete; an interrupted run can leave only a hidden staging folder beside
it, which the next run into the same OUTDIR removes.

Because OUTDIR is replaced as a whole, a folder that holds anything a run
does not write is refused (a usage error), so no one's files are lost. The
one exception is the placeholder files version control needs to keep an
output folder in a checkout (`.gitkeep`, `.gitignore`, `.keep`): they are
copied into the new output, so the swap leaves them as they were.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import stat
from collections.abc import Iterable
from pathlib import Path

from ..load import InputError
from ..schema import CLEAN_DIR, Table
from .swap import replace_folder

STAGING_MARK = ".evidence-extract-"
SHOWN_FOREIGN = 3
# Files that only keep a folder in a repository (git cannot hold an empty
# one): a project's committed output/ has one, and refusing it would make
# the default command fail in every fresh clone.
PLACEHOLDERS = frozenset({".gitkeep", ".gitignore", ".keep"})


def own_names(extra: Iterable[str] = ()) -> frozenset[str]:
    """The entries a run writes into OUTDIR."""
    return frozenset({t.file_name for t in Table} | {CLEAN_DIR} | set(extra))


def _writable(path: Path) -> bool:
    # A folder without any write bit was made read-only on purpose: refused
    # even for root, whom os.access lets write anywhere.
    mode = os.stat(path).st_mode
    return os.access(path, os.W_OK | os.X_OK) and bool(mode & 0o222)


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_output_folder(outdir: Path, input_roots: list[Path], names: frozenset[str]) -> Path:
    """Usage errors about OUTDIR, found before anything is processed; the
    folder to write (OUTDIR with symlinks resolved, so a link keeps pointing
    at the new output)."""
    if os.path.lexists(outdir) and not outdir.is_dir():
        raise InputError(f"OUTDIR {outdir} is a file, not a folder")
    target = Path(os.path.realpath(outdir))
    for root in input_roots:
        if target == root or root in target.parents:
            raise InputError(
                f"OUTDIR {outdir} is inside the input folder {root}: its tables would be read "
                "back as input by the next run; choose an OUTDIR outside the inputs"
            )
        if target in root.parents:
            raise InputError(
                f"input {root} is inside OUTDIR {outdir}, which a run replaces as a whole; "
                "choose another OUTDIR"
            )
    if target.is_dir():
        if os.path.ismount(target):
            raise InputError(
                f"OUTDIR {outdir} is a mount point, which cannot be replaced by a rename; "
                "give a folder inside it"
            )
        if not _writable(target):
            raise InputError(f"OUTDIR {outdir} is not writable")
        foreign = sorted(set(os.listdir(target)) - names - PLACEHOLDERS)
        if foreign:
            shown = ", ".join(foreign[:SHOWN_FOREIGN]) + (
                ", ..." if len(foreign) > SHOWN_FOREIGN else ""
            )
            raise InputError(
                f"OUTDIR {outdir} holds files a run does not write ({shown}); a run replaces "
                "the whole folder, so choose an empty or new OUTDIR, or move them"
            )
    parent = _nearest_existing(target.parent)
    if not parent.is_dir() or not _writable(parent):
        raise InputError(f"cannot write OUTDIR {outdir}: {parent} is not a writable folder")
    return target


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _host() -> str:
    return "".join(c if c.isalnum() else "_" for c in socket.gethostname()) or "host"


def recover(target: Path) -> None:
    """Tidy up after runs into `target` that died: put back a previous
    output left aside by the two-rename fallback, remove staging folders."""
    parent, prefix = target.parent, f".{target.name}{STAGING_MARK}"
    if not parent.is_dir():
        return
    for entry in sorted(parent.iterdir()):
        if not entry.name.startswith(prefix):
            continue
        host, _, pid = entry.name[len(prefix) :].rpartition("-")[0].rpartition("-")
        if host != _host() or not pid.isdigit() or _alive(int(pid)):
            continue  # another machine's or a live run's
        previous = entry / "previous"
        if not os.path.lexists(target) and previous.is_dir():
            os.rename(previous, target)
        shutil.rmtree(entry, ignore_errors=True)


class OutputFolder:
    """One run's staging folder beside OUTDIR: `new/` becomes OUTDIR,
    `spool/` holds rows until they are merged."""

    def __init__(self, target: Path) -> None:
        self.target = target
        recover(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        name = f".{target.name}{STAGING_MARK}{_host()}-{os.getpid()}-{secrets.token_hex(4)}"
        self.staging = target.parent / name
        try:
            self.staging.mkdir()
        except OSError as error:
            raise InputError(f"cannot write beside OUTDIR {target}: {error.strerror}") from error
        self.new = self.staging / "new"
        self.spool = self.staging / "spool"
        (self.new / CLEAN_DIR).mkdir(parents=True)
        self.spool.mkdir()
        self.committed = False

    def commit(self) -> None:
        """Swap the new output in. Run with interrupts deferred: after this
        returns the new output is in place, before it the old one is."""
        if self.target.is_dir():  # keep the folder's permissions (a group-shared output)
            self.new.chmod(stat.S_IMODE(self.target.stat().st_mode))
            for name in PLACEHOLDERS:
                kept = self.target / name
                if kept.is_file() and not kept.is_symlink():
                    shutil.copy2(kept, self.new / name)
        replace_folder(self.new, self.target, self.staging / "previous")
        self.committed = True

    def discard(self) -> None:
        """Remove the staging folder (and, after a commit, the old output
        in it). A failure here loses nothing: the next run retries."""
        shutil.rmtree(self.staging, ignore_errors=True)
