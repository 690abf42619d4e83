#!/usr/bin/python3
"""Cut the fallback fonts for Clientbook's PDFs out of Debian's Noto fonts.

Needs Debian's python3-fonttools, fonts-noto-core and fonts-noto-cjk. Run from
the repository root:  go run assets/fonts/fallback/chars.go > /tmp/cjk.txt &&
/usr/bin/python3 assets/fonts/fallback/make.py /tmp/cjk.txt

fpdf embeds TrueType outlines only, so Noto Sans CJK (CFF outlines) is turned
into TrueType (cubic curves to quadratic, as fontTools' otf2ttf snippet does).
Each cut-down font is renamed (OFL: a modified version must not keep a
Reserved Font Name; Noto Sans CJK reserves "Source").
"""
import sys
from fontTools.ttLib import TTFont, TTCollection, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools import subset

NOTO = "/usr/share/fonts/truetype/noto/"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = "assets/fonts/"


def rename(font, family):
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (4,):
            rec.string = family + " Regular"
        elif rec.nameID == 6:
            rec.string = family.replace(" ", "") + "-Regular"


def cut(font, unicodes, features):
    opts = subset.Options()
    opts.layout_features = features
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = False
    s = subset.Subsetter(opts)
    s.populate(unicodes=unicodes)
    s.subset(font)


def to_truetype(font):
    """CFF outlines to TrueType glyf, max error 1 unit (otf2ttf)."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = newTable("maxp")
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(font["maxp"], attr, 0)
    font["maxp"].maxZones = 1
    font["maxp"].numGlyphs = len(order)
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    font["glyf"].compile(font)  # computes bounds
    font["maxp"].recalc(font)


def main():
    cjk_chars = [int(l.strip()[2:], 16) for l in open(sys.argv[1]) if l.strip()]

    arabic = TTFont(NOTO + "NotoSansArabic-Regular.ttf")
    cut(arabic, list(range(0x0600, 0x0700)) + list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)) + [0x20, 0x200C, 0x200D], [])
    rename(arabic, "Clientbook Arabic")
    arabic.save(OUT + "ClientbookArabic-Regular.ttf")

    hebrew = TTFont(NOTO + "NotoSansHebrew-Regular.ttf")
    cut(hebrew, list(range(0x0590, 0x0600)) + list(range(0xFB1D, 0xFB50)) + [0x20], [])
    rename(hebrew, "Clientbook Hebrew")
    hebrew.save(OUT + "ClientbookHebrew-Regular.ttf")

    symbols = TTFont(NOTO + "NotoSansSymbols2-Regular.ttf")
    cut(symbols, list(range(0x2300, 0x2400)) + list(range(0x2460, 0x2800)) + list(range(0x2B00, 0x2C00)) + [0x20], [])
    rename(symbols, "Clientbook Symbols")
    symbols.save(OUT + "ClientbookSymbols-Regular.ttf")

    math = TTFont(NOTO + "NotoSansMath-Regular.ttf")
    cut(math, list(range(0x2190, 0x2300)) + list(range(0x27C0, 0x2800)) + list(range(0x2980, 0x2B00)) + [0x20], [])
    rename(math, "Clientbook Math")
    math.save(OUT + "ClientbookMath-Regular.ttf")

    coll = TTCollection(CJK)
    cjk = coll.fonts[0]  # Noto Sans CJK JP
    cut(cjk, cjk_chars, [])
    to_truetype(cjk)
    rename(cjk, "Clientbook CJK")
    cjk.save(OUT + "ClientbookCJK-Regular.ttf")


main()
