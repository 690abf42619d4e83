package kit

// What a table shows, for the screens' tests and their status lines.

// HeaderText is column i's header as shown, with its sort arrow.
func (t *Table[T]) HeaderText(i int) string { return t.heads[i].Text() }

// TapHeader clicks column i's header, as a person sorting the table does.
func (t *Table[T]) TapHeader(i int) { t.heads[i].Tapped(nil) }

// ColumnKeys are the keys of the columns shown, in order: the CSV's header.
func (t *Table[T]) ColumnKeys() []string {
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.Key
	}
	return out
}

// RowTexts is row i's cells as shown, nil when it is not loaded.
func (t *Table[T]) RowTexts(i int) []string {
	r, ok := t.Row(i)
	if !ok {
		return nil
	}
	out := make([]string, len(t.cols))
	for j, c := range t.cols {
		out[j] = c.Text(r)
	}
	return out
}

// EmptyText is what the table says in place of rows, "" while it has rows.
func (t *Table[T]) EmptyText() string {
	if !t.empty.Visible() {
		return ""
	}
	return t.empty.Text
}

// Rows are the rows read so far, in the order shown: all of them for a
// table read whole (InMemory).
func (t *Table[T]) Rows() []T {
	var out []T
	for i := 0; i < t.Total(); i++ {
		if r, ok := t.Row(i); ok {
			out = append(out, r)
		}
	}
	return out
}
