#!/usr/bin/env python3
"""The .docx copies of the notices and the bulletin (issue 33), checked as an office would use them.

usage: docx_check.py OUT/PERIOD WORKDIR

- every XML part well-formed, and w:pPr, w:rPr, w:sectPr, w:tblPr, w:tcPr children in the order
  the WordprocessingML schema fixes (Word refuses a file whose elements are out of order);
- LibreOffice (headless) opens each and prints it; that PDF keeps the GB/T 9704 geometry the
  notices' own check measures (tests/notice_geometry.py --joined) and holds the same text as
  jindu's PDF (whitespace and page numbers aside);
- a .docx edited in LibreOffice (a word changed, saved as .docx) opens again, the change in it.
Prints one line per check; exits 1 on any failure."""
import glob, os, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
            "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
            "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
            "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
               "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
               "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
             "tcFitText", "vAlign", "hideMark"],
    "trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
             "tblCellSpacing", "jc", "hidden"],
}
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += not ok


def schema_order(path):
    """Problems with the XML of one .docx: a part not well-formed, properties out of order."""
    bad = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            try:
                root = ET.fromstring(z.read(name))
            except ET.ParseError as e:
                bad.append(f"{name}: not well-formed: {e}")
                continue
            for el in root.iter():
                tag = el.tag.replace(W, "")
                if tag not in ORDER:
                    continue
                seq = [c.tag.replace(W, "") for c in el]
                idx = [ORDER[tag].index(t) if t in ORDER[tag] else -1 for t in seq]
                if -1 in idx or idx != sorted(idx):
                    bad.append(f"{name}: w:{tag} children {seq} not in the schema's order")
    return bad


def header_rows(path):
    """The text of each repeated table header row (w:tblHeader) of a .docx, whitespace taken out."""
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    rows = []
    for tr in root.iter(W + "tr"):
        if tr.find(f"{W}trPr/{W}tblHeader") is not None:
            rows.append(re.sub(r"\s+", "", "".join(t.text or "" for t in tr.iter(W + "t"))))
    return rows


def docx_text(path):
    """The text of word/document.xml (its w:t), whitespace taken out."""
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return re.sub(r"\s+", "", "".join(t.text or "" for t in root.iter(W + "t")))


def text_of(pdf):
    """The text without whitespace and page numbers."""
    t = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    t = re.sub(r"—\s*\d+\s*—", "", t)
    return re.sub(r"\s+", "", t)


def unexplained(a, b, headers):
    """The characters two texts do not share, less whole table header rows: a table's header is
    repeated on every page it spans, and Word or LibreOffice may break a table otherwise than
    jindu. Empty when the texts hold the same characters but for such repeats."""
    from collections import Counter
    out = []
    for more in (Counter(a) - Counter(b), Counter(b) - Counter(a)):
        for h in headers:
            hc = Counter(h)
            while hc and all(more[c] >= n for c, n in hc.items()):
                more -= hc
        if more:
            out.append("".join(sorted(more.elements()))[:40])
    return out


def lo_print(files, outdir, profile):
    subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + profile, "--convert-to", "pdf",
                    "--outdir", outdir] + files, capture_output=True, timeout=600)


def main():
    period, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    docs = sorted(glob.glob(os.path.join(period, "*", "督办通知.docx")) + glob.glob(os.path.join(period, "情况通报.docx")))
    check(len(docs) >= 2, f"a .docx beside every notice and the bulletin: {len(docs)}")
    for d in docs:
        bad = schema_order(d)
        check(not bad, f"{os.path.relpath(d, period)}: XML well-formed, properties in schema order {bad[:2]}")
    # LibreOffice prints copies named by their place (the names are all 督办通知.docx)
    copies = []
    for i, d in enumerate(docs):
        c = os.path.join(work, f"doc{i}.docx")
        with open(d, "rb") as f, open(c, "wb") as g:
            g.write(f.read())
        copies.append(c)
    lo_print(copies, work, os.path.join(work, "lo-profile"))
    here = os.path.dirname(os.path.abspath(__file__))
    for d, c in zip(docs, copies):
        lo = c[:-5] + ".pdf"
        name = os.path.relpath(d, period)
        check(os.path.exists(lo), f"{name}: LibreOffice opens it and prints it")
        if not os.path.exists(lo):
            continue
        own = d[:-5] + ".pdf"
        words = subprocess.run(["pdftotext", "-l", "1", own, "-"], capture_output=True, text=True).stdout.split()
        header = next((w for w in words if w.endswith("文件")), "")
        number = next((w for w in words if re.fullmatch(r".+〔\d{4}〕\d+号", w)), "")
        cc = ["--cc"] if "抄送" in subprocess.run(["pdftotext", own, "-"], capture_output=True, text=True).stdout else []
        images = subprocess.run(["pdfimages", "-list", own], capture_output=True, text=True).stdout.splitlines()[2:]
        cc += ["--sealed"] if images else []   # the PDF's signature in 7.3.5.1's style, the seal's room kept
        geo = subprocess.run([sys.executable, os.path.join(here, "notice_geometry.py"), lo, header, number, "--joined"]
                             + cc, capture_output=True, text=True)
        check(geo.returncode == 0, f"{name}: GB/T 9704 geometry in LibreOffice's print {geo.stdout.strip()[:300]}")
        a, heads = text_of(own), header_rows(d)
        left = unexplained(a, docx_text(d), heads)
        check(not left, f"{name}: its text is jindu's PDF's, but for repeated table headers {left}")
        # LibreOffice may leave out a closing mark it hangs past the block's edge at a page's top line
        left = [x for x in unexplained(a, text_of(lo), heads) if x.strip("，。、；：")]
        check(not left, f"{name}: LibreOffice's print holds the same text {left}")
    # an office edits the draft in LibreOffice and saves it as .docx: it still opens, the change in it
    edited = os.path.join(work, "edited.docx")
    r = subprocess.run(["/usr/bin/python3", os.path.join(here, "docx_lo_edit.py"), copies[0], edited, "高度重视", "十分重视"],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0 and os.path.exists(edited), f"edited in LibreOffice and saved as .docx {r.stderr[-200:]}")
    if os.path.exists(edited):
        lo_print([edited], work, os.path.join(work, "lo-profile"))
        pdf = edited[:-5] + ".pdf"
        check(os.path.exists(pdf) and "十分重视" in text_of(pdf), "the edited .docx opens again, with the change")
    print(f"docx: {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
