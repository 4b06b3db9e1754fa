# tests/run.sh: no line of a shipped template is over 120 characters
import glob
long = [(f, n, len(l)) for f in sorted(glob.glob("templates/**/*.tpl", recursive=True))
        for n, l in enumerate(open(f, encoding="utf-8").read().split("\n"), 1) if len(l) > 120]
assert not long, long
