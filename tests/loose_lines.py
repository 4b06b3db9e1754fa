#!/usr/bin/env python3
"""loose_lines.py PDF...: no justified line of body text or headings (3号
and up) spreads its characters wider than a quarter em per gap (issue 22). Measured with `mutool trace`: the
space between each glyph's end (origin + advance) and the next glyph's
origin on the same baseline, in ems of the font size; a line's widest
such space over a quarter em is reported. Exit 1 on any.

usage: loose_lines.py PDF...   (prints "loose_lines: N lines in M files")"""
import re
import subprocess
import sys
from collections import defaultdict

SPAN = re.compile(r'<span[^>]*trm="([\d.]+) [^"]*"[^>]*>(.*?)</span>', re.S)
GLYPH = re.compile(r'<g unicode="([^"]*)" glyph="\d+" x="([\d.-]+)" y="([\d.-]+)" adv="([\d.]+)"/>')


def loose(pdf, limit=0.25):
    trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True).stdout
    bad = []
    for page_no, page in enumerate(trace.split("<page ")[1:], 1):
        rows = defaultdict(list)
        for size, body in SPAN.findall(page):
            size = float(size)
            for ch, x, y, adv in GLYPH.findall(body):
                rows[(round(float(y), 1), round(size, 1))].append((float(x), float(adv) * size, ch))
        for (y, size), glyphs in rows.items():
            glyphs.sort()
            # body text and headings (3号 and up); tables' rows hold several cells on one baseline
            if len(glyphs) < 3 or size < 15:
                continue
            gaps = [(b[0] - (a[0] + a[1])) / size for a, b in zip(glyphs, glyphs[1:])
                    if '\u4e00' <= a[2] <= '\u9fff' and '\u4e00' <= b[2] <= '\u9fff']
            # a wide space between two parts of one line (a table's columns, a signature) is no spread
            gaps = [g for g in gaps if g < 3]
            if gaps and max(gaps) > limit + 0.01:
                bad.append(f"{pdf}: page {page_no}: {max(gaps):.2f} em: " + "".join(g[2] for g in glyphs)[:24])
    return bad


def main():
    bad = []
    for pdf in sys.argv[1:]:
        bad += loose(pdf)
    print("\n".join(bad[:20]))
    print(f"loose_lines: {len(bad)} lines in {len(sys.argv) - 1} files")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
