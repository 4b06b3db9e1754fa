#!/usr/bin/python3
"""Edit a .docx in LibreOffice as a person would: replace a word, save as .docx.

usage: docx_lo_edit.py IN.docx OUT.docx OLD NEW
Runs LibreOffice headless through UNO (Debian: python3-uno); exits 1 when
OLD is not in the document."""
import os, subprocess, sys, tempfile, time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(200):
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            time.sleep(0.1)
    raise SystemExit("docx_lo_edit: LibreOffice did not start")


def main():
    src, dst, old, new = sys.argv[1:5]
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = "jindu_docx_%d" % os.getpid()
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               "-env:UserInstallation=file://" + profile, "--accept=pipe,name=%s;urp;" % pipe],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                           (prop("Hidden", True),))
        search = doc.createReplaceDescriptor()
        search.SearchString, search.ReplaceString = old, new
        n = doc.replaceAll(search)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        sys.exit(0 if n > 0 else 1)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=60)


if __name__ == "__main__":
    main()
