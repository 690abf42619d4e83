package main

import (
	"context"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clientbook/data"
	"clientbook/domain"
)

// collectionsBook is a book whose company has an email address, with a
// client whose primary contact has one, and two issued invoices, both due on
// 2027-03-31: INV-2027-00001 for 1,000.00 EUR and INV-2027-00002 for 250.00.
func collectionsBook(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"clients", "add", "--name", "Nordlicht Logistik GmbH", "--currency", "EUR", "--contact", "Jürgen Schäfer",
			"--email", "j@nordlicht.example", "--street", "Hafenstraße 1", "--city", "München", "--country", "Germany"},
		{"invoices", "draft", "--client", "Nordlicht Logistik GmbH", "--date", "2027-03-01", "--due", "2027-03-31",
			"--line", "Hosting|1|1000", "--issue", "--accept-warnings"},
		{"invoices", "draft", "--client", "Nordlicht Logistik GmbH", "--date", "2027-03-02", "--due", "2027-03-31",
			"--line", "Support|1|250", "--issue", "--accept-warnings"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: exit %d %s%s", args, code, out, errOut)
		}
	}
	b, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	co, _ := b.Company().Company(ctx)
	co.Name, co.Email = "Acme Ltd", "billing@acme.example"
	if err := b.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestCollectionsCommands(t *testing.T) {
	db := collectionsBook(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--client", "Nordlicht Logistik GmbH", "--kind", "call", "--text", "Called accounts", "--date", "2027-04-02"},
			"Added call (entry 1) for Nordlicht Logistik GmbH on 2027-04-02"},
		{[]string{"--client", "nordlicht logistik gmbh", "--invoice", "INV-2027-00001", "--kind", "promise-to-pay", "--text", "Half now",
			"--date", "2027-04-03", "--promised-date", "2027-04-10", "--promised-amount", "500"},
			"Added promise to pay about INV-2027-00001 (entry 2) for Nordlicht Logistik GmbH on 2027-04-03: 500.00 EUR by 2027-04-10"},
		{[]string{"--client", "Nordlicht Logistik GmbH", "--invoice", "inv-2027-00002", "--kind", "dispute", "--text", "Support not ordered",
			"--date", "2027-04-04"},
			"Added dispute about INV-2027-00002 (entry 3) for Nordlicht Logistik GmbH on 2027-04-04; no reminders go out for it until the dispute is resolved"},
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db, "collections", "add"}, tc.args...)...)
		if code != 0 || strings.TrimSpace(out) != tc.want {
			t.Errorf("collections add %q: exit %d\n%s%s", tc.args, code, out, errOut)
		}
	}
	code, out, errOut := ctl(t, "--db", db, "collections", "list", "--client", "Nordlicht Logistik GmbH")
	got := lines(out)
	if code != 0 || len(got) != 4 || !strings.Contains(got[1], "dispute") || !strings.Contains(got[1], "open: invoice on hold") ||
		!strings.Contains(got[2], "500.00 EUR by 2027-04-10") || !strings.Contains(got[3], "Called accounts") {
		t.Errorf("collections list: exit %d\n%s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", db, "collections", "list", "--invoice", "INV-2027-00001"); len(lines(out)) != 2 {
		t.Errorf("--invoice:\n%s", out)
	}

	// A dry run lists what a run would queue and queues nothing.
	code, out, errOut = ctl(t, "--db", db, "reminders", "run", "--as-of", "2027-04-14", "--dry-run")
	if code != 0 || !strings.Contains(out, "INV-2027-00001") || !strings.Contains(out, "Would queue 1 reminder as of 2027-04-14; nothing was queued.") {
		t.Errorf("reminders run --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", db, "outbox", "list"); len(lines(out)) > 1 {
		t.Errorf("a dry run queued:\n%s", out)
	}
	// The disputed invoice is skipped by the run; the other is reminded.
	code, out, errOut = ctl(t, "--db", db, "reminders", "run", "--as-of", "2027-04-14")
	if code != 0 || !strings.Contains(out, "INV-2027-00001") || !strings.Contains(out, "Second reminder") ||
		!strings.Contains(out, "1,000.00 EUR") || !strings.Contains(out, "j@nordlicht.example") ||
		!strings.Contains(out, "INV-2027-00002 for Nordlicht Logistik GmbH, second reminder: not reminded, disputed") ||
		!strings.Contains(out, "Queued 1 reminder as of 2027-04-14") {
		t.Errorf("reminders run: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := ctl(t, "--db", db, "reminders", "run", "--as-of", "2027-04-14"); code != 0 || !strings.Contains(out, "Queued 0 reminders") {
		t.Errorf("a second run the same day:\n%s", out)
	}
	if code, out, errOut := ctl(t, "--db", db, "collections", "resolve", "3", "--resolution", "Order found", "--date", "2027-04-15"); code != 0 ||
		!strings.Contains(out, "Resolved the dispute about INV-2027-00002 on 2027-04-15") {
		t.Errorf("resolve: exit %d %s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", db, "reminders", "run", "--as-of", "2027-04-16"); !strings.Contains(out, "INV-2027-00002") ||
		!strings.Contains(out, "Queued 1 reminder") {
		t.Errorf("after the dispute:\n%s", out)
	}

	// The outbox: listed, then written out as .eml files.
	code, out, _ = ctl(t, "--db", db, "outbox", "list")
	if got := lines(out); code != 0 || len(got) != 3 || !strings.Contains(got[1], "queued") || !strings.Contains(got[1], "INV-2027-00002") {
		t.Errorf("outbox list:\n%s", out)
	}
	dir := t.TempDir()
	code, out, errOut = ctl(t, "--db", db, "outbox", "export", "--dir", dir)
	if code != 0 || !strings.Contains(out, "Wrote 2 messages") {
		t.Fatalf("outbox export: exit %d\n%s%s", code, out, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 2 || filepath.Base(files[0]) != "INV-2027-00001-second-reminder-1.eml" {
		t.Fatalf("files %v", files)
	}
	f, _ := os.Open(files[0])
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil || msg.Header.Get("To") == "" || !strings.HasPrefix(msg.Header.Get("Content-Type"), "multipart/mixed") {
		t.Errorf("exported message: %v %v", err, msg.Header)
	}
	if _, out, _ := ctl(t, "--db", db, "outbox", "list", "--status", "sent"); len(lines(out)) != 1 {
		t.Errorf("exporting sent something:\n%s", out)
	}
}

func TestRemindersLevelCommands(t *testing.T) {
	db := collectionsBook(t)
	code, out, errOut := ctl(t, "--db", db, "reminders", "level", "--days", "30", "--fee", "1.5%")
	if code != 0 || !strings.Contains(out, `Changed the level "Final reminder" at +30 days, late fee 1.5%`) {
		t.Fatalf("level: exit %d %s%s", code, out, errOut)
	}
	if code, out, errOut := ctl(t, "--db", db, "reminders", "level", "--days", "60", "--name", "Last notice",
		"--subject", "Invoice {invoice}", "--body", "Pay {amount_due}.", "--fee", "40 EUR"); code != 1 ||
		!strings.Contains(errOut, "--body: a level that charges a fee tells the client") {
		t.Errorf("a fee the text does not mention: exit %d %s%s", code, out, errOut)
	}
	if code, _, errOut := ctl(t, "--db", db, "reminders", "level", "--days", "60", "--fee", "forty"); code != 1 || !strings.Contains(errOut, "--fee:") {
		t.Errorf("a bad fee: %s", errOut)
	}
	if code, _, errOut := ctl(t, "--db", db, "reminders", "level", "--name", "x"); code != 2 || !strings.Contains(errOut, "--days is required") {
		t.Errorf("no --days: %s", errOut)
	}
	_, out, _ = ctl(t, "--db", db, "reminders", "levels")
	if got := lines(out); len(got) != 5 || !strings.Contains(got[4], "+30") || !strings.Contains(got[4], "1.5%") || !strings.Contains(got[1], "-3") {
		t.Errorf("levels:\n%s", out)
	}
	code, out, errOut = ctl(t, "--db", db, "reminders", "run", "--as-of", "2027-05-01")
	if code != 0 || !strings.Contains(out, "15.00 EUR on INV-2027-00003") || !strings.Contains(out, "3.75 EUR on INV-2027-00004") {
		t.Errorf("a run with fees: exit %d\n%s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", db, "invoices", "show", "INV-2027-00001"); !strings.Contains(out, "1,000.00") {
		t.Errorf("the original invoice:\n%s", out)
	}
}

func TestCollectionsAndRemindersRefuseBadInput(t *testing.T) {
	db := collectionsBook(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"collections", "add", "--client", "Nordlicht Logistik GmbH", "--kind", "fax", "--text", "x"}, 1, "--kind: choose call"},
		{[]string{"collections", "add", "--client", "Nordlicht Logistik GmbH", "--kind", "note"}, 1, "--text: say what happened"},
		{[]string{"collections", "add", "--client", "Nordlicht Logistik GmbH", "--kind", "dispute", "--text", "x"}, 1, "--invoice: choose the invoice"},
		{[]string{"collections", "add", "--client", "Nordlicht Logistik GmbH", "--kind", "promise-to-pay", "--text", "x",
			"--promised-amount", "12.345"}, 1, "--promised-amount: EUR amounts have"},
		{[]string{"collections", "add", "--client", "Nordlicht Logistik GmbH", "--kind", "promise-to-pay", "--text", "x",
			"--promised-amount", "100"}, 1, "--promised-date: enter the day"},
		{[]string{"collections", "add", "--client", "Nordlicht Logistik GmbH", "--kind", "call", "--text", "x", "--invoice", "INV-9"}, 1, "--invoice: there is no invoice numbered INV-9"},
		{[]string{"collections", "add", "--client", "Nobody", "--kind", "call", "--text", "x"}, 1, "--client: no client is called"},
		{[]string{"collections", "add", "--kind", "call", "--text", "x"}, 2, "--client is required"},
		{[]string{"collections", "add", "--client", "Nordlicht Logistik GmbH", "--kind", "call", "--text", "x", "--date", "tomorrow"}, 2, "--date"},
		{[]string{"collections", "resolve", "1", "--resolution", "x"}, 1, "Collection entry 1 does not exist"},
		{[]string{"collections", "resolve", "one"}, 2, "is not an entry's ID"},
		{[]string{"reminders", "run", "--as-of", "2027-13-01"}, 2, "--as-of"},
		{[]string{"outbox", "list", "--status", "bounced"}, 2, "use queued, failed, sent or discarded"},
		{[]string{"outbox", "export"}, 2, "--dir is required"},
		{[]string{"outbox", "export", "--dir", db}, 1, "is not a folder"},
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, want %d with %q\n%s%s", tc.args, code, tc.code, tc.want, out, errOut)
		}
	}
	b, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	es, _ := b.Collections().FindCollectionEntries(context.Background(), domain.CollectionFilter{})
	ms, _ := b.Outbox().FindMessages(context.Background(), domain.OutboxFilter{})
	if len(es) != 0 || len(ms) != 0 {
		t.Errorf("bad input was written: %d entries, %d messages", len(es), len(ms))
	}
}

func TestInvoicesEmail(t *testing.T) {
	db := collectionsBook(t)
	code, out, errOut := ctl(t, "--db", db, "invoices", "email", "INV-2027-00002")
	if code != 0 || strings.TrimSpace(out) != `Queued message 1 to j@nordlicht.example: "Your invoice INV-2027-00002 from Acme Ltd", `+
		`with INV-2027-00002.pdf attached. Send it from the outbox, or write it with outbox export.` {
		t.Fatalf("invoices email: exit %d\n%s%s", code, out, errOut)
	}
	// Refused, with a message and nothing queued: a number no document has,
	// the same invoice again while it waits, no number at all.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"INV-2099-00001"}, `No document is numbered "INV-2099-00001".`},
		{[]string{"INV-2027-00002"}, "An email of invoice INV-2027-00002 is already in the outbox, waiting to be sent."},
		{nil, "invoices email NUMBER"},
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db, "invoices", "email"}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("invoices email %q: exit %d\n%s%s", tc.args, code, out, errOut)
		}
	}
	code, out, _ = ctl(t, "--db", db, "outbox", "list")
	if got := lines(out); code != 0 || len(got) != 2 || !strings.Contains(got[1], "Invoice") || !strings.Contains(got[1], "INV-2027-00002") {
		t.Errorf("outbox list:\n%s", out)
	}
	dir := t.TempDir()
	if code, out, errOut := ctl(t, "--db", db, "outbox", "export", "--dir", dir); code != 0 {
		t.Fatalf("outbox export: exit %d\n%s%s", code, out, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 || filepath.Base(files[0]) != "INV-2027-00002-invoice-1.eml" {
		t.Fatalf("files %v", files)
	}
}
