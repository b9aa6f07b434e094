"""``diffreport run`` with a progress callback that holds the run at a chosen report, for the kill tests.

    python tests/run_driver.py CONFIG --date YYYY-MM-DD [--hold-at N] [--release FILE] [--delay S]

``--hold-at N`` stops the run just before it writes its N-th report (0-based): for good, or until
``--release FILE`` exists. ``--delay S`` pauses S seconds before every report. The summary goes to stderr
as the CLI writes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from diffreport import schedule
from diffreport.cli.run_cmd import summary
from diffreport.errors import DiffreportError
from diffreport.settings import load_config


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("config", type=Path)
    parser.add_argument("--date", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--hold-at", type=int, default=-1)
    parser.add_argument("--release", type=Path)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()

    def progress(event: schedule.ProgressEvent) -> None:
        print(f"diffreport: {event.message}", file=sys.stderr, flush=True)
        if event.step != "write":
            return
        if event.done == args.hold_at:
            while args.release is None or not args.release.exists():
                time.sleep(0.05)
        time.sleep(args.delay)

    try:
        result = schedule.run(load_config(args.config), date=args.date, progress=progress)
    except DiffreportError as exc:
        print(f"diffreport: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    for line in summary(result):
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
