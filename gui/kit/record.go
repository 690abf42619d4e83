package kit

import (
	"context"

	"fyne.io/fyne/v2"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// Record is how a record form (a client, an item, a tax rate, a contract)
// reads, checks and stores what it shows.
type Record[T any] struct {
	// Read turns the fields into a record, with a message for each field
	// whose text does not parse.
	Read func() (T, map[string]string)
	// Validate is the domain's check of the record (nil for none); its
	// messages join Read's, a field keeping the first message it got.
	Validate func(T) error
	// New reports whether the record is not stored yet.
	New func(T) bool
	// Create and Update store a new and an existing record.
	Create, Update func(context.Context, T) error
	// Stored reads the record back as the book holds it; nil when the
	// record as written is the record as stored.
	Stored func(context.Context, T) (T, error)
	// Show puts each message at its field and clears the others.
	Show func(map[string]string)
}

// Save reads, checks and stores the record. While any message remains
// nothing is written and the messages are shown at their fields; a refusal
// from the book that names fields goes to them too, any other to a dialog
// over win. It returns the record as stored and whether it was stored.
func (r Record[T]) Save(win fyne.Window) (T, bool) {
	rec, errs := r.Read()
	if errs == nil {
		errs = map[string]string{}
	}
	if r.Validate != nil {
		for k, v := range domain.FieldErrors(r.Validate(rec)) {
			if _, seen := errs[k]; !seen {
				errs[k] = v
			}
		}
	}
	if len(errs) > 0 {
		r.Show(errs)
		var none T
		return none, false
	}
	ctx := context.Background()
	store := r.Update
	if r.New(rec) {
		store = r.Create
	}
	if err := store(ctx, rec); err != nil {
		if fe := domain.FieldErrors(err); len(fe) > 0 {
			r.Show(fe)
		} else {
			ShowError(err, win)
		}
		var none T
		return none, false
	}
	r.Show(nil)
	if r.Stored == nil {
		return rec, true
	}
	if stored, err := r.Stored(ctx, rec); err == nil {
		return stored, true
	}
	return rec, true
}

// ShowFieldErrors shows each message of errs at its field in fields, as a
// sentence, and clears the fields errs says nothing of.
func ShowFieldErrors(fields map[string]*widgets.Field, errs map[string]string) {
	for key, f := range fields {
		f.SetError(widgets.Sentence(errs[key]))
	}
}
