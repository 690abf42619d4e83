// Command clientbook is the Clientbook desktop application. It opens the
// default book in the user's data directory (or --db PATH) in one window.
//
// With --screenshot FILE.png it opens the real window, waits for it to draw,
// writes the window's image to FILE.png and exits: for the README and for
// CI's smoke test.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/software"

	"clientbook/assets"
	"clientbook/data"
	"clientbook/data/einvoice"
	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/gui"
	"clientbook/gui/look"
)

// appID must match FyneApp.toml; preferences (recent books) are stored under it.
const appID = "io.clientbook.desktop"

func main() {
	dbPath := flag.String("db", "", "open the book at `PATH` instead of the default book")
	shot := flag.String("screenshot", "", "write the window's first frames to `FILE.png` and exit")
	size := flag.String("size", "1280x800", "window size as `WxH`")
	show := flag.String("show", "", "open on a screen: today, clients, clients/NAME[/TAB], documents, receivables[/bank|deposits|payments], outbox, contracts, pipeline, reports, catalog, settings, documents/new or documents/NUMBER")
	delay := flag.Duration("screenshot-delay", 2*time.Second, "how long to let the window settle before --screenshot")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "clientbook: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	var width, height float32
	if _, err := fmt.Sscanf(*size, "%fx%f", &width, &height); err != nil || width < 200 || height < 200 {
		fmt.Fprintf(os.Stderr, "clientbook: --size %q: want WIDTHxHEIGHT, e.g. 1280x800\n", *size)
		os.Exit(2)
	}

	path := *dbPath
	if path == "" {
		p, err := data.DefaultPath()
		if err != nil {
			fmt.Fprintln(os.Stderr, "clientbook:", err)
			os.Exit(1)
		}
		path = p
	}

	a := app.NewWithID(appID)
	a.Settings().SetTheme(look.Theme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Clientbook")
	w.Resize(fyne.NewSize(width, height))

	book, openErr := openBook(path)
	ui := gui.New(a, w, book, openBook)
	ui.SetBackups(data.BackupService{})
	ui.SetRenderer(pdf.Renderer{})
	ui.SetEInvoicer(einvoice.Exporter{PDF: pdf.Renderer{}})
	if openErr != nil {
		dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(openErr)), w)
		if *shot != "" {
			fmt.Fprintln(os.Stderr, "clientbook:", domain.ErrorMessage(openErr))
			os.Exit(1)
		}
	}
	if *show != "" && book != nil {
		if err := ui.Show(*show); err != nil {
			fmt.Fprintln(os.Stderr, "clientbook: --show:", err)
			os.Exit(2)
		}
	}
	if *shot != "" {
		a.Lifecycle().SetOnStarted(func() {
			go func() {
				time.Sleep(*delay)
				fyne.Do(func() {
					if err := writePNG(*shot, w); err != nil {
						fmt.Fprintln(os.Stderr, "clientbook: screenshot:", err)
						os.Exit(1)
					}
					a.Quit()
				})
			}()
		})
	}
	w.ShowAndRun()
	if *shot == "" {
		if err := ui.BackUpOnClose(); err != nil {
			fmt.Fprintln(os.Stderr, "clientbook: the backup on closing failed:", domain.ErrorMessage(err))
		}
	}
	if b := ui.Book(); b != nil {
		if err := b.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "clientbook: close book:", err)
		}
	}
}

// openBook opens a book file for the GUI: the data layer's book behind the
// domain interface.
func openBook(path string) (domain.Book, error) {
	b, err := data.Open(path)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func writePNG(path string, w fyne.Window) error {
	img := w.Canvas().Capture()
	if uniform(img) {
		// Some virtual X servers hand back an empty front buffer; draw the
		// same content, and any dialog over it, with Fyne's software
		// painter instead.
		c := software.NewCanvas()
		c.SetPadded(false)
		size := w.Canvas().Size()
		c.SetContent(w.Content())
		c.Resize(size)
		for _, o := range w.Canvas().Overlays().List() {
			c.Overlays().Add(o) // an open dialog, drawn over the content
		}
		img = c.Capture()
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// uniform reports whether every pixel of img has the same colour (a capture
// that read nothing).
func uniform(img image.Image) bool {
	b := img.Bounds()
	if b.Empty() {
		return true
	}
	first := img.At(b.Min.X, b.Min.Y)
	r0, g0, b0, a0 := first.RGBA()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bl != b0 || a != a0 {
				return false
			}
		}
	}
	return true
}
