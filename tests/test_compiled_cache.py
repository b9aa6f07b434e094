"""Compiled templates and translation catalogs are kept in the user's cache folder: a command loads its
report template and its catalog instead of compiling them again, and never takes a file compiled from
another source or another set-up."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from diffreport import i18n, templating
from diffreport.models import Report, ReportFile, anchor_for
from diffreport.render.markdown import render_markdown


@pytest.fixture(autouse=True)
def fresh_env() -> Iterator[None]:
    """Each render below starts from a new environment and catalog (a new command), as a new process would."""
    templating.get_env.cache_clear()
    i18n.translations.cache_clear()
    yield
    templating.get_env.cache_clear()
    i18n.translations.cache_clear()


def report() -> Report:
    path = "docs/a.md"
    change = ReportFile(path=path, status="modified", anchor=anchor_for(path), additions=1, deletions=1)
    return Report(title="T", date="2025-04-19", base="a" * 40, head="b" * 40, files=[change])


def cached(folder: str = "templates") -> list[Path]:
    return sorted((Path(os.environ["XDG_CACHE_HOME"]) / "diffreport" / folder).glob("*"))


def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled from here on."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        names.append(str(name))
        return compile_(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_template_is_compiled_once_then_loaded_from_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    names = compiled(monkeypatch)
    first = render_markdown(report())
    assert names == ["report.md.j2"]
    assert len(cached()) == 1  # under $XDG_CACHE_HOME (a temporary folder here), never the real home
    templating.get_env.cache_clear()
    assert render_markdown(report()) == first
    assert names == ["report.md.j2"]  # not compiled again


def test_a_changed_template_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = compiled(monkeypatch)
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "report.md.j2").write_text("one {{ report.title }}\n", encoding="utf-8")
    assert render_markdown(report(), template_dir=str(user)) == "one T\n"
    templating.get_env.cache_clear()
    (user / "report.md.j2").write_text("two {{ report.title }}\n", encoding="utf-8")
    assert render_markdown(report(), template_dir=str(user)) == "two T\n"
    assert names == ["report.md.j2", "report.md.j2"]


def test_a_file_compiled_with_other_options_is_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    names = compiled(monkeypatch)
    shipped = render_markdown(report())
    templating.get_env.cache_clear()
    monkeypatch.setitem(templating._OPTIONS, "trim_blocks", False)
    other = render_markdown(report())
    assert names == ["report.md.j2", "report.md.j2"]
    assert other != shipped  # compiled for these options, not the file of the others
    assert len(cached()) == 2


def test_a_damaged_cache_file_is_compiled_over(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = render_markdown(report())
    (entry,) = cached()
    magic = entry.read_bytes()[: len(jinja2.bccache.bc_magic)]
    for damage in (b"", b"not a cache file", magic, magic + b"\x80\x04garbage"):
        entry.write_bytes(damage)
        templating.get_env.cache_clear()
        names = compiled(monkeypatch)
        assert render_markdown(report()) == shipped
        assert names == ["report.md.j2"]
    assert entry.read_bytes() != magic + b"\x80\x04garbage"  # written again, whole


def test_a_cache_folder_that_cannot_be_written_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = render_markdown(report())
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for _ in range(2):
        templating.get_env.cache_clear()
        assert render_markdown(report()) == shipped


def catalog(lang: str = "ja") -> dict[object, str]:
    """Every message of the language's catalog, as loaded now."""
    i18n.translations.cache_clear()
    return dict(i18n.translations(lang)._catalog)  # type: ignore[attr-defined]


def test_a_catalog_is_compiled_once_then_loaded_from_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    first = catalog()
    assert first[("{count} line", 0)] == "{count}行"
    assert len(cached("locale")) == 1

    def no_compiling(*args: object) -> bytes:
        raise AssertionError("compiled again")

    monkeypatch.setattr(i18n, "_compile", no_compiling)
    assert catalog() == first


def test_a_changed_catalog_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = catalog()
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    po = locale / "ja" / "LC_MESSAGES" / "diffreport.po"
    po.write_text(po.read_text(encoding="utf-8").replace('"{count}行"', '"{count} 行"'), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    assert catalog() == {**shipped, ("{count} line", 0): "{count} 行"}
    assert len(cached("locale")) == 2


def test_a_damaged_or_unwritable_catalog_cache_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = catalog()
    (entry,) = cached("locale")
    whole = entry.read_bytes()
    for damage in (b"", b"not a catalog", whole[: len(whole) // 2]):
        entry.write_bytes(damage)
        assert catalog() == shipped
        assert entry.read_bytes() == whole  # written again, whole
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert catalog() == shipped
