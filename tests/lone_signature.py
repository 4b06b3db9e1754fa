#!/usr/bin/env python3
"""No page holds only a signature or a date (GB/T 9704: the signature never
stands alone; in a pack, each report's ending as well).
usage: lone_signature.py PDF..."""
import re
import subprocess
import sys

bad = []
for pdf in sys.argv[1:]:
    pages = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    for i, page in enumerate(pages.split("\f")):
        lines = [l.strip() for l in page.split("\n") if l.strip()]
        body = [l for l in lines if not re.fullmatch(r"— \d+ —", l)]
        if 0 < len(body) <= 2 and any(re.search(r"\d+年\d+月\d+日$", l) for l in body):
            bad.append(f"{pdf}: page {i + 1} holds only {body}")
if bad:
    print("\n".join(bad[:20]))
    sys.exit(1)
