#!/usr/bin/env python3
"""Write the bad workbooks of tests/badforms/: each must get a clear error
from jindu collect, in bounded memory. Kept in the repository; rerun only
to change them.
"""
import io, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
WB = ('<?xml version="1.0"?><workbook %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<sheets><sheet name="任务进展" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS)
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')


def book(sheet, extra=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", RELS),
                           ("xl/worksheets/sheet1.xml", sheet)] + list((extra or {}).items()):
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED,
                       compresslevel=9)
    return b.getvalue()


def write(name, data):
    open(os.path.join(HERE, name), "wb").write(data if isinstance(data, bytes) else data.encode())


row = '<row r="%d"><c r="A%d" t="inlineStr"><is><t>任务任务任务任务</t></is></c></row>'
# a 200 MB sheet (a few hundred KB packed)
big = "<row><c><v>85</v></c></row>" * 7_500_000
write("huge-sheet.xlsx", book('<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, big)))
# a zip bomb: 20 MB of one byte in the sheet, within the size limit but 1000 times its packed size
write("zip-bomb.xlsx", book('<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>'
                            '</sheetData></worksheet>' % (NS, "0" * (20 << 20))))
# billion laughs in the shared strings
laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' +
          "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9)) +
          ']><sst %s><si><t>&j;</t></si></sst>' % NS)
write("billion-laughs.xlsx", book('<worksheet %s><sheetData/></worksheet>' % NS, {"xl/sharedStrings.xml": laughs}))
good = book('<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, "".join(row % (i, i) for i in range(1, 400))))
write("truncated.xlsx", good[: len(good) // 2])
# a password-protected workbook is an OLE2 compound file holding the encrypted package, as is an old .xls
write("password.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
write("old-excel.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(1024))
# a Word file given as a form
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr("word/document.xml", "<w:document/>")
write("word.xlsx", b.getvalue())
# a sheet with a cell far beyond any form
write("far-cell.xlsx", book('<worksheet %s><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                            '</sheetData></worksheet>' % NS))
