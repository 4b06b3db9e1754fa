#!/usr/bin/env python3
"""ofdcheck.py FILE.ofd [FILE.pdf]: check an OFD package's structure
(GB/T 33190-2016 as docs/ofd.md reads it) and, given the PDF it was made
beside, that every page's text and every character's baseline agree with
the PDF's. Prints one line per problem; exit status 1 when there is any.

Structure: the ofd: namespace; OFD.xml's DocInfo (32-character DocID,
CreationDate YYYY-MM-DD) in the schema's order; Document.xml's CommonData
(MaxUnitID first, PageArea 0 0 210 297), Pages and Outlines in order; one ID
space: IDs unique, whole and non-zero, MaxUnitID their maximum; every file
referred to present; every Font and ResourceID defined; elements of pages,
text and path objects in the schema's order; path data of M L B C only;
every TextCode with exactly one DeltaX per gap.

Against the PDF (mutool trace: every glyph in drawing order): the same
number of pages; per page the same characters in the same order (blanks
aside), each baseline origin within 0.5 mm; and the page's text as
pdftotext extracts it made of the same characters."""
import collections
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = "http://www.ofdspec.org/2016"
Q = "{%s}" % NS
PT = 25.4 / 72

DOCINFO_ORDER = ["DocID", "Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "DocUsage", "Cover",
                 "Keywords", "Creator", "CreatorVersion", "CustomDatas"]
DOCUMENT_ORDER = ["CommonData", "Pages", "Outlines", "Permissions", "Actions", "VPreferences", "Bookmarks",
                  "Attachments", "Annotations", "CustomTags", "Extensions"]
COMMONDATA_ORDER = ["MaxUnitID", "PageArea", "PublicRes", "DocumentRes", "TemplatePage", "DefaultCS"]
PAGE_ORDER = ["Template", "PageRes", "Area", "Content", "Actions"]
TEXT_ORDER = ["Actions", "Clips", "FillColor", "StrokeColor", "CGTransform", "TextCode"]
PATH_ORDER = ["Actions", "Clips", "StrokeColor", "FillColor", "AbbreviatedData"]
BLANKS = " \t\u3000\u00a0"


def local(tag):
    return tag[len(Q):] if tag.startswith(Q) else None


def in_order(el, order, where, problems):
    """Children of el named in order's order (and only those names)."""
    last = -1
    for c in el:
        name = local(c.tag)
        if name is None:
            problems.append(f"{where}: element {c.tag} outside the ofd namespace")
            continue
        if name not in order:
            problems.append(f"{where}: unexpected element {name}")
            continue
        k = order.index(name)
        if k < last:
            problems.append(f"{where}: {name} out of the schema's order")
        last = k


def deltas(spec):
    """DeltaX's values, "g N v" expanded."""
    out, toks, i = [], spec.split(), 0
    while i < len(toks):
        if toks[i] == "g":
            out += [float(toks[i + 2])] * int(toks[i + 1])
            i += 3
        else:
            out.append(float(toks[i]))
            i += 1
    return out


class Package:
    def __init__(self, path, problems):
        self.z = zipfile.ZipFile(path)
        self.names = set(self.z.namelist())
        self.problems = problems
        bad = self.z.testzip()          # every entry inflated and its CRC-32 checked
        if bad:
            problems.append(f"{bad}: its CRC-32 does not match (a broken archive)")
        self.ids = []

    def xml(self, name):
        if name not in self.names:
            self.problems.append(f"{name}: referred to but not in the package")
            return None
        raw = self.z.read(name)
        if b"<ofd:" not in raw[:400]:
            self.problems.append(f"{name}: the root is not written with the ofd: prefix")
        root = ET.fromstring(raw)
        if not root.tag.startswith(Q):
            self.problems.append(f"{name}: root {root.tag} not in {NS}")
        for el in root.iter():
            if "ID" in el.attrib:
                self.ids.append((name, el.attrib["ID"]))
        return root


def check_docinfo(pkg, problems):
    ofd = pkg.xml("OFD.xml")
    if ofd is None:
        return None, {}
    if local(ofd.tag) != "OFD" or ofd.get("Version") != "1.0" or ofd.get("DocType") != "OFD":
        problems.append("OFD.xml: root must be ofd:OFD Version=1.0 DocType=OFD")
    info = ofd.find(f"{Q}DocBody/{Q}DocInfo")
    root = ofd.findtext(f"{Q}DocBody/{Q}DocRoot")
    fields = {}
    if info is None:
        problems.append("OFD.xml: no DocInfo")
    else:
        in_order(info, DOCINFO_ORDER, "DocInfo", problems)
        fields = {local(c.tag): (c.text or "") for c in info}
        if not re.fullmatch(r"[0-9a-fA-F]{32}", fields.get("DocID", "")):
            problems.append(f"DocInfo: DocID {fields.get('DocID')!r} is not 32 hexadecimal characters")
        if "CreationDate" in fields and not re.fullmatch(r"\d{4}-\d\d-\d\d", fields["CreationDate"]):
            problems.append(f"DocInfo: CreationDate {fields['CreationDate']!r} is not YYYY-MM-DD")
    return root, fields


def check_resources(pkg, base, res_name, problems):
    """A resource file: its files present; returns {ID: element}."""
    res = pkg.xml(base + res_name)
    defined = {}
    if res is None:
        return defined
    loc = res.get("BaseLoc", "")
    for el in res.iter():
        name = local(el.tag)
        if name in ("Font", "MultiMedia"):
            defined[el.get("ID")] = el
        if name in ("FontFile", "MediaFile"):
            path = base + (loc + "/" if loc else "") + (el.text or "")
            if path not in pkg.names:
                problems.append(f"{res_name}: {name} {path} is not in the package")
    return defined


def text_codes(obj, problems, where):
    """(character, x mm, y mm) of a TextObject's glyphs, in page space."""
    bx, by, _, _ = (float(v) for v in obj.get("Boundary").split())
    out = []
    for tc in obj.findall(f"{Q}TextCode"):
        text = tc.text or ""
        d = deltas(tc.get("DeltaX", ""))
        if len(d) != max(len(text) - 1, 0):
            problems.append(f"{where}: TextCode {text!r}: {len(d)} DeltaX values for {len(text)} characters")
            d = (d + [0] * len(text))[:max(len(text) - 1, 0)]
        x, y = bx + float(tc.get("X")), by + float(tc.get("Y"))
        for i, ch in enumerate(text):
            out.append((ch, x, y))
            if i < len(d):
                x += d[i]
    return out


def check_page(pkg, name, fonts, media, problems):
    page = pkg.xml(name)
    glyphs = []
    if page is None:
        return glyphs
    in_order(page, PAGE_ORDER, name, problems)
    for obj in page.iter():
        kind = local(obj.tag)
        where = f"{name} object {obj.get('ID')}"
        if kind == "TextObject":
            in_order(obj, TEXT_ORDER, where, problems)
            if obj.get("Font") not in fonts:
                problems.append(f"{where}: Font {obj.get('Font')} is not defined")
            glyphs += text_codes(obj, problems, where)
        elif kind == "PathObject":
            in_order(obj, PATH_ORDER, where, problems)
            data = obj.findtext(f"{Q}AbbreviatedData") or ""
            if re.search(r"[A-Za-z]", re.sub(r"\b[MLBC]\b", "", data)):
                problems.append(f"{where}: path data other than M L B C: {data[:60]}")
        elif kind == "ImageObject":
            if obj.get("ResourceID") not in media:
                problems.append(f"{where}: ResourceID {obj.get('ResourceID')} is not defined")
            w, h = obj.get("Boundary").split()[2:]
            if obj.get("CTM", "").split() != [w, "0", "0", h, "0", "0"]:
                problems.append(f"{where}: CTM {obj.get('CTM')} is not 'w 0 0 h 0 0' of its Boundary")
    return glyphs


def check_ids(pkg, document, problems):
    seen = collections.Counter(i for _, i in pkg.ids)
    for i, n in seen.items():
        if not i.isdigit() or int(i) == 0:
            problems.append(f"ID {i!r} is not a positive whole number")
        elif n > 1:
            problems.append(f"ID {i} used {n} times")
    numbers = [int(i) for i in seen if i.isdigit()]
    max_id = document.findtext(f"{Q}CommonData/{Q}MaxUnitID")
    if not numbers or max_id != str(max(numbers)):
        problems.append(f"MaxUnitID {max_id} is not the largest ID ({max(numbers) if numbers else None})")


def check_package(path):
    """Problems, DocInfo fields and each page's glyphs."""
    problems = []
    pkg = Package(path, problems)
    root, info = check_docinfo(pkg, problems)
    if not root:
        return problems, info, []
    base = root.rsplit("/", 1)[0] + "/" if "/" in root else ""
    document = pkg.xml(root)
    if document is None:
        return problems, info, []
    in_order(document, DOCUMENT_ORDER, root, problems)
    common = document.find(f"{Q}CommonData")
    if common is None or len(common) == 0 or local(common[0].tag) != "MaxUnitID":
        problems.append("CommonData: MaxUnitID must come first")
    else:
        in_order(common, COMMONDATA_ORDER, "CommonData", problems)
        box = common.findtext(f"{Q}PageArea/{Q}PhysicalBox")
        if (box or "").split() != ["0", "0", "210", "297"]:
            problems.append(f"PageArea PhysicalBox {box!r} is not 0 0 210 297")
    fonts, media = {}, {}
    for el in (common if common is not None else []):
        if local(el.tag) == "PublicRes":
            fonts.update(check_resources(pkg, base, el.text, problems))
        elif local(el.tag) == "DocumentRes":
            media.update(check_resources(pkg, base, el.text, problems))
    pages = []
    for p in document.findall(f"{Q}Pages/{Q}Page"):
        pages.append(check_page(pkg, base + p.get("BaseLoc"), fonts, media, problems))
    check_ids(pkg, document, problems)
    return problems, info, pages


def pdf_glyphs(pdf):
    """Each page's glyphs in drawing order: (character, x mm, baseline y mm from the top)."""
    trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True).stdout
    pages, height, skip = [], 0, False
    for line in trace.splitlines():
        # fill-and-stroke text (weight) is traced twice, as fill_text and stroke_text: count it once
        if re.match(r"\s*<(stroke_text|clip_text|clip_stroke_text|ignore_text)\b", line):
            skip = True
        elif re.match(r"\s*</(stroke_text|clip_text|clip_stroke_text|ignore_text)>", line):
            skip = False
        m = re.match(r'\s*<page number="\d+" mediabox="[-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+)"', line)
        if m:
            height = float(m.group(1))
            pages.append([])
            continue
        m = re.match(r'\s*<g unicode="(.*?)" glyph="\d+" x="([-\d.]+)" y="([-\d.]+)"', line)
        if m and pages and not skip:
            ch = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
            if ch not in BLANKS:
                pages[-1].append((ch, float(m.group(2)) * PT, (height - float(m.group(3))) * PT))
    return pages


def page_texts(pdf, n):
    out = []
    for p in range(1, n + 1):
        t = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True).stdout
        out.append("".join(t.split()))
    return out


def compare_with_pdf(pages, pdf, problems, tolerance=0.5):
    ref = pdf_glyphs(pdf)
    if len(ref) != len(pages):
        problems.append(f"{len(pages)} pages, the PDF has {len(ref)}")
        return 0
    worst = 0.0
    texts = page_texts(pdf, len(ref))
    for k, (mine, theirs) in enumerate(zip(pages, ref), 1):
        mine = [g for g in mine if g[0] not in BLANKS]
        a, b = "".join(g[0] for g in mine), "".join(g[0] for g in theirs)
        if a != b:
            i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
            problems.append(f"page {k}: text differs from the PDF's at character {i}: {a[i:i + 20]!r} / {b[i:i + 20]!r}")
            continue
        for (ch, x, y), (_, px, py) in zip(mine, theirs):
            off = max(abs(x - px), abs(y - py))
            worst = max(worst, off)
            if off > tolerance:
                problems.append(f"page {k}: {ch!r} at ({x:.2f}, {y:.2f}) mm, in the PDF at ({px:.2f}, {py:.2f})")
                break
        if collections.Counter(a) != collections.Counter(texts[k - 1]):
            problems.append(f"page {k}: pdftotext's text has other characters than the OFD page")
    return worst


def main(argv):
    problems, _, pages = check_package(argv[1])
    worst = compare_with_pdf(pages, argv[2], problems) if len(argv) > 2 and not problems else 0
    for p in problems:
        print(f"{argv[1]}: {p}")
    if not problems and len(argv) > 2:
        print(f"{argv[1]}: {len(pages)} pages as the PDF's; baselines within {worst:.3f} mm")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
