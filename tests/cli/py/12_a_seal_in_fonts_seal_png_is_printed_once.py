# tests/run.sh: a seal in fonts/seal.png is printed once per notice, 42 mm across, its mask compressed
import glob, subprocess, sys
notices = glob.glob(sys.argv[1] + "/*/督办通知.pdf")
assert len(notices) == 2
for f in notices:
    rows = [l.split() for l in subprocess.run(["pdfimages", "-list", f], capture_output=True, text=True).stdout.splitlines()[2:]]
    images = [r for r in rows if r[2] == "image"]
    masks = [r for r in rows if r[2] == "smask"]
    assert len(images) == 1 and len(masks) == 1, rows
    ppi = float(images[0][12])
    assert abs(400 / ppi * 25.4 - 42) < 0.5, ppi       # 400 px across 42 mm
    assert masks[0][14].endswith("K") is False or float(masks[0][14][:-1]) < 20, masks[0]
