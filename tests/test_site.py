"""The site built from the 204 real posts of 2024: pages, links, feeds, search index, sitemap."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from site_helpers import POSTS_2024, is_external, load_search_script, parse_html, resolve, search_site

from diffreport.settings.site import SiteSettings
from diffreport.site.build import build_site

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    if not POSTS_2024.is_dir():
        pytest.skip(f"the shared corpus is absent ({POSTS_2024})")
    out = tmp_path_factory.mktemp("site")
    settings = SiteSettings(title="Reports", base_url="https://example.org/reports")
    return out, build_site(POSTS_2024, out, settings)


def _posts() -> list[Path]:
    return sorted(POSTS_2024.rglob("*.md"))


def _category(post: Path) -> str:
    match = re.match(r"report-\d{8}-(.+)\.md$", post.name)
    assert match
    return match.group(1)


def test_every_post_has_a_page_and_each_category_and_month_one(corpus_site: tuple[Path, object]) -> None:
    out, result = corpus_site
    posts = _posts()
    report_pages = sorted((out / "reports").rglob("*.html"))
    assert result.reports == len(posts) == len(report_pages)
    assert {p.stem for p in report_pages} == {p.stem for p in posts}
    categories = {_category(p) for p in posts}
    assert {p.stem for p in (out / "category").glob("*.html")} == categories
    assert {p.stem for p in (out / "feeds").glob("*.xml")} == categories
    months = {f"{p.parent.name[:4]}-{p.parent.name[4:]}" for p in posts}
    assert {p.stem for p in (out / "month").glob("*.html")} == months
    for page in ("index.html", "categories.html", "months.html", "about.html", "search.html"):
        assert (out / page).is_file()
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html  # the posts are Japanese
    assert "カテゴリ" in html  # the site's own words follow the reports' language


def test_every_internal_link_resolves(corpus_site: tuple[Path, object]) -> None:
    out, _ = corpus_site
    checked = 0
    for page in sorted(out.rglob("*.html")):
        parsed = parse_html(page.read_text(encoding="utf-8"))
        for _tag, url in parsed.links:
            if is_external(url):
                continue
            assert not url.lower().startswith(("javascript:", "data:", "file:", "//")), (page, url)
            target, fragment = resolve(page, url)
            if target is None:
                assert fragment == "" or fragment in parsed.ids, f"{page}: no id {fragment!r}"
                continue
            assert target.is_file(), f"{page.relative_to(out)} -> {url}"
            assert out.resolve() in target.parents
            checked += 1
    assert checked > 204 * 5


def test_report_page_has_diff_views_and_anchored_summary_table(corpus_site: tuple[Path, object]) -> None:
    out, _ = corpus_site
    post = POSTS_2024 / "202409" / "report-20240912-misc.md"
    source = post.read_text(encoding="utf-8")
    page = (out / "reports" / "202409" / "report-20240912-misc.html").read_text(encoding="utf-8")
    assert page.count('<details class="file-diff">') == source.count("\n<details>\n")
    assert page.count('<div class="diff">') == source.count("````diff") + source.count("\n```diff")
    for anchor in re.findall(r"\{#(item-[0-9a-f]{6})\}", source):
        assert f'id="{anchor}"' in page
    assert "<del>08</del>" in page
    assert "<ins>09</ins>" in page
    assert 'target="_blank" rel="noopener noreferrer"' in page
    assert "{#item-" not in page
    assert '{target="_blank"}' not in page


def test_feeds_parse_and_hold_the_newest_reports(corpus_site: tuple[Path, object]) -> None:
    out, _ = corpus_site
    posts = _posts()
    limit = SiteSettings().feed_limit
    root = ET.parse(out / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(limit, len(posts))
    newest_day = max(re.search(r"\d{8}", p.name).group(0) for p in posts)  # type: ignore[union-attr]
    assert entries[0].findtext(f"{ATOM}updated", "").replace("-", "").startswith(newest_day)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
        assert href.startswith("https://example.org/reports/reports/")
        assert (out / href.removeprefix("https://example.org/reports/")).is_file()
    per_category = Counter(_category(p) for p in posts)
    for category, count in per_category.items():
        feed = ET.parse(out / "feeds" / f"{category}.xml").getroot()
        found = feed.findall(f"{ATOM}entry")
        assert len(found) == min(limit, count)
        assert {e.find(f"{ATOM}category").get("term") for e in found} == {category}  # type: ignore[union-attr]


def test_search_index_holds_every_report_and_finds_file_sections(corpus_site: tuple[Path, object]) -> None:
    out, _ = corpus_site
    files = sorted((out / "search").glob("*.js"))
    reports = [load_search_script(p) for p in files if p.stem.startswith("r")]
    pages = {p.relative_to(out).as_posix() for p in (out / "reports").rglob("*.html")}
    assert len(reports) == len(_posts())
    assert {r[0] for r in reports} == pages
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "<" not in text
        assert "\u2028" not in text
    meta = load_search_script(out / "search" / "meta.js")
    assert sum(meta["counts"]) > len(reports)  # file sections are documents of their own
    biggest = max(p.stat().st_size for p in files if p.stem.startswith("s"))
    assert biggest < 64_000  # a shard is a small part of the index

    misc = "reports/202409/report-20240912-misc.html"
    html = (out / misc).read_text(encoding="utf-8")
    for query in ("Document Intelligence", "リリース履歴", "release-history"):
        found = dict(search_site(out, query))
        assert misc in found, query
        assert "item-a1e7d0" in found[misc], query  # the changelog-release-history.md section
        for anchor in found[misc]:
            assert not anchor or f'id="{anchor}"' in html
    assert search_site(out, "zebrafishquux") == []
    everything = search_site(out, "azure")
    dates = [re.search(r"\d{8}", url).group(0) for url, _ in everything]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_sitemap_lists_every_page(corpus_site: tuple[Path, object]) -> None:
    out, _ = corpus_site
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {f"https://example.org/reports/{p.relative_to(out).as_posix()}" for p in out.rglob("*.html")}
    assert locs == pages


def test_no_change_rebuild_renders_nothing(corpus_site: tuple[Path, object]) -> None:
    out, first = corpus_site
    again = build_site(POSTS_2024, out, SiteSettings(title="Reports", base_url="https://example.org/reports"))
    assert first.rendered == first.outputs  # type: ignore[attr-defined]
    assert (again.rendered, again.removed, again.skipped) == (0, 0, first.outputs)  # type: ignore[attr-defined]


def test_changing_one_post_rerenders_only_its_page(tmp_path: Path) -> None:
    if not POSTS_2024.is_dir():
        pytest.skip(f"the shared corpus is absent ({POSTS_2024})")
    src = tmp_path / "posts"
    for post in _posts()[:6]:
        target = src / post.relative_to(POSTS_2024)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(post, target)
    out = tmp_path / "site"
    first = build_site(src, out)
    assert first.rendered == first.outputs
    assert len(first.rendered_reports) == 6

    changed = sorted(src.rglob("*.md"))[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    second = build_site(src, out)
    rel = changed.relative_to(src).as_posix()
    assert second.rendered_reports == [rel]
    shards = load_search_script(out / "search" / "meta.js")["shards"]
    assert second.rendered == 2 + shards  # its page, its search data and the index shards; no list page
    assert "A new closing paragraph." in (out / "reports" / rel.replace(".md", ".html")).read_text(
        encoding="utf-8"
    )

    same = sorted((p for p in src.rglob("*.md") if _category(p) == _category(changed)), key=lambda p: p.name)
    at = same.index(changed)
    neighbours = {p.relative_to(src).as_posix() for p in same[max(at - 1, 0) : at + 2] if p != changed}
    changed.unlink()
    third = build_site(src, out)
    assert not (out / "reports" / rel.replace(".md", ".html")).exists()
    # its page (plus its category's page and feed when it was the category's only report) and the last
    # search/r<n>.js, as the reports after it move up one number
    assert third.removed == (1 if len(same) > 1 else 3) + 1
    assert set(third.rendered_reports) == neighbours  # their newer/older links pointed at it
