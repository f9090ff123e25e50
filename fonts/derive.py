"""Derives the bundled fonts from Liberation 2.1.5 (Debian package fonts-liberation2).

    python3 fonts/derive.py /usr/share/fonts/truetype/liberation2 fonts

What changes: TrueType hinting (fpgm, prep, cvt, glyph instructions) is removed, which makes each
PDF about 35 % smaller and its export faster; print and PDF viewers do not use hinting. Glyphs,
metrics, kerning and OpenType features are kept, so the fonts stay metric-compatible with Times
New Roman and Arial. The result is a Modified Version under the SIL OFL 1.1, and "Liberation",
"Tinos" and "Arimo" are Reserved Font Names, so the families are renamed Clearpress Serif and
Clearpress Sans. Needs fontTools (pip install fonttools).
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FILES = {
    "LiberationSerif-Regular.ttf": "ClearpressSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf": "ClearpressSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf": "ClearpressSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf": "ClearpressSerif-BoldItalic.ttf",
    "LiberationSans-Regular.ttf": "ClearpressSans-Regular.ttf",
    "LiberationSans-Bold.ttf": "ClearpressSans-Bold.ttf",
}


def derive(source: Path, target: Path) -> None:
    font = TTFont(source)
    options = subset.Options()
    options.hinting = False
    options.glyph_names = True
    options.legacy_kern = True
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables = ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys(), glyphs=font.getGlyphOrder())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 18):
            text = str(record).replace("Liberation", "Clearpress").replace("Ascender - ", "")
            record.string = text
        elif record.nameID == 5:
            record.string = f"{record}; hinting removed for clearpress"
    font.save(target)


if __name__ == "__main__":
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    for name, out in FILES.items():
        derive(src / name, dst / out)
        print(f"{src / name} -> {dst / out}")
