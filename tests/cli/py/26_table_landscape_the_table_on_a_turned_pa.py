# tests/run.sh: @table(landscape): the table on a turned page of its own, inside the turned block, text before and after upright
import re, subprocess, sys
mm = 72 / 25.4
info = subprocess.run(["pdfinfo", "-f", "1", "-l", "3", sys.argv[1]], capture_output=True, text=True).stdout
sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
assert [(round(float(a)), round(float(b))) for a, b in sizes] == [(595, 842), (842, 595), (595, 842)], sizes
xml = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
words = [tuple(map(float, m[:4])) + (m[4],) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xml)]
body = [w for w in words if not w[4].startswith("—") and not w[4].isdigit()]
assert any(w[4] == "任务13" for w in body), body[:5]
for w in body:
    assert 37 * mm - 0.5 * mm <= w[0] and w[2] <= (37 + 225) * mm + 0.5 * mm and w[1] >= 26 * mm - 0.5 * mm and w[3] <= (26 + 156) * mm, w
t1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", sys.argv[1], "-"], capture_output=True, text=True).stdout
t3 = subprocess.run(["pdftotext", "-f", "3", "-l", "3", sys.argv[1], "-"], capture_output=True, text=True).stdout
assert "前面的正文" in t1 and "后面的正文" in t3
