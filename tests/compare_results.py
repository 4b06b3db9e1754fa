#!/usr/bin/env python3
"""Compare jindu's results.json with reference.py's figures.
usage: compare_results.py DATA RESULTS_JSON  (exit 1 and a report on mismatch)"""
import json
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import reference  # noqa: E402


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))


def main():
    want = reference.compute(reference.load(sys.argv[1]))
    with open(sys.argv[2], encoding="utf-8") as f:
        got = json.load(f)
    errs = []
    if got["schema"] != "jindu-results/1":
        errs.append("schema")
    for key in ("period", "as_of", "previous_period", "bulletin_number"):
        if got[key] != want[key]:
            errs.append(f"{key}: {got[key]} != {want[key]}")
    if not close(got["follow_up_rate"], want["follow_up_rate"]):
        errs.append(f"follow_up_rate: {got['follow_up_rate']} != {want['follow_up_rate']}")
    if [i["id"] for i in got["institutions"]] != [i["id"] for i in want["institutions"]]:
        errs.append("institution order")
    for g, w in zip(got["institutions"], want["institutions"]):
        for k in ("task_part", "indicator_part", "total"):
            if not close(g[k], w[k]):
                errs.append(f"{g['id']}.{k}: {g[k]} != {w[k]}")
        for k in ("total_display", "rank", "grade", "notice_number", "warnings"):
            if g[k] != w[k]:
                errs.append(f"{g['id']}.{k}: {g[k]!r} != {w[k]!r}")
        gf, wf = g["follow_up"], w["follow_up"]
        if (gf["items"], gf["resolved"], gf["list"]) != (wf["items"], wf["resolved"], wf["list"]) or not close(gf["rate"], wf["rate"]):
            errs.append(f"{g['id']}.follow_up: {gf} != {wf}")
        if [t["task"] for t in g["tasks"]] != [t["task"] for t in w["tasks"]]:
            errs.append(f"{g['id']}: task list")
        for gt, wt in zip(g["tasks"], w["tasks"]):
            for k in ("status", "flags", "warning", "repeat"):
                if gt[k] != wt[k]:
                    errs.append(f"{g['id']}.{gt['task']}.{k}: {gt[k]} != {wt[k]}")
            for k in ("expected", "reported"):
                if not close(gt[k], wt[k]):
                    errs.append(f"{g['id']}.{gt['task']}.{k}: {gt[k]} != {wt[k]}")
        if [t["indicator"] for t in g["indicators"]] != [t["indicator"] for t in w["indicators"]]:
            errs.append(f"{g['id']}: indicator list")
        for gi, wi in zip(g["indicators"], w["indicators"]):
            for k in ("flags", "warning", "repeat"):
                if gi[k] != wi[k]:
                    errs.append(f"{g['id']}.{gi['indicator']}.{k}: {gi[k]} != {wi[k]}")
            for k in ("value", "target", "attainment"):
                if not close(gi[k], wi[k]):
                    errs.append(f"{g['id']}.{gi['indicator']}.{k}: {gi[k]} != {wi[k]}")
    if errs:
        print("\n".join(errs[:20]))
        sys.exit(1)


if __name__ == "__main__":
    main()
