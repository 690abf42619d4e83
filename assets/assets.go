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
