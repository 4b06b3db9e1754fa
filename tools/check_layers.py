#!/usr/bin/env python3
"""check_layers.py [SRC]: fail on an #include that runs against the stages.

src/ is cut by pipeline stage; a stage may include only itself and the
stages it is built on.  The table below is the architecture (see
docs/architecture.md); change it there and here together.
"""
import os
import re
import sys

# stage -> stages it may include besides itself
ALLOWED = {
    "base": [],
    "data": ["base"],
    "import": ["base"],
    "pdf": ["base"],
    "ofd": ["base", "pdf"],
    "docx": ["base", "pdf", "typeset"],
    "typeset": ["base", "pdf"],
    "template": ["base", "data", "typeset"],
    "cli": ["base", "data", "import", "pdf", "ofd", "docx", "typeset", "template"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def check(src):
    problems = []
    stages = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for stage in stages:
        if stage not in ALLOWED:
            problems.append("%s/%s: error: folder is not a stage of tools/check_layers.py" % (src, stage))
            continue
        for name in sorted(os.listdir(os.path.join(src, stage))):
            path = os.path.join(src, stage, name)
            if not name.endswith((".c", ".h")):
                continue
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    parts = target.split("/")
                    if len(parts) != 2 or parts[0] not in ALLOWED:
                        problems.append('%s:%d: error: include "%s" does not name a stage (write "stage/file.h")'
                                        % (path, lineno, target))
                    elif parts[0] != stage and parts[0] not in ALLOWED[stage]:
                        problems.append('%s:%d: error: %s includes "%s": %s may use only %s'
                                        % (path, lineno, stage, target, stage,
                                           ", ".join([stage] + ALLOWED[stage])))
                    elif not os.path.exists(os.path.join(src, target)):
                        problems.append('%s:%d: error: "%s" does not exist' % (path, lineno, target))
    loose = [n for n in os.listdir(src) if n.endswith((".c", ".h"))]
    for n in sorted(loose):
        problems.append("%s/%s: error: source outside a stage folder" % (src, n))
    return problems


if __name__ == "__main__":
    problems = check(sys.argv[1] if len(sys.argv) > 1 else "src")
    for p in problems:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)
