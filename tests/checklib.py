"""The counting every Python test script of tests/ shares: check() a real
value, and end with the line run.sh counts ("NAME: N passed, N failed")."""
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
