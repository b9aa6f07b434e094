"""The settings package: no stage imported, every problem at once with its key, rule ids checked after
validation, output patterns checked at load time, and config discovery through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GitRepoFactory
from run_helpers import docs_repo, run_cli, url, write_config

from diffreport.cli import main
from diffreport.errors import ConfigError
from diffreport.settings import load_config

STAGES = ("analysis", "classify", "narrate", "llm", "render", "schedule", "site", "vcs", "pipeline")
FULL_CONFIG = """\
[report]
language = "ja"
timezone = "Asia/Tokyo"
[[sources]]
name = "docs"
repo = "repo"
[sources.categories]
openai = ["articles/openai"]
[classifier]
disable = ["image-removed"]
[llm]
model = "m"
[site]
title = "t"
"""


def test_loading_a_config_imports_no_stage(tmp_path: Path) -> None:
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text(FULL_CONFIG, encoding="utf-8")
    code = (
        "import sys, json, diffreport.settings as s; c = s.load_config(sys.argv[1]);"
        "print(json.dumps([c.report.language, sorted(sys.modules)]))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(cfg)], capture_output=True, text=True, check=True)
    language, modules = json.loads(out.stdout)
    assert language == "ja"
    assert "diffreport.settings.loader" in modules  # the check sees what was imported
    loaded = [
        m
        for m in modules
        if m.split(".")[0] in ("markdown_it", "git", "openai", "jinja2")
        or (m.startswith("diffreport.") and m.split(".")[1] in STAGES)
    ]
    assert loaded == []


def test_every_problem_is_reported_at_once_with_its_key(tmp_path: Path) -> None:
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text(
        '[report]\ntimezon = "UTC"\nlanguage = "fr"\n'
        '[[sources]]\nname = "docs"\nrepo = "repo"\ncategories_file = "missing.yaml"\n'
        '[[sources]]\nname = "more"\nrepo = "repo"\nbranch = "--x"\n'
        "[llm]\nconcurrency = 0\n[llm.prices.m]\ninptu = 1\noutput = 2\n"
        "[site]\ntitel = 3\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    keys = [line.removeprefix(f"{cfg}: ").split(": ")[0] for line in info.value.problems]
    assert sorted(keys) == [
        "llm.concurrency",
        "llm.prices.m.inptu",
        "llm.prices.m.input",
        "report.language",
        "report.timezon",
        "site.titel",
        "sources.0.categories_file",
        "sources.1.branch",
    ]
    message = str(info.value)
    assert f"{cfg}: report.timezon: unknown key (did you mean 'timezone'?)" in message.splitlines()
    assert f"{cfg}: llm.prices.m.inptu: unknown key (did you mean 'input'?)" in message.splitlines()
    assert f"{cfg}: site.titel: unknown key (did you mean 'title'?)" in message.splitlines()
    assert f"{cfg}: sources.0.categories_file: cannot read" in message


def test_the_cli_prints_each_problem_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text('[report]\nlanguage = "fr"\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    assert main(["compare", "HEAD", "--config", str(cfg)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[:3] for line in lines] == [
        ["diffreport", "error", str(cfg)],
        ["diffreport", "error", str(cfg)],
    ]
    assert [line.split(": ")[3] for line in lines] == ["report.language", "report.timezone"]


def test_rule_ids_are_checked_after_validation_all_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text(
        '[classifier]\ndisable = ["file-removed", "image-remove"]\n'
        '[classifier.labels]\n"sectoin-added" = "bug fix"\n"no-such-thing" = "bug fix"\n',
        encoding="utf-8",
    )
    assert load_config(cfg).classifier.disable == ["file-removed", "image-remove"]  # valid as settings
    assert main(["compare", "HEAD", "--config", str(cfg)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"diffreport: error: {cfg}: classifier.disable.1: unknown rule 'image-remove' "
        "(did you mean 'image-removed'?)",
        f"diffreport: error: {cfg}: classifier.labels.sectoin-added: unknown rule 'sectoin-added' "
        "(did you mean 'section-added'?)",
        f"diffreport: error: {cfg}: classifier.labels.no-such-thing: unknown rule 'no-such-thing'",
    ]


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        ("out/{category.foo}.md", "not {category.foo}"),
        ("out/{category:>300}.md", "not {category:>300}"),
        ("out/{category!r}.md", "not {category!r}"),
        ("out/{0}-{category}.md", "not {0}"),
        ("out/{category}-" + "x" * 200 + ".md", "longer than 255 bytes"),
        ("out/%Y-{category}-{source}-" + "%B" * 6 + ".md", "longer than 255 bytes"),
        ("out/{category", "only {category} and {source}"),
    ],
)
def test_output_patterns_are_checked_at_load_time(tmp_path: Path, output: str, problem: str) -> None:
    cfg = write_config(tmp_path, "repo", output=output)
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert str(info.value).startswith(f"{cfg}: report.output: "), info.value
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("output", ["out/{category.foo}.md", "out/{category:>300}.md"])
def test_a_bad_output_pattern_stops_the_run_before_anything_is_written(tmp_path: Path, output: str) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=output)
    proc = run_cli(cfg, "--date", "2025-04-17")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith(f"diffreport: error: {cfg}: report.output: ")
    assert sorted(p.name for p in site.iterdir()) == ["diffreport.toml"]  # no state, journal, cache


# ---------------------------------------------------------------- discovery


@pytest.fixture
def repo(git_repo: GitRepoFactory) -> GitRepoFactory:
    git_repo.write("docs/a.md", "# A\n\nText.\n")
    git_repo.commit("first")
    git_repo.write("docs/a.md", "# A\n\nMore text.\n")
    git_repo.commit("second")
    return git_repo


def compare(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, list[str]]:
    """The report language of ``compare HEAD`` and the stderr lines."""
    code = main(["compare", "HEAD", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)["language"], err.splitlines()


def ja(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "diffreport.toml"
    path.write_text('[report]\nlanguage = "ja"\n', encoding="utf-8")
    return path


def test_the_working_directorys_config_is_used(
    repo: GitRepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = ja(tmp_path / "work")
    monkeypatch.chdir(found.parent)
    assert compare(capsys, "--repo", str(repo.path)) == ("ja", [])
    assert compare(capsys, "--repo", str(repo.path), "-v") == ("ja", [f"diffreport: config: {found.name}"])
    assert compare(capsys, "--repo", str(repo.path), "--lang", "en")[0] == "en"  # flags win


def test_the_repository_roots_config_is_used(
    repo: GitRepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = ja(repo.path)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert compare(capsys, "--repo", str(repo.path), "-v") == (
        "ja",
        [f"diffreport: config: {found.resolve()}"],
    )
    assert compare(capsys, "--repo", str(repo.path / "docs"))[0] == "ja"  # from a folder inside it
    monkeypatch.chdir(repo.path / "docs")
    assert compare(capsys)[0] == "ja"  # --repo . (the default) inside the repository
    ja(tmp_path / "elsewhere").write_text('[report]\nlanguage = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert compare(capsys, "--repo", str(repo.path))[0] == "en"  # ./diffreport.toml comes first


def test_the_environment_and_the_flag_name_the_file(
    repo: GitRepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    named = ja(tmp_path / "named")
    here = tmp_path / "here"
    here.mkdir()
    (here / "diffreport.toml").write_text('[report]\nlanguage = "en"\n', encoding="utf-8")
    monkeypatch.chdir(here)
    monkeypatch.setenv("DIFFREPORT_CONFIG", str(named))
    assert compare(capsys, "--repo", str(repo.path), "-v") == ("ja", [f"diffreport: config: {named}"])
    assert compare(capsys, "--repo", str(repo.path), "--config", "diffreport.toml")[0] == "en"
    monkeypatch.setenv("DIFFREPORT_CONFIG", str(tmp_path / "missing.toml"))
    assert main(["compare", "HEAD", "--repo", str(repo.path)]) == 2
    assert (
        capsys.readouterr().err == f"diffreport: error: config file not found: {tmp_path / 'missing.toml'}\n"
    )


def test_no_config_opts_out(
    repo: GitRepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ja(repo.path).write_text('[report]\nlanguage = "fr"\n', encoding="utf-8")  # would be refused if read
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("DIFFREPORT_CONFIG", str(repo.path / "diffreport.toml"))
    assert compare(capsys, "--no-config", "-v") == ("en", ["diffreport: no config file; defaults"])


def test_run_finds_its_config_and_says_when_there_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    write_config(site, url(source))
    monkeypatch.chdir(site)
    assert main(["run", "--date", "2025-04-17", "-v"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "diffreport: config: diffreport.toml"
    assert (site / "output" / "state.json").is_file()
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "diffreport: error: no config: give --config FILE, set $DIFFREPORT_CONFIG, "
        "or put diffreport.toml in this folder"
    ]
