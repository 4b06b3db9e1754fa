#!/usr/bin/env python3
"""No number is split from its unit at a line end (GB/T 15835; typesetting.md):
a line that ends in a digit followed by a line that starts with 年月日项个家人次… .
usage: number_units.py PDF...  Lines are read with pdftotext -bbox-layout, line by
line within each block, so two table cells side by side are not taken for one text."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

UNITS = set("年月日项个家人次元分天级所张床季万亿岁周时名例份条台套座层位％%‰℃")
NS = "{http://www.w3.org/1999/xhtml}"
bad = []
for pdf in sys.argv[1:]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    for pno, page in enumerate(root.iter(NS + "page"), 1):
        for block in page.iter(NS + "block"):
            lines = [("".join(w.text or "" for w in line.iter(NS + "word")),
                      [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]) for line in block.iter(NS + "line")]
            for (a, ba), (b, bb) in zip(lines, lines[1:]):
                # b continues a: below it and in the same column (table cells side by side are not)
                below = bb[1] > ba[1] + (ba[3] - ba[1]) * 0.5 and bb[0] < ba[2] and bb[2] > ba[0]
                if below and re.search(r"[0-9０-９]$", a) and b and b[0] in UNITS:
                    bad.append(f"{pdf}: p{pno}: number split from its unit: …{a[-12:]} / {b[:8]}…")
if bad:
    print("\n".join(bad[:20]) + (f"\n… {len(bad)} in all" if len(bad) > 20 else ""))
    sys.exit(1)
