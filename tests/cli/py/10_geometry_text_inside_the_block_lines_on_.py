# tests/run.sh: geometry: text inside the block, lines on the 225/22 mm grid, page numbers placed
import re, subprocess, sys
mm = 72 / 25.4
xml = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
pages = xml.split("<page ")[1:]
assert len(pages) >= 2
full_lines = grid_steps = 0
for n, page in enumerate(pages, 1):
    words = [tuple(map(float, w[:4])) + (w[4],) for w in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
    body = [w for w in words if w[1] < 262 * mm]
    num = [w for w in words if w[1] >= 262 * mm]
    for w in body:
        assert w[0] >= 28 * mm - 0.5 * mm and w[2] <= 184 * mm + 0.5 * mm, ("outside the block", n, w)
        assert w[1] >= 37 * mm - 0.5 * mm, ("above the block", n, w)
    # full (justified) body lines (16 pt: boxes 16.7 pt tall) reach the block's right edge
    full = [w for w in body if w[2] > 183 * mm and abs((w[3] - w[1]) - 16.7) < 0.5]
    assert all(abs(w[2] - 184 * mm) < 0.5 * mm for w in full), full
    full_lines += len(full)
    # consecutive body lines of the same size are one grid pitch apart
    tops = sorted({round(w[1], 2) for w in body if abs((w[3] - w[1]) - 16.7) < 0.5})
    steps = [b - a for a, b in zip(tops, tops[1:])]
    pitch = 225 / 22 * mm
    assert all(abs(s / pitch - round(s / pitch)) < 0.02 for s in steps), steps   # pages of tables and charts may have none
    grid_steps += len(steps)
    # — N —: 14 pt, one character in from the block's right edge on odd pages, left on even
    text = " ".join(w[4] for w in num)
    assert text == f"— {n} —", (n, text)
    if n % 2:
        assert abs(max(w[2] for w in num) - (184 * mm - 14)) < 0.5 * mm, num
    else:
        assert abs(min(w[0] for w in num) - (28 * mm + 14)) < 0.5 * mm, num
    assert abs(min(w[1] for w in num) - 266.5 * mm) < 1.5 * mm, num   # the dash itself: page_number_dash.py
assert full_lines > 10 and grid_steps > 20, (full_lines, grid_steps)
