#!/usr/bin/env python3
"""cases.py JINDU [FILTER] [--update]: the command-line cases, kept as data.

Every file tests/**/*.case is one case: a few `key: value` lines, then a
line `--- stderr` and the whole of what jindu must print on standard error.
Adding a test is adding a file (tests/README.md); a failing case prints its
name and a diff of expected against got. FILTER keeps the cases whose name
(the path below tests/, without .case) contains it. --update rewrites each
selected case's stderr and exit with what jindu prints now: review the diff.

Keys (values may use $ROOT, the repository; $HERE, the case's folder;
$WORK, a fresh scratch folder; $OUT, $WORK/out):
  run:        the arguments after `jindu`, split as a shell would (no
              expansion beyond the names above). Runs in $WORK/cwd, which
              must stay empty: nothing may be written outside --out.
  exit:       the exit status.
  reports:    how many 工作进展情况报告.pdf $OUT must hold afterwards.
  templates:  `overlay`: $WORK/templates is a copy of templates/ with the
              case folder's other files laid over it, and FILE.delete
              removing FILE (the broken-template corpus).
  absent:     a path that must not exist afterwards (an import that failed).
  present:    a path that must exist and not be empty.
  also:       another run in the same place whose stderr must contain the
              text after `=>` (`also: check … => text`); may repeat.
Each case also fails on a sanitizer report and on a temporary file left
under $WORK.

Ends with "cases: N passed, N failed"."""
import difflib
import glob
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse(path):
    keys, also, stderr = {}, [], None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line == "--- stderr":
            stderr = "\n".join(lines[i + 1:])
            break
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        if key == "also":
            also.append(value.strip())
        else:
            keys[key.strip()] = value.strip()
    if stderr is None or "run" not in keys or "exit" not in keys:
        raise ValueError("%s: a case needs run:, exit: and a --- stderr section" % path)
    return keys, also, stderr


def expand(s, names):
    for k in sorted(names, key=len, reverse=True):
        s = s.replace("$" + k, names[k])
    return s


def normalise(text, work):
    return text.replace(work + "/", "$WORK/").replace(work, "$WORK").replace(ROOT + "/", "")


def overlay_templates(here, dest):
    shutil.copytree(os.path.join(ROOT, "templates"), dest)
    for dirpath, _, files in os.walk(here):
        for name in files:
            src = os.path.join(dirpath, name)
            rel = os.path.relpath(src, here)
            if name.endswith(".case"):
                continue
            if name.endswith(".delete"):
                target = os.path.join(dest, rel[:-len(".delete")])
                if os.path.exists(target):
                    os.remove(target)
                continue
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy(src, os.path.join(dest, rel))


def run_jindu(jindu, args, cwd, lang=None):
    """lang: the case's `lang:` (LANG=lang, no LC_ALL or LANGUAGE over it); else the suite's C locale."""
    env = dict(os.environ)
    if lang:
        for k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            env.pop(k, None)
        env["LANG"] = lang
    p = subprocess.run([jindu] + args, cwd=cwd, capture_output=True, timeout=60, env=env)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def run_case(jindu, path, update):
    """Returns a list of (what, ok, detail)."""
    keys, also, want = parse(path)
    here = os.path.dirname(path)
    work = tempfile.mkdtemp(prefix="jindu-case.")
    results = []
    try:
        os.makedirs(work + "/cwd")
        names = {"ROOT": ROOT, "HERE": here, "WORK": work, "OUT": work + "/out"}
        if keys.get("templates") == "overlay":
            overlay_templates(here, work + "/templates")
        args = [expand(a, names) for a in shlex.split(keys["run"])]
        rc, got = run_jindu(jindu, args, work + "/cwd", keys.get("lang"))
        got = normalise(got, work)
        if update:
            rewrite(path, rc, got)
            return [("updated", True, "")]
        results.append(("exit %s" % keys["exit"], str(rc) == keys["exit"], "got exit %d" % rc))
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected stderr",
                                            "got stderr"))
        results.append(("stderr", want == got, diff))
        results.append(("no sanitizer report", "Sanitizer" not in got and "runtime error" not in got, got[:2000]))
        results.append(("nothing written outside --out", not os.listdir(work + "/cwd"), str(os.listdir(work + "/cwd"))))
        temps = [f for f in glob.glob(work + "/**/*", recursive=True) if ".tmp-" in os.path.basename(f)]
        results.append(("no temporary files left", not temps, str(temps)))
        if "reports" in keys:
            n = len(glob.glob(work + "/out/**/工作进展情况报告.pdf", recursive=True))
            results.append(("%s progress reports made" % keys["reports"], str(n) == keys["reports"], "got %d" % n))
        if "absent" in keys:
            p = expand(keys["absent"], names)
            results.append(("%s absent" % keys["absent"], not os.path.exists(p), "it exists"))
        if "present" in keys:
            p = expand(keys["present"], names)
            results.append(("%s written" % keys["present"], os.path.exists(p) and os.path.getsize(p) > 0, "missing"))
        for a in also:
            cmd, _, text = a.partition("=>")
            _, err = run_jindu(jindu, [expand(x, names) for x in shlex.split(cmd)], work + "/cwd", keys.get("lang"))
            err = normalise(err, work)
            results.append(("also %s" % cmd.strip(), text.strip() in err, err[:2000]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def rewrite(path, rc, got):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head = text.split("--- stderr\n")[0]
    head = "\n".join(("exit: %d" % rc) if l.startswith("exit:") else l for l in head.split("\n"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + "--- stderr\n" + got)


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv
    jindu = os.path.abspath(args[0])
    pattern = args[1] if len(args) > 1 else ""
    passed = failed = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "**", "*.case"), recursive=True)):
        name = os.path.relpath(path, os.path.join(ROOT, "tests"))[:-len(".case")]
        if pattern not in name:
            continue
        try:
            results = run_case(jindu, path, update)
        except Exception as e:   # a broken case file or a hang is a failure, not a crash
            results = [("runs", False, repr(e))]
        for what, ok, detail in results:
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL: case %s: %s" % (name, what))
                for line in detail.rstrip("\n").split("\n"):
                    print("    " + line)
    print("cases: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
