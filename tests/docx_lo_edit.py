#!/usr/bin/python3
"""Edit a .docx in LibreOffice as a person would: replace a word, save as .docx.

usage: docx_lo_edit.py IN.docx OUT.docx OLD NEW
Exits 1 when OLD is not in the document (tests/lo_uno.py runs LibreOffice)."""
import sys

from lo_uno import prop, start, stop, url


def main():
    src, dst, old, new = sys.argv[1:5]
    office, profile, desktop = start("docx")
    try:
        doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
        search = doc.createReplaceDescriptor()
        search.SearchString, search.ReplaceString = old, new
        n = doc.replaceAll(search)
        doc.storeToURL(url(dst), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        stop(office, profile, desktop)
    sys.exit(0 if n > 0 else 1)


if __name__ == "__main__":
    main()
