#!/usr/bin/env python3
"""Random valid data sets in directory form (data-format.md), for the
differential test against reference.py and for benchmarks.

usage: gen_data.py OUTDIR SEED [INSTITUTIONS TASKS QUARTERS]"""
import json
import os
import random
import sys

STATUS = ["已完成", "序时推进", "滞后", "未启动", "done", "on_track", "behind", "not_started"]


def main():
    out, seed = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(seed)
    n_inst = int(sys.argv[3]) if len(sys.argv) > 3 else rnd.randint(2, 12)
    n_task = int(sys.argv[4]) if len(sys.argv) > 4 else rnd.randint(1, 28)
    n_q = int(sys.argv[5]) if len(sys.argv) > 5 else rnd.randint(1, 4)
    year = 2024
    period_q = 3
    quarters = [(year * 4 + period_q - 1) - i for i in range(n_q)][::-1]
    qname = lambda q: f"{q // 4}Q{q % 4 + 1}"
    os.makedirs(out, exist_ok=True)
    top = {"schema": "jindu/1",
           "issuer": {"name": "重庆市某区卫生健康委员会", "short_name": "区卫生健康委", "doc_code": "某卫督"},
           "plan": {"title": "某区公立医院高质量发展实施方案", "short_title": "高质量发展",
                    "start": "2023-01-01", "end": "2025-12-31"},
           "period": qname(quarters[-1])}
    if rnd.random() < 0.3:
        top["as_of"] = f"2024-09-{rnd.randint(1, 30):02d}"
    if rnd.random() < 0.5:
        rules = {}
        if rnd.random() < 0.5:
            rules["lag"] = {"threshold_points": rnd.choice([5, 10, 15, 30])}
        if rnd.random() < 0.5:
            ts = rnd.choice([50, 70, 100, 0])
            rules["scoring"] = {"task_share": ts, "indicator_share": 100 - ts,
                                "overdue_penalty": rnd.choice([0, 0.2, 1])}
            if rnd.random() < 0.5:
                rules["scoring"]["grades"] = [{"min": 0, "label": "D"}, {"min": 85, "label": "A"},
                                              {"min": 70.5, "label": "B"}]
        if rnd.random() < 0.5:
            rules["notice"] = {"first_number": rnd.randint(1, 40)}
            if rnd.random() < 0.5:
                rules["notice"]["date"] = "2025-01-06"
        if rnd.random() < 0.5:
            rules["warning"] = {"due_soon_days": rnd.choice([0, 7, 30, 100, 400])}
        if rnd.random() < 0.3:
            rules["bulletin"] = {"number": rnd.randint(1, 60), "to": "各区属医疗卫生单位"}
        top["rules"] = rules
    # numbers issued by hand in one quarter of the year (its own generator:
    # the data sets drawn before this existed stay the same)
    extra = random.Random(seed * 7919 + 1)
    if "rules" in top and extra.random() < 0.4:
        notice = top["rules"].setdefault("notice", {})
        notice["first_number_by_period"] = {qname(extra.choice(quarters)): extra.randint(20, 90)}
    with open(os.path.join(out, "plan.json"), "w", encoding="utf-8") as f:
        json.dump(top, f, ensure_ascii=False, indent=1)

    insts = [{"id": f"i{k:03d}", "name": f"第{k}人民医院", "short_name": f"{k}院"} for k in range(n_inst)]
    with open(os.path.join(out, "institutions.json"), "w", encoding="utf-8") as f:
        json.dump({"institutions": insts}, f, ensure_ascii=False)
    ids = [i["id"] for i in insts]

    tasks, ind_no = [], 0
    for t in range(n_task):
        task = {"id": f"{t + 1}", "section": f"第{t % 4 + 1}部分", "title": f"重点任务{t + 1}"}
        if rnd.random() < 0.6:
            task["institutions"] = rnd.sample(ids, rnd.randint(1, len(ids)))
        if rnd.random() < 0.5:
            s = rnd.choice(["2023-01-01", "2024-01-01", "2024-07-01", "2024-10-01"])
            task["start"] = s
            task["due"] = rnd.choice([s, "2024-06-30", "2024-09-30", "2024-12-31", "2025-12-31"]
                                     if s <= "2024-06-30" else [s, "2024-12-31", "2025-12-31"])
            if task["due"] < s:
                task["due"] = s
        if rnd.random() < 0.3:
            task["weight"] = rnd.choice([0, 0.5, 2, 3])
        inds = []
        for _ in range(rnd.choice([0, 0, 1, 2])):
            ind_no += 1
            ind = {"id": f"{t + 1}.{ind_no}", "name": f"指标{ind_no}", "unit": "%",
                   "target": rnd.choice([50, 80, 100, 0, -5, 3.5])}
            if rnd.random() < 0.3:
                ind["better"] = "lower"
            if rnd.random() < 0.4:
                ind["institution"] = rnd.choice(task.get("institutions", ids))
            if rnd.random() < 0.5:
                ind["due"] = rnd.choice(["2024-03-31", "2024-09-30", "2025-12-31"])
            if rnd.random() < 0.2:
                ind["weight"] = rnd.choice([0, 2])
            inds.append(ind)
        if inds:
            task["indicators"] = inds
        tasks.append(task)
    with open(os.path.join(out, "tasks.json"), "w", encoding="utf-8") as f:
        json.dump({"tasks": tasks}, f, ensure_ascii=False)

    for q in quarters:
        qdir = os.path.join(out, "progress", qname(q))
        os.makedirs(qdir, exist_ok=True)
        for inst in ids:
            entries = []
            for task in tasks:
                if inst not in task.get("institutions", ids) or rnd.random() < 0.1:
                    continue
                st = rnd.choice(STATUS)
                e = {"institution": inst, "task": task["id"], "period": qname(q), "status": st}
                if st in ("序时推进", "滞后", "on_track", "behind") or rnd.random() < 0.3:
                    e["percent"] = rnd.choice([0, 10, 25, 40, 50, 55.5, 60, 75, 80, 90, 100, rnd.uniform(0, 100)])
                vals = {}
                for ind in task.get("indicators", []):
                    if ind.get("institution", inst) == inst and rnd.random() < 0.8:
                        vals[ind["id"]] = rnd.choice([None, 0, 40, 50, 60, 100, -3, rnd.uniform(-10, 120)])
                if vals:
                    e["indicators"] = vals
                if rnd.random() < 0.5:
                    e["summary"] = "本季度按计划推进各项工作。"
                entries.append(e)
            with open(os.path.join(qdir, f"{inst}.json"), "w", encoding="utf-8") as f:
                json.dump({"progress": entries}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
