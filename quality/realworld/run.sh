#!/usr/bin/env bash
# Real-world pages (pages.tsv: single pages of PDFs that Debian's TeX Live documentation ships,
# from pdfTeX, texinfo manuals and a macOS Quartz export), converted by Ilios and by
# `pdftotext -layout`, scored against hand-written references (<name>.md) with ../score.py.
set -euo pipefail
cd "$(dirname "$0")"
out=out && rm -rf "$out" && mkdir -p "$out"/{pdf,ilios,pdftotext-layout}
while IFS=$'\t' read -r name kind source page; do
  [[ $name == \#* || -z $name ]] && continue
  if [[ ! -f $source ]]; then echo "missing $source (apt-get install texlive-base texlive-latex-base)"; continue; fi
  pdfseparate -f "$page" -l "$page" "$source" "$out/pdf/$name.pdf"
  pdftotext -enc UTF-8 -layout "$out/pdf/$name.pdf" "$out/pdftotext-layout/$name.md"
done < pages.tsv
ILIOS_DATA_DIR=$(mktemp -d) java -jar ../../ilios-cli/target/ilios.jar convert "$out"/pdf/*.pdf \
  --out "$out/ilios/" > "$out/ilios.log" 2>&1 || true
/usr/bin/python3 - <<'PY'
import os, sys
sys.path.insert(0, "..")
from score import score
rows = []
for line in open("pages.tsv", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    name, kind = line.split("\t")[:2]
    ref = open(f"{name}.md", encoding="utf-8").read()
    cells = []
    for tool in ("ilios", "pdftotext-layout"):
        path = f"out/{tool}/{name}.md"
        out = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        cells.append(score(ref, out)["overall"])
    rows.append((name, kind, *cells))
print("| page | kind | ilios | pdftotext -layout |\n|---|---|---|---|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} |")
n = len(rows)
print(f"| **all** | | {sum(r[2] for r in rows)/n:.2f} | {sum(r[3] for r in rows)/n:.2f} |")
PY
