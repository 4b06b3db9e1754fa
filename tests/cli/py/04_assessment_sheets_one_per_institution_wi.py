# tests/run.sh: assessment sheets: one per institution, with the figures of results.json
import json, os, subprocess, sys
R = sys.argv[1]
res = json.load(open(os.path.join(R, "results.json")))["institutions"]
short = {"rmyy": "区人民医院", "zyy": "区中医院", "fybjy": "区妇幼保健院", "jkzx": "区疾控中心"}
for r in res:
    txt = subprocess.run(["pdftotext", os.path.join(R, short[r["id"]], "考核评估结果.pdf"), "-"], capture_output=True,
                         text=True).stdout.replace("\n", "")
    assert f"考核得分{r['total_display']}分" in txt, r["id"]
    assert f"等级为“{r['grade']}”" in txt and f"排名第{r['rank']}" in txt, r["id"]
    # scores with one decimal, rounded half away from zero, as printed and ranked
    from decimal import Decimal, ROUND_HALF_UP
    tp = Decimal(repr(r['task_part'])).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert f"任务部分{tp}分" in txt, (r["id"], tp)
