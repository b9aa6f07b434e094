"""``diffreport rules`` (and the README's rule tables built from it), ``-V`` and shell completion."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diffreport import __version__
from diffreport.classify.rules import RULES
from diffreport.cli import app, main
from diffreport.settings import Thresholds

README = Path(__file__).resolve().parents[1] / "README.md"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rules_json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code, out, err = run_cli(capsys, "rules", "--format", "json")
    assert code == 0, err
    return json.loads(out)


def rule_table(rules: list[dict[str, object]]) -> list[str]:
    """The README's rule table, as ``diffreport rules --format json`` describes the rules."""
    rows = [
        "| rule | level | default label | fires when | thresholds (default) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        limits = ", ".join(f"`{t['name']}` = {t['default']}" for t in r["thresholds"])  # type: ignore[attr-defined]
        rows.append(f"| `{r['id']}` | {r['level']} | {r['label']} | {r['fires_when']} | {limits or '—'} |")
    return rows


def threshold_table(rules: list[dict[str, object]]) -> list[str]:
    rows = ["| threshold | default | meaning |", "| --- | --- | --- |"]
    for r in rules:
        for t in r["thresholds"]:  # type: ignore[attr-defined]
            rows.append(f"| `{t['name']}` | {t['default']} | {r['id']}: {t['meaning']} |")
    return rows


def readme_table(header: str) -> list[str]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(header)
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[start:end]


def test_rules_json_is_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    rules = rules_json(capsys)
    assert [r["id"] for r in rules] == list(RULES)
    defaults = Thresholds()
    used = set()
    for r in rules:
        rule = RULES[str(r["id"])]
        assert (r["level"], r["label"], r["fires_when"]) == (rule.level, rule.label.value, rule.doc)
        for t in r["thresholds"]:  # type: ignore[attr-defined]
            assert t["default"] == getattr(defaults, t["name"])
            assert t["meaning"]
            used.add(t["name"])
    assert used == set(Thresholds.model_fields)  # every threshold belongs to a rule that reads it


def test_rules_text_lists_every_rule_and_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "rules")
    assert code == 0, err
    lines = out.splitlines()
    for rule in RULES.values():
        (line,) = [x for x in lines if x.startswith(f"{rule.id} ")]
        assert re.split(r"\s{2,}", line) == [rule.id, rule.level, rule.label.value, rule.doc]
    assert f"removal_lines = {Thresholds().removal_lines}: " in out
    code, out, err = run_cli(capsys, "rules", "--format", "yaml")
    assert (code, out) == (2, "")
    assert err == "diffreport: error: --format must be text or json, not 'yaml'\n"


def test_readme_rule_tables_match_the_rules_command(capsys: pytest.CaptureFixture[str]) -> None:
    rules = rules_json(capsys)
    assert readme_table(rule_table(rules)[0]) == rule_table(rules)
    assert readme_table(threshold_table(rules)[0]) == threshold_table(rules)


def test_short_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "-V") == (0, f"diffreport {__version__}\n", "")
    assert run_cli(capsys, "--version") == (0, f"diffreport {__version__}\n", "")


def test_shell_completion_is_offered() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output
    result = runner.invoke(app, ["--show-completion", "bash"], prog_name="diffreport")
    assert result.exit_code == 0, result.output
    assert "_DIFFREPORT_COMPLETE=complete_bash" in result.output
    assert "complete -o default -F _diffreport_completion diffreport" in result.output


@pytest.mark.parametrize(
    ("words", "expected"),
    [("diffreport ru", ["rules", "run"]), ("diffreport compare --fail", ["--fail-on"])],
)
def test_completion_completes_commands_and_options(words: str, expected: list[str]) -> None:
    env = {
        "_DIFFREPORT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = CliRunner().invoke(app, [], prog_name="diffreport", env=env)
    assert result.exit_code == 0, result.output
    assert result.output.split() == expected
