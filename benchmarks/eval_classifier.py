"""Score the classifier against the labelled corpus (``../shared/corpus/labeled-changes-2024.jsonl``).

Labels were written by an LLM for published reports: noisy, but real. Rows labelled ``major update``
(outside the four types) are skipped. Printed: per-class precision/recall/F1, macro-F1 over the four
labels, the confusion matrix, the status-only baseline, recall of ``breaking change`` on modified
files, all for the whole corpus, the tuning months (Sept–Oct 2024) and the held-out months
(Nov–Dec 2024); and the speed of analysis and classification.

    python benchmarks/eval_classifier.py [--corpus FILE] [--config diffreport.toml] [--errors N]

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from diffreport.analysis import analyse
from diffreport.classify import check_settings, classify
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import LABELS
from diffreport.settings import load_config

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "labeled-changes-2024.jsonl"
TUNE_MONTHS = ("202409", "202410")


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
    results = [classify(c, a, settings) for c, a in zip(changes, analyses, strict=True)]
    t_classify = time.perf_counter() - start
    pred = [r.label for r in results]
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
    fired = Counter(hit.id for res in results for hit in res.rules)
    print("rules fired: " + ", ".join(f"{k} {v}" for k, v in fired.most_common()))
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
