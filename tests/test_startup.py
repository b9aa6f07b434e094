"""Start-up and worker processes: what a command imports, and ranges built in worker processes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import GitRepoFactory
from run_helpers import docs_repo, url, write_config

from diffreport import pipeline
from diffreport.vcs import GitRepo

# The stages a command loads only when it builds or renders a report.
STAGES = (
    "diffreport.analysis",
    "diffreport.classify",
    "diffreport.narrate",
    "diffreport.render",
    "diffreport.llm",
    "diffreport.schedule",
    "diffreport.site",
    "markdown_it",
    "jinja2",
    "babel",
    "openai",
)

# The command modules of diffreport.cli: each is imported only by its own commands (and by --help).
COMMAND_MODULES = tuple(
    f"diffreport.cli.{m}" for m in ("compare", "classify_cmd", "demo", "rules_cmd", "run_cmd", "site_cmd")
)

# The analysis of YAML and JSON files: imported by the first such file of a range.
YAML_ANALYSIS = tuple(
    f"diffreport.analysis.{m}"
    for m in ("yaml_files", "yaml_docs", "yaml_keys", "yaml_tree", "reference", "reference_blocks")
)

_PROBE = """\
import json, sys
from diffreport.cli import main
code = main(sys.argv[1:])
json.dump({"code": code, "modules": sorted(sys.modules)}, sys.stderr)
"""


def imported_by(*args: str, cwd: Path, code: int = 0) -> set[str]:
    """The modules loaded by one ``diffreport`` command, run in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    result = json.loads(proc.stderr.splitlines()[-1])
    assert result["code"] == code, proc.stderr
    return set(result["modules"])


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in names or m.startswith(tuple(f"{n}." for n in names)))


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_version_and_help_load_no_stage_and_no_pydantic(args: tuple[str, ...], tmp_path: Path) -> None:
    modules = imported_by(*args, cwd=tmp_path)
    assert "diffreport.cli" in modules
    assert (
        loaded(
            modules, (*STAGES, "diffreport.models", "diffreport.pipeline", "diffreport.change", "pydantic")
        )
        == []
    )


def test_command_help_loads_no_stage(tmp_path: Path) -> None:
    assert loaded(imported_by("compare", "--help", cwd=tmp_path), (*STAGES, "diffreport.models")) == []


def test_version_imports_no_command_module(tmp_path: Path) -> None:
    modules = imported_by("--version", cwd=tmp_path)
    assert "diffreport.cli" in modules
    assert loaded(modules, COMMAND_MODULES) == []
    assert loaded(modules, ("typer", "diffreport.cli._app")) == []  # nothing to parse: no command line


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_says_what_the_root_option_says(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from diffreport.cli import app, main

    assert main([flag]) == 0
    fast = capsys.readouterr()
    # the root option of the command line itself
    assert not typer.main.get_command(app).main([flag], prog_name="diffreport", standalone_mode=False)
    assert capsys.readouterr() == fast
    assert fast.out.startswith("diffreport ")
    assert fast.err == ""


def test_version_on_a_closed_or_missing_stdout_ends_as_any_command_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import os

    from diffreport.cli import main

    read, write = os.pipe()
    os.close(read)
    with io.TextIOWrapper(io.FileIO(write, "w")) as closed:
        monkeypatch.setattr(sys, "stdout", closed)
        with pytest.raises(SystemExit) as ended:  # the command line's way with a closed pipe
            main(["--version"])
        assert ended.value.code == 1
        monkeypatch.setattr(sys, "stdout", None)
        assert main(["--version"]) == 0  # nothing to say it on: said nowhere


def test_help_lists_every_command_from_its_module(tmp_path: Path) -> None:
    # --help reads each command's help line, so it imports every command module (and still no stage)
    assert set(COMMAND_MODULES) <= imported_by("--help", cwd=tmp_path)


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (("rules",), ("diffreport.cli.rules_cmd",)),
        (("site", "--help"), ("diffreport.cli.site_cmd",)),
        (("run", "--help"), ("diffreport.cli.run_cmd", "diffreport.cli.compare")),  # run shares its options
        (("classify", "--help"), ("diffreport.cli.classify_cmd", "diffreport.cli.compare")),
    ],
)
def test_a_command_imports_its_own_module_only(
    args: tuple[str, ...], modules: tuple[str, ...], tmp_path: Path
) -> None:
    assert loaded(imported_by(*args, cwd=tmp_path), COMMAND_MODULES) == sorted(modules)


@pytest.mark.parametrize(
    ("fmt", "renderers"),
    [
        ("json", ["diffreport.render.json", "diffreport.render.markdown"]),  # markdown: its forms only
        ("md", ["diffreport.render.markdown"]),
        ("html", ["diffreport.render.html", "diffreport.render.markdown"]),
    ],
)
def test_compare_imports_the_renderer_of_its_format_only(
    fmt: str, renderers: list[str], docs: tuple[GitRepoFactory, str], tmp_path: Path
) -> None:
    repo, rng = docs
    out = tmp_path / f"report.{fmt}"
    args = ("compare", "-q", rng, "-C", str(repo.path), "--no-config", "--format", fmt, "-o", str(out))
    modules = imported_by(*args, cwd=tmp_path)
    assert out.is_file()
    assert loaded(modules, ("diffreport.render",)) == ["diffreport.render", *renderers]
    assert loaded(modules, COMMAND_MODULES) == ["diffreport.cli.compare"]
    assert loaded(modules, ("diffreport.llm", "diffreport.schedule", "openai")) == []
    assert loaded(modules, ("multiprocessing", "concurrent")) == []  # a short range starts no workers
    assert loaded(modules, ("tomllib", "tomli")) == []  # no config file to read
    assert loaded(modules, YAML_ANALYSIS) == []  # Markdown pages only
    if fmt != "html":  # only the standalone page goes through the site's Markdown renderer
        assert loaded(modules, ("diffreport.site",)) == []
    if fmt == "json":
        assert "jinja2" not in modules
    else:
        assert "jinja2" in modules


def test_compare_without_a_gate_loads_no_rule_for_it(git_repo: GitRepoFactory, tmp_path: Path) -> None:
    # a range without documentation changes fails before any file is classified: --fail-on, not given,
    # is no reason to import the classifier's rules
    git_repo.write("src/a.py", "a = 1\n")
    base = git_repo.commit("base")
    git_repo.write("src/a.py", "a = 2\n")
    head = git_repo.commit("head")
    args = ("compare", "-q", f"{base}..{head}", "-C", str(git_repo.path), "--no-config")
    modules = imported_by(*args, cwd=tmp_path, code=1)
    assert loaded(modules, ("diffreport.classify", "diffreport.narrate")) == []


def test_progress_off_a_terminal_loads_no_rich(
    docs: tuple[GitRepoFactory, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stderr is a pipe here: progress is plain lines, and rich is not loaded to find that out
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    repo, rng = docs
    out = tmp_path / "report.md"
    modules = imported_by("compare", rng, "-C", str(repo.path), "--no-config", "-o", str(out), cwd=tmp_path)
    assert out.is_file()
    assert loaded(modules, ("rich",)) == []
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich is asked whether stderr is a terminal after all
    again = imported_by("compare", rng, "-C", str(repo.path), "--no-config", "-o", str(out), cwd=tmp_path)
    assert "rich.console" in again


def test_a_run_with_nothing_new_builds_no_report(tmp_path: Path) -> None:
    # the run reads the config, fetches and finds nothing new: no report model, stage or renderer
    repo = docs_repo(tmp_path / "repo")
    config = write_config(tmp_path / "work", url(repo))
    first = imported_by("run", "-q", "--config", str(config), cwd=tmp_path)
    assert "diffreport.render" in first  # the first run wrote reports
    modules = imported_by("run", "-q", "--config", str(config), cwd=tmp_path)
    assert "diffreport.schedule" in modules
    # render: only its Markdown forms, checked; schedule: the run itself
    stages = [m for m in STAGES if m not in ("diffreport.render", "diffreport.schedule")]
    assert (
        loaded(modules, (*stages, "diffreport.models", "yaml", "multiprocessing", "concurrent", "pickle"))
        == []
    )
    assert loaded(modules, ("diffreport.render",)) == ["diffreport.render", "diffreport.render.markdown"]
    assert loaded(modules, COMMAND_MODULES) == ["diffreport.cli.compare", "diffreport.cli.run_cmd"]


def test_schema_loads_the_models_but_no_stage(tmp_path: Path) -> None:
    modules = imported_by("schema", cwd=tmp_path)
    assert "diffreport.models" in modules
    assert loaded(modules, STAGES) == []


def test_the_library_api_loads_the_stages_only_to_build(git_repo: GitRepoFactory) -> None:
    # reading git and planning a run need neither the report models nor the stages
    code = (
        "import sys\n"
        "import diffreport.pipeline, diffreport.vcs, diffreport.schedule.plan\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    modules = set(out.split())
    assert loaded(modules, (*STAGES[:4], "diffreport.models", "markdown_it", "jinja2")) == []


def docs_range(repo: GitRepoFactory, count: int) -> str:
    for i in range(count):
        repo.write(f"docs/p{i}.md", f"# P{i}\n\n## Use\n\ntext {i}\n")
    repo.write("docs/toc.yml", "- name: P0\n  href: p0.md\n")
    base = repo.commit("base")
    for i in range(1, count):
        repo.write(f"docs/p{i}.md", f"# P{i}\n\n## Use\n\ntext {i}, now [preview](https://x.test/{i}).\n")
    repo.write("docs/toc.yml", "- name: P0\n  href: p0.md\n- name: P1\n  href: p1.md\n")
    repo.move("docs/p0.md", "docs/zero.md")  # count - 1 changed pages, a renamed one and the toc
    return f"{base}..{repo.commit('head')}"


@pytest.mark.parametrize("threads", [1, 2], ids=["fork", "forkserver"])
def test_workers_build_the_same_report_as_one_process(
    git_repo: GitRepoFactory, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    # fork when this process runs no other thread, else a fork server: both give the serial report
    rng = docs_range(git_repo, 12)
    opts = {"range": rng, "repo": str(git_repo.path), "date": None}
    serial = pipeline.compare(pipeline.CompareOptions(**opts, jobs=1))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 4)
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    parallel = pipeline.compare(pipeline.CompareOptions(**opts, jobs=2))
    assert len(parallel.files) == 13
    assert parallel.model_dump() == serial.model_dump()
    assert sum(1 for f in parallel.files if f.patch) == 12  # patches are put back (the rename has none)
    # the pages were read from git inside the workers (YAML is analysed from its patch)
    assert all(f.analysis and f.analysis.source == "full" for f in parallel.files if f.path.endswith(".md"))


def test_a_short_range_is_built_without_workers(
    git_repo: GitRepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = docs_range(git_repo, 3)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for a short range")

    monkeypatch.setattr(pipeline, "Workers", no_pool)
    report = pipeline.compare(pipeline.CompareOptions(range=rng, repo=str(git_repo.path), jobs=2))
    assert len(report.files) == 4


def test_a_build_that_stops_early_does_not_wait_for_git(git_repo: GitRepoFactory) -> None:
    # files are built as git streams them: a failure mid-range must stop git, not wait for it to finish
    for i in range(4):  # far more patch text than a pipe holds
        git_repo.write(f"docs/big{i}.md", "".join(f"line {j} of page {i}\n" for j in range(20000)))
    head = git_repo.commit("big pages")
    outcome: list[object] = []

    def first_then_stop() -> None:
        with GitRepo(git_repo.path) as repo:
            changes = repo.changes(repo.empty_tree(), head)
            outcome.append(next(changes).path)
            changes.close()
        outcome.append("closed")

    worker = threading.Thread(target=first_then_stop, daemon=True)
    worker.start()
    worker.join(120)  # a deadlock guard, not a timing assertion
    assert outcome == ["docs/big0.md", "closed"]


def test_the_command_sets_a_collector_threshold_for_the_whole_process(tmp_path: Path) -> None:
    """The console entry point (not the library, not ``main``) raises the collector threshold."""

    def threshold(code: str) -> str:
        proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
        return proc.stdout.strip().splitlines()[-1]

    show = "print(gc.get_threshold())"
    entry = "import gc, sys\nfrom diffreport.cli import run\nsys.argv[1:] = ['-V']\n"
    entry += f"try:\n    run()\nexcept SystemExit:\n    {show}"
    assert threshold(entry) == "(100000, 50, 100)"
    library = f"import gc\nfrom diffreport import pipeline, cli\ncli.main(['-V'])\n{show}"
    assert threshold(library) == threshold(f"import gc\n{show}")
    # the threshold is set before the command line is imported: the entry point's module imports no typer
    assert threshold("import sys\nimport diffreport.cli\nprint('typer' in sys.modules)") == "False"


def test_the_command_leaves_without_collecting_what_it_imported(tmp_path: Path) -> None:
    """Once the command is done, the entry point freezes what is alive, so that the interpreter's
    collections on the way out skip it; the library never does."""
    code = "import gc, sys\nfrom diffreport.cli import main, run\nsys.argv[1:] = ['-V']\n"
    entry = code + "try:\n    run()\nexcept SystemExit:\n    print(gc.get_freeze_count())"
    library = code + "main(['-V'])\nprint(gc.get_freeze_count())"
    counts = []
    for script in (entry, library):
        proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
        counts.append(int(proc.stdout.split()[-1]))
    assert counts[0] > 0
    assert counts[1] == 0


def test_model_fields_have_no_builtin_default_factory() -> None:
    """pydantic reads each factory's signature when it builds a model; a builtin's is parsed from its text,
    which costs every command's start-up (see diffreport.factories)."""
    import pydantic

    from diffreport import models, settings

    classes = [
        c
        for module in (models, settings)
        for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, pydantic.BaseModel) and c is not pydantic.BaseModel
    ]
    assert len(classes) > 20
    builtin = [
        f"{c.__name__}.{name}"
        for c in classes
        for name, info in c.model_fields.items()
        if isinstance(info.default_factory, type) and not issubclass(info.default_factory, pydantic.BaseModel)
    ]
    assert builtin == []
