#!/usr/bin/env bash
# Renders every Markdown source in sources/ with several real PDF producers into corpus/.
# Needs Debian packages (not run by CI; the PDFs it writes are committed):
#   apt-get install pandoc chromium texlive-latex-base texlive-latex-recommended \
#     texlive-fonts-recommended lmodern libreoffice-writer-nogui ghostscript \
#     fonts-dejavu-core fonts-noto-core fonts-liberation2
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/pdf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

chromium_pdf() { # html pdf
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/chrome" --no-pdf-header-footer \
    --print-to-pdf="$2" "file://$1" 2>/dev/null
}

# 5. PDFBox, through a small typesetter of the corpus's own (pdfbox/RenderMarkdown.java): the
#    standard 14 fonts, one text run per word, table rules as strokes. Its jars come from the
#    Maven repository the build fills (~/.m2).
m2=${M2_REPO:-$HOME/.m2/repository}
pdfbox_cp="$m2/org/apache/pdfbox/pdfbox/3.0.8/pdfbox-3.0.8.jar:$m2/org/apache/pdfbox/fontbox/3.0.8/fontbox-3.0.8.jar:$m2/org/apache/pdfbox/pdfbox-io/3.0.8/pdfbox-io-3.0.8.jar:$(ls "$m2"/commons-logging/commons-logging/*/commons-logging-*.jar | tail -n 1)"
javac -d "$work/pdfbox" -cp "$pdfbox_cp" pdfbox/RenderMarkdown.java

for src in sources/*.md; do
  name=$(basename "$src" .md)
  # Two-column sources: the whole text after the title flows in two columns.
  if [[ $name == twocolumn ]]; then
    { head -n 1 "$src"; echo; echo '::: columns'; tail -n +2 "$src"; echo ':::'; } > "$work/$name.md"
  else
    cp "$src" "$work/$name.md"
  fi
  lang=en; dir=ltr
  [[ $name == rtl ]] && lang=ar && dir=rtl

  # 1. Chromium's print-to-PDF (Skia), from pandoc's HTML.
  pandoc "$work/$name.md" -s --metadata title="$name" --css "$PWD/page.css" \
    -V lang=$lang -V dir=$dir -o "$work/$name.html"
  chromium_pdf "$work/$name.html" "$out/$name.chromium.pdf"

  # 2. Ghostscript's pdfwrite, re-distilling Chromium's PDF (new fonts, new content streams).
  gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dCompatibilityLevel=1.5 \
    -sOutputFile="$out/$name.ghostscript.pdf" "$out/$name.chromium.pdf"

  # 3. LibreOffice Writer, from pandoc's DOCX.
  pandoc "$work/$name.md" -o "$work/$name.docx"
  soffice --headless --convert-to pdf --outdir "$work" "$work/$name.docx" >/dev/null 2>&1
  mv "$work/$name.pdf" "$out/$name.libreoffice.pdf"

  # 5. PDFBox (standard 14 fonts: Latin scripts only).
  if [[ $name != rtl ]]; then
    java -cp "$work/pdfbox:$pdfbox_cp" RenderMarkdown "$src" "$out/$name.pdfbox.pdf"
  fi

  # 4. pdfTeX (LaTeX), Computer Modern / Latin Modern; not for Arabic script.
  if [[ $name != rtl ]]; then
    opts=()
    [[ $name == twocolumn ]] && opts+=(-V classoption=twocolumn)
    pandoc "$work/$name.md" --pdf-engine=pdflatex -V geometry:margin=1in -V lang=$lang \
      -H latex-header.tex "${opts[@]}" -o "$out/$name.latex.pdf"
  fi
done
ls -la "$out"
