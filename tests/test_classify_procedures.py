"""procedure-removed beyond tabs: Learn zone pivots and runs of numbered steps taken out of a page that
stays, read the same from both versions and from the patch alone."""

from __future__ import annotations

import pytest
from analysis_helpers import commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse, analyse_patch
from diffreport.classify import classify
from diffreport.settings import ClassifierSettings

PAGE = "docs/quickstart.md"


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in result.rules]


def _label(repo: GitRepoFactory, old: str, new: str, **kwargs: object):  # type: ignore[no-untyped-def]
    change = commit_pair(repo, {PAGE: old}, {PAGE: new})[PAGE]
    return classify(change, analyse(change), **kwargs)  # type: ignore[arg-type]


def _zone(pivot: str, steps: int) -> str:
    body = "".join(f"1. Run step {i} for {pivot}.\n" for i in range(steps))
    return f'::: zone pivot="{pivot}"\n\n## Set up\n\n{body}\n::: zone-end\n\n'


PIVOTS = "# Quickstart\n\nPick a language.\n\n" + _zone("programming-language-python", 8)
PIVOTS += _zone("programming-language-csharp", 8) + "## Clean up\n\nDelete the resource group.\n"
PY = _zone("programming-language-python", 8)


def _both(repo: GitRepoFactory, old: str, new: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """The classification from both versions, and from the patch alone (as ``classify --jsonl``)."""
    change = commit_pair(repo, {PAGE: old}, {PAGE: new})[PAGE]
    full = classify(change, analyse(change), **kwargs)  # type: ignore[arg-type]
    facts = analyse_patch(PAGE, "modified", change.patch, change.additions, change.deletions)
    return full, classify(None, facts, **kwargs)  # type: ignore[arg-type]


def test_a_zone_pivot_removed_is_breaking(git_repo: GitRepoFactory) -> None:
    for result in _both(git_repo, PIVOTS, PIVOTS.replace(PY, "")):
        assert result.label == "breaking change"
        hit = next(h for h in result.rules if h.id == "procedure-removed")
        assert hit.message == (
            "Steps removed from the page: zone pivot 'programming-language-python' (14 lines)."
        )
        assert hit.evidence == ["removed zone pivot 'programming-language-python' (14 lines)"]


# added lines no bound: each case shows the guard of its own
LOOSE = ClassifierSettings.model_validate({"thresholds": {"procedure_max_added": 100}})


@pytest.mark.parametrize(
    ("new", "fires"),
    [
        (PIVOTS.replace(PY, "") + "Moved on.\n", True),  # the control: removed, a line added
        (PIVOTS.replace(PY, "") + "\n" + PY, False),  # moved to the end of the page: put back
        (PIVOTS.replace(PY, PY.replace("::: zone-end", "Done.\n")), False),  # the block stays open
    ],
)
def test_a_zone_pivot_put_back_or_kept_is_not_removed(
    git_repo: GitRepoFactory, new: str, fires: bool
) -> None:
    for result in _both(git_repo, PIVOTS, new, settings=LOOSE):
        assert ("procedure-removed" in ids(result)) is fires


def test_a_zone_pivot_replaced_by_new_lines_is_not_removed(git_repo: GitRepoFactory) -> None:
    new = PIVOTS.replace(PY, "".join(f"New line {i}.\n" for i in range(3)))
    for result in _both(git_repo, PIVOTS, new):
        assert "procedure-removed" not in ids(result)  # 3 added for 14 removed: over procedure_max_added


def test_a_small_zone_pivot_falls_under_the_threshold(git_repo: GitRepoFactory) -> None:
    small = PIVOTS.replace(PY, _zone("programming-language-python", 1))
    new = small.replace(_zone("programming-language-python", 1), "")
    assert "procedure-removed" not in ids(_label(git_repo, small, new))
    low = ClassifierSettings.model_validate({"thresholds": {"procedure_removed_lines": 5}})
    assert "procedure-removed" in ids(_label(git_repo, small, new, settings=low))


def test_a_zone_pivot_removed_where_the_diff_slides_it() -> None:
    # the diff starts at the zone-end before the block and stops short of the block's own end
    patch = (
        "@@ -10,14 +10,3 @@\n Python steps.\n"
        '-::: zone-end\n-\n-::: zone pivot="programming-language-java"\n-\n'
        + "".join(f"-{i}. Java step {i}.\n" for i in range(1, 7))
        + "-\n ::: zone-end\n \n Done.\n"
    )
    fa = analyse_patch(PAGE, "modified", patch, 0, 11)
    assert [(p.kind, p.form, p.name, p.lines, p.old_line) for p in fa.procedures] == [
        ("removed", "pivot", "programming-language-java", 10, 13),
        ("removed", "steps", "Java step 1.", 6, 15),
    ]
    hit = next(h for h in classify(None, fa).rules if h.id == "procedure-removed")
    # the steps of the pivot go with it, not told twice
    assert hit.message == "Steps removed from the page: zone pivot 'programming-language-java' (10 lines)."


STEPS = (
    "# Deploy\n\nIntro.\n\n## Deploy from the portal\n\n"
    "1. Sign in to the portal.\n"
    "1. Select **Create**, then fill in:\n\n   - Name\n   - Region\n\n"
    "1. Run the command:\n\n   ```bash\n   az deploy --name app\n   ```\n\n"
    "1. Select **Review**.\n\n"
    "## Next steps\n\nRead more.\n"
)
PORTAL = STEPS[STEPS.index("1. Sign") : STEPS.index("## Next")]


def test_numbered_steps_removed_are_breaking(git_repo: GitRepoFactory) -> None:
    for result in _both(git_repo, STEPS, STEPS.replace(PORTAL, "")):
        assert result.label == "breaking change"
        hit = next(h for h in result.rules if h.id == "procedure-removed")
        assert (
            hit.message
            == "Steps removed from the page: 4 numbered steps ('Sign in to the portal.') (13 lines)."
        )
        assert hit.evidence == ["removed 4 numbered steps from 'Sign in to the portal.' (13 lines)"]


@pytest.mark.parametrize(
    ("new", "fires"),
    [
        (STEPS.replace(PORTAL, "See the overview.\n\n"), True),  # the control: removed, a line added
        # rewritten: a similar run of steps added in its place
        (STEPS.replace(PORTAL, "".join(f"{i}. Do step {i}.\n" for i in range(1, 5)) + "\n"), False),
        # two of the four steps removed: under procedure_removed_steps
        (STEPS.replace("1. Sign in to the portal.\n", "").replace("1. Select **Review**.\n\n", ""), False),
        # numbered steps turned into bullets: the same points stay, no run of steps is taken out whole
        (STEPS.replace(PORTAL, PORTAL.replace("1. ", "- ")), False),
    ],
)
def test_steps_rewritten_or_few_are_not_a_removed_procedure(
    git_repo: GitRepoFactory, new: str, fires: bool
) -> None:
    for result in _both(git_repo, STEPS, new, settings=LOOSE):
        assert ("procedure-removed" in ids(result)) is fires
