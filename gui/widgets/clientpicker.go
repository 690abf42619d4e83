package widgets

import (
	"context"

	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// ClientPicker is a type-ahead for choosing a client: typing part of a name,
// contact, email or city offers the matching clients; picking one sets it.
type ClientPicker struct {
	Entry *widget.SelectEntry
	// OnChanged is called after every change of the text, with the client it
	// names now (nil while it names none).
	OnChanged func(c *domain.Client)

	svc     domain.ClientService
	ids     map[string]int64
	options []string
	client  *domain.Client
	setting bool
}

// NewClientPicker returns a picker over the clients of svc.
func NewClientPicker(svc domain.ClientService) *ClientPicker {
	p := &ClientPicker{svc: svc, ids: map[string]int64{}}
	p.Entry = widget.NewSelectEntry(nil)
	p.Entry.SetPlaceHolder("Type to find a client…")
	p.Entry.OnChanged = p.typed
	return p
}

// Client is the client picked, or nil.
func (p *ClientPicker) Client() *domain.Client { return p.client }

// Options are the names offered for what was typed last.
func (p *ClientPicker) Options() []string { return p.options }

// SetClient shows c (nil to clear) without offering anything.
func (p *ClientPicker) SetClient(c *domain.Client) {
	p.setting = true
	defer func() { p.setting = false }()
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

func (p *ClientPicker) typed(text string) {
	if p.setting {
		return
	}
	ctx := context.Background()
	if id, ok := p.ids[text]; ok {
		if p.client == nil || p.client.ID != id {
			if c, err := p.svc.FindClientByID(ctx, id); err == nil {
				p.client = c
			}
		}
	} else {
		p.client = nil
		rows, _ := p.svc.FindClients(ctx, domain.ClientFilter{Search: text, Limit: 8})
		p.options = p.options[:0]
		for _, r := range rows {
			p.ids[r.Name] = r.ID
			p.options = append(p.options, r.Name)
		}
		p.Entry.SetOptions(p.options)
	}
	if p.OnChanged != nil {
		p.OnChanged(p.client)
	}
}
