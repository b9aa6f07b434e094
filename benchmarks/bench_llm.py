"""LLM summaries: requests sent, wall time at concurrency 1 vs 8, a cached re-run, tokens per file.

40 changed Markdown files, the real ``openai`` client, and the validating OpenAI server of
``tests/llm_helpers.py`` (every body checked against OpenAI's specification and documented rules)
answering each request after 0.3 s. Targets: files + 1 report request per run and 0 refused;
concurrency 8 at least 6x faster than concurrency 1; a cached re-run sends 0 requests. Tokens per
file are compared with sending the whole patch of the range with each file, as the reference
system does (heuristic count: the same estimator the budget uses without tiktoken's files).

    python benchmarks/bench_llm.py [--files 40] [--latency 0.3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from llm_helpers import API_KEY, SPEC_PATH, fake_llm_server  # noqa: E402

from diffreport.llm import apply_llm  # noqa: E402
from diffreport.llm.budget import heuristic_tokens  # noqa: E402
from diffreport.pipeline import CompareOptions, compare  # noqa: E402
from diffreport.settings.llm import LLMSettings  # noqa: E402
from diffreport.vcs.build import commit_all, init_repo  # noqa: E402

PAGE = "# Page {i}\n\n## Install\n\n{body}\n\n## Configure\n\nSet `option_{i}` in the settings file.\n"


def build_repo(root: Path, files: int) -> str:
    repo = init_repo(root / "repo")
    author = "Bench <bench@example.com>"
    (repo / "docs").mkdir(exist_ok=True)
    for i in range(files):
        body = "\n".join(f"Step {n}: run the tool with flag --f{n}." for n in range(20))
        (repo / f"docs/page{i:02d}.md").write_text(PAGE.format(i=i, body=body), encoding="utf-8")
    base = commit_all(repo, "base", date="2025-04-16T10:00:00+00:00", author=author)
    for i in range(files):
        body = "\n".join(f"Step {n}: run the tool with flag --g{n} (new in 2.{i})." for n in range(20))
        (repo / f"docs/page{i:02d}.md").write_text(PAGE.format(i=i, body=body), encoding="utf-8")
    head = commit_all(repo, "head", date="2025-04-17T10:00:00+00:00", author=author)
    return f"{base}..{head}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.3)
    args = parser.parse_args()
    if SPEC_PATH is None:
        print("../shared/openai/openapi.json not found: the server cannot validate requests")
        return 1
    os.environ["OPENAI_API_KEY"] = API_KEY
    ok = True
    with tempfile.TemporaryDirectory() as tmp, fake_llm_server(latency=args.latency) as server:
        root = Path(tmp)
        rng = build_repo(root, args.files)
        report = compare(CompareOptions(range=rng, repo=str(root / "repo")))
        files = len(report.files)
        print(f"{files} changed files, server latency {args.latency}s, validating against {SPEC_PATH.name}")
        times: dict[int, float] = {}
        for concurrency in (1, 8):
            settings = LLMSettings(base_url=server.base_url, concurrency=concurrency, cache=False)
            before = len(server.requests)
            start = time.perf_counter()
            outcome = apply_llm(report, settings)
            times[concurrency] = time.perf_counter() - start
            sent = len(server.requests) - before
            ok &= not outcome.failed and sent == files + 1
            print(
                f"concurrency {concurrency}: {times[concurrency]:.2f}s, {sent} requests "
                f"(target {files} + 1), max in flight {server.max_inflight}, "
                f"{len(server.violations)} refused"
            )
            server.max_inflight = 0
        speedup = times[1] / times[8]
        print(f"speed-up 8 vs 1: {speedup:.1f}x (target >= 6x)")

        file_requests = [r for r in server.requests if r.kind == "file"][:files]
        sent_tokens = [heuristic_tokens(r.system) + heuristic_tokens(r.user) for r in file_requests]
        whole_patch = heuristic_tokens("\n".join(f.patch for f in report.files))
        mean = statistics.mean(sent_tokens)
        print(
            f"tokens per file request: mean {mean:.0f}, max {max(sent_tokens)} (prompt + the file's own patch); "
            f"whole patch of the range: {whole_patch} per file, {whole_patch / mean:.1f}x more"
        )

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
        ok &= speedup >= 6 and sent == 0 and again.report == first.report and not server.violations
        server.violations.clear()  # reported above; the context manager would raise on them
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
