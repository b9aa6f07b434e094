"""YAML read for what it is: tables of contents, Learn reference YAML by members, other YAML by keys.

Every case is a real commit pair in a temporary repository, read the way ``compare`` reads it.
"""

from __future__ import annotations

from collections import Counter

import yaml
from analysis_helpers import commit_pair
from conftest import GitRepoFactory
from yaml_helpers import (
    ACQUIRE,
    LANDING_NEW,
    LANDING_OLD,
    TOC_NEW,
    TOC_OLD,
    acat,
    cli_command,
    cli_group,
)

from diffreport.analysis import analyse, analyse_patch
from diffreport.analysis.patch import parse_patch
from diffreport.analysis.reference import MAX_FACTS
from diffreport.analysis.yaml_keys import compare_keys
from diffreport.analysis.yaml_tree import old_from_new, outline
from diffreport.models import FileChange, KeyChange, Label
from diffreport.narrate import describe_report
from diffreport.pipeline import build_file

REF = "docs-ref-autogen/acat.yml"


def _counting(change: FileChange) -> tuple[FileChange, list[str]]:
    """The change with a blob loader that records which blobs were read."""
    assert change._loader is not None
    reads: list[str] = []
    inner = change._loader

    def loader(sha: str) -> bytes:
        reads.append("new" if sha == change.new_blob else "old")
        return inner(sha)

    return change.with_loader(loader), reads


def test_reference_yaml_is_analysed_by_members(git_repo: GitRepoFactory) -> None:
    change = commit_pair(git_repo, {REF: acat(False)}, {REF: acat(True)})[REF]
    change, reads = _counting(change)
    fa = analyse(change)
    assert reads == ["new"]  # the old version is rebuilt from the new one and the patch
    assert fa.yaml_mime == "AzureCLIGroup"
    assert fa.toc == []
    members = {(m.kind, m.member) for m in fa.members}
    assert members == {("added", "az acat report list"), ("removed", "az acat report delete")}
    params = {(p.kind, p.member, p.name, p.required) for p in fa.parameters}
    assert params == {
        ("added", "az acat onboard", "--acquire-policy-token", False),
        ("added", "az acat onboard", "--change-reference", False),
        ("made-required", "az acat report create", "--offer-guid", True),
    }
    dates = [k for k in fa.keys if k.key == "metadata.ms.date"]
    assert [(k.kind, k.old, k.new) for k in dates] == [("changed", "2025-04-16", "2025-04-17")]

    report = build_file(change, "en")
    assert report.label == Label.BREAKING_CHANGE
    assert [r.id for r in report.rules] == [
        "reference-member-removed",
        "reference-parameter-required",
        "reference-member-added",
        "reference-parameter-added",
    ]
    assert report.title == "Removed `az acat report delete`"
    assert "`az acat report create`: `--offer-guid` now required." in report.explanation
    assert build_file(change, "ja").title == "`az acat report delete`を削除"


def _onboard(
    extra: str = "", required: tuple[str, ...] = ("subscription-ids",), status: str = "Preview"
) -> str:
    command = cli_command(
        "acat", "onboard", "Onboard the subscriptions to ACAT.", list(required), ["output"], extra, status
    )
    return cli_group("acat", [command])


def test_new_optional_parameters_are_a_new_feature_titled_by_command(git_repo: GitRepoFactory) -> None:
    change = commit_pair(git_repo, {REF: _onboard()}, {REF: _onboard(ACQUIRE + _change_reference())})[REF]
    en, ja = build_file(change, "en"), build_file(change, "ja")
    assert en.label == Label.NEW_FEATURE
    assert [r.id for r in en.rules] == ["reference-parameter-added"]
    assert (
        en.title
        == "`az acat onboard`: new optional parameters `--acquire-policy-token` and `--change-reference`"
    )
    assert (
        ja.title
        == "`az acat onboard`: 省略可能なパラメーター`--acquire-policy-token`、`--change-reference`を追加"
    )
    assert en.explanation.startswith(en.title + ".")


def _change_reference() -> str:
    return "  - name: --change-reference\n    summary: |-\n      The related change reference ID.\n"


def test_defaults_values_optional_and_deprecation_are_minor(git_repo: GitRepoFactory) -> None:
    old = _onboard(ACQUIRE, required=("subscription-ids", "resource-group"))
    new = (
        _onboard(
            ACQUIRE.replace('defaultValue: "False"', 'defaultValue: "True"'),
            required=("subscription-ids",),
            status="Deprecated",
        )
        .replace("yaml, yamlc", "yaml")
        .replace(
            "  status: Deprecated\n", "  status: Deprecated\n  deprecationMessage: Use 'az acat enroll'.\n"
        )
    )
    new = new.replace(
        "  optionalParameters:\n",
        "  optionalParameters:\n  - name: --resource-group\n    summary: |-\n      The resource group to use.\n",
    )
    change = commit_pair(git_repo, {REF: old}, {REF: new})[REF]
    fa = analyse(change)
    params = {(p.kind, p.name, p.old, p.new) for p in fa.parameters}
    assert params == {
        ("made-optional", "--resource-group", None, None),
        ("default-changed", "--acquire-policy-token", "False", "True"),
        (
            "values-changed",
            "--output",
            "json, jsonc, none, table, tsv, yaml, yamlc",
            "json, jsonc, none, table, tsv, yaml",
        ),
    }
    assert {(m.kind, m.member, m.text) for m in fa.members} == {
        ("deprecated", "az acat onboard", "Use 'az acat enroll'."),
        ("released", "az acat onboard", ""),  # its status went from Preview to Deprecated
    }
    en = build_file(change, "en")
    assert en.label == Label.MINOR_UPDATE
    assert [r.id for r in en.rules] == ["reference-member-changed"]
    assert en.title == "`az acat onboard` deprecated"
    assert "is deprecated: 'Use 'az acat enroll''" in en.explanation
    assert build_file(change, "ja").title == "`az acat onboard`が非推奨に"


def test_toc_files_by_name_and_by_shape_only(git_repo: GitRepoFactory) -> None:
    legacy_old = "- name: Overview\n  href: overview.md\n- name: Old\n  href: old.md\n"
    legacy_new = "- name: Overview\n  href: overview.md\n- name: New\n  href: new.md\n"
    products_old = "products:\n- name: Contoso\n  href: contoso/index.md\n"
    products_new = (
        "products:\n- name: Contoso\n  href: contoso/index.md\n- name: Fabrikam\n  href: fabrikam/index.md\n"
    )
    changes = commit_pair(
        git_repo,
        {
            "cli/TOC.yml": TOC_OLD,
            "cli/navigation.yml": TOC_OLD,
            "old/toc-legacy.yml": legacy_old,
            "data/products.yml": products_old,
        },
        {
            "cli/TOC.yml": TOC_NEW,
            "cli/navigation.yml": TOC_NEW,
            "old/toc-legacy.yml": legacy_new,
            "data/products.yml": products_new,
        },
    )
    for path in ("cli/TOC.yml", "cli/navigation.yml", "old/toc-legacy.yml"):
        change, reads = _counting(changes[path])
        fa = analyse(change)
        assert {e.kind for e in fa.toc} == {"added", "removed"}, path
        assert fa.keys == [], path
        assert reads == ([] if path == "cli/TOC.yml" else ["new"]), path  # a toc.yml needs no blob
    products = analyse(changes["data/products.yml"])
    assert products.toc == []  # name/href entries that are not a top-level table of contents
    assert [(k.kind, k.key) for k in products.keys] == [("added", "products[Fabrikam]")]
    assert build_file(changes["cli/navigation.yml"], "en").title.startswith("Updated the table of contents")


def test_other_yaml_gets_a_key_level_analysis(git_repo: GitRepoFactory) -> None:
    pivots_old = (
        "### YamlMime:ZonePivotGroups\ngroups:\n- id: programming-languages\n  title: Programming languages\n"
        "  prompt: Choose a language\n  pivots:\n  - id: python\n    title: Python\n  - id: csharp\n    title: C#\n"
    )
    pivots_new = pivots_old.replace(
        "    title: C#\n", "    title: C#\n  - id: java\n    title: Java\n"
    ).replace("Choose a language", "Choose a programming language")
    changes = commit_pair(
        git_repo,
        {"index.yml": LANDING_OLD, "zone-pivot-groups.yml": pivots_old},
        {"index.yml": LANDING_NEW, "zone-pivot-groups.yml": pivots_new},
    )
    landing = analyse(changes["index.yml"])
    assert landing.yaml_mime == "Landing"
    assert landing.toc == []
    assert landing.members == []
    assert {(k.kind, k.key) for k in landing.keys} == {
        ("changed", "metadata.ms.date"),
        ("changed", "landingContent[Get started].linkLists[0].links[Install the Azure CLI].url"),
        ("added", "landingContent[Reference].linkLists[0].links[Release notes]"),
    }
    pivots = analyse(changes["zone-pivot-groups.yml"])
    assert {(k.kind, k.key, k.new) for k in pivots.keys} == {
        ("changed", "groups[programming-languages].prompt", "Choose a programming language"),
        ("added", "groups[programming-languages].pivots[java]", None),
    }
    en, ja = (
        build_file(changes["zone-pivot-groups.yml"], "en"),
        build_file(changes["zone-pivot-groups.yml"], "ja"),
    )
    assert en.label == Label.MINOR_UPDATE
    assert en.title == "Added `groups[programming-languages].pivots[java]`"
    assert ja.title == "`groups[programming-languages].pivots[java]`を追加"
    assert "Changed `groups[programming-languages].prompt` from `Choose a language` to" in en.explanation


def test_a_list_item_whose_name_changed_is_that_item_changed(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 07e396f4 changed a landing page link's text, "Planner" -> "planners" (its url kept):
    the item is named by its text, so it was said as one YAML key added and another removed."""
    new = LANDING_OLD.replace("text: Install the Azure CLI", "text: Install the Azure CLI on Linux")
    # a link replaced whole (text and url) is still one removed and one added
    replaced = LANDING_OLD.replace(
        "    - text: Command list\n      url: reference-index.md",
        "    - text: Samples\n      url: samples.md",
    )
    changes = commit_pair(
        git_repo, {"index.yml": LANDING_OLD, "b.yml": LANDING_OLD}, {"index.yml": new, "b.yml": replaced}
    )
    facts = analyse(changes["index.yml"])
    assert [(k.kind, k.key, k.old, k.new) for k in facts.keys] == [
        (
            "changed",
            "landingContent[Get started].linkLists[0].links[Install the Azure CLI on Linux].text",
            "Install the Azure CLI",
            "Install the Azure CLI on Linux",
        )
    ]
    file = build_file(changes["index.yml"], "en")
    assert file.explanation == (
        "Changed `landingContent[Get started].…[0].links[Install the Azure CLI on Linux].text` from "
        "`Install the Azure CLI` to `Install the Azure CLI on Linux`."
    )
    assert {(k.kind, k.key) for k in analyse(changes["b.yml"]).keys} == {
        ("added", "landingContent[Reference].linkLists[0].links[Samples]"),
        ("removed", "landingContent[Reference].linkLists[0].links[Command list]"),
    }


def test_many_list_items_renamed_are_paired_by_their_kept_values() -> None:
    """3,000 links of one list, each renamed, and 3,000 others replaced whole (sharing one value): each
    renamed one is found among a few candidates, the others stay added and removed."""
    old = {"links": [{"text": f"Link {k}", "url": f"u{k}.md", "kind": "doc"} for k in range(6000)]}
    new = {
        "links": [{"text": f"Link {k}!", "url": f"u{k}.md", "kind": "doc"} for k in range(3000)]
        + [{"text": f"Other {k}", "url": f"o{k}.md", "kind": "doc"} for k in range(3000)]
    }
    found = compare_keys(old, new)
    kinds = Counter(k.kind for k in found)
    assert kinds == {"changed": 3000, "added": 3000, "removed": 3000}
    assert found[0] == KeyChange(kind="changed", key="links[Link 0!].text", old="Link 0", new="Link 0!")


def test_json_and_toc_read_no_blob(git_repo: GitRepoFactory) -> None:
    old = '{\n  "redirections": [\n    {\n      "source_path": "a.md",\n      "redirect_url": "/x/a"\n    }\n  ]\n}\n'
    rel = ".openpublishing.redirection.json"
    changes = commit_pair(
        git_repo, {rel: old, "toc.yml": TOC_OLD}, {rel: old.replace("/x/a", "/x/b"), "toc.yml": TOC_NEW}
    )
    for path in (rel, "toc.yml"):
        change, reads = _counting(changes[path])
        fa = analyse(change)
        assert reads == []
        assert fa.source == "patch"
        assert fa.redirects or fa.toc


def test_a_patch_alone_gives_no_toc_facts_to_other_yaml(git_repo: GitRepoFactory) -> None:
    change = commit_pair(git_repo, {REF: acat(False)}, {REF: acat(True)})[REF]
    fa = analyse_patch(REF, "modified", change.patch, change.additions, change.deletions)
    assert fa.toc == []
    assert fa.members == []


def test_added_reference_yaml_is_not_a_table_of_contents(git_repo: GitRepoFactory) -> None:
    changes = commit_pair(git_repo, {"a.md": "# A\n"}, {REF: acat(True), "new/toc.yml": TOC_NEW})
    ref = build_file(changes[REF], "en")
    assert ref.analysis is not None
    assert ref.analysis.toc == []
    assert ref.analysis.yaml_mime == "AzureCLIGroup"
    assert ref.title == "Added acat.yml"
    assert build_file(changes["new/toc.yml"], "en").title == "Added table of contents toc.yml"


def test_files_gaining_the_same_parameter_are_one_highlight(git_repo: GitRepoFactory) -> None:
    groups = [f"g{i}" for i in range(12)]

    def group(name: str, new: bool) -> str:
        verbs = ("create", "delete", "show")
        extra = ACQUIRE if new else ""
        return cli_group(
            name, [cli_command(name, v, f"{v} it.", ["name"], ["output"], extra, "GA") for v in verbs]
        )

    changes = commit_pair(
        git_repo,
        {f"ref/{g}.yml": group(g, False) for g in groups} | {REF: acat(False)},
        {f"ref/{g}.yml": group(g, True) for g in groups} | {REF: acat(True)},
    )
    files = [build_file(c, "en") for c in changes.values()]
    assert len({f.title for f in files}) == len(files)  # every file says which commands it is about
    text = describe_report(files, "en")
    assert len(text.new_features) == 1
    assert text.new_features[0].startswith(
        "`--acquire-policy-token` added to 36 commands, in 12 files under `ref/`"
    )
    assert "`--acquire-policy-token` added to 36 commands (12 files)." in text.highlights
    assert any("`az acat report delete` (`acat.yml`)" in i for i in text.insights)
    ja = describe_report([build_file(c, "ja") for c in changes.values()], "ja")
    assert "36個のコマンドに`--acquire-policy-token`を追加（12ファイル）。" in ja.highlights


def test_outline_reads_reference_yaml_as_libyaml_does() -> None:
    text = acat(True)
    fast, exact = outline(text), yaml.safe_load(text)
    assert fast is not None
    assert fast.keys() == exact.keys()
    for mine, theirs in zip(fast["directCommands"], exact["directCommands"], strict=True):
        assert {k: mine[k] for k in ("uid", "name", "status")} == {
            k: theirs[k] for k in ("uid", "name", "status")
        }
        for kind in ("requiredParameters", "optionalParameters"):
            assert [p["name"] for p in mine.get(kind) or []] == [p["name"] for p in theirs.get(kind) or []]
            assert [p.get("defaultValue") for p in mine.get(kind) or []] == [
                p.get("defaultValue") for p in theirs.get(kind) or []
            ]
        assert mine["summary"] == theirs["summary"]
    assert fast["commands"] == exact["commands"]


def test_old_version_is_rebuilt_from_the_new_one_and_the_patch(git_repo: GitRepoFactory) -> None:
    change = commit_pair(git_repo, {REF: acat(False)}, {REF: acat(True)})[REF]
    new = change.new_text()
    assert new is not None
    assert old_from_new(new, parse_patch(change.patch)) == acat(False)
    assert old_from_new(new.replace("az acat onboard", "az acat enroll"), parse_patch(change.patch)) is None


def test_large_reference_file_with_every_command_changed(git_repo: GitRepoFactory) -> None:
    """1,000 commands that all gain a parameter: every member block is read once, the facts are bounded."""

    def big(extra: str) -> str:
        return cli_group(
            "big",
            [cli_command("big", f"c{i}", "Do it.", ["name"], ["output"], extra, "GA") for i in range(1000)],
        )

    change = commit_pair(git_repo, {"big.yml": big("")}, {"big.yml": big(ACQUIRE)})["big.yml"]
    fa = analyse(change)
    assert len(fa.parameters) == MAX_FACTS
    assert {(p.kind, p.name) for p in fa.parameters} == {("added", "--acquire-policy-token")}
    assert any("only the first" in n for n in fa.notes)
    assert build_file(change, "en").title.startswith(
        "`az big c0`, `az big c1`, and 298 more: new optional parameter"
    )


def test_a_byte_order_mark_hides_no_kind_of_yaml(git_repo: GitRepoFactory) -> None:
    """A file saved with a BOM is the same reference or table of contents (YAML allows the mark)."""
    files = {"acat.yml": (acat(False), acat(True)), "nav.yml": (TOC_OLD, TOC_NEW), "new.yml": (None, TOC_NEW)}
    old, new = {}, {}
    for top, bom in (("plain", ""), ("bom", "\ufeff")):
        old |= {f"{top}/{p}": bom + o for p, (o, _n) in files.items() if o is not None}
        new |= {f"{top}/{p}": bom + n for p, (_o, n) in files.items()}
    changes = commit_pair(git_repo, old, new)
    read = {p: analyse(c) for p, c in changes.items()}
    for name in files:
        plain, bom = read[f"plain/{name}"], read[f"bom/{name}"]
        assert (bom.yaml_mime, bom.members, bom.parameters) == (
            plain.yaml_mime,
            plain.members,
            plain.parameters,
        )
        assert [(t.kind, t.name) for t in bom.toc] == [(t.kind, t.name) for t in plain.toc]
    assert read["bom/acat.yml"].yaml_mime == "AzureCLIGroup"
    assert read["bom/acat.yml"].members
    assert read["bom/nav.yml"].toc
    assert read["bom/new.yml"].toc


def test_a_toc_entry_moved_is_said_moved_and_a_newline_added_at_the_end_moves_nothing(
    git_repo: GitRepoFactory,
) -> None:
    """semantic-kernel-docs e0e3eae2: 'Azure Functions and Durable Extension' moved below 'Foundry Hosted
    Agents' and was said as "Removed text 'name: …'". 532bc770: a newline added at the end of the file made
    git show the last `href` line as removed and added; no entry moved."""
    entries = [
        ("Overview", "index.md"),
        ("Azure Functions", "functions.md"),
        ("Foundry Hosted Agents", "f.md"),
    ]

    def toc(order: list[tuple[str, str]], end: str = "\n") -> str:
        return "".join(f"- name: {name}\n  href: {href}\n" for name, href in order).removesuffix("\n") + end

    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    moved = [entries[0], entries[2], entries[1]]
    change = commit_pair(git_repo, {"docs/TOC.yml": toc(entries)}, {"docs/TOC.yml": toc(moved)})[
        "docs/TOC.yml"
    ]
    fa = analyse(change)
    assert [(e.kind, e.name, e.href) for e in fa.toc] == [("moved", "Azure Functions", "functions.md")]
    assert describe_file(change, fa, Classification(), "en") == (
        "Updated the table of contents (1 moved)",
        "Moved the TOC entry 'Azure Functions' to another place in the table of contents.",
    )

    grown = [*entries, ("Java API reference", "java.md")]
    fa = analyse(
        commit_pair(git_repo, {"docs/TOC.yml": toc(entries, end="")}, {"docs/TOC.yml": toc(grown, end="")})[
            "docs/TOC.yml"
        ]
    )
    assert [(e.kind, e.name) for e in fa.toc] == [("added", "Java API reference")]


def test_toc_entries_whose_link_was_emptied_and_a_breadcrumb_repointed(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 6badd3b7 emptied two entries' `href:`: it was "Repointed the TOC entries 'FAQs'
    to ``, and …". 505f5b5d changed a breadcrumb's `tocHref`: it was only "1 line added and 1 line removed"."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "items:\n- name: Tutorials\n  items:\n  - name: Create an agent\n    href: tutorials/create-agent.md\n"
        "- name: Additional Information\n  items:\n  - name: FAQs\n    href: questions.md\n"
        "  - name: Best Practices\n    href: best-practices.md\n"
    )
    new = (
        old.replace("create-agent.md", "create-an-agent.md")
        .replace("href: questions.md", "href: ")
        .replace("href: best-practices.md", "href:")
    )
    change = commit_pair(git_repo, {"docs/TOC.yml": old}, {"docs/TOC.yml": new})["docs/TOC.yml"]
    fa = analyse(change)
    assert [(e.kind, e.name, e.href, e.old_href) for e in fa.toc] == [
        ("retargeted", "Create an agent", "tutorials/create-an-agent.md", "tutorials/create-agent.md"),
        ("retargeted", "FAQs", "", "questions.md"),
        ("retargeted", "Best Practices", "", "best-practices.md"),
    ]
    assert describe_file(change, fa, Classification(), "en") == (
        "Updated the table of contents (1 repointed and 2 unlinked)",
        "The TOC entries 'FAQs' and 'Best Practices' no longer link anywhere (they linked to `questions.md`"
        " and `best-practices.md`). Repointed the TOC entry 'Create an agent' to `tutorials/create-an-agent.md`.",
    )
    title, explanation = describe_file(change, fa, Classification(), "ja")
    assert title == "目次を更新（1件のリンク先変更、2件のリンク削除）"
    assert explanation.startswith("目次の項目「FAQs」、「Best Practices」はどこにもリンクしなくなりました")

    # ca4c2739: an entry that linked to another TOC now holds its entries: it links nowhere itself
    grouped = old + "- name: Agents\n  href: agents/TOC.yml\n"
    inline = old + "- name: Agents\n  items:\n  - name: Overview\n    href: agents/index.md\n"
    change = commit_pair(git_repo, {"docs/TOC.yml": grouped}, {"docs/TOC.yml": inline})["docs/TOC.yml"]
    assert describe_file(change, analyse(change), Classification(), "en")[1] == (
        "The TOC entry 'Agents' no longer links anywhere (it linked to `agents/TOC.yml`). "
        "Added the TOC entry 'Overview'."
    )

    crumb = "- name: Microsoft Agent Framework\n  tocHref: /semantic-kernel/\n  topicHref: /agent-framework/index.yml\n"
    path = "docs/breadcrumb/toc.yml"
    change = commit_pair(
        git_repo, {path: crumb}, {path: crumb.replace("/semantic-kernel/", "/agent-framework/")}
    )[path]
    assert describe_file(change, analyse(change), Classification(), "en") == (
        "Updated the table of contents (1 repointed)",
        "Repointed the TOC entry 'Microsoft Agent Framework' to `/agent-framework/`.",
    )
    # 95c59d1b changed the `topicHref` under a kept `tocHref`: it was "1 line added and 1 line removed"
    change = commit_pair(git_repo, {path: crumb}, {path: crumb.replace("index.yml", "overview.md")})[path]
    assert describe_file(change, analyse(change), Classification(), "en") == (
        "Updated the table of contents (1 repointed)",
        "Repointed the TOC entry 'Microsoft Agent Framework' to `/agent-framework/overview.md`.",
    )


def test_toc_names_are_read_with_their_entities_decoded(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 040d1beb fixed 'THow-To&colon; …' in a TOC: it was said with the entity, which the
    table of contents shows as a colon."""
    old = "items:\n- name: THow-To&colon; Open AI Assistant Agent Code Interpreter\n  href: example-code.md\n"
    new = old.replace("THow-To", "How-To")
    change = commit_pair(git_repo, {"docs/TOC.yml": old}, {"docs/TOC.yml": new})["docs/TOC.yml"]
    assert [(e.kind, e.old_name, e.name) for e in analyse(change).toc] == [
        (
            "renamed",
            "THow-To: Open AI Assistant Agent Code Interpreter",
            "How-To: Open AI Assistant Agent Code Interpreter",
        )
    ]


def test_a_toc_entry_renamed_with_its_page_is_one_entry(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs e7982761 renamed 'Structured Output' (`structured-output.md`) to 'Structured
    Outputs' (`structured-outputs.md`): neither its name nor its target was kept, so it was one entry removed
    and another added. Entries unlike each other stay added and removed."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "items:\n- name: Agents\n  items:\n  - name: Structured Output\n    href: agents/structured-output.md\n"
        "  - name: Memory\n    href: agents/memory.md\n"
    )
    new = old.replace("Structured Output\n", "Structured Outputs\n").replace(
        "structured-output.md", "structured-outputs.md"
    )
    new = new.replace(
        "name: Memory\n    href: agents/memory.md", "name: Tools\n    href: agents/tools/index.md"
    )
    change = commit_pair(git_repo, {"docs/TOC.yml": old}, {"docs/TOC.yml": new})["docs/TOC.yml"]
    fa = analyse(change)
    assert [(e.kind, e.old_name, e.name, e.old_href, e.href) for e in fa.toc] == [
        (
            "renamed",
            "Structured Output",
            "Structured Outputs",
            "agents/structured-output.md",
            "agents/structured-outputs.md",
        ),
        ("added", None, "Tools", None, "agents/tools/index.md"),
        ("removed", None, "Memory", None, "agents/memory.md"),
    ]
    _title, explanation = describe_file(change, fa, Classification(), "en")
    assert (
        "Renamed the TOC entry 'Structured Output' to 'Structured Outputs', now linking to "
        "`agents/structured-outputs.md`." in explanation
    )


def test_one_key_added_is_one_key(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 9125031e added `brand` to index.yml: "Added the YAML keys `brand`."."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = "### YamlMime:Hub\ntitle: Semantic Kernel\nsummary: Build agents.\n"
    for new, said in (
        (old + "brand: azure\n", "Added the YAML key `brand`."),
        (old + "brand: azure\nicon: sk.svg\n", "Added the YAML keys `brand` and `icon`."),
    ):
        change = commit_pair(git_repo, {"docs/index.yml": old}, {"docs/index.yml": new})["docs/index.yml"]
        assert said in describe_file(change, analyse(change), Classification(), "en")[1]
    change = commit_pair(git_repo, {"docs/index.yml": new}, {"docs/index.yml": old})["docs/index.yml"]
    _title, explanation = describe_file(change, analyse(change), Classification(), "en")
    assert "Removed the YAML keys `brand` and `icon`." in explanation


def test_two_toc_entries_that_swapped_their_names_are_both_renamed(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 093b2e6b swapped the names of two entries, git keeping one name line and a target
    line: it read "Added the TOC entry 'Create a native function'. Renamed the TOC entry 'Create a native
    function' to 'Create a semantic function'."."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "- name: Building functions\n  href: skfunctions.md\n- name: Create a native function\n"
        "  href: promptfunction.md\n- name: Create a semantic function\n  href: functiontemplate.md\n"
    )
    new = (
        "- name: Building functions\n  href: skfunctions.md\n- name: Create a semantic function\n"
        "  href: promptfunction.md\n- name: Create a native function\n  href: functiontemplate.md\n"
    )
    change = commit_pair(git_repo, {"docs/TOC.yml": old}, {"docs/TOC.yml": new})["docs/TOC.yml"]
    fa = analyse(change)
    assert [(e.kind, e.old_name, e.name, e.href) for e in fa.toc] == [
        ("renamed", "Create a native function", "Create a semantic function", "promptfunction.md"),
        ("renamed", "Create a semantic function", "Create a native function", "functiontemplate.md"),
    ]
    _title, explanation = describe_file(change, fa, Classification(), "en")
    assert "Added" not in explanation, explanation


def test_a_toc_entry_changed_in_other_keys_is_said_by_its_keys(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 74bf8c46 set `expanded: true` on the 'API Reference' entry: it read "1 line
    added and 0 lines removed"."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = "- name: Support\n  href: support/TOC.yml\n- name: API Reference\n  href: api-docs/TOC.yml\n"
    for path in ("docs/TOC.yml", "docs/nav.yml"):  # by its name, or by its shape
        change = commit_pair(git_repo, {path: old}, {path: old + "  expanded: true\n"})[path]
        fa = analyse(change)
        assert fa.toc == []
        assert [(k.kind, k.key) for k in fa.keys] == [("added", "[API Reference].expanded")]
        assert describe_file(change, fa, Classification(), "en")[1] == (
            "Added the YAML key `[API Reference].expanded`."
        )


def test_a_yaml_file_changed_in_spacing_only_says_so(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ``1f9ff0da`` put a line of spaces in a breadcrumb ``toc.yml``: "Updated toc.yml",
    "1 line added and 0 lines removed." Blank lines and spaces ending a line are spacing; spaces starting one
    are YAML's structure, and a key re-indented is a change."""
    toc = "items:\n- name: Foundry\n  tocHref: /azure/ai-foundry/\n  items:\n  - name: Agents\n    href: agents.md\n"
    blank = toc.replace("  items:\n", "  items:\n    \n")
    trailing = toc.replace("href: agents.md\n", "href: agents.md   \n")
    indented = toc.replace("  tocHref:", "    tocHref:")
    changes = commit_pair(
        git_repo,
        {"a/toc.yml": toc, "b/toc.yml": toc, "c/toc.yml": toc, "d/config.yml": "a: 1\n\nb: 2\n"},
        {"a/toc.yml": blank, "b/toc.yml": trailing, "c/toc.yml": indented, "d/config.yml": "a: 1\nb: 2\n"},
    )
    for path in ("a/toc.yml", "b/toc.yml", "d/config.yml"):
        facts = analyse(changes[path])
        assert facts.whitespace_only, path
        file = build_file(changes[path], "en")
        assert (file.label, file.explanation) == (Label.MINOR_UPDATE, "Only whitespace changed."), path
    assert not analyse(changes["c/toc.yml"]).whitespace_only
