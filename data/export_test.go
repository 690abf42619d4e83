package data

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
	"clientbook/domain/money"
)

// formula is a client name a spreadsheet would run as a formula.
const formula = `=HYPERLINK("http://x","y")`

// exportFixture is what exportBook stored.
type exportFixture struct {
	b             *Book
	evil, fjord   *domain.Client
	vat, pst      domain.TaxRate
	invoice, cn   *domain.Document
	quote         *domain.Document
	payment       *domain.Payment
	contract      *domain.Contract
	activity      domain.Activity
	task          domain.Task
	goodwillPrice string
}

// exportBook is a small book with something in every table: a client named
// like a formula with contacts and tags, a second client, two tax rates, a
// catalog item, an issued invoice with a negative goodwill line, a credit
// note for its hosting line, a payment allocated to it, a draft quote, an
// activity, a task and a contract.
func exportBook(t *testing.T) exportFixture {
	t.Helper()
	ctx := context.Background()
	b := openTemp(t)
	fx := exportFixture{b: b, goodwillPrice: "-12.50"}
	fx.evil = newClient(formula, "München",
		domain.Contact{Name: "Jürgen Schäfer", Role: "CFO", Email: "j@nordlicht.example", Primary: true},
		domain.Contact{Name: "+49 Hotline", Phone: "+49 89 123"})
	fx.evil.Tags = []string{"key account", "@risk"}
	fx.evil.Notes = "Line one, with a comma\nand \"quotes\" on line two"
	fx.fjord = newClient("Fjord Shipping AS", "Bergen")
	fx.fjord.Currency = "NOK"
	fx.fjord.CreditLimit = money.Zero("NOK")
	for _, c := range []*domain.Client{fx.evil, fx.fjord} {
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	fx.vat = domain.TaxRate{Name: "VAT", Percent: dec("19")}
	fx.pst = domain.TaxRate{Name: "PST", Percent: dec("7.25"), Compound: true}
	for _, r := range []*domain.TaxRate{&fx.vat, &fx.pst} {
		if err := b.Catalog().CreateTaxRate(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	price, _ := money.Parse("95.00", "EUR")
	item := &domain.Item{Code: "SUP-M", Name: "Support, monthly", Unit: "month", UnitPrice: price, TaxRateIDs: []int64{fx.vat.ID, fx.pst.ID}}
	if err := b.Catalog().CreateItem(ctx, item); err != nil {
		t.Fatal(err)
	}

	d := domain.NewDraft(domain.KindInvoice, fx.evil, domain.DefaultCompany(), day("2027-03-10"))
	d.PONumber = "PO-7"
	d.Lines = []domain.Line{
		{ItemID: item.ID, Description: "Support, monthly", Quantity: dec("1.5"), Unit: "month", UnitPrice: dec("95.00"),
			DiscountPercent: dec("10"), Taxes: []domain.TaxLine{fx.vat.Line(), fx.pst.Line()}},
		{Description: "-Goodwill", Quantity: dec("1"), UnitPrice: dec(fx.goodwillPrice)},
		{Description: "Hosting", Quantity: dec("2"), UnitPrice: dec("20.00"), Taxes: []domain.TaxLine{fx.vat.Line()}},
	}
	if err := b.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	fx.invoice = inv
	fx.cn = issueCredit(t, b, inv, "2027-03-15", 2)

	fx.quote = domain.NewDraft(domain.KindQuote, fx.fjord, domain.DefaultCompany(), day("2027-04-01"))
	fx.quote.Lines = []domain.Line{{Description: "Crane hire", Quantity: dec("3"), Unit: "day", UnitPrice: dec("1000")}}
	if err := b.Documents().CreateDraft(ctx, fx.quote); err != nil {
		t.Fatal(err)
	}

	fx.payment = newPayment(fx.evil, "2027-03-20", "20.00", allocTo(inv, "15.00"))
	if err := b.Payments().CreatePayment(ctx, fx.payment); err != nil {
		t.Fatal(err)
	}

	fx.contract = contractFor(fx.evil, fx.vat, day("2027-01-01"), domain.Monthly, domain.InAdvance, 1)
	if err := b.Contracts().CreateContract(ctx, fx.contract); err != nil {
		t.Fatal(err)
	}
	fx.activity = domain.Activity{ClientID: fx.evil.ID, ContactID: fx.evil.Contacts[0].ID, Kind: domain.ActivityCall,
		At: time.Date(2027, 3, 1, 9, 30, 0, 0, time.UTC), Subject: "=1+1", Body: "Asked about the goodwill line."}
	if err := b.Activities().CreateActivity(ctx, &fx.activity); err != nil {
		t.Fatal(err)
	}
	fx.task = domain.Task{Title: "Chase the rest", DueDate: day("2027-04-01"), DueTime: "09:00", Priority: domain.PriorityHigh,
		ClientID: fx.evil.ID, DocumentID: inv.ID, ContractID: fx.contract.ID}
	if err := b.Activities().CreateTask(ctx, &fx.task); err != nil {
		t.Fatal(err)
	}
	if err := b.Complaints().CreateComplaint(ctx, &domain.Complaint{ClientID: fx.evil.ID, Subject: "@Invoice late",
		OpenedOn: day("2027-03-12"), Severity: domain.ComplaintHigh, Status: domain.ComplaintOpen}); err != nil {
		t.Fatal(err)
	}
	if err := b.Opportunities().CreateOpportunity(ctx, &domain.Opportunity{ClientID: fx.fjord.ID, Title: "Second crane",
		Kind: domain.Upsell, Value: money.Money{Amount: dec("25000"), Currency: "NOK"}, Probability: 40,
		ExpectedClose: day("2027-06-30"), Status: domain.OpportunityOpen}); err != nil {
		t.Fatal(err)
	}
	if err := b.Targets().SetTarget(ctx, &domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: day("2027-03-01"),
		Amount: eur("5000.00")}); err != nil {
		t.Fatal(err)
	}
	if err := b.Collections().AddCollectionEntry(ctx, &domain.CollectionEntry{ClientID: fx.evil.ID, DocumentID: inv.ID,
		Kind: domain.CollectionPromise, On: day("2027-03-21"), Text: "Pays the rest on Friday",
		PromisedDate: day("2027-03-26"), PromisedAmount: eur("50.00")}); err != nil {
		t.Fatal(err)
	}
	if err := b.Payments().CreateRefund(ctx, &domain.Refund{ClientID: fx.evil.ID, Date: day("2027-03-21"), Amount: eur("5.00"),
		Reference: "+refund"}); err != nil {
		t.Fatal(err)
	}
	acct := &domain.BankAccount{Name: "Operating account", Currency: "EUR"}
	if err := b.Bank().CreateBankAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if err := b.Bank().CreateDeposit(ctx, &domain.Deposit{AccountID: acct.ID, Date: day("2027-03-22"), Total: eur("20.00"),
		Reference: "Slip 1", Payments: []domain.DepositPayment{{PaymentID: fx.payment.ID}}}); err != nil {
		t.Fatal(err)
	}
	st := &domain.BankStatement{Format: domain.FormatOFX, Currency: "EUR", Lines: []domain.BankStatementLine{{Date: day("2027-03-23"),
		Amount: dec("20.00"), Text: "=cmd|' /C calc'!A0 slip 1", FITID: "F1"}}}
	if _, err := b.Bank().ImportStatement(ctx, domain.ImportRequest{AccountID: acct.ID, Statement: st, FileName: "march.ofx"}); err != nil {
		t.Fatal(err)
	}
	return fx
}

// parseExport parses an exported file: it must start with the byte-order
// mark and have exactly the entity's columns as its header. Rows come back
// as maps by column name.
func parseExport(t *testing.T, e domain.ExportEntity, data []byte, comma rune) []map[string]string {
	t.Helper()
	text, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("%s: no byte-order mark", e.Name)
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", e.Name, err)
	}
	var want []string
	for _, c := range e.Columns {
		want = append(want, c.Name)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], want) {
		t.Fatalf("%s header = %q, want %q", e.Name, recs[0], want)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, v := range rec {
			row[want[i]] = v
		}
		rows = append(rows, row)
	}
	return rows
}

func exportRows(t *testing.T, b *Book, name string, f domain.ExportFormat) []map[string]string {
	t.Helper()
	var buf bytes.Buffer
	n, err := b.Export().Export(context.Background(), name, &buf, f, nil)
	if err != nil {
		t.Fatalf("export %s: %v", name, err)
	}
	e, _ := domain.FindExportEntity(b.Export().Entities(), name)
	rows := parseExport(t, e, buf.Bytes(), f.Comma())
	if len(rows) != n {
		t.Errorf("export %s reported %d rows and wrote %d", name, n, len(rows))
	}
	return rows
}

// checkRow compares the cells of a row with what the book holds.
func checkRow(t *testing.T, what string, row map[string]string, want map[string]string) {
	t.Helper()
	for k, v := range want {
		got, ok := row[k]
		if !ok {
			t.Errorf("%s has no column %s", what, k)
		} else if got != v {
			t.Errorf("%s %s = %q, want %q", what, k, got, v)
		}
	}
}

func stamp(tm time.Time) string { return tm.UTC().Format(time.RFC3339Nano) }

// Every exported file has one row per record of its table, in id order, and
// its cells say what the book says.
func TestExportMatchesTheBook(t *testing.T) {
	fx := exportBook(t)
	b, ctx := fx.b, context.Background()
	tables := map[string]string{
		"clients": "clients", "contacts": "contacts", "tax_rates": "tax_rates", "catalog": "items",
		"invoices": "documents WHERE kind = 'invoice'", "credit_notes": "documents WHERE kind = 'credit-note'",
		"quotes": "documents WHERE kind = 'quote'", "document_lines": "document_lines", "payments": "payments",
		"allocations": "allocations", "activities": "activities", "tasks": "tasks", "contracts": "contracts",
		"contract_lines": "contract_lines", "deposits": "deposit_payments", "refunds": "refunds", "bank_lines": "bank_lines",
		"complaints": "complaints", "opportunities": "opportunities", "targets": "targets", "collections": "collection_entries",
		"company": "company", "number_counters": "number_counters",
	}
	all := map[string][]map[string]string{}
	for _, e := range b.Export().Entities() {
		table, ok := tables[e.Name]
		if !ok {
			t.Errorf("entity %s is not checked by this test", e.Name)
			continue
		}
		rows := exportRows(t, b, e.Name, domain.ExportFormat{})
		if want := countRows(t, b, table); len(rows) != want || want == 0 {
			t.Errorf("%s: %d rows, the book has %d", e.Name, len(rows), want)
		}
		all[e.Name] = rows
	}
	if len(all) != len(tables) {
		t.Fatalf("exported %d entities, want %d", len(all), len(tables))
	}

	co, err := b.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checkRow(t, "company", all["company"][0], map[string]string{"name": co.Name, "default_terms": co.DefaultTerms, "logo": "",
		"currency": co.Currency, "rounding_scope": string(co.Rounding.Scope), "rounding_mode": string(co.Rounding.Mode),
		"invoice_numbers": co.Numbering[domain.KindInvoice].Pattern, "invoice_numbers_restart_yearly": "true",
		"credit_note_numbers": co.Numbering[domain.KindCreditNote].Pattern})

	evil, err := b.Clients().FindClientByID(ctx, fx.evil.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkRow(t, "clients[0]", all["clients"][0], map[string]string{
		"id": fmt.Sprint(evil.ID), "name": "'" + formula, "status": "active", "billing_line1": "Main St 1",
		"billing_city": "München", "billing_country": "Germany", "payment_terms_days": "30", "currency": "EUR",
		"credit_limit": "2500.00", "requires_po": "false", "tags": "key account; @risk", "notes": evil.Notes,
		"last_contacted_at": "2027-03-01T09:30:00Z", "created_at": stamp(evil.CreatedAt), "updated_at": stamp(evil.UpdatedAt),
	})
	checkRow(t, "clients[1]", all["clients"][1], map[string]string{"name": "Fjord Shipping AS", "currency": "NOK",
		"credit_limit": "0.00", "last_contacted_at": ""})
	for i, k := range evil.Contacts {
		checkRow(t, fmt.Sprintf("contacts[%d]", i), all["contacts"][i], map[string]string{
			"id": fmt.Sprint(k.ID), "client_id": fmt.Sprint(evil.ID), "client_name": "'" + formula, "position": fmt.Sprint(i),
			"name": SafeCell(k.Name), "role": k.Role, "email": k.Email, "phone": SafeCell(k.Phone),
			"is_primary": fmt.Sprint(k.Primary),
		})
	}
	checkRow(t, "tax_rates[1]", all["tax_rates"][1], map[string]string{"name": "PST", "percent": "7.25", "compound": "true", "archived": "false"})
	checkRow(t, "catalog[0]", all["catalog"][0], map[string]string{"code": "SUP-M", "unit_price": "95.00", "currency": "EUR",
		"default_taxes": "VAT 19%; PST 7.25% (compound)"})

	// Documents: the stored totals are the domain's totals of the lines.
	for _, c := range []struct {
		entity string
		doc    *domain.Document
		extra  map[string]string
	}{
		{"invoices", fx.invoice, map[string]string{"paid": "15.00", "credited": fx.cn.Money(mustTotals(t, fx.cn).Total).Fixed(),
			"from_quote_number": "", "void_reason": "", "po_number": "PO-7", "due_date": fx.invoice.DueDate.String()}},
		{"credit_notes", fx.cn, map[string]string{"credit_for_number": fx.invoice.Number}},
		{"quotes", fx.quote, map[string]string{"number": "", "status": "draft", "valid_until": fx.quote.DueDate.String(), "issued_at": ""}},
	} {
		d, err := b.Documents().FindDocumentByID(ctx, c.doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		tot := mustTotals(t, d)
		want := map[string]string{
			"id": fmt.Sprint(d.ID), "number": d.Number, "status": string(d.Status), "client_id": fmt.Sprint(d.ClientID),
			"client_name": SafeCell(d.ClientName), "issue_date": d.IssueDate.String(), "currency": d.Currency,
			"prices_include_tax": "false", "discount_percent": "0", "discount_amount": d.Money(d.DiscountAmount).Fixed(),
			"rounding_scope": string(d.Rounding.Scope), "rounding_mode": string(d.Rounding.Mode),
			"arithmetic": fmt.Sprint(int(d.TotalsArithmetic())),
			"subtotal":   d.Money(tot.Subtotal).Fixed(), "discount": d.Money(tot.Discount).Fixed(),
			"tax": d.Money(tot.Tax).Fixed(), "total": d.Money(tot.Total).Fixed(),
			"created_at": stamp(d.CreatedAt), "updated_at": stamp(d.UpdatedAt),
		}
		if !d.IssuedAt.IsZero() {
			want["issued_at"] = stamp(d.IssuedAt)
			want["seller_name"], want["seller_payment_info"] = SafeCell(d.Issuer.Name), d.Issuer.PaymentInfo
			want["bill_to_name"], want["bill_to_city"] = SafeCell(d.BillTo.Name), d.BillTo.Address.City
		} else {
			want["seller_name"], want["bill_to_name"], want["bill_to_city"] = "", "", ""
		}
		for k, v := range c.extra {
			want[k] = v
		}
		if len(all[c.entity]) != 1 {
			t.Fatalf("%s: %d rows", c.entity, len(all[c.entity]))
		}
		checkRow(t, c.entity, all[c.entity][0], want)
	}

	// Lines, in document order, with the net the document shows for each.
	var lines []map[string]string
	for _, doc := range []*domain.Document{fx.invoice, fx.cn, fx.quote} {
		d, _ := b.Documents().FindDocumentByID(ctx, doc.ID)
		tot := mustTotals(t, d)
		for i, l := range d.Lines {
			var taxes []string
			for _, tx := range l.Taxes {
				taxes = append(taxes, tx.Label())
			}
			lines = append(lines, map[string]string{
				"id": fmt.Sprint(l.ID), "document_id": fmt.Sprint(d.ID), "document_kind": string(d.Kind),
				"document_number": d.Number, "position": fmt.Sprint(i), "description": SafeCell(l.Description),
				"quantity": l.Quantity.String(), "unit": l.Unit, "unit_price": d.Money(l.UnitPrice).Fixed(),
				"discount_percent": l.DiscountPercent.String(), "taxes": strings.Join(taxes, "; "),
				"line_net": d.Money(tot.Lines[i].Net).Fixed(), "currency": d.Currency, "prices_include_tax": "false",
			})
		}
	}
	if len(lines) != len(all["document_lines"]) {
		t.Fatalf("document_lines: %d rows, the documents have %d lines", len(all["document_lines"]), len(lines))
	}
	for i, want := range lines {
		checkRow(t, fmt.Sprintf("document_lines[%d]", i), all["document_lines"][i], want)
	}
	checkRow(t, "document_lines[0]", all["document_lines"][0], map[string]string{"item_code": "SUP-M",
		"quantity": "1.5", "discount_percent": "10", "line_net": "128.25", "taxes": "VAT 19%; PST 7.25% (compound)"})

	p := fx.payment
	checkRow(t, "payments[0]", all["payments"][0], map[string]string{"id": fmt.Sprint(p.ID), "client_id": fmt.Sprint(fx.evil.ID),
		"date": "2027-03-20", "amount": "20.00", "currency": "EUR", "method": "bank-transfer", "reference": p.Reference,
		"allocated": "15.00", "unallocated": "5.00"})
	checkRow(t, "allocations[0]", all["allocations"][0], map[string]string{"id": fmt.Sprint(p.Allocations[0].ID),
		"payment_id": fmt.Sprint(p.ID), "payment_date": "2027-03-20", "invoice_id": fmt.Sprint(fx.invoice.ID),
		"invoice_number": fx.invoice.Number, "amount": "15.00", "currency": "EUR"})
	checkRow(t, "activities[0]", all["activities"][0], map[string]string{"id": fmt.Sprint(fx.activity.ID),
		"contact_id": fmt.Sprint(fx.evil.Contacts[0].ID), "contact_name": fx.activity.ContactName, "at": "2027-03-01T09:30:00Z",
		"kind": "call", "subject": "'=1+1", "body": fx.activity.Body})
	checkRow(t, "tasks[0]", all["tasks"][0], map[string]string{"id": fmt.Sprint(fx.task.ID), "title": "Chase the rest",
		"due_date": "2027-04-01", "due_time": "09:00", "priority": "high", "client_name": "'" + formula,
		"document_number": fx.invoice.Number, "contract_id": fmt.Sprint(fx.contract.ID), "snoozed_until": "", "done_at": ""})
	k := fx.contract
	checkRow(t, "contracts[0]", all["contracts"][0], map[string]string{"id": fmt.Sprint(k.ID), "title": k.Title,
		"value": "1620.00", "currency": "EUR", "start_date": "2027-01-01", "end_date": "", "cycle": "monthly",
		"timing": "in-advance", "billing_day": "1", "status": string(k.Status), "auto_renew": "false"})
	for i, l := range k.Lines {
		checkRow(t, fmt.Sprintf("contract_lines[%d]", i), all["contract_lines"][i], map[string]string{
			"contract_id": fmt.Sprint(k.ID), "position": fmt.Sprint(i), "description": l.Description,
			"quantity": l.Quantity.String(), "unit_price": money.Money{Amount: l.UnitPrice, Currency: k.Currency}.Fixed(), "taxes": "VAT 19%"})
	}
}

func mustTotals(t *testing.T, d *domain.Document) domain.Totals {
	t.Helper()
	tot, err := d.Totals()
	if err != nil {
		t.Fatal(err)
	}
	return tot
}

// Text a person typed is neutralised wherever it appears; numbers Clientbook
// formats, negative ones included, are written as they are.
func TestExportNeutralisesFormulasButNotNumbers(t *testing.T) {
	fx := exportBook(t)
	lines := exportRows(t, fx.b, "document_lines", domain.ExportFormat{})
	goodwill := lines[1]
	checkRow(t, "goodwill line", goodwill, map[string]string{"description": "'-Goodwill",
		"unit_price": fx.goodwillPrice, "line_net": fx.goodwillPrice})
	for _, name := range []string{"clients", "contacts", "invoices", "payments", "allocations", "activities", "tasks", "contracts"} {
		for _, row := range exportRows(t, fx.b, name, domain.ExportFormat{}) {
			for col, v := range row {
				if strings.HasPrefix(v, "=") || strings.HasPrefix(v, "@") || strings.HasPrefix(v, "+") {
					t.Errorf("%s.%s = %q is not neutralised", name, col, v)
				}
			}
		}
	}
}

// With ';' and a decimal comma every amount, quantity and percent has a
// comma, dates and integers are unchanged, and text keeps its own dots.
func TestExportSemicolonAndDecimalComma(t *testing.T) {
	fx := exportBook(t)
	f := domain.ExportFormat{Delimiter: ';', DecimalComma: true}
	lines := exportRows(t, fx.b, "document_lines", f)
	checkRow(t, "document_lines[0]", lines[0], map[string]string{"quantity": "1,5", "unit_price": "95,00",
		"line_net": "128,25", "discount_percent": "10", "taxes": "VAT 19%; PST 7.25% (compound)", "position": "0"})
	checkRow(t, "document_lines[1]", lines[1], map[string]string{"unit_price": "-12,50", "line_net": "-12,50"})
	checkRow(t, "tax_rates[1]", exportRows(t, fx.b, "tax_rates", f)[1], map[string]string{"percent": "7,25"})
	checkRow(t, "payments[0]", exportRows(t, fx.b, "payments", f)[0], map[string]string{"date": "2027-03-20",
		"amount": "20,00", "allocated": "15,00", "unallocated": "5,00", "reference": "Bank ref 20.00"})

	var buf bytes.Buffer
	for _, bad := range []domain.ExportFormat{{Delimiter: ',', DecimalComma: true}, {DecimalComma: true}, {Delimiter: '\t'}, {Delimiter: '"'}} {
		_, err := fx.b.Export().Export(context.Background(), "clients", &buf, bad, nil)
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("format %+v: err = %v, want EINVALID", bad, err)
		}
	}
	_, err := fx.b.Export().Export(context.Background(), "clients", &buf, domain.ExportFormat{DecimalComma: true}, nil)
	if msg := domain.ErrorMessage(err); !strings.Contains(msg, "decimal comma needs ';'") {
		t.Errorf("decimal comma with ',': %q does not say what to do", msg)
	}
	if buf.Len() != 0 {
		t.Errorf("a refused format wrote %q", buf.String())
	}
}

func TestExportUnknownEntity(t *testing.T) {
	b := openTemp(t)
	var buf bytes.Buffer
	_, err := b.Export().Export(context.Background(), "invoice", &buf, domain.ExportFormat{}, nil)
	if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), "invoices, credit_notes, quotes") {
		t.Errorf("unknown entity: %v", err)
	}
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// ExportAll writes one complete file per entity and a README naming every
// column, and nothing else.
func TestExportAllWritesEveryFileAndReadme(t *testing.T) {
	fx := exportBook(t)
	dir := filepath.Join(t.TempDir(), "export", "2027-03")
	seen := map[string]int{}
	f := domain.ExportFormat{Delimiter: ';', DecimalComma: true}
	err := fx.b.Export().ExportAll(context.Background(), dir, f, func(entity string, rows int) bool {
		seen[entity] = rows
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	entities := fx.b.Export().Entities()
	want := []string{domain.ExportReadme}
	for _, e := range entities {
		want = append(want, e.Name+".csv")
	}
	slices.Sort(want)
	if got := listDir(t, dir); !slices.Equal(got, want) {
		t.Fatalf("files = %q, want %q", got, want)
	}
	readme, err := os.ReadFile(filepath.Join(dir, domain.ExportReadme))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entities {
		data, err := os.ReadFile(filepath.Join(dir, e.Name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows := parseExport(t, e, data, ';')
		if seen[e.Name] != len(rows) {
			t.Errorf("%s: progress last said %d rows, the file has %d", e.Name, seen[e.Name], len(rows))
		}
		if !strings.Contains(string(readme), "\n"+e.Name+".csv\n") {
			t.Errorf("README does not describe %s.csv", e.Name)
		}
		for _, c := range e.Columns {
			if c.Description == "" || !strings.Contains(string(readme), "  "+c.Name+"  ") || !strings.Contains(string(readme), c.Description) {
				t.Errorf("README does not describe %s.%s", e.Name, c.Name)
			}
		}
	}
	if !strings.Contains(string(readme), "semicolon") || !strings.Contains(string(readme), "12,50") {
		t.Error("README does not describe the format used")
	}
}

// A cancelled or failed export leaves the folder as it was: no new file, no
// temporary file, and an earlier export's files untouched.
func TestCancelledExportLeavesNoFile(t *testing.T) {
	fx := exportBook(t)
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "clients.csv")
	if err := os.WriteFile(old, []byte("an earlier export"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, stop := range []string{"clients", "invoices", "contract_lines"} {
		err := fx.b.Export().ExportAll(ctx, dir, domain.ExportFormat{}, func(entity string, rows int) bool {
			return entity != stop || rows == 0
		})
		if !errors.Is(err, domain.ErrCancelled) || domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("cancelled at %s: err = %v", stop, err)
		}
		if got := listDir(t, dir); !slices.Equal(got, []string{"clients.csv"}) {
			t.Errorf("cancelled at %s: the folder holds %q", stop, got)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	err := fx.b.Export().ExportAll(cctx, dir, domain.ExportFormat{}, func(entity string, rows int) bool {
		if entity == "payments" {
			cancel()
		}
		return true
	})
	if !errors.Is(err, domain.ErrCancelled) {
		t.Errorf("context cancelled: err = %v", err)
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"clients.csv"}) {
		t.Errorf("context cancelled: the folder holds %q", got)
	}
	if data, _ := os.ReadFile(old); string(data) != "an earlier export" {
		t.Errorf("the earlier export was changed to %q", data)
	}

	var buf bytes.Buffer
	n, err := fx.b.Export().Export(ctx, "clients", &buf, domain.ExportFormat{}, func(rows int) bool { return false })
	if !errors.Is(err, domain.ErrCancelled) || n != 0 {
		t.Errorf("Export cancelled at once: %d rows, err %v", n, err)
	}
}

// countingWriter counts the bytes written through it.
type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}

// manyClients is a book with n clients.
func manyClients(t testing.TB, n int) *Book {
	b := openTemp(t)
	cs := make([]*domain.Client, n)
	for i := range cs {
		cs[i] = newClient(fmt.Sprintf("Client %05d", i), "Lyon")
		cs[i].Notes = strings.Repeat("x", 100)
	}
	if err := b.Clients().CreateClients(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	return b
}

// A 5,000-client export streams: progress comes every 500 rows, and by then
// those rows have already reached the writer — nothing waits in memory for
// the query to finish.
func TestExportStreams(t *testing.T) {
	b := manyClients(t, 5000)
	var w countingWriter
	var calls []int
	var written []int
	n, err := b.Export().Export(context.Background(), "clients", &w, domain.ExportFormat{}, func(rows int) bool {
		calls = append(calls, rows)
		written = append(written, w.n)
		return true
	})
	if err != nil || n != 5000 {
		t.Fatalf("export: %d rows, %v", n, err)
	}
	var want []int
	for i := 0; i <= 5000; i += exportProgressEvery {
		want = append(want, i)
	}
	if !slices.Equal(calls, want) {
		t.Fatalf("progress calls %v, want %v", calls, want)
	}
	perRow := w.n / 5000
	for i, rows := range calls {
		if written[i] < rows*perRow*9/10 {
			t.Errorf("at %d rows only %d bytes had reached the writer (a row is about %d)", rows, written[i], perRow)
		}
	}
}

// BenchmarkExportClients5k exports 5,000 clients; allocs/op and B/op grow with
// the rows written, never with rows held.
func BenchmarkExportClients5k(b *testing.B) {
	book := manyClients(b, 5000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := book.Export().Export(ctx, "clients", io.Discard, domain.ExportFormat{}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Every export query reads in index or rowid order, so rows stream from the
// cursor without SQLite sorting the table first. (Ordering one row's few tags
// or taxes in group_concat is a sort of those few, not of the table.)
func TestExportQueriesDoNotSort(t *testing.T) {
	b := openTemp(t)
	for _, e := range exports {
		query, _, lookups := e.plan()
		for _, l := range lookups {
			if l == nil {
				continue
			}
			plan := explain(t, b, strings.Replace(l.query, "?", "1", 1))
			if !strings.Contains(plan, "USING INTEGER PRIMARY KEY") || strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("%s looks %s up without its primary key: %s", e.name, l.def.key, plan)
			}
		}
		_, _, _, merged := e.planExprs()
		for _, m := range merged {
			if plan := explain(t, b, m); strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "USING INDEX") {
				t.Errorf("%s reads %q without an index in its order: %s", e.name, m, plan)
			}
		}
		rows, err := b.db.Query("EXPLAIN QUERY PLAN " + query)
		if err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		plan := ""
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan += detail + "; "
		}
		rows.Close()
		if strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") {
			t.Errorf("%s sorts: %s", e.name, plan)
		}
	}
}

// explain is SQLite's query plan of query, its steps joined by "; ".
func explain(t *testing.T, b *Book, query string) string {
	t.Helper()
	rows, err := b.db.Query("EXPLAIN QUERY PLAN " + query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, notused int
		var detail string
		rows.Scan(&id, &parent, &notused, &detail)
		plan += detail + "; "
	}
	return plan
}

// A list written as shown neutralises typed text, keeps our numbers and
// follows the format's decimal comma.
func TestWriteTable(t *testing.T) {
	b := openTemp(t)
	rows := [][]domain.TableCell{
		{domain.TextCell(`=HYPERLINK("http://x","y")`), domain.NumberCell("-12.50"), domain.RawCell("2027-03-01")},
		{domain.TextCell("Ørsted"), domain.NumberCell("1234.5"), domain.RawCell("2027-03-02")},
	}
	i := 0
	next := func() ([]domain.TableCell, bool, error) {
		if i == len(rows) {
			return nil, false, nil
		}
		i++
		return rows[i-1], true, nil
	}
	var buf bytes.Buffer
	n, err := b.Export().WriteTable(&buf, domain.ExportFormat{Delimiter: ';', DecimalComma: true}, []string{"name", "amount", "date"}, next)
	if err != nil || n != 2 {
		t.Fatalf("%d rows, %v", n, err)
	}
	want := "\ufeffname;amount;date\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";-12,50;2027-03-01\r\nØrsted;1234,5;2027-03-02\r\n"
	if got := buf.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// An entity read packed (exportPacking) reads a STRICT table whose columns
// it reads are NOT NULL text or integers, or coalesced: a NULL would drop
// out of concat_ws, and a REAL or BLOB would not be spelt as the column's
// own reading gives it.
func TestPackedExportsReadStrictNotNullColumns(t *testing.T) {
	b := openTemp(t)
	packed := 0
	for _, e := range exports {
		if e.byID == "" {
			continue
		}
		packed++
		table := strings.Fields(strings.TrimPrefix(e.byID, "FROM "))
		name, alias := table[0], table[1]
		var strict int
		if err := b.db.QueryRow(`SELECT strict FROM pragma_table_list WHERE name = ?`, name).Scan(&strict); err != nil || strict != 1 {
			t.Fatalf("%s reads %s packed, which is not STRICT (%v)", e.name, name, err)
		}
		notNull := map[string]bool{}
		rows, err := b.db.Query(`SELECT name, type, "notnull" FROM pragma_table_xinfo(?)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var col, typ string
			var nn bool
			if err := rows.Scan(&col, &typ, &nn); err != nil {
				t.Fatal(err)
			}
			notNull[alias+"."+col] = nn && (typ == "TEXT" || typ == "INTEGER")
		}
		rows.Close()
		for _, c := range e.cols[1:] { // the id is read apart
			if c.via != 0 || c.merge != "" {
				continue
			}
			if !notNull[c.sql] && !strings.HasPrefix(c.sql, "coalesce(") {
				t.Errorf("%s reads %s packed: not a NOT NULL text or integer column", e.name, c.sql)
			}
		}
	}
	if packed == 0 {
		t.Error("no export is read packed")
	}
}
