"""A Report as Markdown in the reference layout (``templates/report.md.j2``)."""

from __future__ import annotations

from ..models import Report
from ..templating import get_env


def front_matter(report: Report) -> str:
    import yaml

    data = {"title": report.title, "date": report.date, "summary": " ".join(report.summary.split())}
    if report.permalink:
        data["permalink"] = report.permalink
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=10**6)


def render_markdown(report: Report, *, template_dir: str | None = None) -> str:
    env = get_env(report.language, template_dir)
    return env.get_template("report.md.j2").render(report=report, front_matter=front_matter(report))
