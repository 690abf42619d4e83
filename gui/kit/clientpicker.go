package kit

import (
	"context"

	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// ClientPicker is a type-ahead for choosing a client: typing part of a name,
// contact, email or city offers the matching clients; picking one sets it.
// The clients are looked up off the UI goroutine; what a keystroke finds is
// dropped once a newer keystroke has asked again.
type ClientPicker struct {
	Entry *widget.SelectEntry
	// OnChanged is called after every change of the text, once the client
	// it names is known, with that client (nil while it names none).
	OnChanged func(c *domain.Client)

	svc     domain.ClientService
	load    *Loader
	ids     map[string]int64
	options []string
	client  *domain.Client
	setting bool
}

// NewClientPicker returns a picker over the clients of svc.
func NewClientPicker(svc domain.ClientService) *ClientPicker {
	p := &ClientPicker{svc: svc, ids: map[string]int64{}, load: NewLoader()}
	p.Entry = widget.NewSelectEntry(nil)
	p.Entry.SetPlaceHolder("Type to find a client…")
	p.Entry.OnChanged = p.typed
	return p
}

// Client is the client picked, or nil.
func (p *ClientPicker) Client() *domain.Client { return p.client }

// Options are the names offered for what was typed last.
func (p *ClientPicker) Options() []string { return p.options }

// Busy reports whether a look-up for what was typed is under way.
func (p *ClientPicker) Busy() bool { return p.load.Busy() }

// SetClient shows c (nil to clear) without offering anything.
func (p *ClientPicker) SetClient(c *domain.Client) {
	p.setting = true
	defer func() { p.setting = false }()
	p.load.Drop()
	p.client = c
	p.options = nil
	p.Entry.SetOptions(nil)
	if c == nil {
		p.Entry.SetText("")
		return
	}
	p.ids[c.Name] = c.ID
	p.Entry.SetText(c.Name)
}

// found is what one look-up found: the client the text names, or the
// clients that match it.
type found struct {
	client *domain.Client
	rows   []domain.ClientRow
	named  bool // the text names a client offered before
}

func (p *ClientPicker) typed(text string) {
	if p.setting {
		return
	}
	id, named := p.ids[text]
	if c := p.client; named && c != nil && c.ID == id {
		Load(p.load, func(context.Context) (found, error) { return found{client: c, named: true}, nil }, p.show)
		return
	}
	p.client = nil // until the look-up says otherwise
	svc := p.svc
	Load(p.load, func(ctx context.Context) (found, error) {
		if named {
			c, err := svc.FindClientByID(ctx, id)
			return found{client: c, named: true}, err
		}
		rows, err := svc.FindClients(ctx, domain.ClientFilter{Search: text, Limit: 8})
		return found{rows: rows}, err
	}, p.show)
}

// show takes what a look-up found, on the UI goroutine.
func (p *ClientPicker) show(f found, err error) {
	switch {
	case f.named:
		if err == nil {
			p.client = f.client
		}
	default:
		p.client = nil
		p.options = p.options[:0]
		for _, r := range f.rows {
			p.ids[r.Name] = r.ID
			p.options = append(p.options, r.Name)
		}
		p.Entry.SetOptions(p.options)
	}
	if p.OnChanged != nil {
		p.OnChanged(p.client)
	}
}
