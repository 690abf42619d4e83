package data

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
)

// The crash harness: a child process writes to a book — clients, a batch of
// 150 clients in one transaction, invoices issued, payments allocated to
// them, a CSV import, the billing run of a contract, and the upgrade of an
// older book — and prints one "ack" line after
// each write is acknowledged. The parent kills it with SIGKILL at a random
// moment, then opens the book as the app would and checks that it opens,
// that integrity_check passes, that every acknowledged write is there and
// that the invoice numbers have no gap. A kill is not a power loss: what the
// child wrote reached the kernel, so this tests SQLite's and Clientbook's
// own atomicity (transactions, WAL recovery, creation, upgrades), not the
// disk's flushes.
//
// `go test` runs a short form (CLIENTBOOK_CRASH_KILLS, default 16 kills);
// `make crashtest` runs 500.

const crashEnv = "CLIENTBOOK_CRASH_CHILD"

func TestCrashHarness(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path, os.Getenv("CLIENTBOOK_CRASH_OLD") != "")
		return
	}
	kills := 16
	if s := os.Getenv("CLIENTBOOK_CRASH_KILLS"); s != "" {
		kills, _ = strconv.Atoi(s)
	}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("%d kills, seed %d", kills, seed)
	dir := t.TempDir()
	path := filepath.Join(dir, "book.db")
	acked := map[string]bool{}
	upgrades, writes := 0, map[string]int{}
	for k := 0; k < kills; k++ {
		old := k%8 == 3 // every eighth run starts from a fresh book of schema version 12
		if old {
			path = filepath.Join(dir, fmt.Sprintf("old-%d.db", k))
			makeOlderBook(t, path)
			acked = map[string]bool{}
			upgrades++
		}
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCrashHarness$")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		if old {
			cmd.Env = append(cmd.Env, "CLIENTBOOK_CRASH_OLD=1")
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		delay := time.Duration(rng.Intn(400)) * time.Millisecond
		time.Sleep(delay)
		cmd.Process.Kill()
		for l := range lines {
			if rest, ok := strings.CutPrefix(l, "ack "); ok {
				acked[rest] = true
				kind, _, _ := strings.Cut(rest, " ")
				writes[kind]++
			}
		}
		cmd.Wait()
		if msg := checkAfterCrash(path, acked); msg != "" {
			t.Fatalf("kill %d after %v (seed %d): %s", k+1, delay, seed, msg)
		}
	}
	t.Logf("%d kills (%d during or after an upgrade), acknowledged writes %v: every book opened, verified, kept every acknowledged write and numbered invoices without gaps", kills, upgrades, writes)
}

// makeOlderBook makes a book one schema version behind, with a client, as an
// older Clientbook would have left it.
func makeOlderBook(t *testing.T, path string) {
	t.Helper()
	saved := migrations
	migrations = saved[:13-1] // before the audit chain (13) and arithmetic (14)
	defer func() { migrations = saved }()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// Written as an older Clientbook wrote it, in SQL: today's writes may
	// need what later migrations add (since 13, the audit chain's head).
	if _, err := b.db.Exec(`INSERT INTO clients (name, name_key, status, billing_city, city_key, payment_terms_days, currency, created_at, updated_at)
			VALUES ('Older book client', 'older book client', 'active', 'Lyon', 'lyon', 30, 'EUR', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
		INSERT INTO audit_log (at, actor, entity, entity_id, action, after_json)
			VALUES ('2026-01-01T00:00:00Z', 'older', 'client', last_insert_rowid(), 'create', '{"Name":"Older book client"}')`); err != nil {
		t.Fatal(err)
	}
}

// crashChild writes to the book until it is killed, acknowledging each write
// on stdout once it has returned.
func crashChild(path string, old bool) {
	ctx := context.Background()
	b, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(3)
	}
	if old {
		fmt.Println("ack upgraded")
	}
	c := newClient(fmt.Sprintf("Crash client %d", os.Getpid()), "Bern")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	fmt.Printf("ack client %d\n", c.ID)
	// A contract billed monthly and issued automatically, for the billing
	// run; each run bills the next month.
	vat := domain.TaxRate{Name: fmt.Sprintf("VAT %d", os.Getpid()), Percent: dec("19")}
	if err := b.Catalog().CreateTaxRate(ctx, &vat); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	k := contractFor(c, vat, domain.NewDate(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	k.IssueAutomatically = true
	if err := b.Contracts().CreateContract(ctx, k); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	month := 0
	for i := 0; ; i++ {
		switch i % 6 {
		case 4:
			csv := fmt.Sprintf("name,status,currency,payment_terms_days\nImported %d-%d,active,EUR,30\nImported %d-%d b,prospect,CHF,14\n",
				os.Getpid(), i, os.Getpid(), i)
			res, err := b.Import().Import(ctx, "clients", strings.NewReader(csv), domain.ImportOptions{})
			if err != nil {
				fmt.Fprintln(os.Stderr, "child:", err, res)
				os.Exit(3)
			}
			fmt.Printf("ack named Imported %d-%d b\n", os.Getpid(), i)
			continue
		case 5:
			gen, err := b.Contracts().GenerateDue(ctx, domain.NewDate(2027, 1, 1).AddMonths(min(month, 11)))
			if err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			month++
			for _, g := range gen {
				fmt.Printf("ack invoice %s\n", g.Number)
			}
			continue
		}
		switch i % 4 {
		case 0:
			nc := newClient(fmt.Sprintf("Client %d-%d", os.Getpid(), i), "Turku")
			if err := b.Clients().CreateClient(ctx, nc); err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			fmt.Printf("ack client %d\n", nc.ID)
		case 1:
			var batch []*domain.Client
			for j := 0; j < 150; j++ {
				batch = append(batch, newClient(fmt.Sprintf("Batch %d-%d-%d", os.Getpid(), i, j), "Oslo"))
			}
			if err := b.Clients().CreateClients(ctx, batch); err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			fmt.Printf("ack client %d\nack client %d\n", batch[0].ID, batch[len(batch)-1].ID)
		case 2, 3:
			d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 10))
			d.Lines = append(d.Lines, domain.Line{Description: "Support", Quantity: dec("1"), UnitPrice: dec(fmt.Sprintf("%d.25", 100+i))})
			if err := b.Documents().CreateDraft(ctx, d); err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			inv, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
			if err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			fmt.Printf("ack invoice %s\n", inv.Number)
			tot, err := inv.Totals()
			if err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			p := &domain.Payment{ClientID: c.ID, Date: domain.NewDate(2027, 3, 20), Amount: inv.Money(tot.Total),
				Method: domain.MethodBankTransfer, Reference: "Crash " + inv.Number,
				Allocations: []domain.Allocation{{DocumentID: inv.ID, DocumentNumber: inv.Number, Amount: tot.Total}}}
			if err := b.Payments().CreatePayment(ctx, p); err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			fmt.Printf("ack payment %d\n", p.ID)
		}
	}
}

// checkAfterCrash opens the book as the app would and returns what is wrong
// with it, "" when nothing is.
func checkAfterCrash(path string, acked map[string]bool) string {
	ctx := context.Background()
	b, err := Open(path)
	if err != nil {
		return "the book does not open: " + err.Error()
	}
	defer b.Close()
	if err := b.Verify(ctx); err != nil {
		return "integrity: " + err.Error()
	}
	if r, err := b.VerifyChain(ctx); err != nil || !r.OK() {
		return fmt.Sprintf("tamper evidence: %v %s", err, r.Broken)
	}
	if v := 0; b.db.QueryRow("PRAGMA user_version").Scan(&v) != nil || v != SchemaVersion() {
		return fmt.Sprintf("schema version %d after reopening, want %d", v, SchemaVersion())
	}
	for a := range acked {
		kind, key, _ := strings.Cut(a, " ")
		var n int
		switch kind {
		case "client":
			b.db.QueryRow(`SELECT count(*) FROM clients WHERE id = ?`, key).Scan(&n)
		case "invoice":
			b.db.QueryRow(`SELECT count(*) FROM documents WHERE number = ? AND status <> 'draft'`, key).Scan(&n)
		case "payment":
			b.db.QueryRow(`SELECT count(*) FROM payments WHERE id = ?`, key).Scan(&n)
		case "named":
			b.db.QueryRow(`SELECT count(*) FROM clients WHERE name = ?`, key).Scan(&n)
		case "upgraded":
			n = 1 // checked above
		}
		if n != 1 {
			return "an acknowledged write is missing: " + a
		}
	}
	rows, err := b.db.Query(`SELECT number FROM documents WHERE kind = 'invoice' AND number IS NOT NULL AND number <> '' ORDER BY number`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	want := 1
	for rows.Next() {
		var num string
		rows.Scan(&num)
		if exp := fmt.Sprintf("INV-2027-%05d", want); num != exp {
			return fmt.Sprintf("invoice numbers have a gap: %s where %s was due", num, exp)
		}
		want++
	}
	return ""
}
