#!/usr/bin/env python3
"""Write the bad plan files of tests/badimport/ that are binary: archives
and documents that must each get a clear error, in bounded memory.

usage: make_bad.py   (the files are kept in the repository; rerun only to
change them)
"""
import io, os, struct, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx(parts, level=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", level) as z:
        z.writestr("[Content_Types].xml", CT)
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, compress_type=level)
    return b.getvalue()


def doc_xml(body):
    return '<?xml version="1.0"?><w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body)


def write(name, data):
    open(os.path.join(HERE, name), "wb").write(data if isinstance(data, bytes) else data.encode())


# a zip bomb: 60 MB of one character in word/document.xml, about 60 KB packed
bomb = doc_xml("<w:p><w:r><w:t>" + "任" * (20 << 20) + "</w:t></w:r></w:p>")
write("zip-bomb.docx", docx({"word/document.xml": bomb}))
# billion laughs
laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' +
          "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9)) +
          ']><w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>' % W)
write("billion-laughs.docx", docx({"word/document.xml": laughs}))
# cut off half-way
good = docx({"word/document.xml": doc_xml("<w:p><w:r><w:t>三、主要任务</w:t></w:r></w:p>" * 200)})
write("truncated.docx", good[:len(good) // 2])
# password-protected: the encryption flag of every member set, as a
# protected file has it
enc = bytearray(good)
for sig in (b"PK\x03\x04", b"PK\x01\x02"):
    i = enc.find(sig)
    while i >= 0:
        off = i + (6 if sig == b"PK\x03\x04" else 8)
        enc[off] |= 1
        i = enc.find(sig, i + 4)
write("encrypted.docx", bytes(enc))
# a workbook given as a plan
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr("xl/workbook.xml", "<workbook/>")
write("workbook.docx", b.getvalue())
# a ZIP without Word's parts
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr("readme.txt", "hello")
write("not-word.zip", b.getvalue())
# not well-formed
write("broken-xml.docx", docx({"word/document.xml": "<w:document><w:body><w:p>"}))
# the old binary Word format (an OLE2 compound file) and a PDF
write("old-word.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
write("plan.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
