"""``[report]`` and ``[[sources]]`` validation, categories.yaml import, hostile category names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from run_helpers import docs_repo, reports, run_cli, url, write_config

from diffreport import schedule
from diffreport.categories import Categorizer
from diffreport.errors import ConfigError, OutputError
from diffreport.settings import Config, ReportSettings, SourceSettings, load_config

README_EXAMPLE = """\
[report]
output = "output/posts/%Y%m/report-%Y%m%d-{category}.md"   # strftime of the report date + {category}
language = "ja"
timezone = "Asia/Tokyo"       # the report date and the day boundaries of a backfill
state = "output/state.json"

[[sources]]
name = "azure-ai-docs"
repo = "https://github.com/MicrosoftDocs/azure-ai-docs.git"   # a URL (cloned and fetched) or a local path
branch = "main"
include = ["articles/**/*.md", "articles/**/*.yml"]

[sources.categories]          # category -> path prefixes or globs; first match wins
openai = ["articles/ai-services/openai"]
search = ["articles/search"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "diffreport.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_issue_example_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, README_EXAMPLE))
    assert config.report.language == "ja"
    assert config.report.timezone == "Asia/Tokyo"
    (source,) = config.sources
    assert list(source.categories) == ["openai", "search"]  # order kept: first match wins
    assert source.categories["openai"] == ["articles/ai-services/openai"]


SOURCE = '[[sources]]\nname = "docs"\nrepo = "repo"\n'


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ('[report]\nlanguage = "fr"\n', "report.language", "unsupported language 'fr'"),
        ('[report]\ntimezone = "Mars/Olympus"\n', "report.timezone", "unknown time zone"),
        ('[report]\ntimezone = "../../etc/passwd"\n', "report.timezone", "unknown time zone"),
        ('[report]\ntimezon = "UTC"\n', "report.timezon", "unknown key (did you mean 'timezone'?)"),
        ('[report]\noutput = "out/{date}.md"\n', "report.output", "only {category} and {source}"),
        (
            '[report]\noutput = "out/%Y.md"\n' + SOURCE + '[sources.categories]\nopenai = ["a"]\n',
            "report.output",
            "must contain {category}",
        ),
        (SOURCE + "[sources.categories]\nopenai = []\n", "sources.0.categories.openai", "at least one"),
        (SOURCE + '[sources.categories]\nopenai = "a"\n', "sources.0.categories.openai", "valid list"),
        (SOURCE + 'branch = "--upload-pack=x"\n', "sources.0.branch", "not a valid branch name"),
        (SOURCE + 'catch_all = "../x"\n', "sources.0.catch_all", "must not start with '.'"),
        ('[[sources]]\nname = "docs"\n', "sources.0.repo", "Field required"),
        (SOURCE + SOURCE, "sources.1.name", "used by two sources"),
    ],
)
def test_invalid_config_is_one_line_naming_the_key(tmp_path: Path, text: str, key: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "name",
    [
        "..",
        "../posts",
        "a/b",
        "a\\b",
        "nul\0byte",
        ".hidden",
        "/etc/cron.d/x",
        "C:evil",
        "x..y",
        " spaced",
        "tab\t",
        "line\nbreak",
        "CON",
        "nul.md",
        "trailing.",
        "",
    ],
)
def test_hostile_category_names_are_refused(tmp_path: Path, name: str) -> None:
    repo = docs_repo(tmp_path / "repo")
    cfg = write_config(tmp_path / "site", url(repo), categories={name: ["articles"]})
    proc = run_cli(cfg, "--date", "2025-04-17")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"diffreport: error: {cfg}: sources.0.categories."), lines
    assert not (tmp_path / "site" / "output").exists()


def test_final_paths_are_checked_with_safe_join_too(tmp_path: Path) -> None:
    # A config built without validation (as a library caller could) still cannot write outside.
    config = Config.model_construct(
        report=ReportSettings.model_construct(output="posts/report-{category}.md", state="state.json"),
        sources=[],
        path=tmp_path / "diffreport.toml",
    )
    assert (
        schedule.output_path(config, dt.date(2025, 4, 17), "ok", "docs")
        == (tmp_path / "posts" / "report-ok.md").resolve()
    )
    with pytest.raises(OutputError, match="refusing to write outside"):
        schedule.output_path(config, dt.date(2025, 4, 17), "../../../escape", "docs")


def test_categories_yaml_is_imported_as_is(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    site.mkdir()
    (site / "categories.yaml").write_text(
        "categories:\n"
        "  speech:\n"
        "    paths:\n"
        "      - articles/speech\n"
        "  openai:\n"
        "    description: Azure OpenAI\n"  # other keys of the reference file are accepted
        "    paths: [articles/openai, articles/misc]\n",
        encoding="utf-8",
    )
    cfg = write_config(site, url(repo), categories={}, source_extra='categories_file = "categories.yaml"')
    config = load_config(cfg)
    assert config.sources[0].categories == {
        "speech": ["articles/speech"],
        "openai": ["articles/openai", "articles/misc"],
    }
    proc = run_cli(cfg, "--date", "2025-04-17")
    assert proc.returncode == 0, proc.stderr
    assert sorted(reports(site)) == ["202504/report-20250417-openai.md", "202504/report-20250417-speech.md"]
    assert "1 file(s) matched no category" in proc.stderr  # articles/search/index.md


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [
        (None, "sources.0.categories_file: cannot read"),
        ("categories: [a, b]\n", "sources.0.categories_file: "),
        ("categories:\n  ../up:\n    paths: [a]\n", "sources.0.categories.../up: "),
        ("categories:\n  x:\n    paths: 3\n", "sources.0.categories.x: "),
        ("categories: {a: [\n", "is not valid YAML"),
    ],
)
def test_bad_categories_yaml(tmp_path: Path, yaml_text: str | None, problem: str) -> None:
    if yaml_text is not None:
        (tmp_path / "categories.yaml").write_text(yaml_text, encoding="utf-8")
    cfg = write(tmp_path, SOURCE + 'categories_file = "categories.yaml"\n')
    with pytest.raises(ConfigError, match=None) as info:
        load_config(cfg)
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_categories_and_categories_file_together_are_refused(tmp_path: Path) -> None:
    (tmp_path / "categories.yaml").write_text("categories:\n  a:\n    paths: [x]\n", encoding="utf-8")
    cfg = write(tmp_path, SOURCE + 'categories_file = "categories.yaml"\n[sources.categories]\nb = ["y"]\n')
    with pytest.raises(ConfigError, match="categories_file: give categories or categories_file, not both"):
        load_config(cfg)


def test_two_sources_sharing_a_category_need_source_in_the_pattern(tmp_path: Path) -> None:
    two = SOURCE + '[sources.categories]\nopenai = ["a"]\n' + SOURCE.replace('"docs"', '"more"')
    two += '[sources.categories]\nopenai = ["b"]\n'
    with pytest.raises(ConfigError, match="report.output: two sources both have category 'openai'"):
        load_config(write(tmp_path, two))
    ok = '[report]\noutput = "out/{source}-{category}.md"\n' + two
    assert len(load_config(write(tmp_path, ok)).sources) == 2


@pytest.mark.parametrize(
    ("pattern", "path", "hit"),
    [
        ("articles/search", "articles/search/a.md", True),
        ("articles/search", "articles/searchx/a.md", False),
        ("articles/search/", "articles/search/deep/a.md", True),
        ("articles/*/openai", "articles/ai-services/openai/how-to/a.md", True),
        ("articles/speech/*.md", "articles/speech/a.md", True),
        ("articles/speech/*.md", "articles/speech/deep/a.md", False),
        ("**/media/**", "articles/x/media/a.png", True),
        ("articles/**/*.yml", "articles/toc.yml", True),
        ("articles/[ab]*", "articles/beta/x.md", True),
        ("articles/[!ab]*", "articles/beta/x.md", False),
    ],
)
def test_category_patterns(pattern: str, path: str, hit: bool) -> None:
    categorize = Categorizer({"c": [pattern]})
    assert (categorize(path) == "c") is hit


def test_first_matching_category_wins() -> None:
    categorize = Categorizer({"specific": ["articles/openai/how-to"], "broad": ["articles"]}, "rest")
    assert categorize("articles/openai/how-to/x.md") == "specific"
    assert categorize("articles/openai/x.md") == "broad"
    assert categorize("README.md") == "rest"
    assert SourceSettings(name="n", repo="r").categories == {}


def test_readme_run_example_is_a_valid_config(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `diffreport run`", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    config = load_config(write(tmp_path, example))
    assert config.report.timezone == "Asia/Tokyo"
    assert list(config.sources[0].categories) == ["openai", "search"]
    (tmp_path / "categories.yaml").write_text(
        section.split("```yaml\n", 1)[1].split("```", 1)[0], encoding="utf-8"
    )
    imported = section.split("```toml\n", 2)[2].split("```", 1)[0]
    assert load_config(write(tmp_path, imported)).sources[0].categories == {
        "openai": ["articles/ai-services/openai"],
        "search": ["articles/search"],
    }


@pytest.mark.parametrize(
    ("repo", "remote"),
    [
        ("https://github.com/MicrosoftDocs/azure-ai-docs.git", True),
        ("git@github.com:MicrosoftDocs/azure-ai-docs.git", True),
        ("github.com:MicrosoftDocs/azure-ai-docs", True),
        ("file:///srv/mirror.git", True),
        ("../azure-ai-docs", False),
        ("/srv/azure-ai-docs", False),
        ("C:\\src\\docs", False),
    ],
)
def test_url_or_local_path(repo: str, remote: bool) -> None:
    from diffreport.vcs.remote import is_url

    assert is_url(repo) is remote
