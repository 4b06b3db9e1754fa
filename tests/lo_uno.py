"""LibreOffice headless through UNO, for the checks that act as a person would in it
(tests/forms/lo_fill.py fills a workbook, tests/docx_lo_edit.py edits a .docx).
Debian: python3-uno; run with /usr/bin/python3."""
import os, subprocess, tempfile, time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def start(tag):
    """A LibreOffice of its own (a fresh profile, a pipe named by tag): (process, profile, desktop)."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = "jindu_%s_%d" % (tag, os.getpid())
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               "-env:UserInstallation=file://" + profile, "--accept=pipe,name=%s;urp;" % pipe],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(200):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return office, profile, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.1)
    office.kill()
    raise SystemExit("LibreOffice did not start")


def stop(office, profile, desktop):
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
    subprocess.run(["rm", "-rf", profile])


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))
