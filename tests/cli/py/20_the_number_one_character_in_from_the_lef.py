# tests/run.sh: 签发人: the number one character in from the left, 签发人：张三 one character in from the right
import re, subprocess, sys
mm = 72 / 25.4
xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
w = {m[4]: tuple(map(float, m[:4])) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xml)}
ch = 156 / 28 * mm
n, s = w["荣卫督〔2024〕5号"], w["签发人：张三"]
assert abs(n[0] - (28 * mm + ch)) < 0.5 * mm, n
assert abs(s[2] - (184 * mm - ch)) < 0.5 * mm, s
assert abs(n[1] - s[1]) < 0.5, (n, s)
