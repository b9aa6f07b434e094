"""The same image with its alt text rewritten says the words that changed.

Taken from the labelled Azure changes (2024): `articles/ai-services/openai/how-to/batch.md` rewrote the
alt text of its `:::image` of the deployment dialog ("Azure OpenAI Studio" -> "Azure AI Studio"), and read
"Updated batch.md" and "1 line added and 1 line removed." A screen reader says the alt text in place of the
picture: it is the image's text, and readers of the report want its words.
"""

from __future__ import annotations

from analysis_helpers import described_pair
from conftest import GitRepoFactory

PAGE = "articles/openai/how-to/batch.md"
IMAGE = (
    ':::image type="content" source="../media/global-batch.png" alt-text="Screenshot that shows the model '
    'deployment dialog in {studio} with Global-Batch deployment type highlighted." '
    'lightbox="../media/global-batch.png":::'
)
BATCH = "# Batch\n\n## Deploy\n\nSelect the deployment type.\n\n{image}\n\nThen select **Create**.\n"


def test_an_image_whose_alt_text_changed_says_the_words(git_repo: GitRepoFactory) -> None:
    old = BATCH.format(image=IMAGE.format(studio="Azure OpenAI Studio"))
    new = BATCH.format(image=IMAGE.format(studio="Azure AI Studio"))
    _facts, title, explanation = described_pair(git_repo, PAGE, old, new)
    assert title == "Changed the alt text of image global-batch.png"
    assert explanation == (
        "Changed the alt text of the image `global-batch.png`: '…deployment dialog in Azure OpenAI Studio with "
        "Global-Batch…' is now '…deployment dialog in Azure AI Studio with Global-Batch…'."
    )
    _facts, title, explanation = described_pair(git_repo, PAGE, old, new, "ja")
    assert title == "画像 global-batch.png の代替テキストを変更"
    assert explanation.startswith(
        "画像`global-batch.png`の代替テキストを変更しました: 「…deployment dialog in Azure"
    )


def test_several_images_are_named_by_file(git_repo: GitRepoFactory) -> None:
    def page(chart: str, studio: str) -> str:
        image = IMAGE.format(studio=studio)
        return BATCH.format(
            image=f'{image}\n\n:::image type="content" source="media/chart.png" alt-text="{chart}":::'
        )

    old, new = page("Chart of tiers", "Azure OpenAI Studio"), page("Pricing tier chart", "Azure AI Studio")
    _facts, title, explanation = described_pair(git_repo, PAGE, old, new)
    assert title == "Changed the alt text of 2 images"
    assert explanation == "Changed the alt text of 2 images: `global-batch.png` and `chart.png`."


def test_an_image_moved_with_its_alt_text_kept_is_no_alt_text_change(git_repo: GitRepoFactory) -> None:
    image = IMAGE.format(studio="Azure AI Studio")
    old = BATCH.format(image=image)
    new = BATCH.format(image=image.replace('lightbox="../media/global-batch.png"', 'border="false"'))
    _facts, title, explanation = described_pair(git_repo, PAGE, old, new)
    assert "alt text" not in title + explanation


def test_alt_text_that_reads_the_same_is_no_change(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ``8fa8dd45`` showed a `:::image` as `![…](…)`, its alt text losing its full stop."""
    url = "https://aka.ms/SK-Samples-SimChat-Gif"
    old = f'# Sample\n\n> :::image type="content" source="{url}" alt-text="Simple chat summary sample app.":::\n'
    new = f"# Sample\n\n> ![Simple chat summary sample app]({url})\n"
    _facts, title, explanation = described_pair(git_repo, "docs/sample.md", old, new)
    assert "alt text" not in title + explanation
