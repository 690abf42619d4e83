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

// SRGBProfile is the ICC's sRGB2014 colour profile (icc/LICENSE.color.org:
// free to copy and embed), the output intent of Factur-X PDFs (PDF/A-3).
//
//go:embed icc/sRGB2014.icc
var SRGBProfile []byte
