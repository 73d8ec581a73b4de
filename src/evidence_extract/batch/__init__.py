"""Stage 8 — a run over many documents, into one output folder.

One module per job, in the order a run uses them:

* `run.py` — the run: usage checks, then process, write, swap; interrupts;
* `work.py` — the unit of work every engine runs (read, process, render);
* `local_engine.py` — a pool of worker processes (`--jobs`);
* `dask_engine.py` — a Dask cluster (`--engine dask`, extra `dask`);
* `cache.py` — results kept across runs (`--cache DIR`);
* `spool.py` — rows on disk as documents finish, merged in doc_id order;
* `output_folder.py` + `swap.py` — staging beside OUTDIR, atomic swap;
* `summary.py` — progress bar and end-of-run summary;
* `fault_points.py` — test-only hooks to pause or break a run.
"""

from .run import Engine, ExtraOutput, Interrupted, OutputError, RunOptions, run

__all__ = ["Engine", "ExtraOutput", "Interrupted", "OutputError", "RunOptions", "run"]
