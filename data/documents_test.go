package data

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// invoicingBook is a book with a client, a VAT rate and a catalog item.
func invoicingBook(t *testing.T) (*Book, *domain.Client, domain.TaxRate) {
	t.Helper()
	b := openTemp(t)
	ctx := context.Background()
	c := newClient("Nordlicht Logistik GmbH", "München")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	vat := domain.TaxRate{Name: "VAT", Percent: dec("19")}
	if err := b.Catalog().CreateTaxRate(ctx, &vat); err != nil {
		t.Fatal(err)
	}
	return b, c, vat
}

func draftFor(c *domain.Client, vat domain.TaxRate, lines ...string) *domain.Document {
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 10))
	for _, l := range lines {
		var desc, qty, price string
		parts := strings.Split(l, "|")
		desc, qty, price = parts[0], parts[1], parts[2]
		d.Lines = append(d.Lines, domain.Line{Description: desc, Quantity: dec(qty), UnitPrice: dec(price),
			Taxes: []domain.TaxLine{vat.Line()}})
	}
	return d
}

func TestCatalogRatesAndItems(t *testing.T) {
	b, _, vat := invoicingBook(t)
	ctx := context.Background()
	cat := b.Catalog()
	if err := cat.CreateTaxRate(ctx, &domain.TaxRate{Name: "vat", Percent: dec("19")}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a second VAT 19%% should be refused, got %v", err)
	}
	if err := cat.CreateTaxRate(ctx, &domain.TaxRate{Name: "", Percent: dec("120")}); len(domain.FieldErrors(err)) != 2 {
		t.Errorf("empty name and 120%% should give two field errors, got %v", err)
	}
	price, _ := money.Parse("95.00", "EUR")
	it := &domain.Item{Code: "SUP-M", Name: "Support, monthly", Unit: "month", UnitPrice: price, TaxRateIDs: []int64{vat.ID}}
	if err := cat.CreateItem(ctx, it); err != nil {
		t.Fatal(err)
	}
	dupe := &domain.Item{Code: "sup-m", Name: "Other", UnitPrice: price}
	if err := cat.CreateItem(ctx, dupe); !strings.Contains(domain.FieldErrors(err)["code"], "already used") {
		t.Errorf("a code differing only in case should be refused, got %v", err)
	}
	if err := cat.CreateItem(ctx, &domain.Item{Code: "X", Name: "X", UnitPrice: price, TaxRateIDs: []int64{999}}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown tax rate should be refused, got %v", err)
	}
	got, err := cat.FindItems(ctx, domain.ItemFilter{Search: "support"})
	if err != nil || len(got) != 1 || !got[0].UnitPrice.Equal(price) || len(got[0].TaxRateIDs) != 1 || got[0].TaxRateIDs[0] != vat.ID {
		t.Fatalf("search found %+v, %v", got, err)
	}
	it.Archived = true
	if err := cat.UpdateItem(ctx, it); err != nil {
		t.Fatal(err)
	}
	if got, _ := cat.FindItems(ctx, domain.ItemFilter{}); len(got) != 0 {
		t.Errorf("archived items are not offered: %+v", got)
	}
	if got := auditRows(t, b, "item", it.ID); strings.Join(got, ",") != "create,update" {
		t.Errorf("item audit rows %v", got)
	}
}

func TestCompanySettingsRoundTrip(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	co, err := b.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	def := domain.DefaultCompany()
	if co.Numbering[domain.KindInvoice] != def.Numbering[domain.KindInvoice] || co.Rounding != def.Rounding || co.DefaultTerms != def.DefaultTerms {
		t.Errorf("a new book's settings %+v differ from the defaults %+v", co, def)
	}
	co.Name = "Łukasz Consulting"
	co.Numbering[domain.KindInvoice] = domain.NumberSeries{Pattern: "R{YY}/{SEQ:3}", YearlyReset: true}
	co.Logo = []byte{0x89, 'P', 'N', 'G'}
	if err := b.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	got, _ := b.Company().Company(ctx)
	if got.Name != co.Name || got.Numbering[domain.KindInvoice].Pattern != "R{YY}/{SEQ:3}" || len(got.Logo) != 4 {
		t.Errorf("read back %+v", got)
	}
	bad := got
	bad.Numbering = map[domain.DocKind]domain.NumberSeries{domain.KindInvoice: {Pattern: "INV-{SEQ}", YearlyReset: true},
		domain.KindQuote: got.Numbering[domain.KindQuote], domain.KindCreditNote: got.Numbering[domain.KindCreditNote]}
	if err := b.Company().SaveCompany(ctx, &bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a yearly reset without a year in the pattern must be refused, got %v", err)
	}
	if again, _ := b.Company().Company(ctx); again.Numbering[domain.KindInvoice].Pattern != "R{YY}/{SEQ:3}" {
		t.Error("a refused save changed the settings")
	}
}

func TestDraftRoundTripAndTotals(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	d := draftFor(c, vat, "Consulting, März|7.5|120.00", "Travel|1|89.99")
	d.Lines[0].DiscountPercent = dec("10")
	d.PONumber = "PO-4711"
	if err := docs.CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, err := docs.FindDocumentByID(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := d.Totals()
	have, _ := got.Totals()
	// 7.5 × 120 = 900 − 10 % = 810.00; + 89.99 = 899.99; VAT 19 %: 153.90 + 17.10 = 171.00; total 1,070.99.
	if !have.Total.Equal(dec("1070.99")) || !have.Total.Equal(want.Total) || !have.Tax.Equal(dec("171.00")) {
		t.Fatalf("totals read back %v / tax %v, want 1070.99 / 171.00", have.Total, have.Tax)
	}
	if got.Status != domain.DocDraft || got.Number != "" || got.ClientName != c.Name || got.PONumber != "PO-4711" ||
		len(got.Lines) != 2 || got.Lines[0].Description != "Consulting, März" || !got.Lines[0].Quantity.Equal(dec("7.5")) ||
		len(got.Lines[1].Taxes) != 1 || got.Lines[1].Taxes[0].Name != "VAT" {
		t.Fatalf("read back %+v", got)
	}
	rows, err := docs.FindDocuments(ctx, domain.DocumentFilter{Search: "nordlicht"})
	if err != nil || len(rows) != 1 || !rows[0].Total.Amount.Equal(dec("1070.99")) {
		t.Fatalf("list by client name: %+v %v", rows, err)
	}
	if rows, _ := docs.FindDocuments(ctx, domain.DocumentFilter{Search: "po-4711"}); len(rows) != 1 {
		t.Error("search by PO number found nothing")
	}
	// A bad edit is refused and leaves the draft as it was.
	got.Lines[0].Quantity = dec("1.0000001")
	got.Lines[1].Description = " "
	err = docs.UpdateDraft(ctx, got)
	if fe := domain.FieldErrors(err); fe["lines.0.quantity"] == "" || fe["lines.1.description"] == "" {
		t.Fatalf("bad lines: %v", err)
	}
	again, _ := docs.FindDocumentByID(ctx, d.ID)
	if !again.Lines[0].Quantity.Equal(dec("7.5")) || again.Lines[1].Description != "Travel" {
		t.Error("a refused update changed the draft")
	}
	if err := docs.CreateDraft(ctx, &domain.Document{Kind: domain.KindInvoice, ClientID: 9999, Currency: "EUR",
		IssueDate: domain.NewDate(2027, 1, 1)}); domain.FieldErrors(err)["client"] == "" {
		t.Errorf("an unknown client should be reported at the client field, got %v", err)
	}
}

func TestIssueNumbersLocksAndSnapshots(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	d := draftFor(c, vat, "Support|1|100.00")
	if err := docs.CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, findings, err := docs.Issue(ctx, d.ID, domain.IssueOptions{})
	if err != nil {
		t.Fatalf("issue: %v %v", err, findings)
	}
	if inv.Number != "INV-2027-00001" || inv.Status != domain.DocIssued || inv.BillTo == nil || inv.BillTo.Address.City != "München" {
		t.Fatalf("issued %+v", inv)
	}
	// The client moves; the issued invoice still shows where it was sent.
	c.Billing.City = "Hamburg"
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, _ := docs.FindDocumentByID(ctx, d.ID)
	if got.BillTo.Address.City != "München" {
		t.Errorf("the issued invoice's address changed to %q", got.BillTo.Address.City)
	}
	// The service refuses to edit or delete it…
	got.Lines[0].UnitPrice = dec("1.00")
	if err := docs.UpdateDraft(ctx, got); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("updating an issued invoice: %v", err)
	}
	if err := docs.DeleteDraft(ctx, d.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("deleting an issued invoice: %v", err)
	}
	// …and so does the schema, whatever SQL is tried.
	for _, q := range []string{
		`UPDATE documents SET total_minor = 1 WHERE id = ?`,
		`UPDATE documents SET status = 'draft', number = NULL WHERE id = ?`,
		`UPDATE document_lines SET unit_price_minor = 1 WHERE document_id = ?`,
		`DELETE FROM document_lines WHERE document_id = ?`,
		`INSERT INTO document_lines (document_id, position, description, quantity, unit_price_minor) VALUES (?, 9, 'x', '1', 1)`,
		`UPDATE line_taxes SET percent = '0' WHERE line_id IN (SELECT id FROM document_lines WHERE document_id = ?)`,
		`DELETE FROM documents WHERE id = ?`,
	} {
		if _, err := b.db.Exec(q, d.ID); !isLocked(err) {
			t.Errorf("%s: got %v, want the lock trigger", q, err)
		}
	}
	after, _ := docs.FindDocumentByID(ctx, d.ID)
	if t1, _ := after.Totals(); !t1.Total.Equal(dec("119.00")) {
		t.Errorf("the issued total is now %v", t1.Total)
	}
	if got := auditRows(t, b, "document", d.ID); strings.Join(got, ",") != "create,issue" {
		t.Errorf("audit %v", got)
	}
	// The client now has history.
	if err := b.Clients().DeleteClient(ctx, c.ID); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "make the client inactive") {
		t.Errorf("deleting a client with an invoice: %v", err)
	}
}

func TestVerificationBlocksAndWarns(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	c.RequiresPO = true
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := draftFor(c, vat, "Support|1|100.00")
	if err := docs.CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	_, fs, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err == nil || len(fs) == 0 || fs[0].Code != "po-missing" {
		t.Fatalf("a missing PO must block: %v %v", err, fs)
	}
	d.PONumber = "PO-1"
	if err := docs.UpdateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := docs.Issue(ctx, d.ID, domain.IssueOptions{}); err != nil {
		t.Fatal(err)
	}
	// Same PO and same total within 14 days: two warnings that need confirming.
	d2 := draftFor(c, vat, "Support|1|100.00")
	d2.PONumber = "po-1"
	d2.IssueDate = domain.NewDate(2027, 3, 20)
	if err := docs.CreateDraft(ctx, d2); err != nil {
		t.Fatal(err)
	}
	_, fs, err = docs.Issue(ctx, d2.ID, domain.IssueOptions{})
	codes := []string{}
	for _, f := range fs {
		codes = append(codes, f.Code)
	}
	if err == nil || !strings.Contains(strings.Join(codes, ","), "po-reused") || !strings.Contains(strings.Join(codes, ","), "duplicate") {
		t.Fatalf("want po-reused and duplicate warnings blocking, got %v %v", codes, err)
	}
	if n, _ := docs.CountDocuments(ctx, domain.DocumentFilter{Status: domain.DocIssued}); n != 1 {
		t.Fatal("a blocked issue issued anyway")
	}
	inv, _, err := docs.Issue(ctx, d2.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil || inv.Number != "INV-2027-00002" {
		t.Fatalf("confirmed issue: %v %v", inv, err)
	}
	// Credit limit 2,500: a third invoice of 2,400 + VAT with 238 open warns.
	d3 := draftFor(c, vat, "Project|1|2400.00")
	d3.PONumber = "PO-3"
	if err := docs.CreateDraft(ctx, d3); err != nil {
		t.Fatal(err)
	}
	fs, _ = docs.Verify(ctx, d3.ID)
	if len(fs) != 1 || fs[0].Code != "credit-limit" {
		t.Errorf("want the credit-limit warning, got %+v", fs)
	}
}

// A blocked issue must not use up a number: the next one issued gets it.
func TestFailedIssueLeavesNoGap(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	bad := draftFor(c, vat, "Nothing|0|100.00")
	good := draftFor(c, vat, "Support|1|100.00")
	for _, d := range []*domain.Document{bad, good} {
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := docs.Issue(ctx, bad.ID, domain.IssueOptions{AcceptWarnings: true}); err == nil {
		t.Fatal("a zero-quantity line must block")
	}
	inv, _, err := docs.Issue(ctx, good.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil || inv.Number != "INV-2027-00001" {
		t.Fatalf("got %v %v, want INV-2027-00001", inv, err)
	}
}

func TestConcurrentIssuingHasNoGapsOrDuplicates(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	const n = 40
	ids := make([]int64, n)
	for i := range ids {
		d := draftFor(c, vat, fmt.Sprintf("Work %d|1|%d.00", i, 10+i))
		d.IssueDate = domain.NewDate(2027, 1, 1+i%28)
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids[i] = d.ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 2 {
				if _, _, err := docs.Issue(ctx, ids[i], domain.IssueOptions{AcceptWarnings: true}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	rows, _ := docs.FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice})
	for _, r := range rows {
		seen[r.Number] = true
	}
	for i := 1; i <= n; i++ {
		if want := fmt.Sprintf("INV-2027-%05d", i); !seen[want] {
			t.Errorf("%s is missing", want)
		}
	}
	if len(seen) != n {
		t.Errorf("%d distinct numbers for %d invoices", len(seen), n)
	}
}

func TestYearlyResetAndSeriesPerKind(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	issue := func(kind domain.DocKind, date domain.Date) string {
		t.Helper()
		d := draftFor(c, vat, "Work|1|10.00")
		d.Kind, d.IssueDate, d.DueDate = kind, date, date.AddDays(30)
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, fs, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err, fs)
		}
		return got.Number
	}
	got := []string{
		issue(domain.KindInvoice, domain.NewDate(2027, 12, 31)),
		issue(domain.KindQuote, domain.NewDate(2027, 12, 31)),
		issue(domain.KindInvoice, domain.NewDate(2028, 1, 1)),
		issue(domain.KindInvoice, domain.NewDate(2028, 1, 2)),
	}
	want := []string{"INV-2027-00001", "QUO-2027-0001", "INV-2028-00001", "INV-2028-00002"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("numbers %v, want %v", got, want)
	}
}

func TestCreditNotesVoidDuplicateAndQuotes(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	d := draftFor(c, vat, "Support|1|100.00", "Licence|2|50.00")
	if err := docs.CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := docs.Issue(ctx, d.ID, domain.IssueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Credit the second line: 100.00 + 19 % = 119.00.
	cn, err := docs.CreditNote(ctx, inv.ID, []int64{inv.Lines[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	if cn.Kind != domain.KindCreditNote || cn.CreditFor != inv.ID || len(cn.Lines) != 1 {
		t.Fatalf("credit note %+v", cn)
	}
	cnIssued, fs, err := docs.Issue(ctx, cn.ID, domain.IssueOptions{})
	if err != nil || cnIssued.Number != fmt.Sprintf("CN-%d-0001", domain.Today().Year) {
		t.Fatalf("issue credit note: %v %v %v", cnIssued, fs, err)
	}
	// A full credit on top would credit more than the invoice: refused.
	full, err := docs.CreditNote(ctx, inv.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, fs, err := docs.Issue(ctx, full.ID, domain.IssueOptions{AcceptWarnings: true}); err == nil || fs[0].Code != "over-credit" {
		t.Errorf("over-crediting: %v %v", fs, err)
	}
	if err := docs.DeleteDraft(ctx, full.ID); err != nil {
		t.Fatal(err)
	}
	// Voiding a credited invoice needs the credit voided first; a reason is required.
	if err := docs.Void(ctx, inv.ID, " "); domain.FieldErrors(err)["reason"] == "" {
		t.Errorf("void without reason: %v", err)
	}
	if err := docs.Void(ctx, inv.ID, "sent to the wrong client"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("void a credited invoice: %v", err)
	}
	if err := docs.Void(ctx, cnIssued.ID, "issued by mistake"); err != nil {
		t.Fatal(err)
	}
	if err := docs.Void(ctx, inv.ID, "sent to the wrong client"); err != nil {
		t.Fatal(err)
	}
	v, _ := docs.FindDocumentByID(ctx, inv.ID)
	if v.Status != domain.DocVoid || v.Number != inv.Number || v.VoidReason != "sent to the wrong client" {
		t.Errorf("voided %+v", v)
	}
	// Duplicate as a new draft for repeat billing.
	dup, err := docs.Duplicate(ctx, inv.ID, domain.NewDate(2027, 4, 10))
	if err != nil || dup.Status != domain.DocDraft || dup.Number != "" || len(dup.Lines) != 2 || dup.IssueDate != domain.NewDate(2027, 4, 10) {
		t.Fatalf("duplicate %+v %v", dup, err)
	}
	// A quote: issue, accept, convert once.
	q := draftFor(c, vat, "Audit|3|400.00")
	q.Kind = domain.KindQuote
	if err := docs.CreateDraft(ctx, q); err != nil {
		t.Fatal(err)
	}
	if _, err := docs.ConvertQuote(ctx, q.ID, domain.NewDate(2027, 4, 1)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("converting a draft quote: %v", err)
	}
	if _, _, err := docs.Issue(ctx, q.ID, domain.IssueOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := docs.SetQuoteStatus(ctx, q.ID, domain.DocAccepted); err != nil {
		t.Fatal(err)
	}
	conv, err := docs.ConvertQuote(ctx, q.ID, domain.NewDate(2027, 4, 1))
	if err != nil || conv.Kind != domain.KindInvoice || conv.FromQuote != q.ID || conv.DueDate != domain.NewDate(2027, 5, 1) {
		t.Fatalf("converted %+v %v", conv, err)
	}
	if _, err := docs.ConvertQuote(ctx, q.ID, domain.NewDate(2027, 4, 1)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("converting twice: %v", err)
	}
	if got := auditRows(t, b, "document", q.ID); strings.Join(got, ",") != "create,issue,accepted" {
		t.Errorf("quote audit %v", got)
	}
}

func TestClientSummary(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	for _, price := range []string{"100.00", "250.00", "40.00"} {
		d := draftFor(c, vat, "Work|1|"+price)
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if price != "40.00" {
			if _, _, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, _ := docs.FindDocuments(ctx, domain.DocumentFilter{Status: domain.DocIssued})
	cn, err := docs.CreditNote(ctx, rows[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := docs.Issue(ctx, cn.ID, domain.IssueOptions{}); err != nil {
		t.Fatal(err)
	}
	sum, err := docs.ClientSummary(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Issued 119.00 + 297.50, credited one of them in full (rows are newest first: 297.50): 119.00 left.
	if sum.Invoices != 2 || sum.CreditNotes != 1 || sum.Drafts != 1 || len(sum.Invoiced) != 1 ||
		sum.Invoiced[0].String() != "119.00 EUR" || sum.LastIssued != domain.NewDate(2027, 3, 10) {
		t.Errorf("summary %+v", sum)
	}
}

// TestCatalogPagesByKey reads the catalog page by page, each after the
// last item of the one before, in every order, both ways, with and without
// the archived items and with a search: the same items in the same order as
// one unpaged read, ties (one unit, one price, names in two cases) included.
func TestCatalogPagesByKey(t *testing.T) {
	b, _, _ := invoicingBook(t)
	ctx := context.Background()
	cat := b.Catalog()
	units := []string{"hour", "Hour", "month", ""}
	for i := 0; i < 14; i++ {
		price, _ := money.Parse(fmt.Sprintf("%d.00", 10+i%3), []string{"EUR", "CHF"}[i%2])
		name := fmt.Sprintf("Support %c", 'a'+rune(i%5))
		if i%4 == 0 {
			name = strings.ToUpper(name)
		}
		it := &domain.Item{Code: fmt.Sprintf("C-%02d", 13-i), Name: name, Unit: units[i%len(units)], UnitPrice: price, Archived: i%6 == 5}
		if err := cat.CreateItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	for _, base := range []domain.ItemFilter{{}, {IncludeArchived: true}, {Search: "support b", IncludeArchived: true}} {
		for _, so := range []string{"", "name", "code", "unit", "price"} {
			for _, desc := range []bool{false, true} {
				f := base
				f.Sort, f.Desc = so, desc
				all, err := cat.FindItems(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var want, got []int64
				for _, it := range all {
					want = append(want, it.ID)
				}
				f.Limit = 4
				for len(got) <= len(want) {
					page, err := cat.FindItems(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					for _, it := range page {
						got = append(got, it.ID)
					}
					if len(page) < f.Limit {
						break
					}
					f.After, f.Offset = page[len(page)-1].ID, len(got)
				}
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%+v sorted %q desc %v: by key %v, unpaged %v", base, so, desc, got, want)
				}
			}
		}
	}
}
