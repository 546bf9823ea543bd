#!/usr/bin/python3
"""Plots a PeerBenchmark table (its stdout, saved in ilios-jmh/results) as docs/peer-benchmark.png."""
import re, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

src = sys.argv[1] if len(sys.argv) > 1 else "ilios-jmh/results/peer-sqlite-2026-11-30.txt"
rows = []
for line in open(src, encoding="utf-8"):
    m = re.match(r"\|\s*(.+?)\s*\|\s*(\d+) j/s\s*\|\s*(\d+) j/s\s*\|\s*([\d.]+) /\s*([\d.]+)\s*\|", line)
    if m:
        rows.append((m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5))))
names = [r[0].replace(" (plain jobs, public API)", "\n(plain jobs, public API)") for r in rows]
fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
x = range(len(rows))
w = 0.38
a.bar([i - w / 2 for i in x], [r[1] for r in rows], w, label="one by one")
a.bar([i + w / 2 for i in x], [r[2] for r in rows], w, label="batches of 100")
a.set_xticks(list(x), names, fontsize=8)
a.set_ylabel("no-op jobs per second (higher is better)")
a.legend()
a.set_title("Throughput, SQLite, 4 workers, 20,000 jobs")
b.bar([i - w / 2 for i in x], [r[3] for r in rows], w, label="p50")
b.bar([i + w / 2 for i in x], [r[4] for r in rows], w, label="p99")
b.set_yscale("log")
b.set_xticks(list(x), names, fontsize=8)
b.set_ylabel("submit → start, ms (log; lower is better)")
b.legend()
b.set_title("Trickle, 50 jobs/s for 20 s")
fig.tight_layout()
fig.savefig("docs/peer-benchmark.png", dpi=110)
print("docs/peer-benchmark.png")
