"""Nothing wrong goes out silently (issue 29): document numbers through the
year, returned forms with mistakes, a plan's own facts.

usage: integrity_test.py JINDU WORKDIR"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish  # noqa: E402

J = os.path.abspath(sys.argv[1])
W = os.path.abspath(sys.argv[2])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(os.path.dirname(ROOT), "shared", "seeds")
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)


def run(*args, timeout=300, cwd=None):
    p = subprocess.run([J, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def pdf_text(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout.replace(" ", "")


# ---- document numbers across quarters -------------------------------------------------------
# A three-quarter data set built quarter by quarter, as an office does: each
# quarter's run sees the entries up to it, into one output tree.
gen = os.path.join(W, "year")
subprocess.run(["python3", os.path.join(ROOT, "tests", "gen_data.py"), gen, "11", "12", "8", "3"], check=True,
               capture_output=True)
plan = json.load(open(os.path.join(gen, "plan.json")))
plan.pop("as_of", None)
plan.pop("rules", None)
json.dump(plan, open(os.path.join(gen, "plan.json"), "w"), ensure_ascii=False)
quarters = sorted(os.listdir(os.path.join(gen, "progress")))
check(quarters == ["2024Q1", "2024Q2", "2024Q3"], f"three quarters generated: {quarters}")
out = os.path.join(W, "year-out")
issued = {}
for i, q in enumerate(quarters):
    data = os.path.join(W, "year-" + q)
    shutil.copytree(gen, data)
    for later in quarters[i + 1:]:
        shutil.rmtree(os.path.join(data, "progress", later))
    p = json.load(open(os.path.join(data, "plan.json")))
    p["period"] = q
    json.dump(p, open(os.path.join(data, "plan.json"), "w"), ensure_ascii=False)
    rc, _, err = run("build", "--data", data, "--out", out, "--only", "notice,bulletin", "--quiet")
    check(rc == 0 and "文号" not in err, f"{q}: built, no repeated number warned ({rc}): {err[-300:]}")
    res = json.load(open(os.path.join(out, q, "results.json")))
    nums = [i["notice_number"] for i in res["institutions"] if i["notice_number"]] + [res["bulletin_number"]]
    issued[q] = nums
    check(all(os.path.exists(os.path.join(out, q, f)) for f in ["情况通报.pdf"]), f"{q}: the bulletin made")
    bul = pdf_text(os.path.join(out, q, "情况通报.pdf"))
    check(res["bulletin_number"] in bul, f"{q}: the bulletin prints its number {res['bulletin_number']}")
everything = [n for q in quarters for n in issued[q]]
check(len(everything) == len(set(everything)), f"no 文号 repeats within the year: {issued}")
serials = [int(re.search(r"〕(\d+)号", n).group(1)) for n in everything]
check(serials == list(range(1, len(serials) + 1)), f"numbers run 1, 2, 3 … through the year: {serials}")
res3 = json.load(open(os.path.join(out, "2024Q3", "results.json")))
q2_last = int(re.search(r"〕(\d+)号", issued["2024Q2"][-1]).group(1))
check(res3["numbering"] == {"first": q2_last + 1, "rule": "after_earlier_quarters", "after": "2024Q2",
                            "after_last": q2_last}, f"results.json says how the number was found: {res3['numbering']}")
res1 = json.load(open(os.path.join(out, "2024Q1", "results.json")))
check(res1["numbering"]["rule"] == "first_number" and res1["numbering"]["after"] is None,
      f"the year's first quarter starts at first_number: {res1['numbering']}")
# rebuilding the second quarter gives the same numbers
before = open(os.path.join(out, "2024Q2", "results.json")).read()
rc, _, err = run("build", "--data", os.path.join(W, "year-2024Q2"), "--out", out, "--only", "notice,bulletin", "--quiet")
check(open(os.path.join(out, "2024Q2", "results.json")).read() == before, "a rebuild of a quarter gives the same numbers")
# the third quarter built from the full data (all three quarters) numbers the same
rc, _, err = run("build", "--data", gen, "--out", os.path.join(W, "year-full"), "--only", "summary", "--quiet")
full = json.load(open(os.path.join(W, "year-full", "2024Q3", "results.json")))
check([i["notice_number"] for i in full["institutions"]] == [i["notice_number"] for i in res3["institutions"]],
      "the third quarter's numbers do not depend on which earlier entries the run holds")
# an override for a period where numbers were issued by hand
d3 = os.path.join(W, "year-2024Q3")
p = json.load(open(os.path.join(d3, "plan.json")))
p["rules"] = {"notice": {"first_number_by_period": {"2024Q3": 40}}}
json.dump(p, open(os.path.join(d3, "plan.json"), "w"), ensure_ascii=False)
rc, _, err = run("check", "--data", d3, "--out", out)
check(rc == 0 and "文号" not in err, f"an override past the earlier numbers: no warning ({rc}): {err[-300:]}")
p["rules"] = {"notice": {"first_number_by_period": {"2024Q3": q2_last - 1}}}
json.dump(p, open(os.path.join(d3, "plan.json"), "w"), ensure_ascii=False)
rc, _, err = run("check", "--data", d3, "--out", out)
warned = [l for l in err.splitlines() if "2024Q2/results.json: warning: 文号" in l]
check(len(warned) == 2, f"check warns at the other run's results.json for each number issued twice: {err[-600:]}")
p["rules"] = {"notice": {"first_number_by_period": {"2024q3": 3}}}
json.dump(p, open(os.path.join(d3, "plan.json"), "w"), ensure_ascii=False)
rc, _, err = run("check", "--data", d3, "--out", out)
check(rc == 1 and "first_number_by_period" in err and "2024q3" in err, f"a malformed period in the override is an error: {err[-300:]}")

finish("integrity")
