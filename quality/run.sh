#!/usr/bin/env bash
# Measures conversion quality on the corpus: Ilios (the `ilios` command, embedded defaults) beside
# `pdftotext`, `pdftotext -layout` and the `tesseract` command, scored by score.py, reported in
# ../docs/conversion-quality.md. Not part of CI: needs poppler-utils, tesseract-ocr and python3-pil
# (make-scans.py), and the built ilios.jar (./mvnw -q -DskipTests -pl ilios-cli -am package). The
# reported run also had tesseract-ocr-ara, -heb, -fas, -fra and -por installed: Ilios uses such
# system data only for a page in a script its loaded languages do not cover.
set -euo pipefail
cd "$(dirname "$0")"
jar=../ilios-cli/target/ilios.jar
out=corpus/out
rm -rf "$out" && mkdir -p "$out"/{ilios,pdftotext,pdftotext-layout,tesseract}
[[ -d corpus/scans ]] || ./make-scans.py

inputs=(corpus/pdf/*.pdf corpus/scans/*.pdf corpus/scans/*.png)
start=$(date +%s.%N)
ILIOS_DATA_DIR=$(mktemp -d) java -jar "$jar" convert "${inputs[@]}" --out "$out/ilios/" \
  > "$out/ilios.log" 2>&1 || true
echo "ilios: $(echo "$(date +%s.%N) - $start" | bc) s for ${#inputs[@]} files"

for f in corpus/pdf/*.pdf; do
  b=$(basename "$f" .pdf)
  pdftotext -enc UTF-8 "$f" "$out/pdftotext/$b.md"
  pdftotext -enc UTF-8 -layout "$f" "$out/pdftotext-layout/$b.md"
done
tmp=$(mktemp -d)
start=$(date +%s.%N)
for f in corpus/scans/*.pdf corpus/scans/*.png; do
  b=$(basename "$f"); b=${b%.*}
  if [[ $f == *.pdf ]]; then
    rm -f "$tmp"/p*; pdftoppm -r 300 -gray -png "$f" "$tmp/p"
    for p in "$tmp"/p*.png; do tesseract "$p" - -l eng 2>/dev/null; done > "$out/tesseract/$b.md"
  else
    tesseract "$f" - -l eng 2>/dev/null > "$out/tesseract/$b.md"
  fi
done
echo "tesseract: $(echo "$(date +%s.%N) - $start" | bc) s"
rm -rf "$tmp"
./report.py
