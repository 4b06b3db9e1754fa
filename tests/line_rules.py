#!/usr/bin/env python3
"""No line of any PDF starts or ends with a character typesetting.md forbids
there. usage: line_rules.py PDF...  (page numbers, "—" placeholder cells and dot leaders are exempt)"""
import re
import subprocess
import sys

NO_START = set("，。、；：？！）》」』】〕〉”’…—·％‰℃,.;:?!)]}%")
NO_END = set("（《「『【〔〈“‘([{")
bad = []
for pdf in sys.argv[1:]:
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    for line in text.split("\n"):
        s = line.strip()
        # page numbers come out as "—", "N", "—"; a lone "—" is a placeholder cell
        # (dot leaders of a table of contents come out as a line of their own)
        if not s or re.fullmatch(r"(— \d+ —|—+|\d+|·+)", s):
            continue
        # placeholder cells run together with the right-aligned cells beside them: "— 80.0% 100.0%"
        s = re.sub(r"^(— )+", "", s)
        if not s:
            continue
        if s[0] in NO_START:
            bad.append(f"{pdf}: line starts with '{s[0]}': {s[:30]}")
        if s[-1] in NO_END:
            bad.append(f"{pdf}: line ends with '{s[-1]}': {s[-30:]}")
if bad:
    print("\n".join(bad[:20]))
    sys.exit(1)
