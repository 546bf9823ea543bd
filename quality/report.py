#!/usr/bin/python3
"""Scores every converter's output in corpus/out against sources/ and writes the tables into
docs/conversion-quality.md (between the results markers) and corpus/out/scores.json."""
import glob, json, os, re, statistics, subprocess, sys
from score import score

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "out")
DOC = os.path.join(HERE, "..", "docs", "conversion-quality.md")
METRICS = ["overall", "text", "headings", "lists", "tables", "code", "emphasis", "order", "leakage"]
WITH_RUNNING_HEADERS = {"chromium", "ghostscript", "latex", "pdfbox"}
SCAN_FROM = {"clean": "chromium", "skewed": "latex", "noisy": "libreoffice"}


def pages(path):
    if path.endswith(".png"):
        return 1
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def items():
    """(side, kind, producer, input path, output name) of every corpus file."""
    for f in sorted(glob.glob(os.path.join(HERE, "corpus", "pdf", "*.pdf"))):
        kind, producer = os.path.basename(f)[:-4].split(".")
        yield "born-digital", kind, producer, f, os.path.basename(f)[:-4]
    for f in sorted(glob.glob(os.path.join(HERE, "corpus", "scans", "*"))):
        base = os.path.basename(f)
        kind = base.split(".")[0]
        if kind == "rtl":
            continue  # Arabic-script OCR needs language data Ilios does not ship
        variant = "png" if base.endswith(".png") else base.split(".")[1][len("scan-"):]
        yield "scan", kind, variant, f, base.rsplit(".", 1)[0]


def main():
    rows = []
    for side, kind, producer, path, name in items():
        ref = open(os.path.join(HERE, "sources", kind + ".md"), encoding="utf-8").read()
        source = producer if side == "born-digital" else SCAN_FROM.get(producer, "chromium")
        if source == "latex" and kind == "rtl":
            source = "chromium"
        running = pages(path) if source in WITH_RUNNING_HEADERS else 0
        tools = ["ilios", "pdftotext", "pdftotext-layout"] if side == "born-digital" else ["ilios", "tesseract"]
        for tool in tools:
            out_file = os.path.join(OUT, tool, name + ".md")
            out = open(out_file, encoding="utf-8").read() if os.path.exists(out_file) else ""
            rows.append({"side": side, "kind": kind, "producer": producer, "tool": tool,
                         **score(ref, out, running)})
    json.dump(rows, open(os.path.join(OUT, "scores.json"), "w"), indent=1)
    md = render(rows)
    text = open(DOC, encoding="utf-8").read()
    text = re.sub(r"(<!-- results:start -->\n).*(<!-- results:end -->)",
                  lambda m: m.group(1) + md + m.group(2), text, flags=re.S)
    open(DOC, "w", encoding="utf-8").write(text)
    print(md)


def mean(rows, metric):
    vals = [r[metric] for r in rows if r[metric] is not None]
    return statistics.mean(vals) if vals else None


def fmt(v):
    return "–" if v is None else f"{v:.2f}"


def table(rows, group, tools, metric="overall"):
    keys = sorted({r[group] for r in rows})
    lines = [f"| {group} | " + " | ".join(tools) + " |", "|---|" + "---|" * len(tools)]
    for k in keys + ["all"]:
        sel = rows if k == "all" else [r for r in rows if r[group] == k]
        cells = [fmt(mean([r for r in sel if r["tool"] == t], metric)) for t in tools]
        lines.append(f"| {'**all**' if k == 'all' else k} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def metrics_table(rows, tools):
    lines = ["| metric | " + " | ".join(tools) + " |", "|---|" + "---|" * len(tools)]
    for m in METRICS:
        lines.append(f"| {m} | " + " | ".join(fmt(mean([r for r in rows if r["tool"] == t], m)) for t in tools) + " |")
    return "\n".join(lines) + "\n"


def render(rows):
    born = [r for r in rows if r["side"] == "born-digital"]
    scans = [r for r in rows if r["side"] == "scan"]
    bt = ["ilios", "pdftotext", "pdftotext-layout"]
    st = ["ilios", "tesseract"]
    two = [r for r in scans if r["kind"] == "twocolumn"]
    out = ["### Born-digital PDFs: metrics (mean over all files)\n", metrics_table(born, bt),
           "\n### Born-digital PDFs: overall by producer\n", table(born, "producer", bt),
           "\n### Born-digital PDFs: overall by kind\n", table(born, "kind", bt),
           "\n### Scans and PNGs: metrics (mean over all files)\n", metrics_table(scans, st),
           "\n### Scans and PNGs: overall by variant\n", table(scans, "producer", st),
           "\n### Scans and PNGs: overall by kind\n", table(scans, "kind", st),
           "\n### Scans: two-column pages, text similarity\n", table(two, "producer", st, "text")]
    return "\n".join(out)


if __name__ == "__main__":
    main()
