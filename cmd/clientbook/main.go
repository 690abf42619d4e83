// Command clientbook is the Clientbook desktop application. It opens the
// default book in the user's data directory (or the book named by --db PATH
// or by its one argument, as a file manager's "Open with" passes it) in one
// window. Launched again on a book already open in a window, it raises that
// window and exits.
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
	"strconv"
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
	"clientbook/gui/widgets"
)

// appID must match FyneApp.toml; preferences (recent books) are stored under it.
const appID = "com.clientbook.Clientbook"

// version and build are the app's version and build number, stamped from
// FyneApp.toml by the Makefile (-ldflags "-X main.version=… -X main.build=…").
var version, build string

func main() {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: clientbook [flags] [BOOK.db]\n\nOpens BOOK.db (default: the book in your data directory) in Clientbook's window.\n\nFlags:")
		flag.PrintDefaults()
	}
	dbPath := flag.String("db", "", "open the book at `PATH` instead of the default book (or give PATH as the one argument)")
	showVersion := flag.Bool("version", false, "print the version and the book schema it reads and writes, and exit")
	shot := flag.String("screenshot", "", "write the window's first frames to `FILE.png` and exit")
	size := flag.String("size", "1280x800", "window size as `WxH`")
	show := flag.String("show", "", "open on a screen: today, clients, clients/NAME[/TAB], documents, receivables[/bank|deposits|payments], outbox, contracts, pipeline, reports, catalog, settings, documents/new or documents/NUMBER")
	delay := flag.Duration("screenshot-delay", 2*time.Second, "how long to let the window settle before --screenshot")
	flag.Parse()
	if *showVersion {
		fmt.Println(versionText())
		return
	}
	switch {
	case flag.NArg() > 1:
		fmt.Fprintf(os.Stderr, "clientbook: give one book to open, not %d\n", flag.NArg())
		flag.Usage()
		os.Exit(2)
	case flag.NArg() == 1 && *dbPath != "" && flag.Arg(0) != *dbPath:
		fmt.Fprintf(os.Stderr, "clientbook: --db %s and the argument %s name two books; give one\n", *dbPath, flag.Arg(0))
		os.Exit(2)
	case flag.NArg() == 1:
		*dbPath = flag.Arg(0)
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

	if *shot == "" && askRaise(path) {
		return // the window that has the book open came forward
	}
	if err := carryOverPreferences(fyneConfigDir(), oldAppID, appID); err != nil {
		fmt.Fprintln(os.Stderr, "clientbook: carry over the preferences of", oldAppID+":", err)
	}
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: "Clientbook", Version: version, Build: buildNumber(), Release: version != ""})
	a := app.NewWithID(appID)
	a.Settings().SetTheme(look.Theme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Clientbook")
	w.Resize(fyne.NewSize(width, height))
	setWindowClass("Clientbook", "clientbook")

	// A second launch on a book open in a window raises that window; the
	// window listens for it beside whichever book it has open.
	raise := &raiser{onRaise: func() {
		w.Show()
		w.RequestFocus()
	}}
	defer raise.stop()
	openBook := func(path string) (domain.Book, error) {
		b, err := data.Open(path)
		if err != nil {
			return nil, err
		}
		raise.follow(b.Path())
		return b, nil
	}

	book, openErr := openBook(path)
	ui := gui.New(a, w, book, openBook)
	ui.SetBackups(data.BackupService{})
	ui.SetRenderer(pdf.Renderer{})
	ui.SetEInvoicer(einvoice.Exporter{PDF: pdf.Renderer{}})
	ui.SetAboutBook(aboutBook)
	// The system's own file dialogs (Windows, macOS; zenity on Linux) unless
	// CLIENTBOOK_FYNE_DIALOGS asks for Fyne's; screenshots draw Fyne's.
	widgets.UseNativeDialogs(*shot == "" && os.Getenv("CLIENTBOOK_FYNE_DIALOGS") == "")
	if openErr != nil {
		dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(openErr)), w)
		if *shot != "" {
			fmt.Fprintln(os.Stderr, "clientbook:", domain.ErrorMessage(openErr))
			os.Exit(1)
		}
	}
	if *show != "" && book != nil {
		ui.Show(*show, func(err error) {
			if err != nil {
				fmt.Fprintln(os.Stderr, "clientbook: --show:", err)
				os.Exit(2)
			}
		})
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

// versionText is what --version prints.
func versionText() string {
	v := version
	if v == "" {
		v = "(development build)"
	} else if build != "" {
		v += " (build " + build + ")"
	}
	return fmt.Sprintf("Clientbook %s\nBook schema %d: reads books of schema 1 to %d, upgrading an older one after copying it aside.", v, data.SchemaVersion(), data.SchemaVersion())
}

func buildNumber() int {
	n, _ := strconv.Atoi(build)
	return n
}

// aboutBook is what Help ▸ About says of the open book: its schema version
// and which Clientbook versions read it.
func aboutBook(b domain.Book) string {
	db, ok := b.(*data.Book)
	if !ok {
		return ""
	}
	v, err := db.SchemaVersion()
	if err != nil {
		return domain.ErrorMessage(err)
	}
	return data.Compatibility(v)
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
