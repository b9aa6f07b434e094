"""Time and peak memory of ``diffreport compare --format json`` against raw git on the same range.

Baseline: ``git diff -M --numstat`` followed by ``git diff -M`` (what any tool has to pay to get the
numbers and the patches). Ranges: the real repositories of ``../shared/corpus/repos`` (cloned from
their bundles into a temp folder) and a synthetic docs repository with thousands of changed Markdown
and YAML files in one day (tables of contents, Azure CLI reference groups that all gain a parameter,
landing pages). Wall time, CPU time (user + sys of the whole process tree) and peak RSS are printed;
on a loaded machine, compare CPU times.

    python benchmarks/bench_compare.py [--repeat 3] [--synthetic 5000] [--no-corpus]

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPOS = ROOT.parent / "shared" / "corpus" / "repos"


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + sys, with the children it waited for) and peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def bench(name: str, repo: Path, base: str, head: str, repeat: int) -> None:
    git = ["git", "-c", "color.ui=never"]
    numstat = [*git, "diff", "-M", "--numstat", base, head]
    patch = [*git, "diff", "-M", base, head]
    ours = [
        sys.executable,
        "-m",
        "diffreport",
        "compare",
        f"{base}..{head}",
        "--format",
        "json",
        "--include",
        "*",
    ]
    raw_times, raw_cpu, raw_mem, our_times, our_cpu, our_mem = [], [], [], [], [], []
    for _ in range(repeat):
        t1, c1, m1 = measure(numstat, repo)
        t2, c2, m2 = measure(patch, repo)
        raw_times.append(t1 + t2)
        raw_cpu.append(c1 + c2)
        raw_mem.append(max(m1, m2))
        t, c, m = measure(ours, repo)
        our_times.append(t)
        our_cpu.append(c)
        our_mem.append(m)
    files = subprocess.run([*git, "diff", "-M", "--name-only", base, head], cwd=repo, capture_output=True)
    n_files = len(files.stdout.splitlines())
    raw, our = statistics.median(raw_times), statistics.median(our_times)
    raw_c, our_c = statistics.median(raw_cpu), statistics.median(our_cpu)
    print(
        f"{name:<34} {n_files:>6} files  git {raw:6.3f}s (cpu {raw_c:6.3f}s) {max(raw_mem):5d} MiB   "
        f"diffreport {our:6.3f}s (cpu {our_c:6.3f}s) {max(our_mem):5d} MiB   "
        f"ratio {our / raw:4.1f}x (cpu {our_c / raw_c:4.1f}x)"
    )


def clone_bundle(bundle: Path, into: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(bundle), str(into)], check=True)
    return into


def synthetic(root: Path, n_files: int) -> tuple[Path, str, str]:
    """A docs repository where one day changes ``n_files`` Markdown and YAML files."""
    repo = root / "synthetic"
    repo.mkdir()
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2025-04-16T10:00:00",
        "GIT_COMMITTER_DATE": "2025-04-16T10:00:00",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)

    def write(version: int) -> None:
        for i in range(n_files):
            area = repo / "articles" / f"area{i % 50}"
            area.mkdir(parents=True, exist_ok=True)
            if i % 5 == 0:
                (area / f"toc{i}.yml").write_text(
                    "".join(
                        f"- name: Entry {j} v{version if j % 7 == 0 else 0}\n  href: p{j}.md\n"
                        for j in range(30)
                    )
                )
            elif i % 5 == 1:
                (area / f"cli{i}.yml").write_text(_cli_group(f"grp{i}", version))
            elif i % 25 == 2:
                (area / f"index{i}.yml").write_text(_landing(i, version))
            else:
                body = "".join(
                    f"## Section {j}\n\nText {j} of page {i}, version {version if j % 9 == 0 else 0}.\n\n"
                    for j in range(40)
                )
                (area / f"page{i}.md").write_text(
                    f"---\ntitle: Page {i}\nms.date: 04/1{version}/2025\n---\n\n# Page {i}\n\n{body}"
                )

    def commit(message: str) -> str:
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
        subprocess.run(
            ["git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-q", "-m", message],
            cwd=repo,
            check=True,
            env=env,
        )
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True
        ).stdout.strip()

    write(1)
    base = commit("base")
    write(2)
    return repo, base, commit("a busy day")


_TOKEN = """\
  - name: --acquire-policy-token
    defaultValue: "False"
    summary: |-
      Acquiring an Azure Policy token automatically for this resource operation.
    parameterValueGroup: "false, true"
"""


def _cli_group(group: str, version: int, commands: int = 8, params: int = 10) -> str:
    """An Azure CLI reference group; version 2 adds ``--acquire-policy-token`` to every command."""
    out = [
        f"### YamlMime:AzureCLIGroup\nuid: az_{group}\nname: az {group}\nsummary: |-\n  Manage {group}.\n"
        "status: GA\nsourceType: Core\ndirectCommands:\n"
    ]
    for c in range(commands):
        name = f"az {group} cmd{c}"
        names = [f"--param-{p}" for p in range(params)] + (["--acquire-policy-token"] if version > 1 else [])
        syntax = "".join(f"    {' ' * len(name)} [{p}]\n" for p in names)
        out.append(
            f"- uid: az_{group}_cmd{c}\n  name: {name}\n  summary: |-\n    Command {c} of {group}.\n"
            f"  status: GA\n  sourceType: Core\n  syntax: >-\n    {name} --name\n{syntax}"
            "  requiredParameters:\n  - isRequired: true\n    name: --name -n\n    summary: |-\n      The name.\n"
            "  optionalParameters:\n"
        )
        out += [
            f'  - name: --param-{p}\n    defaultValue: "False"\n    summary: |-\n'
            f"      Parameter {p}: described in one long sentence for the reader.\n"
            f'    parameterValueGroup: "false, true"\n'
            for p in range(params)
        ]
        out.append(
            (_TOKEN if version > 1 else "") + f"  examples:\n  - summary: Run it.\n    syntax: {name} -n x\n"
        )
    out.append("metadata:\n  ms.date: 2025-04-1" + str(version) + "\n")
    return "".join(out)


def _landing(i: int, version: int) -> str:
    links = "".join(f"    - text: Link {j}\n      url: page{j + version * (j == 3)}.md\n" for j in range(6))
    return (
        f"### YamlMime:Landing\ntitle: Area {i}\nmetadata:\n  ms.date: 04/1{version}/2025\n"
        f"landingContent:\n- title: Get started\n  linkLists:\n  - linkListType: overview\n    links:\n{links}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=5000, help="files changed in the synthetic day")
    parser.add_argument("--no-corpus", action="store_true", help="only the synthetic day")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if not args.no_corpus and (REPOS / "semantic-kernel-docs.bundle").exists():
            sk = clone_bundle(REPOS / "semantic-kernel-docs.bundle", root / "sk")
            bench("semantic-kernel-docs since 2025", sk, "ca2f2dbef4b1", "33575d4a9676", args.repeat)
            day = subprocess.run(
                ["git", "log", "--first-parent", "--format=%H", "-n", "2", "--until=2025-06-30", "main"],
                cwd=sk,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            bench("semantic-kernel-docs one day", sk, day[1], day[0], args.repeat)
        if not args.no_corpus and (REPOS / "diff-insight-posts-2024.bundle").exists():
            posts = clone_bundle(REPOS / "diff-insight-posts-2024.bundle", root / "posts")
            first = subprocess.run(
                ["git", "rev-list", "--max-parents=0", "HEAD"], cwd=posts, capture_output=True, text=True
            ).stdout.split()[0]
            bench("posts: whole history (since day 1)", posts, first, "HEAD", args.repeat)
        if args.synthetic:
            repo, base, head = synthetic(root, args.synthetic)
            bench(f"synthetic: {args.synthetic} files in a day", repo, base, head, args.repeat)


if __name__ == "__main__":
    main()
