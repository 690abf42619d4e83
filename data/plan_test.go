package data

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// planSteps is SQLite's EXPLAIN QUERY PLAN of q, one detail a step.
func planSteps(db *sql.DB, q string, args []any) ([]string, error) {
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return nil, err
		}
		plan = append(plan, detail)
	}
	return plan, rows.Err()
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
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	scanned := map[int]string{} // parent → the first SCAN under it
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return nil, err
		}
		if !strings.HasPrefix(detail, "SCAN ") || strings.Contains(detail, "INDEX") || strings.Contains(detail, "CONSTANT ROW") {
			continue
		}
		if first, ok := scanned[parent]; ok {
			out = append(out, fmt.Sprintf("%s inside %s", detail, first))
			continue
		}
		scanned[parent] = detail
	}
	return out, rows.Err()
}
