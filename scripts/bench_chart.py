"""Draws a benchmark CSV of docs/bench/ (model, batch, series, images_per_second; '#' lines are
comments) as one bar chart per model: images/s per batch size, one bar per series. Usage:
python3 scripts/bench_chart.py docs/bench/h100-2026-12-05.csv  (writes the .png beside it)."""
import csv
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def main(path):
    with open(path) as f:
        comments = [l[1:].strip() for l in f if l.startswith("#")]
    with open(path) as f:
        rows = list(csv.DictReader(l for l in f if not l.startswith("#")))
    models = OrderedDict()
    for r in rows:
        models.setdefault(r["model"], []).append(r)
    everything = list(OrderedDict.fromkeys(r["series"] for r in rows))
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colors = {s: cycle[i % len(cycle)] for i, s in enumerate(everything)}
    fig, axes = plt.subplots(1, len(models), figsize=(6 * len(models), 4.5))
    axes = axes if len(models) > 1 else [axes]
    for ax, (model, rs) in zip(axes, models.items()):
        batches = list(OrderedDict.fromkeys(int(r["batch"]) for r in rs))
        series = list(OrderedDict.fromkeys(r["series"] for r in rs))
        width = 0.8 / len(series)
        for i, s in enumerate(series):
            xs, ys = [], []
            for j, b in enumerate(batches):
                for r in rs:
                    if r["series"] == s and int(r["batch"]) == b:
                        xs.append(j + i * width)
                        ys.append(float(r["images_per_second"]))
            ax.bar(xs, ys, width, label=s, color=colors[s])
        ax.set_xticks([j + width * (len(series) - 1) / 2 for j in range(len(batches))])
        ax.set_xticklabels([f"batch {b}" for b in batches])
        ax.set_ylabel("images/s")
        ax.set_title(model)
        ax.legend(fontsize=8)
    fig.suptitle(comments[0][:120] if comments else path, fontsize=9)
    fig.tight_layout()
    out = path.rsplit(".", 1)[0] + ".png"
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main(sys.argv[1])
