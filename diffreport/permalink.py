"""Compare-page links for a range, from a remote URL (https, ssh, scp-like forms)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Permalink:
    url: str
    host: str  # display name of the hosting service: "GitHub", "GitLab", ...


_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")


def _split(remote: str) -> tuple[str, list[str]] | None:
    remote = remote.strip()
    if "://" in remote:
        parts = urlsplit(remote)
        host = (parts.hostname or "").lower()
        path = parts.path
    else:
        match = _SCP.match(remote)
        if not match:
            return None
        host, path = match["host"].lower(), match["path"]
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    segments = [s for s in path.split("/") if s]
    return (host, segments) if host and segments else None


def permalink_for(remote: str | None, base: str, head: str) -> Permalink | None:
    """The hosting service's compare page for ``base``..``head``, or None for an unknown host."""
    if not remote:
        return None
    split = _split(remote)
    if split is None:
        return None
    host, seg = split
    b7, h7 = base[:7], head[:7]
    if host in ("github.com", "www.github.com", "ssh.github.com") and len(seg) == 2:
        owner, repo = (quote(s, safe="") for s in seg)
        return Permalink(f"https://github.com/{owner}/{repo}/compare/{owner}:{b7}...{owner}:{h7}", "GitHub")
    if host in ("gitlab.com", "www.gitlab.com") and len(seg) >= 2:
        project = "/".join(quote(s, safe="") for s in seg)
        return Permalink(f"https://gitlab.com/{project}/-/compare/{base}...{head}", "GitLab")
    if host in ("bitbucket.org", "www.bitbucket.org") and len(seg) == 2:
        owner, repo = (quote(s, safe="") for s in seg)
        return Permalink(
            f"https://bitbucket.org/{owner}/{repo}/branches/compare/{head}%0D{base}", "Bitbucket"
        )
    azure = _azure(host, seg)
    if azure:
        org, project, repo = (quote(s, safe="") for s in azure)
        return Permalink(
            f"https://dev.azure.com/{org}/{project}/_git/{repo}/branchCompare"
            f"?baseVersion=GC{base}&targetVersion=GC{head}&_a=files",
            "Azure DevOps",
        )
    return None


def _azure(host: str, seg: list[str]) -> tuple[str, str, str] | None:
    if host == "dev.azure.com" and len(seg) == 4 and seg[2] == "_git":
        return seg[0], seg[1], seg[3]
    if host == "ssh.dev.azure.com" and len(seg) == 4 and seg[0] == "v3":
        return seg[1], seg[2], seg[3]
    if host.endswith(".visualstudio.com") and len(seg) == 3 and seg[1] == "_git":
        return host.split(".")[0], seg[0], seg[2]
    if host == "vs-ssh.visualstudio.com" and len(seg) == 4 and seg[0] == "v3":
        return seg[1], seg[2], seg[3]
    return None


def public_url(remote: str | None) -> str | None:
    """The remote URL without credentials (``https://user:token@host/...`` -> ``https://host/...``)."""
    if not remote:
        return None
    if "://" in remote:
        parts = urlsplit(remote)
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        return parts._replace(netloc=netloc, query="", fragment="").geturl()
    return remote if _SCP.match(remote) else None
