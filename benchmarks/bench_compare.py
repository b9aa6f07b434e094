"""Time, CPU and peak memory of ``diffreport compare --format json`` against raw git on the same range.

Baseline: ``git diff -M --numstat`` followed by ``git diff -M`` on the same range and paths (what any
tool has to pay to get the numbers and the patches). Each repeat runs the baseline and diffreport back
to back (a pair); a line gives the medians and the median of the paired ratios, for wall time and for
CPU time (user+sys of the whole process tree: steadier than wall time on a busy machine). Cases: the
semantic-kernel-docs range since 2025 and one day of it (from ``../shared/corpus/repos``), the whole
history of the posts repository, and a synthetic docs repository with thousands of changed Markdown and
YAML files in one day (tables of contents, Azure CLI reference groups that all gain a parameter, landing
pages; ``--synthetic 20000`` shows the memory held by a huge range). The quadratic cases
(thousands of renamed headings, retargeted links, toc entries) are in ``bench_analysis.py --large``.

    python benchmarks/bench_compare.py [--repeat 5] [--synthetic 5000] [--only synthetic]

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from _measure import ROOT, Sample, compile_package, header, measure, ours, report

REPOS = ROOT.parent / "shared" / "corpus" / "repos"
SK_2025 = ("ca2f2dbef4b1", "33575d4a9676")


def bench(name: str, repo: Path, base: str, head: str, repeat: int, jobs: int | None = None) -> None:
    git = ["git", "-c", "color.ui=never"]
    numstat = [*git, "diff", "-M", "--numstat", base, head]
    patch = [*git, "diff", "-M", base, head]
    cmd = ours("compare", f"{base}..{head}", "--format", "json", "--include", "*")
    cmd += ["--jobs", str(jobs)] if jobs else []
    raw: list[Sample] = []
    mine: list[Sample] = []
    for _ in range(repeat):
        raw.append(measure(numstat, repo) + measure(patch, repo))
        mine.append(measure(cmd, repo))
    files = subprocess.run([*git, "diff", "-M", "--name-only", base, head], cwd=repo, capture_output=True)
    report(name, len(files.stdout.splitlines()), raw, mine)


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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=5000, help="files changed in the synthetic day")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--jobs", type=int, help="pass --jobs to diffreport (default: its own)")
    args = parser.parse_args()

    def wanted(name: str) -> bool:
        return not args.only or args.only in name

    compile_package()
    header()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sk_bundle = REPOS / "semantic-kernel-docs.bundle"
        if sk_bundle.exists() and (
            wanted("semantic-kernel-docs since 2025") or wanted("semantic-kernel-docs one day")
        ):
            sk = clone_bundle(sk_bundle, root / "sk")
            name = "semantic-kernel-docs since 2025"
            if wanted(name):
                bench(name, sk, *SK_2025, args.repeat, args.jobs)
            day = subprocess.run(
                ["git", "log", "--first-parent", "--format=%H", "-n", "2", "--until=2025-06-30", "main"],
                cwd=sk,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            name = "semantic-kernel-docs one day"
            if wanted(name):
                bench(name, sk, day[1], day[0], args.repeat, args.jobs)
        name = "posts: whole history (since day 1)"
        if (REPOS / "diff-insight-posts-2024.bundle").exists() and wanted(name):
            posts = clone_bundle(REPOS / "diff-insight-posts-2024.bundle", root / "posts")
            first = subprocess.run(
                ["git", "rev-list", "--max-parents=0", "HEAD"], cwd=posts, capture_output=True, text=True
            ).stdout.split()[0]
            bench(name, posts, first, "HEAD", args.repeat, args.jobs)
        name = f"synthetic: {args.synthetic} files in a day"
        if args.synthetic and wanted(name):
            repo, base, head = synthetic(root, args.synthetic)
            bench(name, repo, base, head, args.repeat, args.jobs)


if __name__ == "__main__":
    main()
