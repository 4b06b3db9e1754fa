#!/usr/bin/env python3
"""An independent computation of documents.md, for differential tests.

Written from the text of documents.md and data-format.md, not from the C
code: reads a data set (file or directory, merged as data-format.md says)
and prints the figures results.json must hold. Assumes valid input."""
import datetime as dt
import json
import os
import sys
from decimal import Decimal, ROUND_HALF_UP

WORDS = {"done": "已完成", "on_track": "序时推进", "behind": "滞后", "not_started": "未启动"}


def load(path):
    files = []
    if os.path.isdir(path):
        for root, _, names in os.walk(path):
            files += [os.path.join(root, n) for n in names if n.endswith(".json")]
        files.sort(key=lambda p: p.encode())
    else:
        files = [path]
    data = {}
    for f in files:
        with open(f, encoding="utf-8-sig") as fh:
            obj = json.load(fh)
        for k, v in obj.items():
            if isinstance(v, list):
                data.setdefault(k, []).extend(v)
            else:
                data[k] = v
    return data


def day(s):
    return dt.date.fromisoformat(s)


def quarter_index(s):
    return int(s[:4]) * 4 + int(s[5]) - 1


def quarter_end(s):
    y, q = int(s[:4]), int(s[5])
    return dt.date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)


def as_quarter(data, q):
    """The data as if quarter q (an index) were the period: as_of its last day."""
    name = f"{q // 4}Q{q % 4 + 1}"
    # an entry without a period is the data's period's, not the earlier quarter's
    progress = [dict(e, period=e.get("period", data["period"])) for e in data["progress"]]
    return dict(data, period=name, as_of=quarter_end(name).isoformat(), progress=progress)


def first_number(data, q):
    """supervision.md: numbers run through the year. The first number of
    quarter q: its override, the year's first_number for a first quarter,
    else after the last number (notices, then the bulletin) of the quarter
    before it when the data hold that quarter, else where that one started."""
    notice = data.get("rules", {}).get("notice", {})
    name = f"{q // 4}Q{q % 4 + 1}"
    if name in notice.get("first_number_by_period", {}):
        return notice["first_number_by_period"][name]
    if q % 4 == 0:
        return notice.get("first_number", 1)
    start = first_number(data, q - 1)
    if not any(quarter_index(e.get("period", data["period"])) == q - 1 for e in data["progress"]):
        return start
    notices = sum(1 for r in figures(as_quarter(data, q - 1))["institutions"] if r["notice_number"])
    return start + notices + 1


def compute(data):
    """documents.md's figures and supervision.md's on top."""
    now = figures(data, first_number(data, quarter_index(data["period"])))
    prev_q = quarter_index(data["period"]) - 1
    prev_name = f"{prev_q // 4}Q{prev_q % 4 + 1}"
    exists = any(quarter_index(e.get("period", data["period"])) == prev_q for e in data["progress"])
    before = None
    if exists:
        # the previous quarter as if it were the period: as_of its last day
        # (an entry without a period is the data's period's, not the previous quarter's)
        before = figures(as_quarter(data, prev_q))
    supervise(data, now, before, now.pop("first"))
    now["previous_period"] = prev_name if exists else None
    return now


def supervise(data, now, before, first):
    """supervision.md: warning levels, repeats, follow-up, the bulletin's number."""
    soon = data.get("rules", {}).get("warning", {}).get("due_soon_days", 30)
    as_of = day(now["as_of"])
    plan = data["plan"]
    due_of = {t["id"]: day(t.get("due", plan["end"])) for t in data["tasks"]}
    ind_due, ind_task, ind_obj = {}, {}, {}
    for t in data["tasks"]:
        for ind in t.get("indicators", []):
            ind_due[ind["id"]] = day(ind["due"]) if "due" in ind else due_of[t["id"]]
            ind_task[ind["id"]] = t["id"]
            ind_obj[ind["id"]] = ind
    order = [t["id"] for t in data["tasks"]]
    total_items = total_resolved = 0
    for k, rec in enumerate(now["institutions"]):
        old = before["institutions"][k] if before else None
        old_t = {x["task"]: x["flags"] for x in old["tasks"]} if old else {}
        old_i = {x["indicator"]: x["flags"] for x in old["indicators"]} if old else {}
        counts = {"红": 0, "黄": 0, "蓝": 0}
        for x in rec["tasks"]:
            x["flags_before"] = old_t.get(x["task"], [])
            x["repeat"] = bool(x["flags"]) and bool(x["flags_before"])
            if "逾期未完成" in x["flags"] or "未报送" in x["flags"] or x["repeat"]:
                level = "红"
            elif x["flags"]:
                level = "黄"
            elif x["status"] != "已完成" and as_of < due_of[x["task"]] <= as_of + dt.timedelta(days=soon):
                level = "蓝"
            else:
                level = None
            x["warning"] = level
        for x in rec["indicators"]:
            x["flags_before"] = old_i.get(x["indicator"], [])
            x["repeat"] = bool(x["flags"]) and bool(x["flags_before"])
            ind = ind_obj[x["indicator"]]
            lower = ind.get("better", "higher") == "lower"
            misses = x["value"] is None or (x["value"] > x["target"] if lower else x["value"] < x["target"])
            if x["flags"]:
                level = "红" if x["repeat"] else "黄"
            elif as_of < ind_due[x["indicator"]] <= as_of + dt.timedelta(days=soon) and misses:
                level = "蓝"
            else:
                level = None
            x["warning"] = level
        for x in rec["tasks"] + rec["indicators"]:
            if x["warning"]:
                counts[x["warning"]] += 1
        items = []
        for tid in order:
            items += [{"task": x["task"], "flags_before": x["flags_before"], "flags_now": x["flags"]}
                      for x in rec["tasks"] if x["task"] == tid and x["flags_before"]]
            items += [{"indicator": x["indicator"], "flags_before": x["flags_before"], "flags_now": x["flags"]}
                      for x in rec["indicators"] if ind_task[x["indicator"]] == tid and x["flags_before"]]
        for it in items:
            it["state"] = "未整改" if it["flags_now"] else "已整改"
        resolved = sum(it["state"] == "已整改" for it in items)
        rec["warnings"] = counts
        rec["follow_up"] = {"items": len(items), "resolved": resolved,
                            "rate": resolved / len(items) if items else None, "list": items}
        total_items += len(items)
        total_resolved += resolved
    now["follow_up_rate"] = total_resolved / total_items if total_items else None
    rules = data.get("rules", {})
    notice = rules.get("notice", {})
    year = (day(notice["date"]) if "date" in notice else as_of).year
    n = rules.get("bulletin", {}).get("number")
    if n is None:
        n = first + sum(1 for r in now["institutions"] if r["notice_number"])
    now["bulletin_number"] = f"{data['issuer']['doc_code']}〔{year}〕{n}号"


def figures(data, first=1):
    rules = data.get("rules", {})
    thr = rules.get("lag", {}).get("threshold_points", 20)
    sc = rules.get("scoring", {})
    task_share = sc.get("task_share", 60)
    ind_share = sc.get("indicator_share", 40)
    penalty = sc.get("overdue_penalty", 0.5)
    grades = sorted(sc.get("grades", [{"min": 90, "label": "优秀"}, {"min": 80, "label": "良好"},
                                      {"min": 60, "label": "合格"}, {"min": 0, "label": "不合格"}]),
                    key=lambda g: -g["min"])
    notice = rules.get("notice", {})
    period = data["period"]
    pidx = quarter_index(period)
    as_of = day(data["as_of"]) if "as_of" in data else quarter_end(period)
    plan = data["plan"]
    insts = [i["id"] for i in data["institutions"]]
    tasks = data["tasks"]
    entries = {}
    for e in data["progress"]:
        entries[(e["institution"], e["task"], quarter_index(e.get("period", period)))] = e

    out = []
    for inst in insts:
        rec = {"id": inst, "tasks": [], "indicators": []}
        fw = fs = 0.0
        gw = gs = 0.0
        for t in tasks:
            assigned = t.get("institutions", insts)
            start = day(t.get("start", plan["start"]))
            due = day(t.get("due", plan["end"]))
            if inst in assigned:
                if start == due:
                    exp = 100.0 if as_of >= due else 0.0
                else:
                    exp = min(max((as_of - start).days / (due - start).days, 0), 1) * 100
                e = entries.get((inst, t["id"], pidx))
                status = WORDS.get(e["status"], e["status"]) if e else None
                rep = None
                if e:
                    rep = e.get("percent", 100 if status == "已完成" else 0 if status == "未启动" else None)
                flags = []
                if e is None:
                    flags.append("未报送")
                if due < as_of and status != "已完成":
                    flags.append("逾期未完成")
                if status == "滞后":
                    flags.append("自报滞后")
                if rep is not None and exp - rep > thr and status != "已完成":
                    flags.append("进度滞后")
                if status == "未启动" and exp > 0:
                    flags.append("未启动")
                if status == "已完成":
                    f = 1.0
                elif e is None:
                    f = 0.0
                else:
                    f = min(1.0, rep / exp) if exp > 0 else 1.0
                if "逾期未完成" in flags:
                    f *= 1 - penalty
                w = t.get("weight", 1)
                fw += w
                fs += w * f
                rec["tasks"].append({"task": t["id"], "status": status, "expected": exp, "reported": rep,
                                     "flags": flags})
            for ind in t.get("indicators", []):
                applies = ind["institution"] == inst if "institution" in ind else inst in assigned
                if not applies:
                    continue
                value, vp = None, -1
                for (ei, et, ep), e in entries.items():
                    if ei == inst and et == t["id"] and ep <= pidx:
                        v = (e.get("indicators") or {}).get(ind["id"])
                        if isinstance(v, (int, float)) and ep > vp:
                            value, vp = v, ep
                target = ind["target"]
                lower = ind.get("better", "higher") == "lower"
                if value is None:
                    g = 0.0
                elif not lower:
                    g = (1.0 if value >= target else 0.0) if target <= 0 else min(max(value / target, 0), 1)
                else:
                    # value > target; value == 0 only when target < 0: -inf -> 0
                    g = 1.0 if value <= target else (min(max(target / value, 0), 1) if value else 0.0)
                idue = day(ind["due"]) if "due" in ind else due
                missed = value is None or (value > target if lower else value < target)
                flags = ["指标未达标"] if idue <= as_of and missed else []
                w = ind.get("weight", 1)
                gw += w
                gs += w * g
                rec["indicators"].append({"indicator": ind["id"], "value": value, "target": target,
                                          "attainment": g, "flags": flags})
        has_t = len(rec["tasks"]) > 0 and fw > 0
        has_i = len(rec["indicators"]) > 0 and gw > 0
        tp = ip = None
        if has_t and has_i:
            # share × weighted mean, as documents.md says it (and in that order: the float rounding agrees)
            tp, ip = task_share * (fs / fw), ind_share * (gs / gw)
        elif has_t:
            tp = 100 * (fs / fw)
        elif has_i:
            ip = 100 * (gs / gw)
        total = (tp or 0) + (ip or 0)
        shown = Decimal(repr(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        rec.update(task_part=tp, indicator_part=ip, total=total, total_display=str(shown))
        rec["grade"] = next((g["label"] for g in grades if shown >= Decimal(repr(g["min"]))), None)
        out.append(rec)
    for r in out:
        r["rank"] = 1 + sum(1 for o in out if Decimal(o["total_display"]) > Decimal(r["total_display"]))
    year = (day(notice["date"]) if "date" in notice else as_of).year
    n = first
    for r in out:
        flagged = any(x["flags"] for x in r["tasks"] + r["indicators"])
        r["notice_number"] = f"{data['issuer']['doc_code']}〔{year}〕{n}号" if flagged else None
        n += flagged
    return {"period": period, "as_of": as_of.isoformat(), "institutions": out, "first": first}


if __name__ == "__main__":
    json.dump(compute(load(sys.argv[1])), sys.stdout, ensure_ascii=False, indent=1)
