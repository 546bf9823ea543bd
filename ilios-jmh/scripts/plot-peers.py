#!/usr/bin/python3
"""Plots PeerBenchmark tables (their stdout, saved in ilios-jmh/results) as docs/peer-benchmark.png:
one row of charts per store. Usage: plot-peers.py SQLITE_RESULT [POSTGRES_RESULT]"""
import re, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROW = re.compile(r"\|\s*(.+?)\s*\|\s*(\d+) j/s\s*\|\s*(\d+) j/s\s*\|\s*([\d.]+) /\s*([\d.]+)\s*\|")


def rows(path):
    out = []
    for line in open(path, encoding="utf-8"):
        m = ROW.match(line)
        if m:
            out.append((m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5))))
    return out


sources = sys.argv[1:] or ["ilios-jmh/results/peer-sqlite-2026-11-30-run3.txt"]
stores = ["SQLite", "Postgres"]
fig, axes = plt.subplots(len(sources), 2, figsize=(12, 4.2 * len(sources)), squeeze=False)
for k, src in enumerate(sources):
    table = rows(src)
    names = [r[0].replace(" (plain jobs, public API)", "\nplain jobs")
             .replace(" (4 KiB documents, public API)", "\n4 KiB documents")
             .replace(" immediate", "\nimmediate") for r in table]
    x = range(len(table))
    w = 0.38
    a, b = axes[k]
    a.bar([i - w / 2 for i in x], [r[1] for r in table], w, label="one by one")
    a.bar([i + w / 2 for i in x], [r[2] for r in table], w, label="batches of 100")
    a.set_xticks(list(x), names, fontsize=7)
    a.set_ylabel("no-op jobs per second (higher is better)")
    a.legend()
    a.set_title(f"Throughput, {stores[k]}, 4 workers, 20,000 jobs")
    b.bar([i - w / 2 for i in x], [r[3] for r in table], w, label="p50")
    b.bar([i + w / 2 for i in x], [r[4] for r in table], w, label="p99")
    b.set_yscale("log")
    b.set_xticks(list(x), names, fontsize=7)
    b.set_ylabel("submit → start, ms (log; lower is better)")
    b.legend()
    b.set_title(f"Trickle on {stores[k]}, 50 jobs/s for 20 s")
fig.tight_layout()
fig.savefig("docs/peer-benchmark.png", dpi=110)
print("docs/peer-benchmark.png")
