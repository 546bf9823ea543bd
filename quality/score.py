#!/usr/bin/python3
"""Scores converted Markdown (or plain text) against the Markdown source it was rendered from.

Written independently of the converter: it shares no code with Ilios, so a converter cannot score
well by agreeing with itself. Metrics, each in [0, 1], higher is better:

  text      word-level similarity of all text, in order (difflib ratio over word sequences)
  headings  F1 of heading texts            lists  F1 of list-item texts
  code      F1 of code lines               emphasis  F1 of bold/italic spans (outside headings)
  tables    F1 of table cells              order  share of consecutive source blocks found in order
  leakage   1 - share of running header/footer lines left in the output (where the PDF has them)

A document's overall score is the mean of `text`, `order`, `leakage` and those structure metrics
whose elements the source has."""
import difflib, re, sys, unicodedata

FUZZY = 0.8  # two texts of one element match at this similarity


def norm(s):
    s = unicodedata.normalize("NFC", s).lower()
    s = re.sub(r"[\u200c\u200d\u200e\u200f\u00ad]", "", s)  # joiners, marks, soft hyphens
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    s = re.sub(r"[‐-―−]", "-", s)
    return re.sub(r"\s+", " ", s).strip(" .,;:")


def inline_plain(s):
    s = re.sub(r"\[\^[^\]]*\]", "", s)  # footnote references
    s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s)  # links and images keep their text
    s = re.sub(r"<((?:https?|mailto):[^>]*)>", r"\1", s)
    s = re.sub(r"(\*\*|__)(.+?)\1", r"\2", s)
    s = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", s)
    s = re.sub(r"`([^`]*)`", r"\1", s)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", s)


def emphasis_spans(s):
    s = re.sub(r"\\[*_]", "", s)
    spans = [m.group(2) for m in re.finditer(r"(\*\*|__)(.+?)\1", s)]
    rest = re.sub(r"(\*\*|__)(.+?)\1", " ", s)
    spans += [m.group(2) for m in re.finditer(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", rest)]
    return [norm(inline_plain(x)) for x in spans if norm(inline_plain(x))]


LIST = re.compile(r"^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")


def parse(md):
    """Blocks of a Markdown text: (kind, text) in order, plus elements by kind."""
    doc = {"headings": [], "lists": [], "code": [], "tables": [], "emphasis": [], "blocks": [], "words": []}
    lines = md.replace("\r", "").split("\n")
    i = 0
    para = []

    def flush():
        if para:
            text = inline_plain(" ".join(para))
            doc["blocks"].append(text)
            doc["emphasis"].extend(emphasis_spans(" ".join(para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if s.startswith("```") or s.startswith("~~~"):
            flush()
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(("```", "~~~")):
                if lines[i].strip():
                    doc["code"].append(re.sub(r"\s+", " ", lines[i].strip()))
                    doc["words"].extend(lines[i].split())
                i += 1
            i += 1
            continue
        if not s or s.startswith("<!--"):
            flush()
        elif re.match(r"^#{1,6}\s", s):
            flush()
            text = inline_plain(re.sub(r"^#{1,6}\s+|\s+#+$", "", s))
            doc["headings"].append(norm(text))
            doc["blocks"].append(text)
        elif s.startswith("|"):
            flush()
            if not re.match(r"^\|?[\s:|-]+\|?$", s):
                cells = [inline_plain(c).strip() for c in s.strip("|").split("|")]
                doc["tables"].extend(norm(c) for c in cells if norm(c))
                doc["blocks"].append(" ".join(cells))
        elif LIST.match(line) and not re.match(r"^\s*[-*_]{3,}\s*$", line):
            flush()
            m = LIST.match(line)
            item = [m.group(2)]
            # continuation lines of the item
            while i + 1 < len(lines) and lines[i + 1].strip() and not LIST.match(lines[i + 1]) \
                    and lines[i + 1].startswith(" "):
                i += 1
                item.append(lines[i].strip())
            text = " ".join(item)
            doc["lists"].append(norm(inline_plain(text)))
            doc["emphasis"].extend(emphasis_spans(text))
            doc["blocks"].append(inline_plain(text))
        elif s.startswith(">"):
            para.append(s.lstrip("> "))
        elif re.match(r"^\[\^[^\]]+\]:", s):
            flush()
            para.append(re.sub(r"^\[\^[^\]]+\]:\s*", "", s))
            flush()
        elif re.match(r"^[-*_]{3,}$", s):
            flush()
        else:
            para.append(s)
        i += 1
    flush()
    for b in doc["blocks"]:
        doc["words"].extend(b.split())
    # words in reading order: rebuild from the text itself rather than block lists (code included)
    doc["words"] = [norm(w) for w in inline_plain(strip_fences(md)).split() if norm(w)
                    and not re.match(r"^(#{1,6}|[-*+>|]|\d{1,3}[.)]|```.*|\|?[:-]{3,}\|?)$", w)]
    return doc


def strip_fences(md):
    md = re.sub(r"^\s*\[\^[^\]]+\]:", "", md, flags=re.M)
    return re.sub(r"^\s*```.*$", "", md, flags=re.M).replace("|", " ")


def f1(ref, out):
    """F1 of two multisets of element texts; elements match when similar enough."""
    if not ref and not out:
        return None
    if not ref:
        return None  # nothing to find: the metric does not apply to this document
    left = list(out)
    hits = 0
    for r in ref:
        best, at = 0.0, -1
        for j, o in enumerate(left):
            if o == r:
                best, at = 1.0, j
                break
            q = difflib.SequenceMatcher(None, r, o, autojunk=False).quick_ratio()
            if q >= FUZZY:
                q = difflib.SequenceMatcher(None, r, o, autojunk=False).ratio()
                if q > best:
                    best, at = q, j
        if best >= FUZZY:
            hits += 1
            left.pop(at)
    if hits == 0:
        return 0.0
    p, r = hits / len(out), hits / len(ref)
    return 2 * p * r / (p + r)


def order(ref_blocks, out_words):
    """Share of consecutive source blocks that appear in the same order in the output."""
    text = " " + " ".join(out_words) + " "
    positions = []
    for b in ref_blocks:
        words = [norm(w) for w in b.split() if norm(w)]
        if len(words) < 4:
            continue
        probe = " " + " ".join(words[:5]) + " "
        at = text.find(probe)
        if at < 0:
            probe = " " + " ".join(words[-5:]) + " "
            at = text.find(probe)
        if at >= 0:
            positions.append(at)
    if len(positions) < 2:
        return None
    good = sum(1 for a, b in zip(positions, positions[1:]) if b > a)
    return good / (len(positions) - 1)


RUNNING = re.compile(r"^\s*(ilios quality corpus|page \d+)\s*$", re.I)


def leakage(out_text, pages):
    """1 - (running header/footer lines found) / (lines printed), or None without them."""
    if not pages:
        return None
    leaked = sum(1 for line in out_text.split("\n") if RUNNING.match(inline_plain(line.strip("#>*-| "))))
    leaked += len(re.findall(r"ilios quality corpus", out_text, re.I)) - sum(
        1 for line in out_text.split("\n") if re.match(r"^\W*ilios quality corpus\W*$", line, re.I))
    return max(0.0, 1 - leaked / (2 * pages))


def score(ref_md, out_md, running_pages=0):
    ref, out = parse(ref_md), parse(out_md)
    sm = difflib.SequenceMatcher(None, ref["words"], out["words"], autojunk=False)
    m = {"text": sm.ratio()}
    for k in ("headings", "lists", "code", "emphasis", "tables"):
        m[k] = f1(ref[k], out[k])
    m["order"] = order(ref["blocks"], out["words"])
    m["leakage"] = leakage(out_md, running_pages)
    vals = [v for v in m.values() if v is not None]
    m["overall"] = sum(vals) / len(vals)
    return m


if __name__ == "__main__":
    ref = open(sys.argv[1], encoding="utf-8").read()
    out = open(sys.argv[2], encoding="utf-8").read()
    pages = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    for k, v in score(ref, out, pages).items():
        print(f"{k:9s} {'-' if v is None else f'{v:.3f}'}")
