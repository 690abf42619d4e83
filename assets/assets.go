// Package assets holds the files Clientbook ships inside its binary: the
// application icon and the word lists the demo book is made from.
package assets

import (
	"embed"
)

// Icon is the application icon, a 512×512 PNG.
//
//go:embed icon.png
var Icon []byte

// Demo holds the demo book's seed lists under demo/.
//
//go:embed demo/*.txt
var Demo embed.FS

// FontRegular and FontBold are Noto Sans (SIL Open Font License, fonts/OFL.txt),
// embedded into PDFs so every Latin, Greek and Cyrillic name prints correctly.
//
//go:embed fonts/NotoSans-Regular.ttf
var FontRegular []byte

//go:embed fonts/NotoSans-Bold.ttf
var FontBold []byte

// The fallback fonts PDFs print what Noto Sans has no glyph for with, each
// cut down from a Noto font and renamed (fonts/README.md says how, and how
// to make them again; SIL Open Font License, fonts/OFL.txt).
//
// FontCJK is Noto Sans CJK JP cut to kana, the common Hangul syllables (KS X
// 1001) and the common ideographs of simplified Chinese (GB 2312 level 1),
// Japanese (JIS X 0208 level 1) and traditional Chinese (Big5 frequent).
//
//go:embed fonts/ClientbookCJK-Regular.ttf
var FontCJK []byte

// FontArabic is Noto Sans Arabic cut to the Arabic block and its
// presentation forms, which the PDFs shape Arabic with.
//
//go:embed fonts/ClientbookArabic-Regular.ttf
var FontArabic []byte

// FontHebrew is Noto Sans Hebrew cut to the Hebrew block.
//
//go:embed fonts/ClientbookHebrew-Regular.ttf
var FontHebrew []byte

// FontSymbols is Noto Sans Symbols 2 cut to technical symbols, enclosed
// numbers, box drawing, shapes, miscellaneous symbols and dingbats (✓, ★, ☎);
// no emoji.
//
//go:embed fonts/ClientbookSymbols-Regular.ttf
var FontSymbols []byte

// FontMath is Noto Sans Math cut to arrows and mathematical operators.
//
//go:embed fonts/ClientbookMath-Regular.ttf
var FontMath []byte

// SRGBProfile is the ICC's sRGB2014 colour profile (icc/LICENSE.color.org:
// free to copy and embed), the output intent of Factur-X PDFs (PDF/A-3).
//
//go:embed icc/sRGB2014.icc
var SRGBProfile []byte
