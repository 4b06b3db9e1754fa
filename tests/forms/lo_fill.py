#!/usr/bin/python3
"""Fill a workbook in LibreOffice, as a person would, and save it as .xlsx.

usage: lo_fill.py IN.xlsx OUT.xlsx EDITS.json
EDITS: [{"sheet": "任务进展", "cell": "H7", "value": 85.5}, ...]; a value is
a number (typed as a number), a string (typed as text),
{"percent": 0.855} (a number shown as a percent, as typing 85.5% gives) or
{"date": 70} (a number typed into a cell formatted as a date: a date).
An edit {"active": "填报说明"} makes that sheet the active one; with
OUT.csv the active sheet is saved as CSV (UTF-8), as "Save as CSV" does.
Also converts: lo_fill.py IN.csv OUT.xlsx [] opens a CSV and saves it as a
workbook. Runs LibreOffice headless through UNO (tests/lo_uno.py; Debian: python3-uno).
"""
import json, os, sys

import uno

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lo_uno import prop, start, stop, url  # noqa: E402


def main():
    src, dst, edits = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3])) if sys.argv[3:] else []
    office, profile, desktop = start("fill")
    try:
        load = [prop("Hidden", True)]
        if src.endswith(".csv"):
            # UTF-8 (76), comma-separated, quoted fields with line breaks
            load.append(prop("FilterName", "Text - txt - csv (StarCalc)"))
            load.append(prop("FilterOptions", "44,34,76,1,,0,false,true,false,false,false"))
        doc = desktop.loadComponentFromURL(url(src), "_blank", 0, tuple(load))
        formats = doc.getNumberFormats()
        locale = uno.createUnoStruct("com.sun.star.lang.Locale")
        percent = formats.getStandardFormat(128, locale)   # NumberFormat.PERCENT
        date = formats.getStandardFormat(2, locale)        # NumberFormat.DATE
        for e in edits:
            if "active" in e:
                doc.getCurrentController().setActiveSheet(doc.getSheets().getByName(e["active"]))
                continue
            cell = doc.getSheets().getByName(e["sheet"]).getCellRangeByName(e["cell"])
            v = e["value"]
            if isinstance(v, dict) and "date" in v:
                cell.setValue(v["date"])
                cell.NumberFormat = date
            elif isinstance(v, dict):
                cell.setValue(v["percent"])
                cell.NumberFormat = percent
            elif isinstance(v, (int, float)):
                cell.setValue(v)
            else:
                cell.setString(v)
        if dst.endswith(".csv"):
            store = (prop("FilterName", "Text - txt - csv (StarCalc)"),
                     prop("FilterOptions", "44,34,76,1,,0,false,true,false,false,false"))
        else:
            store = (prop("FilterName", "Calc MS Excel 2007 XML"),)
        doc.storeToURL(url(dst), store)
        doc.close(True)
    finally:
        stop(office, profile, desktop)


if __name__ == "__main__":
    main()
