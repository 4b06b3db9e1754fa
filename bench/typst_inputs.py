#!/usr/bin/env python3
"""One JSON per institution for bench/progress.typ: the figures of jindu's
results.json and the texts of the data, already formatted the way the
jindu progress report prints them (so that Typst lays out, not computes).

usage: typst_inputs.py DATA_DIR RESULTS_JSON OUT_DIR COUNT"""
import glob, json, os, sys

data_dir, results_path, out, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
os.makedirs(out, exist_ok=True)
doc = {}
for f in sorted(glob.glob(os.path.join(data_dir, "**", "*.json"), recursive=True)):
    d = json.load(open(f))
    for k, v in d.items():
        if isinstance(v, list):
            doc.setdefault(k, []).extend(v)
        else:
            doc[k] = v
res = json.load(open(results_path))
tasks = {t["id"]: t for t in doc["tasks"]}
inds = {i["id"]: (i, t) for t in doc["tasks"] for i in t.get("indicators", [])}
period = res["period"]
prog = {(p["institution"], p["task"]): p for p in doc.get("progress", []) if p.get("period", period) == period}
cn = "零一二三四五六七八九"


def cn_num(n):
    return (("十" if n // 10 == 1 else cn[n // 10] + "十") + (cn[n % 10] if n % 10 else "")) if n >= 10 else cn[n]


def cn_date(s):
    y, m, d = s.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


names = {i["id"]: i for i in doc["institutions"]}
year, q = int(period[:4]), int(period[-1])
when = f"{year}年第{cn[q]}季度"
for k, r in enumerate(res["institutions"][:count]):
    inst = names[r["id"]]
    counts = {"tasks": len(r["tasks"]), "done": 0, "on_track": 0, "behind": 0, "not_started": 0, "not_reported": 0}
    key = {"已完成": "done", "序时推进": "on_track", "滞后": "behind", "未启动": "not_started", None: "not_reported"}
    for t in r["tasks"]:
        counts[key[t["status"]]] += 1
    w = sum(tasks[t["task"]].get("weight", 1) for t in r["tasks"]) or 1
    mean = sum(tasks[t["task"]].get("weight", 1) * (t["reported"] or 0) for t in r["tasks"]) / w
    rows = []
    for i, t in enumerate(r["tasks"], 1):
        p = prog.get((r["id"], t["task"]), {})
        rows.append({"no": tasks[t["task"]].get("no", t["task"]), "ord": cn_num(i), "title": tasks[t["task"]]["title"],
                     "status": t["status"] or "未报送", "reported": t["reported"], "expected": t["expected"],
                     "flags": t["flags"], "due": cn_date(tasks[t["task"]].get("due", doc["plan"]["end"])),
                     "summary": p.get("summary") or "—", "problems": p.get("problems") or "—",
                     "next_steps": p.get("next_steps") or "—"})
    irows = []
    for x in r["indicators"]:
        ind, _ = inds[x["indicator"]]
        unit = ind.get("unit", "")
        irows.append({"name": ind["name"], "target": ("≤" if ind.get("better") == "lower" else "≥") + f"{x['target']:g}{unit}",
                      "previous": "—", "current": "未报送" if x["value"] is None else f"{x['value']:g}{unit}",
                      "attainment": x["attainment"] * 100, "met": "未达标" if x["flags"] else "达标"})
    j = {"title": f"关于{inst['name']}{when}{doc['plan'].get('short_title', doc['plan']['title'])}工作进展情况的报告",
         "issuer": doc["issuer"]["name"], "when": when, "as_of": cn_date(res["as_of"]), "plan": doc["plan"]["title"],
         "name": inst["name"], "counts": counts, "mean": mean, "total": r["total_display"], "grade": r["grade"] or "—",
         "count": len(res["institutions"]), "rank": r["rank"], "tasks": rows, "indicators": irows}
    json.dump(j, open(os.path.join(out, f"inst-{k}.json"), "w"), ensure_ascii=False)
    open(os.path.join(out, f"r-{k}.typ"), "w").write(f'#import "progress.typ": report\n#report(json("inst-{k}.json"))\n')
