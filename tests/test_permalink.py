"""Compare links for the hosting services a remote may point at."""

from __future__ import annotations

import pytest

from diffreport.permalink import permalink_for, public_url

BASE = "d942a6a0123456789abcdef0123456789abcdef0"
HEAD = "57a614f0123456789abcdef0123456789abcdef0"
GH = "https://github.com/MicrosoftDocs/azure-ai-docs/compare/MicrosoftDocs:d942a6a...MicrosoftDocs:57a614f"


@pytest.mark.parametrize(
    ("remote", "url", "host"),
    [
        ("https://github.com/MicrosoftDocs/azure-ai-docs.git", GH, "GitHub"),
        ("https://github.com/MicrosoftDocs/azure-ai-docs", GH, "GitHub"),
        ("git@github.com:MicrosoftDocs/azure-ai-docs.git", GH, "GitHub"),
        ("ssh://git@github.com/MicrosoftDocs/azure-ai-docs.git", GH, "GitHub"),
        ("https://x-access-token:abc@github.com/MicrosoftDocs/azure-ai-docs.git", GH, "GitHub"),
        (
            "https://gitlab.com/group/sub/docs.git",
            f"https://gitlab.com/group/sub/docs/-/compare/{BASE}...{HEAD}",
            "GitLab",
        ),
        (
            "git@gitlab.com:group/docs.git",
            f"https://gitlab.com/group/docs/-/compare/{BASE}...{HEAD}",
            "GitLab",
        ),
        (
            "https://bitbucket.org/team/docs.git",
            f"https://bitbucket.org/team/docs/branches/compare/{HEAD}%0D{BASE}",
            "Bitbucket",
        ),
        (
            "https://org@dev.azure.com/org/Project/_git/docs",
            f"https://dev.azure.com/org/Project/_git/docs/branchCompare?baseVersion=GC{BASE}&targetVersion=GC{HEAD}&_a=files",
            "Azure DevOps",
        ),
        (
            "git@ssh.dev.azure.com:v3/org/Project/docs",
            f"https://dev.azure.com/org/Project/_git/docs/branchCompare?baseVersion=GC{BASE}&targetVersion=GC{HEAD}&_a=files",
            "Azure DevOps",
        ),
        (
            "https://org.visualstudio.com/Project/_git/docs",
            f"https://dev.azure.com/org/Project/_git/docs/branchCompare?baseVersion=GC{BASE}&targetVersion=GC{HEAD}&_a=files",
            "Azure DevOps",
        ),
    ],
)
def test_known_hosts(remote: str, url: str, host: str) -> None:
    link = permalink_for(remote, BASE, HEAD)
    assert link is not None
    assert (link.url, link.host) == (url, host)


@pytest.mark.parametrize(
    "remote",
    [None, "", "/srv/git/docs.git", "file:///tmp/docs", "https://git.example.com/a/b.git", "nonsense"],
)
def test_unknown_hosts_have_no_permalink(remote: str | None) -> None:
    assert permalink_for(remote, BASE, HEAD) is None


def test_public_url_drops_credentials() -> None:
    assert public_url("https://user:tok@github.com/a/b.git") == "https://github.com/a/b.git"
    assert public_url("git@github.com:a/b.git") == "git@github.com:a/b.git"
    assert public_url(None) is None
