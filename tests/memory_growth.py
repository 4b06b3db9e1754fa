#!/usr/bin/env python3
"""A kind of document must not need more memory for more institutions (issue 35).

usage: memory_growth.py JINDU WORKDIR          (generates two data sets and builds both)
       memory_growth.py --compare LOG_SMALL LOG_LARGE
       memory_growth.py --self-test            (the comparison fails on a kind that grows)

Both data sets are built with JINDU_MEMORY=1, which makes every process report
what each kind of document added to it at most (its peak while making the
document, less what the process held before: memwatch.h). The data every
process holds does grow with the institutions (the parent's reading of it,
inherited by the workers); what a document adds must not. Documents are
written in parts of 20 pages (JINDU_PDF_PART_PAGES), so that the summary and
the pack are written in parts at both sizes: a document of up to one part is
held whole by design (300 pages by default). The larger set's figure must be
within 1.5 times the smaller's, kind by kind."""
import os
import re
import subprocess
import sys

SMALL, LARGE = 150, 1500
RATIO = 1.5


def kinds(log):
    return {k: float(mb) for k, mb in re.findall(r"documents of kind (\w+) add at most ([\d.]+) MB", log)}


def compare(small, large):
    a, b = kinds(small), kinds(large)
    bad = []
    if not a or set(a) != set(b):
        bad.append(f"kinds reported: {sorted(a)} at {SMALL}, {sorted(b)} at {LARGE}")
    for k in sorted(set(a) & set(b)):
        ok = b[k] <= RATIO * a[k]
        print(f"  {k:<10} {a[k]:6.1f} MB at {SMALL} institutions, {b[k]:6.1f} MB at {LARGE}  "
              f"({b[k] / a[k]:.2f}x){'' if ok else '  GROWS'}")
        if not ok:
            bad.append(f"{k}: {a[k]:.1f} MB for {SMALL} institutions, {b[k]:.1f} MB for {LARGE} (over {RATIO}x)")
    return bad


def build(jindu, work, n):
    data, out = os.path.join(work, f"d{n}"), os.path.join(work, f"o{n}")
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.isdir(data):
        subprocess.run([sys.executable, os.path.join(here, "gen_data.py"), data, "11", str(n), "8", "2"],
                       check=True, capture_output=True)
    env = dict(os.environ, JINDU_MEMORY="1", JINDU_PDF_PART_PAGES="20")
    r = subprocess.run([jindu, "build", "--data", data, "--out", out, "--jobs", "2", "--quiet"], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"build of {n} institutions failed: {r.stderr[-500:]}")
    return r.stderr


def self_test():
    small = "jindu: peak memory: documents of kind pack add at most 10.0 MB\n"
    flat = "jindu: peak memory: documents of kind pack add at most 12.0 MB\n"
    grows = "jindu: peak memory: documents of kind pack add at most 40.0 MB\n"
    if compare(small, flat) or not compare(small, grows) or not compare(small, ""):
        print("self-test: the comparison does not tell a kind that grows from one that does not")
        return 1
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        bad = compare(open(sys.argv[2]).read(), open(sys.argv[3]).read())
    else:
        jindu, work = sys.argv[1], sys.argv[2]
        os.makedirs(work, exist_ok=True)
        bad = compare(build(jindu, work, SMALL), build(jindu, work, LARGE))
    if bad:
        print("\n".join(bad))
        sys.exit(1)


if __name__ == "__main__":
    main()
