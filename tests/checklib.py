"""The counting every Python test script of tests/ shares: check() a real
value, and end with the line run.sh counts ("NAME: N passed, N failed")."""
import glob
import json
import os
import shutil
import sys

passed = failed = 0


def check(ok, what):
    """Count one check; print what failed."""
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
    return ok


def finish(name):
    print(f"{name}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def form_sample(root, work):
    """The sample data copied to work/data, one answer given a line break, a
    comma and quotes (what a form must carry back); with its 2024Q3 entries
    by (institution, task)."""
    data = os.path.join(work, "data")
    shutil.copytree(os.path.join(root, "data"), data)
    p = os.path.join(data, "progress", "2024Q3", "rmyy.json")
    d = json.load(open(p))
    d["progress"][0]["summary"] = "第一项，已完成招标。\n第二项：\"主体\"封顶。"
    json.dump(d, open(p, "w"), ensure_ascii=False, indent=1)
    original = {}
    for f in glob.glob(os.path.join(data, "progress", "2024Q3", "*.json")):
        for e in json.load(open(f))["progress"]:
            original[(e["institution"], e["task"])] = e
    return data, original
