"""Derives the bundled fonts from Liberation 2.1.5 (Debian package fonts-liberation2) and, for the
letter's taglines in other scripts, from Noto (Debian packages fonts-noto-core, fonts-noto-cjk).

    python3 fonts/derive.py /usr/share/fonts fonts

What changes: TrueType hinting (fpgm, prep, cvt, glyph instructions) is removed, which makes each
PDF about 35 % smaller and its export faster; print and PDF viewers do not use hinting. Glyphs,
metrics, kerning and OpenType features are kept, so the fonts stay metric-compatible with Times
New Roman and Arial. The result is a Modified Version under the SIL OFL 1.1, and "Liberation",
"Tinos" and "Arimo" are Reserved Font Names, so the families are renamed Clearpress Serif and
Clearpress Sans. Needs fontTools (pip install fonttools).

Noto Sans Armenian, Khmer and Arabic keep their whole script, so that names written in it print
too; Noto Sans CJK TC (16 MB) keeps only the characters of the Chinese and Korean taglines in
forms/taglines.toml, so it is rebuilt whenever they change. Hinting is removed from them as well.
Noto has no Reserved Font Name that these names use, so they keep their names.
"""
import re
import sys
import tomllib
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


SCRIPTS = {
    "truetype/noto/NotoSansArmenian-Regular.ttf": [(0x0530, 0x058F), (0xFB13, 0xFB17)],
    "truetype/noto/NotoSansKhmer-Regular.ttf": [(0x1780, 0x17FF), (0x19E0, 0x19FF)],
    "truetype/noto/NotoSansArabic-Regular.ttf": [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x200C, 0x200F)],
}
CJK = "opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FAMILY = "Noto Sans CJK TC"
HAN_HANGUL = re.compile(r"[\u1100-\u11ff\u3000-\u303f\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")


def options() -> subset.Options:
    options = subset.Options()
    options.hinting = False
    options.glyph_names = True
    options.legacy_kern = True
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables = ["FFTM"]
    return options


def derive(source: Path, target: Path) -> None:
    font = TTFont(source)
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=font.getBestCmap().keys(), glyphs=font.getGlyphOrder())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 18):
            text = str(record).replace("Liberation", "Clearpress").replace("Ascender - ", "")
            record.string = text
        elif record.nameID == 5:
            record.string = f"{record}; hinting removed for clearpress"
    font.save(target)


def keep_only(font: TTFont, unicodes, target: Path) -> None:
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=[u for u in unicodes if u in font.getBestCmap()])
    subsetter.subset(font)
    font.save(target)


if __name__ == "__main__":
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    for name, out in FILES.items():
        derive(src / "truetype/liberation2" / name, dst / out)
        print(f"{name} -> {dst / out}")
    for name, ranges in SCRIPTS.items():
        out = dst / Path(name).name
        keep_only(TTFont(src / name), [u for lo, hi in ranges for u in range(lo, hi + 1)], out)
        print(f"{name} -> {out}")
    taglines = tomllib.loads((dst.parent / "forms/taglines.toml").read_text())["lines"]
    chars = {ord(c) for line in taglines for c in HAN_HANGUL.findall(line)}
    for number in range(10):
        face = TTFont(src / CJK, fontNumber=number)
        if face["name"].getDebugName(1) == CJK_FAMILY:
            out = dst / "NotoSansCJKtc-Taglines.otf"
            keep_only(face, chars, out)
            print(f"{CJK} ({CJK_FAMILY}, {len(chars)} characters) -> {out}")
            break
