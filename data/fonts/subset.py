#!/usr/bin/env python3
"""Rebuild the embedded font subsets from Debian's fonts-noto-cjk collections.

Usage: python3 data/fonts/subset.py [/usr/share/fonts/opentype/noto]
Needs fonttools (pip install fonttools). Keeps the SC face (index 2 of each .ttc) and the
characters of GB 2312 plus Latin, general and CJK punctuation, arrows, math operators,
box drawing, enclosed numbers and full-width forms.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

RANGES = [
    (0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2100, 0x2300), (0x2460, 0x2500),
    (0x2500, 0x2600), (0x3000, 0x3040), (0xFF00, 0xFFF0),
]
FACES = {
    "NotoSerifCJK-Regular.ttc": "NotoSerifCJKsc-Regular.otf",
    "NotoSerifCJK-Bold.ttc": "NotoSerifCJKsc-Bold.otf",
    "NotoSansCJK-Regular.ttc": "NotoSansCJKsc-Regular.otf",
    "NotoSansCJK-Bold.ttc": "NotoSansCJKsc-Bold.otf",
}


def characters() -> str:
    chars = {chr(c) for lo, hi in RANGES for c in range(lo, hi)}
    for c in range(0x80, 0x10000):
        try:
            chr(c).encode("gb2312")
            chars.add(chr(c))
        except UnicodeEncodeError:
            pass
    return "".join(sorted(chars))


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
    here = Path(__file__).resolve().parent
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as text:
        text.write(characters())
    for collection, target in FACES.items():
        subprocess.run(
            ["pyftsubset", str(source / collection), "--font-number=2", f"--text-file={text.name}",
             "--layout-features=*", f"--output-file={here / target}"],
            check=True,
        )


if __name__ == "__main__":
    main()
