"""YAML lines indented otherwise and no more are said with the lines, not as line counts.

Taken from real changes: semantic-kernel-docs ``0297e914`` put the landing page's `- title: Community`
item back in its list (` - title:` -> `    - title:`), and the labelled Azure `articles/ai-studio/toc.yml`
(2024) gave the entry 'Create and manage compute' its `href` by indenting it. Both read "Updated index.yml"
/ "Updated toc.yml" and "1 line added and 1 line removed." In YAML an indent is structure: the line now
belongs to another item.
"""

from __future__ import annotations

from analysis_helpers import commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse, analyse_patch
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import Classification
from diffreport.narrate import describe_file

LANDING = """\
### YamlMime:Hub
title: Semantic Kernel documentation
productDirectory:
  items:
    - title: Security
      links:
        - url: /semantic-kernel/security/
          text: Key measures to ensure security
{community}
      imageSrc: /semantic-kernel/media/whats-new.png
      links:
        - url: https://github.com/microsoft/semantic-kernel/discussions
          text: Discussions
"""


def test_an_item_put_back_in_its_list_says_the_line(git_repo: GitRepoFactory) -> None:
    old = LANDING.format(community=" - title: Community")
    new = LANDING.format(community="    - title: Community")
    change = commit_pair(git_repo, {"index.yml": old}, {"index.yml": new})["index.yml"]
    facts = analyse(change)
    assert facts.reindented == ["- title: Community"]
    assert not facts.whitespace_only
    assert describe_file(change, facts, Classification(), "en") == (
        "Re-indented 1 line in index.yml",
        "Changed the indentation of 1 line: `- title: Community`.",
    )
    assert describe_file(change, facts, Classification(), "ja") == (
        "index.yml の1行のインデントを変更",
        "1行のインデントを変更しました: `- title: Community`。",
    )


def test_from_a_patch_alone_a_toc_href_indented_under_its_entry() -> None:
    patch = (
        "@@ -65,7 +65,7 @@ items:\n"
        "     - name: Create a project\n"
        "       href: how-to/create-projects.md\n"
        "     - name: Create and manage compute\n"
        "-    href: how-to/create-manage-compute.md\n"
        "+      href: how-to/create-manage-compute.md\n"
        "   - name: Connect to services and resources\n"
    )
    record = {"path": "articles/ai-studio/toc.yml", "status": "modified", "additions": 1, "deletions": 1}
    change = change_from_record({**record, "patch": patch})
    facts = analyse_patch(change.path, "modified", patch, 1, 1)
    assert facts.reindented == ["href: how-to/create-manage-compute.md"]
    assert describe_file(change, facts, Classification(), "en") == (
        "Re-indented 1 line in toc.yml",
        "Changed the indentation of 1 line: `href: how-to/create-manage-compute.md`.",
    )


def test_lines_changed_beyond_their_indent_are_no_reindent() -> None:
    moved_and_changed = "@@ -1,3 +1,3 @@\n items:\n-  - name: Old\n+    - name: New\n   - name: Kept\n"
    facts = analyse_patch("articles/toc.yml", "modified", moved_and_changed, 1, 1)
    assert facts.reindented == []
    trailing = "@@ -1,3 +1,3 @@\n items:\n-  - name: Kept \n+  - name: Kept\n   - name: Other\n"
    facts = analyse_patch("articles/toc.yml", "modified", trailing, 1, 1)
    assert (facts.whitespace_only, facts.reindented) == (True, [])
