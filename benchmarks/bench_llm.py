"""LLM summaries: requests sent, wall time at concurrency 1 vs 8, a cached re-run, tokens per file.

40 changed Markdown files, the real ``openai`` client, and the validating OpenAI server of
``tests/llm_helpers.py`` (every body checked against OpenAI's specification and documented rules)
answering each request after 0.3 s. Targets: files + 1 report request per run and 0 refused;
concurrency 8 at least 6x faster than concurrency 1; a cached re-run sends 0 requests. Tokens per
file are compared with sending the whole patch of the range with each file, as the reference
system does (heuristic count: the same estimator the budget uses without tiktoken's files).

With ``--memory N``: peak memory of ``compare --llm`` on the synthetic day of ``bench_compare.py`` (N/4 and N
files, the server answering at once), against the same ``compare`` without the LLM (the baseline). Target:
what the LLM stage adds (its imports, its client) does not grow with the range, as the files wait on disk
and only a few are in flight: at most 10 MiB more for the larger day.

    python benchmarks/bench_llm.py [--files 40] [--latency 0.3]
    python benchmarks/bench_llm.py --memory 5000
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

from _measure import measure, ours  # noqa: E402
from bench_compare import synthetic  # noqa: E402
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
    parser.add_argument("--memory", type=int, metavar="N", help="peak memory of compare --llm on N files")
    args = parser.parse_args()
    if SPEC_PATH is None:
        print("../shared/openai/openapi.json not found: the server cannot validate requests")
        return 1
    os.environ["OPENAI_API_KEY"] = API_KEY
    if args.memory:
        return memory(args.memory)
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


def memory(n_files: int) -> int:
    """Peak RSS of ``compare`` with and without ``--llm`` on synthetic days of a quarter of ``n_files`` and
    of ``n_files``: what the LLM stage adds must not grow with the range."""
    extra: list[int] = []
    ok = True
    for n in (n_files // 4, n_files):
        with tempfile.TemporaryDirectory() as tmp, fake_llm_server() as server:
            root = Path(tmp)
            repo, base, head = synthetic(root, n)
            out = str(root / "r.json")
            cmd = ours("compare", f"{base}..{head}", "--format", "json", "--include", "*", "-q", "-o", out)
            plain = measure(cmd, repo)
            llm = ["--llm", "--llm-base-url", server.base_url, "--cache-dir", str(root / "cache")]
            with_llm = measure([*cmd, *llm], repo, env=dict(os.environ))
            sent, refused = len(server.requests), len(server.violations)
            server.violations.clear()  # reported below; the context manager would raise on them
        extra.append(with_llm.rss - plain.rss)
        ok &= sent == n + 1 and not refused
        print(
            f"{n} files: compare {plain.rss} MiB ({plain.wall:.1f}s); compare --llm {with_llm.rss} MiB "
            f"({with_llm.wall:.1f}s, {sent} requests, {refused} refused): +{extra[-1]} MiB"
        )
    grown = extra[1] - extra[0]
    print(f"what --llm adds grew by {grown} MiB for {n_files - n_files // 4} more files (target <= 10 MiB)")
    ok &= grown <= 10
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
