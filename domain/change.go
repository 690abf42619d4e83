package domain

// Change is one record the book wrote: which kind of record, its id and what
// was done ("create", "update", "delete", "issue", …). Screens that show the
// record reload when it changes, so no screen is ever stale.
type Change struct {
	Entity string // "client", "document", "payment", … as in the audit log
	ID     int64
	Action string
}

// Changes is what one committed write changed.
type Changes []Change

// Touches reports whether any change is to one of the entities named.
func (cs Changes) Touches(entities ...string) bool {
	for _, c := range cs {
		for _, e := range entities {
			if c.Entity == e {
				return true
			}
		}
	}
	return false
}

// Touched reports whether the record entity/id changed.
func (cs Changes) Touched(entity string, id int64) bool {
	for _, c := range cs {
		if c.Entity == entity && c.ID == id {
			return true
		}
	}
	return false
}
