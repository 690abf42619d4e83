package main

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckTamperEvidence runs check on a demo book, then on the same book
// after an issued invoice's total was changed behind its dropped trigger, and
// with the head an earlier check printed.
func TestCheckTamperEvidence(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut := ctl(t, "--db", db, "demo", "--clients", "10", "--invoices", "30"); code != 0 {
		t.Fatalf("demo: exit %d, %s", code, errOut)
	}
	code, out, errOut := ctl(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "Tamper evidence: ok — ") || !strings.Contains(out, "Open amounts:    ok") {
		t.Fatalf("check on a clean book: exit %d\n%s%s", code, out, errOut)
	}
	head := regexp.MustCompile(`Chain head:      (\d+:[0-9a-f]{64})`).FindStringSubmatch(out)
	if head == nil {
		t.Fatalf("no chain head in\n%s", out)
	}
	if code, out, _ := ctl(t, "--db", db, "check", "--head", head[1]); code != 0 || !strings.Contains(out, "is still in the chain") {
		t.Errorf("check --head: exit %d\n%s", code, out)
	}
	if code, _, errOut := ctl(t, "--db", db, "check", "--head", "12:abc"); code == 0 || !strings.Contains(errOut, "ENTRY:HASH") {
		t.Errorf("check --head 12:abc: exit %d, %s", code, errOut)
	}
	// A head that is not the link of its entry: the history was rebuilt.
	if code, out, _ := ctl(t, "--db", db, "check", "--head", "3:"+strings.Repeat("0", 64)); code != 1 ||
		!strings.Contains(out, "The audit log was rewritten since entry 3 was its latest") {
		t.Errorf("check --head with another hash: exit %d\n%s", code, out)
	}

	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	var number, trigger string
	if err := raw.QueryRow(`SELECT number FROM documents WHERE kind = 'invoice' AND status = 'issued' ORDER BY id LIMIT 1`).Scan(&number); err != nil {
		t.Fatal(err)
	}
	raw.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'documents_locked_update'`).Scan(&trigger)
	for _, s := range []string{`DROP TRIGGER documents_locked_update`,
		`UPDATE documents SET total_minor = total_minor - 1 WHERE number = '` + number + `'`, trigger} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	code, out, errOut = ctl(t, "--db", db, "check")
	if code != 1 || !strings.Contains(out, "Tamper evidence: BROKEN — Invoice "+number) || !strings.Contains(errOut, "no longer matches what was issued") {
		t.Errorf("check on a tampered book: exit %d\n%s%s", code, out, errOut)
	}
	// Its open amount no longer matches its new total either.
	if !strings.Contains(out, "Open amounts:    DRIFTED — document "+number) {
		t.Errorf("check on a tampered book does not name its drifted open amount:\n%s", out)
	}
}
