# tests/run.sh: summary: every institution ranked with its total and grade, grade counts, notice numbers
import json, os, re, subprocess, sys
R = sys.argv[1]
res = json.load(open(os.path.join(R, "results.json")))["institutions"]
txt = subprocess.run(["pdftotext", "-layout", os.path.join(R, "考核评估汇总.pdf"), "-"], capture_output=True,
                     text=True).stdout
short = {"rmyy": "区人民医院", "zyy": "区中医院", "fybjy": "区妇幼保健院", "jkzx": "区疾控中心"}
for r in res:
    row = [l for l in txt.splitlines() if re.search(r"^\s*%d\s+%s\s" % (r["rank"], short[r["id"]]), l)]
    assert row and r["total_display"] in row[0] and r["grade"] in row[0], (r["id"], row)
flat = txt.replace("\n", "").replace(" ", "")
assert "“优秀”2家，“良好”1家，“合格”1家，“不合格”0家" in flat, flat[:300]
assert "荣卫督〔2024〕5号" in flat and "荣卫督〔2024〕6号" in flat
