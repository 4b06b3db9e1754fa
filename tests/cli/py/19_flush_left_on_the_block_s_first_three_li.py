# tests/run.sh: 份号, 密级, 紧急程度: flush left on the block's first three lines
import re, subprocess, sys
mm = 72 / 25.4
xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
w = {m[4]: tuple(map(float, m[:4])) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xml)}
pitch = 225 / 22 * mm
keys = ("000012", "内部", "特急")
tops = [w[k][1] for k in keys]
assert all(abs(w[k][0] - 28 * mm) < 0.5 * mm for k in keys), w
assert 37 * mm <= tops[0] < 37 * mm + pitch and all(abs(b - a - pitch) < 1.5 for a, b in zip(tops, tops[1:])), tops
