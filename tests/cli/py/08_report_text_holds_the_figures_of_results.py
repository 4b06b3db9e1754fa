# tests/run.sh: report text holds the figures of results.json
import json, subprocess, sys, os
R = sys.argv[1]
res = {i["id"]: i for i in json.load(open(os.path.join(R, "results.json")))["institutions"]}
names = {"rmyy": ("区人民医院", "重庆市荣昌区人民医院"), "zyy": ("区中医院", "重庆市荣昌区中医院"),
         "fybjy": ("区妇幼保健院", "重庆市荣昌区妇幼保健院"), "jkzx": ("区疾控中心", "重庆市荣昌区疾病预防控制中心")}
for iid, (short, full) in names.items():
    txt = subprocess.run(["pdftotext", os.path.join(R, short, "工作进展情况报告.pdf"), "-"],
                         capture_output=True, text=True).stdout.replace("\n", "")
    r = res[iid]
    assert f"关于{full}2024年第三季度“四院”同创“三甲”工作进展情况的报告" in txt, iid
    assert f"考核得分{r['total_display']}分" in txt, (iid, r["total_display"])
    assert f"等级{r['grade']}" in txt and f"排名第{r['rank']}" in txt, iid
    assert "特此报告。" in txt and "2024年9月30日" in txt
jk = subprocess.run(["pdftotext", os.path.join(R, "区疾控中心", "工作进展情况报告.pdf"), "-"],
                    capture_output=True, text=True).stdout.replace("\n", "")
assert "状态：未报送" in jk and "督办事项：未报送" in jk
