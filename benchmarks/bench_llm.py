"""LLM summaries: wall time at concurrency 1 vs 8, and a cached re-run.

40 changed Markdown files, the real ``openai`` client, and the local OpenAI-compatible server of
``tests/llm_helpers.py`` answering each request after 0.3 s. Targets: concurrency 8 at least 5x faster
than concurrency 1; a cached re-run sends 0 requests.

    python benchmarks/bench_llm.py [--files 40] [--latency 0.3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from llm_helpers import API_KEY, fake_llm_server  # noqa: E402

from diffreport.llm import apply_llm  # noqa: E402
from diffreport.pipeline import CompareOptions, compare  # noqa: E402
from diffreport.settings.llm import LLMSettings  # noqa: E402
from diffreport.vcs.build import commit_all, init_repo  # noqa: E402


def build_repo(root: Path, files: int) -> str:
    repo = init_repo(root / "repo")
    author = "Bench <bench@example.com>"
    for i in range(files):
        (repo / "docs").mkdir(exist_ok=True)
        (repo / f"docs/page{i:02d}.md").write_text(f"# Page {i}\n\nOld text.\n", encoding="utf-8")
    base = commit_all(repo, "base", date="2025-04-16T10:00:00+00:00", author=author)
    for i in range(files):
        (repo / f"docs/page{i:02d}.md").write_text(f"# Page {i}\n\nNew text of page {i}.\n", encoding="utf-8")
    head = commit_all(repo, "head", date="2025-04-17T10:00:00+00:00", author=author)
    return f"{base}..{head}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.3)
    args = parser.parse_args()
    os.environ["OPENAI_API_KEY"] = API_KEY
    with tempfile.TemporaryDirectory() as tmp, fake_llm_server(latency=args.latency) as server:
        root = Path(tmp)
        rng = build_repo(root, args.files)
        report = compare(CompareOptions(range=rng, repo=str(root / "repo")))
        print(f"{len(report.files)} changed files, server latency {args.latency}s")
        times: dict[int, float] = {}
        for concurrency in (1, 8):
            settings = LLMSettings(base_url=server.base_url, concurrency=concurrency, cache=False)
            before = len(server.requests)
            start = time.perf_counter()
            outcome = apply_llm(report, settings)
            times[concurrency] = time.perf_counter() - start
            assert not outcome.failed, outcome.problems
            print(
                f"concurrency {concurrency}: {times[concurrency]:.2f}s, "
                f"{len(server.requests) - before} requests, max in flight {server.max_inflight}"
            )
            server.max_inflight = 0
        speedup = times[1] / times[8]
        print(f"speed-up 8 vs 1: {speedup:.1f}x (target >= 5x)")

        cached = LLMSettings(base_url=server.base_url, concurrency=8, cache_dir=str(root / "cache"))
        first = apply_llm(report, cached)
        before = len(server.requests)
        start = time.perf_counter()
        again = apply_llm(report, cached)
        elapsed = time.perf_counter() - start
        sent = len(server.requests) - before
        print(
            f"first cached run: {first.stats.requests} requests; re-run: {sent} requests, "
            f"{again.stats.cache_hits} cache hits, {elapsed:.2f}s (target: 0 requests)"
        )
        ok = speedup >= 5 and sent == 0 and again.report == first.report
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
