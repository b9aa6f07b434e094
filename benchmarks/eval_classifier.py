"""Score the classifier against the labelled corpus (``../shared/corpus/labeled-changes-2024.jsonl``).

Labels were written by an LLM for published reports: noisy, but real. Rows labelled ``major update``
(outside the four types) are skipped. Printed: per-class precision/recall/F1, macro-F1 over the four
labels, the confusion matrix, the status-only baseline, recall of ``breaking change`` on modified
files, all for the whole corpus, the tuning months (Sept–Oct 2024) and the held-out months
(Nov–Dec 2024); each rule's firings and how often the label it gives is the published one, per period
(a rule that only agrees in one period is fitted to noise); the adjudicated sample
(``benchmarks/adjudicated-2024.jsonl``: 100 rows judged against the README's definitions), scored on
its published and its adjudicated labels; and the speed of analysis and classification.
Each change is classified as of its report's date (from the report's name); the corpus has no
repository, so the impact pass does not run here.

    python benchmarks/eval_classifier.py [--corpus FILE] [--config diffreport.toml] [--errors N]

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from diffreport.analysis import analyse
from diffreport.classify import check_settings, classify
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import LABELS, Classification
from diffreport.settings import load_config

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "labeled-changes-2024.jsonl"
ADJUDICATED = ROOT / "benchmarks" / "adjudicated-2024.jsonl"
TUNE_MONTHS = ("202409", "202410")
SAMPLE_SEED, SAMPLE_SIZE = 20241, 100
_REPORT_DATE = re.compile(r"report-(\d{4})(\d{2})(\d{2})")


def report_date(report: str) -> dt.date | None:
    """The date in a report's name (``202409/report-20240912-misc.md``)."""
    m = _REPORT_DATE.search(report)
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def baseline(status: str) -> str:
    return {"added": "new feature", "deleted": "breaking change"}.get(status, "minor update")


def scores(gold: list[str], pred: list[str]) -> tuple[dict[str, tuple[float, float, float, int]], float]:
    per: dict[str, tuple[float, float, float, int]] = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[label] = (precision, recall, f1, tp + fn)
    return per, sum(v[2] for v in per.values()) / len(LABELS)


def breaking_recall_modified(rows: list[dict], pred: list[str]) -> tuple[int, int]:
    gold = [
        (r, p)
        for r, p in zip(rows, pred, strict=True)
        if r["status"] == "modified" and r["label"] == "breaking change"
    ]
    return sum(1 for _, p in gold if p == "breaking change"), len(gold)


def report(name: str, rows: list[dict], pred: list[str]) -> None:
    gold = [r["label"] for r in rows]
    per, macro = scores(gold, pred)
    _, base = scores(gold, [baseline(r["status"]) for r in rows])
    hit, total = breaking_recall_modified(rows, pred)
    base_hit, _ = breaking_recall_modified(rows, [baseline(r["status"]) for r in rows])
    print(f"\n== {name}: {len(rows)} files")
    print(f"{'label':<16} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for label, (p, r, f, n) in per.items():
        print(f"{label:<16} {p:>9.3f} {r:>7.3f} {f:>6.3f} {n:>8}")
    present = [label for label in LABELS if per[label][3]]
    present_macro = sum(per[label][2] for label in present) / len(present)
    print(f"macro-F1 rules:    {macro:.4f}  (over the four labels)")
    if len(present) < len(LABELS):
        print(f"macro-F1 rules:    {present_macro:.4f}  (over the {len(present)} labels with support)")
    print(f"macro-F1 baseline: {base:.4f}  (status only: added -> new feature, deleted -> breaking change)")
    recall = hit / total if total else 0.0
    print(
        f"breaking-change recall on modified files: {recall:.3f} ({hit}/{total}); baseline {base_hit}/{total}"
    )
    print("confusion (rows gold, columns predicted):")
    short = {label: label.split()[0][:8] for label in LABELS}
    print(" " * 16 + "".join(f"{short[c]:>10}" for c in LABELS))
    matrix = Counter(zip(gold, pred, strict=True))
    for g in LABELS:
        print(f"{g:<16}" + "".join(f"{matrix[(g, p)]:>10}" for p in LABELS))


def rule_agreement(periods: dict[str, tuple[list[dict], list[Classification]]]) -> None:
    """Per rule and period: how often it fired, and how often the label it gives is the published one."""
    names = list(periods)
    counts: dict[str, dict[str, tuple[int, int]]] = {}
    for name, (rows, results) in periods.items():
        for row, res in zip(rows, results, strict=True):
            for hit in res.rules:
                fired, agreed = counts.setdefault(hit.id, {}).get(name, (0, 0))
                counts[hit.id][name] = (fired + 1, agreed + (hit.label == row["label"]))
    print("\n== rules: fired / agreed with the published label, per period")
    print(f"{'rule':<24}" + "".join(f"{n:>22}" for n in names))
    for rule_id in sorted(counts, key=lambda r: -sum(f for f, _ in counts[r].values())):
        cells = []
        for n in names:
            fired, agreed = counts[rule_id].get(n, (0, 0))
            cells.append(f"{fired:>6} / {agreed:<5} ({agreed / fired:>4.0%})" if fired else f"{'-':>22}")
        print(f"{rule_id:<24}" + "".join(f"{c:>22}" for c in cells))


def adjudicated(rows: list[dict], pred: list[str], path: Path) -> None:
    """Score on the adjudicated sample: the same 100 rows, judged against the written definitions."""
    if not path.is_file():
        print(f"\nadjudicated sample not found: {path}")
        return
    judged = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    indices = sorted(random.Random(SAMPLE_SEED).sample(range(len(rows)), SAMPLE_SIZE))
    sample = [(rows[i], pred[i], j) for i, j in zip(indices, judged, strict=True)]
    if any((r["report"], r["path"]) != (j["report"], j["path"]) for r, _p, j in sample):
        print("\nadjudicated sample does not match the corpus (seed or filter changed)")
        return
    n = len(sample)
    both = sum(1 for r, _p, j in sample if r["label"] == j["judged"])
    on_published = sum(1 for r, p, _j in sample if p == r["label"])
    on_judged = sum(1 for _r, p, j in sample if p == j["judged"])
    print(f"\n== adjudicated sample: {n} changes (seed {SAMPLE_SEED})")
    print(f"published label agrees with the adjudicated one: {both}/{n}")
    print(f"classifier agrees with the published label:     {on_published}/{n}")
    print(f"classifier agrees with the adjudicated label:   {on_judged}/{n}")
    _, macro_pub = scores([r["label"] for r, _p, _j in sample], [p for _r, p, _j in sample])
    _, macro_adj = scores([j["judged"] for _r, _p, j in sample], [p for _r, p, _j in sample])
    print(f"macro-F1 on published labels {macro_pub:.4f}, on adjudicated labels {macro_adj:.4f}")
    for r, p, j in sample:
        if p != j["judged"]:
            print(f"  adjudicated={j['judged']!r} published={r['label']!r} pred={p!r} {r['path']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--config", type=Path, default=None, help="A diffreport.toml with [classifier].")
    parser.add_argument(
        "--errors", type=int, default=0, help="Print this many misclassified files per label."
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    config = load_config(args.config)
    check_settings(config)
    settings = config.classifier
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["label"] in LABELS]

    changes = [change_from_record(r) for r in rows]
    start = time.perf_counter()
    analyses = [analyse(c) for c in changes]
    t_analysis = time.perf_counter() - start
    start = time.perf_counter()
    results = [
        classify(c, a, settings, date=report_date(r["report"]))
        for c, a, r in zip(changes, analyses, rows, strict=True)
    ]
    t_classify = time.perf_counter() - start
    pred = [r.label.value for r in results]
    patch_mb = sum(len(r["patch"] or "") for r in rows) / 1e6

    tune = [i for i, r in enumerate(rows) if r["report"].startswith(TUNE_MONTHS)]
    held = [i for i, r in enumerate(rows) if not r["report"].startswith(TUNE_MONTHS)]
    report("all (Sept-Dec 2024)", rows, pred)
    report("tuning split (Sept-Oct 2024)", [rows[i] for i in tune], [pred[i] for i in tune])
    report("held-out split (Nov-Dec 2024)", [rows[i] for i in held], [pred[i] for i in held])
    print(
        f"\nspeed: analysis {len(rows) / t_analysis:,.0f} files/s ({patch_mb / t_analysis:.1f} MB of patch/s), "
        f"classification {len(rows) / t_classify:,.0f} files/s, {len(rows)} files, {patch_mb:.1f} MB"
    )
    rule_agreement(
        {
            "Sept-Oct": ([rows[i] for i in tune], [results[i] for i in tune]),
            "Nov-Dec": ([rows[i] for i in held], [results[i] for i in held]),
        }
    )
    adjudicated(rows, pred, ADJUDICATED)
    if args.errors:
        for label in LABELS:
            wrong = [
                (r, p, res)
                for r, p, res in zip(rows, pred, results, strict=True)
                if (r["label"] == label) != (p == label) and label in (r["label"], p)
            ]
            print(f"\n-- errors involving {label!r}: {len(wrong)}")
            for r, p, res in wrong[: args.errors]:
                print(
                    f"  gold={r['label']!r} pred={p!r} {r['status']} +{r['additions']}-{r['deletions']} "
                    f"{r['path']} [{', '.join(h.id for h in res.rules)}] {r['title']}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
