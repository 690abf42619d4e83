package data

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// planStep is one step of SQLite's EXPLAIN QUERY PLAN: its id, the id of
// the step it is under, and what it does.
type planStep struct {
	id, parent int
	detail     string
}

// planTree is SQLite's EXPLAIN QUERY PLAN of q, a step a row.
func planTree(db *sql.DB, q string, args []any) ([]planStep, error) {
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plan []planStep
	for rows.Next() {
		var s planStep
		var notused int
		if err := rows.Scan(&s.id, &s.parent, &notused, &s.detail); err != nil {
			return nil, err
		}
		plan = append(plan, s)
	}
	return plan, rows.Err()
}

// planSteps is SQLite's EXPLAIN QUERY PLAN of q, one detail a step.
func planSteps(db *sql.DB, q string, args []any) ([]string, error) {
	tree, err := planTree(db, q, args)
	if err != nil {
		return nil, err
	}
	plan := make([]string, len(tree))
	for i, s := range tree {
		plan[i] = s.detail
	}
	return plan, nil
}

// checkPlan fails the test, naming the query as label, when SQLite would
// answer q by reading a whole table, or without every one of indexes.
func checkPlan(t *testing.T, db *sql.DB, label, q string, args []any, indexes ...string) {
	t.Helper()
	plan, err := planSteps(db, q, args)
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	all := strings.Join(plan, "; ")
	// A subquery's rows (CO-ROUTINE or MATERIALIZE name) are its own, not
	// a table's: scanning them is reading what the subquery made.
	sub := map[string]bool{}
	for _, step := range plan {
		for _, p := range []string{"CO-ROUTINE ", "MATERIALIZE "} {
			if name, ok := strings.CutPrefix(step, p); ok {
				sub["SCAN "+name] = true
			}
		}
	}
	for _, step := range plan {
		if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "INDEX") && !sub[step] {
			t.Errorf("%s\nreads a whole table: %s", label, all)
		}
	}
	for _, ix := range indexes {
		if !strings.Contains(all, ix) {
			t.Errorf("%s\ndoes not use %s: %s", label, ix, all)
		}
	}
}

// nestedScans names the joins in SQLite's plan of q that loop over one
// scanned set of rows for each row of another — two SCAN steps (of tables,
// views, subqueries or CTEs, without an index) under one parent — which
// costs the product of their sizes: a CTE joined to another CTE by a column
// SQLite has no index on. It is empty when there is none.
func nestedScans(db *sql.DB, q string, args []any) ([]string, error) {
	tree, err := planTree(db, q, args)
	if err != nil {
		return nil, err
	}
	scanned := map[int]string{} // parent → the first SCAN under it
	var out []string
	for _, s := range tree {
		if !strings.HasPrefix(s.detail, "SCAN ") || strings.Contains(s.detail, "INDEX") || strings.Contains(s.detail, "CONSTANT ROW") {
			continue
		}
		if first, ok := scanned[s.parent]; ok {
			out = append(out, fmt.Sprintf("%s inside %s", s.detail, first))
			continue
		}
		scanned[s.parent] = s.detail
	}
	return out, nil
}

// TestNestedScansFindsALoopOverAScan: two CTEs joined by a column neither
// has an index on, with SQLite kept from making one itself, are a loop over
// one for each row of the other; the same join through a table's key is not.
func TestNestedScansFindsALoopOverAScan(t *testing.T) {
	b := openTemp(t)
	b.db.SetMaxOpenConns(1)
	if _, err := b.db.Exec(`PRAGMA automatic_index = OFF`); err != nil {
		t.Fatal(err)
	}
	defer b.db.Exec(`PRAGMA automatic_index = ON`)
	loop := `WITH a AS MATERIALIZED (SELECT id, name FROM clients), n AS MATERIALIZED (SELECT id, name FROM clients)
		SELECT a.name FROM a JOIN n ON n.name = a.name`
	if got, err := nestedScans(b.db, loop, nil); err != nil || len(got) != 1 {
		t.Errorf("the loop over a scan: %v %v", got, err)
	}
	keyed := `WITH a AS MATERIALIZED (SELECT id FROM clients) SELECT c.name FROM a JOIN clients c ON c.id = a.id`
	if got, err := nestedScans(b.db, keyed, nil); err != nil || len(got) != 0 {
		t.Errorf("the join by key: %v %v", got, err)
	}
}
