"""``diffreport run``: scheduled, incremental, per-category reports that never lose or duplicate work.

A run, under a lock (:mod:`.state`):

1. finishes an interrupted run first, if its journal is there (same ranges, same report date);
2. per source: clones/fetches (URL) or opens (local path) the repository and plans *jobs*, each a
   range ``base..head`` with a report date (one job per source, or one per day with ``--backfill``)
   (:mod:`.plan`);
3. reads each job's range once, splits the files by category (first match wins), and builds,
   prepares (:func:`prepare_report`, the hook for the LLM stage) and renders one report per category
   (:mod:`.publish`);
4. writes a journal (the jobs and the state to reach), every report atomically, removes the reports of
   the day that no longer match its range, then writes the state atomically and removes the journal.

A run killed before step 4 has written nothing; killed during step 4, the next run finds the journal
and writes the same reports again (same paths, same contents) before the state moves on. So every
range is reported exactly once, under the report date of the run that first planned it.
"""

from __future__ import annotations

from .publish import ProgressCallback, ProgressEvent, ReportHook, RunResult, output_path
from .run import prepare_report, run
from .state import RunLockedError, run_lock

__all__ = [
    "ProgressCallback",
    "ProgressEvent",
    "ReportHook",
    "RunLockedError",
    "RunResult",
    "output_path",
    "prepare_report",
    "run",
    "run_lock",
]
