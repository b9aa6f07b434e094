"""Words replaced in running text are said in quotes; code, identifiers and versions stay code.

Taken from the labelled Azure changes (2024): `articles/search/hybrid-search-how-to-query.md` renamed
"semantic ranking" to "semantic ranker" in five sentences and read "Changed `ranking` to `ranker`", as if
both were identifiers; `articles/ai-studio/includes/create-projects.md` read "Changed `Studio` to `Foundry`".
"""

from __future__ import annotations

from analysis_helpers import described_pair
from conftest import GitRepoFactory

PAGE = "articles/search/hybrid.md"
PROSE = (
    "# Hybrid search\n\n## Prerequisites\n\nIf you want semantic ranking, enable it.\n\n"
    "Semantic ranking accepts up to 50 results.\n\nWith semantic ranking in the API, set k.\n"
)


def test_words_of_running_text_are_quoted(git_repo: GitRepoFactory) -> None:
    new = PROSE.replace("ranking", "ranker")
    facts, title, explanation = described_pair(git_repo, PAGE, PROSE, new)
    assert [(v.old, v.new, v.words) for v in facts.values] == [("ranking", "ranker", True)]
    assert (title, explanation) == (
        "Changed 'ranking' to 'ranker'",
        "Changed 'ranking' to 'ranker' in 3 places.",
    )
    _facts, title, explanation = described_pair(git_repo, PAGE, PROSE, new, "ja")
    assert (title, explanation) == (
        "「ranking」を「ranker」に変更",
        "3か所で「ranking」を「ranker」に変更しました。",
    )


def test_code_identifiers_and_code_spans_stay_code(git_repo: GitRepoFactory) -> None:
    code = "# Client\n\n## Set up\n\n```python\nclient = make(ranking=True)\nrun(ranking)\n```\n"
    facts, title, _explanation = described_pair(git_repo, PAGE, code, code.replace("ranking", "ranker"))
    assert [v.words for v in facts.values] == [False]
    assert title == "Changed `ranking` to `ranker`"
    spans = "# Client\n\n## Set up\n\nSet `ranking` first, then `ranking` again.\n"
    facts, title, _explanation = described_pair(git_repo, PAGE, spans, spans.replace("ranking", "ranker"))
    assert title == "Changed `ranking` to `ranker`"
    camel = "# Client\n\n## Set up\n\nCall CreateAIAgent first, then CreateAIAgent again.\n"
    facts, title, _explanation = described_pair(
        git_repo, PAGE, camel, camel.replace("CreateAIAgent", "AsAIAgent")
    )
    assert title == "Changed `CreateAIAgent` to `AsAIAgent`"
    version = "# Client\n\n## Set up\n\nUse version 2024-10-01 or 2024-10-01 only.\n"
    _facts, title, _explanation = described_pair(
        git_repo, PAGE, version, version.replace("2024-10-01", "2024-12-01")
    )
    assert title == "Changed `2024-10-01` to `2024-12-01`"
    pivot = '# Client\n\n::: zone pivot="programming-language-studio"\n\nText.\n\n::: zone-end\n'
    _facts, title, _explanation = described_pair(
        git_repo, PAGE, pivot, pivot.replace("programming-language-studio", "ai-foundry-portal")
    )
    assert title == "Changed `programming-language-studio` to `ai-foundry-portal`"
