#!/usr/bin/env python3
"""OFD beside the PDF (docs/ofd.md): `jindu build --format pdf,ofd` on the
sample (with a seal), every .ofd checked by tests/ofdcheck.py against its
PDF (structure, IDs, DeltaX, text and baselines page by page), the
manifest, determinism, a streamed pack, bad states, and each page rendered
by a real reader -- ofd.js 0.2.6 in headless Chromium -- compared with the
PDF page rendered by pdftoppm at the same scale.

usage: ofd_test.py JINDU WORKDIR
Ends with "ofd: N passed, N failed"."""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
import zipfile

J, W = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish  # noqa: E402
import ofdcheck  # noqa: E402

EPOCH = "1727740800"          # 2024-10-01
ENV = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)


def build(out, *extra, fonts=None, env=ENV):
    return subprocess.run([J, "build", "--data", os.path.join(ROOT, "data"), "--templates",
                           os.path.join(ROOT, "templates"), "--fonts", fonts or os.path.join(ROOT, "fonts"),
                           "--out", out, "--quiet", *extra], capture_output=True, text=True, timeout=600, env=env)


def ofds(d):
    return sorted(os.path.relpath(p, d) for p in glob.glob(os.path.join(d, "**", "*.ofd"), recursive=True))


# ---- the sample, with a seal, as PDF and OFD ---------------------------------------------------------------------
fonts = os.path.join(W, "fonts")
shutil.copytree(os.path.join(ROOT, "fonts"), fonts)
shutil.copy(os.path.join(ROOT, "tests", "seal.png"), os.path.join(fonts, "seal.png"))
out = os.path.join(W, "out")
r = build(out, "--format", "pdf,ofd", fonts=fonts)
check(r.returncode == 0, f"the sample builds as PDF and OFD: {r.stderr[-400:]}")
P = os.path.join(out, "2024Q3")
made = ofds(P)
pdfs = sorted(os.path.relpath(p, P) for p in glob.glob(os.path.join(P, "**", "*.pdf"), recursive=True))
check([m[:-4] for m in made] == [p[:-4] for p in pdfs] and len(made) >= 13,
      f"an .ofd beside every .pdf, the pack included: {len(made)} OFD, {len(pdfs)} PDF")

man = {f["path"]: f for f in json.load(open(os.path.join(P, "manifest.json")))["files"]}
ok = True
for m in made:
    e, pe = man.get(m), man.get(m[:-4] + ".pdf")
    data = open(os.path.join(P, m), "rb").read()
    ok &= bool(e and pe and e["kind"] == pe["kind"] and e["pages"] == pe["pages"] and e["bytes"] == len(data)
               and e["sha256"] == hashlib.sha256(data).hexdigest() and e.get("institution") == pe.get("institution"))
check(ok, "the manifest lists every OFD with its PDF's kind, institution and pages, and its own bytes and sha256")

idx = open(os.path.join(P, "index.html"), encoding="utf-8").read()
links = sorted(urllib.parse.unquote(h) for h in re.findall(r'<a class="ofd" href="([^"]+)">OFD</a>', idx))
check(links == made, f"index.html links each OFD beside its PDF: {len(links)} links, {len(made)} OFD")

# ---- every OFD against its PDF ---------------------------------------------------------------------------------
worst, infos = 0.0, {}
for m in made:
    problems, info, pages = ofdcheck.check_package(os.path.join(P, m))
    if not problems:
        worst = max(worst, ofdcheck.compare_with_pdf(pages, os.path.join(P, m[:-4] + ".pdf"), problems))
    infos[m] = info
    check(not problems, f"{m}: structure, IDs, DeltaX, text and baselines as the PDF's: {problems[:3]}")
print(f"  baselines: at most {worst:.3f} mm from the PDF's")

notice = os.path.join(P, "区中医院", "督办通知.ofd")
z = zipfile.ZipFile(notice)
info = infos["区中医院/督办通知.ofd"]
check(info.get("CreationDate") == "2024-10-01" and info.get("Title", "").startswith("关于区中医院")
      and info.get("Author") == "重庆市荣昌区卫生健康委员会",
      f"DocInfo: CreationDate from SOURCE_DATE_EPOCH, the title and the issuer: {info}")
public = z.read("Doc_0/PublicRes.xml").decode()
names = set(re.findall(r'FontName="([^"]+)"', public))
check(names <= {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"} and {"方正小标宋简体", "仿宋_GB2312"} <= names,
      f"fonts named by their standard Chinese names: {sorted(names)}")
fontfiles = re.findall(r"<ofd:FontFile>([^<]+)</ofd:FontFile>", public)
check(all(z.read("Doc_0/Res/" + f)[:4] in (b"\x00\x01\x00\x00", b"true") for f in fontfiles),
      "each Font embeds a TrueType file")
page0 = z.read("Doc_0/Pages/Page_0/Content.xml").decode()
header = re.search(r'<ofd:TextObject[^>]*>(?:(?!</ofd:TextObject>).)*重庆市荣昌区卫生健康委员会文件', page0)
xbs = re.search(r'<ofd:Font ID="(\d+)" FontName="方正小标宋简体"', public).group(1)
check(header is not None and f'Font="{xbs}"' in header.group(0) and 'Stroke="true"' in header.group(0)
      and '<ofd:FillColor Value="255 0 0"/>' in header.group(0),
      "the red header: 方正小标宋简体, stroked for weight as in the PDF, RGB 255 0 0")
check('<ofd:StrokeColor Value="255 0 0"/>' in page0 and re.search(r'<ofd:PathObject[^>]*LineWidth="0.353"', page0),
      "the red rule: a 0.35 mm path in 255 0 0")
last = z.read(f"Doc_0/Pages/Page_{len(ofdcheck.pdf_glyphs(notice[:-4] + '.pdf')) - 1}/Content.xml").decode()
pages_xml = [z.read(n).decode() for n in sorted(z.namelist()) if n.endswith("Content.xml")]
img = [re.search(r'<ofd:ImageObject[^>]*/>', x) for x in pages_xml]
img = next((i.group(0) for i in img if i), "")
res_id = re.search(r'ResourceID="(\d+)"', img)
docres = z.read("Doc_0/DocumentRes.xml").decode()
check(res_id and f'<ofd:MultiMedia ID="{res_id.group(1)}" Type="Image" Format="PNG">' in docres
      and z.read(f"Doc_0/Res/image_{res_id.group(1)}.png") == open(os.path.join(fonts, "seal.png"), "rb").read(),
      f"the seal: an ImageObject on a PNG resource, the file itself: {img[:160]}")
trace = subprocess.run(["mutool", "trace", notice[:-4] + ".pdf"], capture_output=True, text=True).stdout
mt = re.search(r'<fill_image [^>]*transform="([-\d. ]+)"', trace)
if check(mt is not None and img, "the PDF draws the seal too"):
    a, b_, c, d, e, f = (float(v) for v in mt.group(1).split())
    bx, by, bw, bh = (float(v) for v in re.search(r'Boundary="([^"]+)"', img).group(1).split())
    pt = 25.4 / 72
    check(abs(bx - e * pt) < 0.5 and abs(bw - a * pt) < 0.5 and abs(bh - abs(d) * pt) < 0.5 and abs(by - f * pt) < 0.5,
          f"the seal's box is the PDF's within 0.5 mm: OFD {bx, by, bw, bh}, PDF {e * pt, f * pt, a * pt, d * pt}")
document = z.read("Doc_0/Document.xml").decode()
check(document.count("<ofd:OutlineElem") >= 4 and re.search(r'<ofd:Dest Type="XYZ" PageID="\d+" Left="0" Top="[\d.]+"/>',
                                                             document),
      "the bookmarks become the outline, each going to its page")

# ---- the checker itself fails on what it must catch ----------------------------------------------------------------
def mutated(name, change):
    src = zipfile.ZipFile(notice)
    path = os.path.join(W, name + ".ofd")
    with zipfile.ZipFile(path, "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            if item in change:
                data = change[item](data.decode()).encode() if change[item] else None
            if data is not None:
                dst.writestr(item, data)
    problems, _, pages = ofdcheck.check_package(path)
    if not problems:
        ofdcheck.compare_with_pdf(pages, notice[:-4] + ".pdf", problems)
    return problems


p0 = "Doc_0/Pages/Page_0/Content.xml"
check(any("DeltaX" in p for p in mutated("delta", {p0: lambda s: s.replace('DeltaX="g 14 10.4"', 'DeltaX="g 13 10.4"')})),
      "ofdcheck: a TextCode with one DeltaX too few is caught")
check(any("used 2 times" in p for p in mutated("dup", {p0: lambda s: s.replace('ID="6"', 'ID="4"', 1)})),
      "ofdcheck: a duplicate ID is caught")
check(any("MaxUnitID" in p for p in mutated("max", {"Doc_0/Document.xml": lambda s: re.sub(
    r"<ofd:MaxUnitID>\d+", "<ofd:MaxUnitID>7", s)})), "ofdcheck: a wrong MaxUnitID is caught")
check(any("not in the package" in p for p in mutated("nofont", {"Doc_0/Res/font_0.ttf": None})),
      "ofdcheck: a missing font file is caught")
check(any("mm, in the PDF at" in p for p in mutated("moved", {p0: lambda s: s.replace(
    'Boundary="28.195 ', 'Boundary="28.895 ', 1)})), "ofdcheck: a run 0.7 mm off the PDF's position is caught")
check(any("out of the schema's order" in p for p in mutated("order", {p0: lambda s: re.sub(
    r'(<ofd:FillColor Value="255 0 0"/>)(<ofd:StrokeColor Value="255 0 0"/>)', r"\2\1", s, count=1)})),
      "ofdcheck: StrokeColor before FillColor is caught")

# ---- determinism, the document date, a streamed pack --------------------------------------------------------------
again = os.path.join(W, "again")
build(again, "--format", "pdf,ofd", fonts=fonts)
same = all(open(os.path.join(P, m), "rb").read() == open(os.path.join(again, "2024Q3", m), "rb").read() for m in made)
check(same and ofds(os.path.join(again, "2024Q3")) == made, "the same input gives byte-identical OFDs")
env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
nodate = os.path.join(W, "nodate")
build(nodate, "--format", "pdf,ofd", "--only", "notice", fonts=fonts, env=env)
_, info2, _ = ofdcheck.check_package(os.path.join(nodate, "2024Q3", "区中医院", "督办通知.ofd"))
check(info2.get("CreationDate") == "2024-09-30", f"without SOURCE_DATE_EPOCH, CreationDate is the data's date: {info2}")
stream = os.path.join(W, "stream")
r = build(stream, "--format", "pdf,ofd", "--only", "pack", fonts=fonts, env=dict(ENV, JINDU_PDF_PART_PAGES="5"))
pack = "会议材料汇编.ofd"
check(r.returncode == 0 and open(os.path.join(stream, "2024Q3", pack), "rb").read() == open(os.path.join(P, pack),
                                                                                           "rb").read(),
      f"a pack written in parts of 5 pages gives the same OFD as one written whole: {r.stderr[-200:]}")
r = build(os.path.join(W, "badfmt"), "--format", "pdf,odf")
check(r.returncode == 2 and 'pdf,ofd,docx); got "pdf,odf"' in r.stderr, f"--format pdf,odf is a usage error: {r.stderr}")

# ---- a seal that is a JPEG under a .png name: the PDF is made, the OFD refused by name ------------------------------
jpeg_fonts = os.path.join(W, "jpeg-fonts")
shutil.copytree(os.path.join(ROOT, "fonts"), jpeg_fonts)
pdf_seal = os.path.join(W, "seal-src.pdf")
jpg = os.path.join(W, "seal.jpg")
subprocess.run(["pdftoppm", "-jpeg", "-r", "30", "-singlefile", notice[:-4] + ".pdf", jpg[:-4]], check=True)
shutil.copy(jpg, os.path.join(jpeg_fonts, "seal.png"))
jo = os.path.join(W, "jpeg")
r = build(jo, "--format", "pdf,ofd", "--only", "notice", fonts=jpeg_fonts)
left = [f for f in glob.glob(os.path.join(jo, "**", "*"), recursive=True) if ".tmp-" in f]
check(r.returncode == 1 and "区中医院/督办通知.ofd" in r.stderr and "not a PNG" in r.stderr
      and os.path.exists(os.path.join(jo, "2024Q3", "区中医院", "督办通知.pdf"))
      and not os.path.exists(os.path.join(jo, "2024Q3", "区中医院", "督办通知.ofd")) and not left,
      f"a JPEG seal: the PDF is written, the OFD is an error naming the document, no temporary left: {r.stderr[-300:]}")
man2 = json.load(open(os.path.join(jo, "2024Q3", "manifest.json")))["files"] if os.path.exists(
    os.path.join(jo, "2024Q3", "manifest.json")) else []
check(any(f["path"] == "区中医院/督办通知.pdf" for f in man2) and not any(f["path"].endswith(".ofd") and "区中医院" in f["path"]
                                                                  for f in man2),
      "its manifest lists the PDF and not the OFD")


# ---- a real reader: ofd.js 0.2.6 in headless Chromium ------------------------------------------------------------
OFDJS = ("https://registry.npmjs.org/ofd.js/-/ofd.js-0.2.6.tgz", "9ad9b91bf38add22849c63560425f27e855ecf9e")
# pixels per millimetre: ofd.js 0.2.6 scales an image's CTM as if at 96 dpi (0.2642 mm a pixel) whatever
# the page scale, so the pages are rendered at that scale; pdftoppm draws the PDF at the same
SCALE = 1 / 0.2642
# the families ofd.js 0.2.6 asks the browser for, by FontName (its FONT_FAMILY table): what a reader's machine
# with the offices' fonts installed would give it
FAMILY = {"仿宋_GB2312": "FangSong", "宋体": "SimSun", "黑体": "SimHei", "楷体_GB2312": "楷体", "方正小标宋简体": "方正小标宋简体"}


def ofdjs():
    """lib/ofd.umd.min.js of the pinned package (downloaded once into build/ofdjs)."""
    cache = os.path.join(ROOT, "build", "ofdjs")
    js = os.path.join(cache, "ofd.umd.min.js")
    if os.path.exists(js):
        return js
    os.makedirs(cache, exist_ok=True)
    tgz = os.path.join(cache, "ofd.js-0.2.6.tgz")
    try:
        if not os.path.exists(tgz):
            urllib.request.urlretrieve(OFDJS[0], tgz + ".part")
            os.rename(tgz + ".part", tgz)
        if hashlib.sha1(open(tgz, "rb").read()).hexdigest() != OFDJS[1]:
            os.remove(tgz)
            return None
        with tarfile.open(tgz) as t:
            src = t.extractfile("package/lib/ofd.umd.min.js").read()
        open(js, "wb").write(src)
        return js
    except OSError as e:
        print("  cannot fetch ofd.js 0.2.6 from the npm registry:", e)
        return None


def pgm(path):
    """(width, height, rows of bytes) of a binary PGM."""
    data = open(path, "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    body = data[m.end():]
    return w, h, [body[y * w:(y + 1) * w] for y in range(h)]


def ink_rows(rows, darker_than):
    """Each row as an integer, bit x set where pixel x is darker than the given grey."""
    table = bytes(ord("1") if v < darker_than else ord("0") for v in range(256))
    return [int(r.translate(table)[::-1], 2) for r in rows]


def box(rows):
    ys = [y for y, r in enumerate(rows) if r]
    if not ys:
        return None
    x0 = min((r & -r).bit_length() - 1 for r in rows if r)
    x1 = max(r.bit_length() - 1 for r in rows if r)
    return x0, ys[0], x1, ys[-1]


def grow(rows, k):
    """Ink dilated by k pixels each way."""
    wide = []
    for r in rows:
        g = r
        for i in range(1, k + 1):
            g |= (r << i) | (r >> i)
        wide.append(g)
    out = []
    for y in range(len(wide)):
        g = 0
        for v in wide[max(0, y - k):y + k + 1]:
            g |= v
        out.append(g)
    return out


def missed(a, b):
    """Ink of a not within two pixels (0.53 mm, about the baselines' tolerance) of b's, as a share of a's ink.
    Two, not one: ofd.js stacks pages of 1124.15 px at whole pixels, and a 0.35 mm rule lands on other rows."""
    near = grow(b, 2)
    total = sum(r.bit_count() for r in a)
    return sum((r & ~n).bit_count() for r, n in zip(a, near)) / max(total, 1)


chrome = shutil.which("chromium")
js = ofdjs() if chrome else None
if check(chrome is not None and js is not None, "headless Chromium and ofd.js 0.2.6 are there"):
    # the landscape summary (tests/templates-landscape): a page of another size, with its own Area
    lo = os.path.join(W, "landscape")
    r = subprocess.run([J, "build", "--data", os.path.join(ROOT, "data"), "--templates",
                        os.path.join(ROOT, "tests", "templates-landscape"), "--only", "summary", "--out", lo,
                        "--quiet", "--format", "pdf,ofd"], capture_output=True, text=True, env=ENV)
    check(r.returncode == 0 and b'<ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox>' in zipfile.ZipFile(
        os.path.join(lo, "2024Q3", "考核评估汇总.ofd")).read("Doc_0/Pages/Page_1/Content.xml"),
          f"a landscape page carries its own Area (297 × 210): {r.stderr[-200:]}")
    shown = [(P, m) for m in ["区中医院/督办通知.ofd", "区疾控中心/工作进展情况报告.ofd", "情况通报.ofd", "考核评估汇总.ofd",
                              "区人民医院/考核评估结果.ofd"]] + [(os.path.join(lo, "2024Q3"), "考核评估汇总.ofd")]
    worst_box, worst_miss, pages_seen = 0.0, 0.0, 0
    for base, m in shown:
        view = os.path.join(W, "view", ("landscape_" if base != P else "") + m.replace("/", "_")[:-4])
        os.makedirs(view)
        shutil.copy(js, view)
        shutil.copy(os.path.join(ROOT, "tests", "ofd", "render.html"), view)
        shutil.copy(os.path.join(base, m), os.path.join(view, "doc.ofd"))
        zf = zipfile.ZipFile(os.path.join(base, m))
        css = []
        for fid, name, ff in re.findall(r'<ofd:Font ID="(\d+)" FontName="([^"]+)"[^>]*><ofd:FontFile>([^<]+)<',
                                         zf.read("Doc_0/PublicRes.xml").decode()):
            open(os.path.join(view, ff), "wb").write(zf.read("Doc_0/Res/" + ff))
            css.append('@font-face { font-family: "%s"; src: url("%s"); }' % (FAMILY[name], ff))
        open(os.path.join(view, "fonts.css"), "w").write("\n".join(css) + "\n")
        pdf = os.path.join(base, m[:-4] + ".pdf")
        trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True).stdout
        sizes = [(float(w), float(h)) for w, h in re.findall(r'<page number="\d+" mediabox="0 0 ([\d.]+) ([\d.]+)"', trace)]
        sizes = [(w / 72 * 25.4 * SCALE, h / 72 * 25.4 * SCALE) for w, h in sizes]   # pixels, not whole
        tops = [0.0]
        for _, h in sizes:
            tops.append(tops[-1] + h)
        width = max(w for w, _ in sizes)
        shot = os.path.join(view, "shot.png")
        subprocess.run([chrome, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                        "--user-data-dir=" + os.path.join(W, "chrome"), "--allow-file-access-from-files",
                        "--virtual-time-budget=20000", f"--window-size={round(width)},{round(tops[-1])}",
                        "--screenshot=" + shot, f"file://{view}/render.html?ofd=doc.ofd&scale={SCALE}"],
                       capture_output=True, timeout=180)
        if not check(os.path.exists(shot), f"{m}: ofd.js renders it in Chromium"):
            continue
        subprocess.run(["mutool", "draw", "-r", "96", "-c", "gray", "-F", "pnm", "-o", shot[:-4] + ".pgm", shot],
                       capture_output=True)
        _, sh, srows = pgm(shot[:-4] + ".pgm")
        subprocess.run(["pdftoppm", "-r", str(SCALE * 25.4), "-gray", pdf, os.path.join(view, "pdf")], check=True)
        refs = sorted(glob.glob(os.path.join(view, "pdf-*.pgm")))
        for k, (pw, ph) in enumerate(sizes):
            _, rh, rrows = pgm(refs[k])
            top = round(tops[k])
            rows = min(len(rrows), round(tops[k + 1]) - top)
            cols = round(pw) - 1
            # ink: darker than 160 (text, rules); visible: darker than 230. The renderers differ in greys: pdftoppm
            # draws the CMYK red lighter than ofd.js's RGB 255 0 0, Chromium a 0.1 mm grid line lighter than poppler
            a, av = (ink_rows([r[:cols] for r in rrows[:rows]], t) for t in (160, 230))
            b, bv = (ink_rows([r[:cols] for r in srows[top:top + rows]], t) for t in (160, 230))
            ba, bb = box(a), box(b)
            if not check(ba is not None and bb is not None, f"{m} page {k + 1}: both renderings have ink"):
                continue
            off = max(abs(u - v) for u, v in zip(ba, bb)) / SCALE
            miss = max(missed(a, bv), missed(b, av))   # ink in one, nothing visible near it in the other
            worst_box, worst_miss = max(worst_box, off), max(worst_miss, miss)
            pages_seen += 1
            if os.environ.get("OFD_VERBOSE"):
                print(f"  {m} p{k + 1}: box {off:.2f} mm, apart {missed(a, bv):.1%} / {missed(b, av):.1%}")
            check(off <= 1.0, f"{m} page {k + 1}: the ink box within 1 mm of the PDF's: {ba} / {bb} px ({off:.2f} mm)")
            check(miss <= 0.02, f"{m} page {k + 1}: ink of one with nothing visible within 0.5 mm in the other: {miss:.1%}")
    print(f"  ofd.js: {pages_seen} pages; ink boxes within {worst_box:.2f} mm, ink apart by at most {worst_miss:.1%}")

finish("ofd")
