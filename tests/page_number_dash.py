#!/usr/bin/env python3
"""page_number_dash.py PDF [PAGE...]: where the 一字线 of each page number
sits, measured on the rendered page (pdftoppm, 300 dpi): the centre of the
dark horizontal strokes below the text block, in mm from the page's top.
GB/T 9704 7.5 puts it 7 mm below the block (37 + 225 + 7 = 269 mm).
Exit 1 when a page's dash is more than 1 mm off, printing it."""
import subprocess
import sys

DPI = 300
MM = DPI / 25.4
TOP_MM, BOTTOM_MM = 263, 285      # the band below the block where page numbers are
WANT, TOLERANCE = 269.0, 1.0


def band(pdf, page):
    """The band as rows of grey bytes (P5 PGM from pdftoppm)."""
    y, h = int(TOP_MM * MM), int((BOTTOM_MM - TOP_MM) * MM)
    out = subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-gray", "-y", str(y), "-H",
                          str(h), "-x", "0", "-W", str(int(210 * MM)), pdf], capture_output=True).stdout
    parts = out.split(b"\n", 3)          # P5, "W H", maxval, data
    w, h = (int(v) for v in parts[1].split())
    data = parts[3]
    return [data[r * w:(r + 1) * w] for r in range(h)], y


def dash_centre(pdf, page):
    rows, y0 = band(pdf, page)
    dash_rows = []
    for i, row in enumerate(rows):
        run = best = 0
        for v in row:
            run = run + 1 if v < 128 else 0
            best = max(best, run)
        if best >= 2.5 * MM:            # a dash is about one character (5 mm) long; digits are narrower
            dash_rows.append(i)
    if not dash_rows:
        return None
    return (y0 + (dash_rows[0] + dash_rows[-1]) / 2) / MM


def main():
    pdf, pages = sys.argv[1], [int(p) for p in sys.argv[2:]] or [1]
    bad = 0
    for p in pages:
        c = dash_centre(pdf, p)
        if c is None or abs(c - WANT) > TOLERANCE:
            print(f"{pdf} page {p}: the page number's dash at {c} mm, want {WANT} ± {TOLERANCE}")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
