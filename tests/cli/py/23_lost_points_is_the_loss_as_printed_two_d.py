# tests/run.sh: lost_points is the loss as printed (two decimals, half away from zero); met is due and not flagged
import glob, subprocess, sys
from decimal import Decimal, ROUND_HALF_UP
rows = 0
for f in glob.glob(sys.argv[1] + "/*/*/工作进展情况报告.pdf"):
    for line in subprocess.run(["pdftotext", f, "-"], capture_output=True, text=True).stdout.splitlines():
        w = line.split()
        if len(w) >= 5 and w[0] in ("T", "I"):
            lost = Decimal(w[2]) - Decimal(w[3])
            assert Decimal(w[4]) == lost.quantize(Decimal("0.01"), ROUND_HALF_UP), w
            if w[0] == "I":
                assert (w[7] == "是") == (w[5] == "是" and w[6] == "否"), w
            rows += 1
assert rows > 100, rows
