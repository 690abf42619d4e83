package data

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"strings"
	"testing"

	"clientbook/domain"
)

// attachments reads an .eml back and returns its attachments' content types
// and contents by file name.
func attachments(t *testing.T, path string) (types map[string]string, files map[string][]byte) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	mr := multipart.NewReader(msg.Body, params["boundary"])
	types, files = map[string]string{}, map[string][]byte{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return types, files
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.FileName() == "" {
			continue
		}
		types[p.FileName()], _, _ = mime.ParseMediaType(p.Header.Get("Content-Type"))
		files[p.FileName()], _ = io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
	}
}

// TestRemindersCarryTheClientsEInvoice: a reminder to a client who receives
// e-invoices attaches the invoice's in the client's format — the CII beside
// the PDF, or the Factur-X PDF in its place — and one its rules refuse is
// not sent, with the reasons.
func TestRemindersCarryTheClientsEInvoice(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	co, _ := b.Company().Company(ctx)
	co.VATID = "GB123456789"
	if err := b.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	rate := &domain.TaxRate{Name: "VAT", Percent: dec("20"), VAT: domain.VATClass{Category: domain.VATStandard}}
	if err := b.Catalog().CreateTaxRate(ctx, rate); err != nil {
		t.Fatal(err)
	}
	c.EInvoice = domain.EInvoiceCII
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day("2027-03-01"))
	d.DueDate = day("2027-03-31")
	d.Lines = []domain.Line{{Description: "Hosting", Quantity: dec("1"), Unit: "month", UnitPrice: dec("1000"), Taxes: []domain.TaxLine{rate.Line()}}}
	if err := b.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, fs, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatalf("issue: %v %v", err, fs)
	}
	run := runReminders(t, b, "2027-05-01")
	if len(run.Made) != 1 {
		t.Fatalf("made %q", made(run))
	}
	m := run.Made[0].Message

	path, err := b.Outbox().SaveEML(ctx, m.ID, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	types, files := attachments(t, path)
	got, _ := b.Outbox().FindMessageByID(ctx, m.ID)
	if names := got.AttachmentNames(); len(names) != len(types) || types[names[0]] == "" || types[names[1]] == "" {
		t.Errorf("the outbox says it attaches %v, the message has %v", names, types)
	}
	if types["INV-2027-00001.pdf"] != "application/pdf" || types["INV-2027-00001-cii.xml"] != "application/xml" ||
		!bytes.Contains(files["INV-2027-00001-cii.xml"], []byte("<ram:GrandTotalAmount>1200.00</ram:GrandTotalAmount>")) {
		t.Errorf("attachments %v", types)
	}

	c.EInvoice = domain.EInvoiceFacturX
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	path, err = b.Outbox().SaveEML(ctx, m.ID, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	types, files = attachments(t, path)
	if len(types) != 1 || !bytes.Contains(files["INV-2027-00001.pdf"], []byte("/AFRelationship /Data")) {
		t.Errorf("the Factur-X PDF is not the attachment: %v", types)
	}

	// Peppol needs electronic addresses the book lacks: the reminder waits.
	c.EInvoice = domain.EInvoiceUBL
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Outbox().SaveEML(ctx, m.ID, t.TempDir()); domain.ErrorCode(err) != domain.EINVALID ||
		!strings.Contains(domain.ErrorMessage(err), "PEPPOL-EN16931-R020") {
		t.Errorf("a UBL the rules refuse: %v", err)
	}
}
