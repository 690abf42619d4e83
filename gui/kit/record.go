package kit

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

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
	// Load shows the record as stored in the form; Adopt takes it as the
	// record the form edits, keeping what was typed while it was written.
	// Saved, when set, runs after either. Save uses them; Store does not.
	Load, Adopt, Saved func(T)
}

// Store reads and checks the record and, when it passes, stores it off the
// UI goroutine; then, on the UI goroutine, it runs done with the record as
// the book holds it and whether it was stored. While any message remains
// nothing is written, the messages are shown at their fields and Store
// reports false without running done. A refusal from the book that names
// fields goes to them, any other to a dialog over win.
func (r Record[T]) Store(win fyne.Window, done func(T, bool)) bool {
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
		return false
	}
	store := r.Update
	if r.New(rec) {
		store = r.Create
	}
	Write(func(ctx context.Context) (T, error) {
		if err := store(ctx, rec); err != nil {
			return rec, err
		}
		if r.Stored != nil {
			if stored, err := r.Stored(ctx, rec); err == nil {
				return stored, nil
			}
		}
		return rec, nil
	}, func(stored T, err error) {
		if err != nil {
			if fe := domain.FieldErrors(err); len(fe) > 0 {
				r.Show(fe)
			} else {
				ShowError(err, win)
			}
			var none T
			done(none, false)
			return
		}
		r.Show(nil)
		done(stored, true)
	})
	return true
}

// Save stores the record the form e shows through r, in the background.
// Save is off while the write is under way and a second Save meanwhile is
// refused. Once the book holds it, unless the form was loaded with another
// record meanwhile, r.Load shows it — or r.Adopt takes it, when the person
// typed on during the write — and r.Saved runs. Then done (nil for nothing)
// runs with whether it was stored. Save reports whether the record passed
// the checks and went to be stored.
func Save[T any](e *Edits, win fyne.Window, r Record[T], done func(ok bool)) bool {
	if e.saving {
		return false
	}
	loads, changes := e.loads, e.changes
	e.saving = true
	e.SaveButton.Disable()
	went := r.Store(win, func(rec T, ok bool) {
		e.saving = false
		if e.loads == loads {
			switch {
			case ok && e.changes != changes:
				r.Adopt(rec)
			case ok:
				r.Load(rec)
			}
			if ok && r.Saved != nil {
				r.Saved(rec)
			}
			if e.dirty {
				e.SaveButton.Enable()
			}
		}
		if done != nil {
			done(ok)
		}
	})
	if !went {
		e.saving = false
		e.SaveButton.Enable()
	}
	return went
}

// SaveNow runs saveThen for a save nothing waits on (Ctrl+S, the Save
// button) and reports whether the edits passed the checks and had not been
// refused by the time it returns: under RunInline (the tests), whether they
// were stored.
func SaveNow(saveThen func(done func(ok bool)) bool) bool {
	refused := false
	return saveThen(func(ok bool) { refused = !ok }) && !refused
}

// ShowFieldErrors shows each message of errs at its field in fields, as a
// sentence, and clears the fields errs says nothing of.
func ShowFieldErrors(fields map[string]*widgets.Field, errs map[string]string) {
	for key, f := range fields {
		f.SetError(widgets.Sentence(errs[key]))
	}
}

// Then turns a save that reports whether it went to be stored (SaveThen)
// into one that always answers done, as widgets.AskSaveThen wants: false at
// once when the checks failed.
func Then(saveThen func(done func(ok bool)) bool) func(done func(ok bool)) {
	return func(done func(ok bool)) {
		if !saveThen(done) {
			done(false)
		}
	}
}

// Put writes what a panel's form holds (a complaint, a timeline entry, a
// collection entry) once its checks have passed: write runs off the UI
// goroutine with btn (the panel's Add or Save button) off, then, on the UI
// goroutine, stored runs or refused shows why the book would not, and done
// (nil for nothing) last with whether it was stored. Put reports false,
// writing nothing, while btn is off for a write still under way.
func Put(btn *widget.Button, write func(ctx context.Context) error, stored func(), refused func(error), done func(ok bool)) bool {
	if btn.Disabled() {
		return false
	}
	btn.Disable()
	Write(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, write(ctx)
	}, func(_ struct{}, err error) {
		btn.Enable()
		if err != nil {
			refused(err)
		} else {
			stored()
		}
		if done != nil {
			done(err == nil)
		}
	})
	return true
}

// ShowRefusal shows why the book refused a write: at the fields it names
// that are in fields, or, when it names none of them, in a dialog over win.
func ShowRefusal(fields map[string]*widgets.Field, err error, win fyne.Window) {
	shown := false
	for k, m := range domain.FieldErrors(err) {
		if f := fields[k]; f != nil {
			f.SetError(widgets.Sentence(m))
			shown = true
		}
	}
	if !shown {
		ShowError(err, win)
	}
}
