package data

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// exportService implements domain.ExportService over the book. Each entity is
// one SQL query read row by row straight into the CSV writer: nothing is
// collected in memory, however large the book.
type exportService struct{ b *Book }

var _ domain.ExportService = (*exportService)(nil)

// Export writes the book's records as CSV files.
func (b *Book) Export() domain.ExportService { return &exportService{b} }

// exportProgressEvery is how many rows pass between two progress reports.
const exportProgressEvery = 500

// valueKind says how a stored value becomes a CSV cell.
type valueKind int

const (
	// textValue is text a person typed (or a code word such as a status):
	// a Text cell, neutralised if a spreadsheet would run it as a formula.
	textValue valueKind = iota
	// plainValue is an integer, a YYYY-MM-DD date or an HH:MM time, stored as
	// Clientbook wrote it: a Raw cell, empty for NULL.
	plainValue
	// boolValue is 0 or 1, written true or false.
	boolValue
	// amountValue is integer minor units in the row's currency column,
	// written with exactly the currency's decimals.
	amountValue
	// decimalValue is an exact decimal stored as text (a quantity, a percent).
	decimalValue
	// timestampValue is an RFC 3339 instant, written in UTC with the
	// fraction of a second it was stored with (none when it has none), so an
	// import gives back the same instant; empty stays empty.
	timestampValue
	// taxesValue is a JSON array of {name, percent, compound} objects,
	// written as the taxes' labels joined by "; ".
	taxesValue
	// lineNetValue is "QUANTITY PRICE_MINOR DISCOUNT_PERCENT ROUNDING_MODE"
	// of a document line, written as the line's net amount.
	lineNetValue
	// base64Value is a blob (the company's logo), written in standard
	// base64; NULL is empty.
	base64Value
)

// exportColumn is one column of an export: its header and description, the
// SQL expression it is read from and how it is written.
type exportColumn struct {
	name, desc string
	sql        string
	kind       valueKind
	// via, when not zero, is 1 + the index of the entity's lookup that
	// reads sql (over the lookup's table) instead of the entity's query.
	via int
	// merge, when not empty, is a query of each row's value of sql by the
	// row's id (the entity's first column), ids ascending, with no row for
	// an id whose value is 0: read beside the rows, which come in id order,
	// instead of sql for every row (see exportMerge).
	merge string
}

// exportLookup reads columns that many rows of an export share — the
// snapshot of a document's parties, the client's name — once per key, by a
// query of its own, and keeps them for the rows after: the same values a
// join would give (join, which the tests run beside it), without SQLite
// evaluating them again for every row.
type exportLookup struct {
	// key is the SQL, in the entity's query, of the key: an integer id, or
	// NULL for none (every column empty).
	key string
	// table is the table looked in with its alias, id the SQL of its
	// integer primary key.
	table, id string
	// join is the JOIN clause the lookup stands for in the entity's query.
	join string
}

// exportEntity is one exported file: its columns and the FROM clause (with
// any WHERE and the ORDER BY) of its query.
type exportEntity struct {
	name, desc string
	cols       []exportColumn
	from       string
	currency   int // index of the "currency" column, or -1
	// lookups read the columns whose via is not zero; see exportLookup.
	lookups []exportLookup
	// byID, when not empty, is the FROM clause (with a WHERE on the id as
	// ?) that reads one row of the query by its id, the first column; the
	// query then reads each row's other values joined into one text (see
	// exportPacking).
	byID string
}

func col(kind valueKind, name, sql, desc string) exportColumn {
	return exportColumn{name: name, desc: desc, sql: sql, kind: kind}
}

// lookupCol is c read by the entity's lookup via (1 for the first).
func lookupCol(via int, c exportColumn) exportColumn {
	c.via = via
	return c
}

// mergedCol is c read by the query merge (see exportColumn.merge).
func mergedCol(c exportColumn, merge string) exportColumn {
	c.merge = merge
	return c
}

// partyColumns are the columns of a snapshot of a document's party (the JSON
// of a domain.Party in column json), each named prefix + the field: empty for
// a draft, which has none.
func partyColumns(prefix, json, who string, payment bool, via int) []exportColumn {
	field := func(name, path, desc string) exportColumn {
		c := col(textValue, prefix+name, "coalesce(json_extract("+json+", '$."+path+"'), '')", desc)
		c.via = via
		return c
	}
	cols := []exportColumn{
		field("name", "Name", "The name of "+who+" as printed when it was issued; empty for a draft."),
		field("tax_id", "TaxID", "The tax or VAT number of "+who+" as printed."),
		field("email", "Email", "The email address of "+who+" as printed."),
		field("phone", "Phone", "The phone number of "+who+" as printed."),
		field("address_line1", "Address.Line1", "The address of "+who+" as printed, first line."),
		field("address_line2", "Address.Line2", "The address of "+who+" as printed, second line."),
		field("city", "Address.City", "The address of "+who+" as printed, city."),
		field("region", "Address.Region", "The address of "+who+" as printed, region or state."),
		field("postal_code", "Address.PostalCode", "The address of "+who+" as printed, postal code."),
		field("country", "Address.Country", "The address of "+who+" as printed, country."),
		field("vat_id", "VATID", "The VAT identifier of "+who+" as issued, for e-invoices."),
		field("endpoint_id", "EndpointID", "The electronic address of "+who+" as issued (e.g. a Peppol participant ID)."),
		field("endpoint_scheme", "EndpointScheme", "The EAS scheme of the electronic address of "+who+"."),
	}
	if payment {
		cols = append(cols, field("payment_info", "PaymentInfo", "The bank details printed on it."),
			field("iban", "IBAN", "The IBAN it asked to be paid into, for e-invoices."),
			field("bic", "BIC", "The BIC of that account."))
	}
	return cols
}

// taxesOf is the SQL of a taxesValue column over the tax snapshots in table
// (line_taxes or contract_line_taxes) of the line with id lineID.
func taxesOf(table, lineID string) string {
	return `(SELECT json_group_array(json_object('name', t.name, 'percent', t.percent, 'compound', t.compound) ORDER BY t.position)
		FROM ` + table + ` t WHERE t.line_id = ` + lineID + `)`
}

// exports lists every entity in the order ExportAll writes them.
var exports = exportEntities()

func exportEntities() []exportEntity {
	stamps := func(table string) []exportColumn {
		return []exportColumn{
			col(timestampValue, "created_at", table+".created_at", "When the record was created."),
			col(timestampValue, "updated_at", table+".updated_at", "When the record was last changed."),
		}
	}
	documents := func(kind domain.DocKind, name, desc string) exportEntity {
		cols := []exportColumn{
			col(plainValue, "id", "d.id", "The document's id; document_lines.document_id refers to it."),
			col(textValue, "number", "coalesce(d.number, '')", "The document number; empty for a draft."),
			col(textValue, "status", "d.status", statusesOf(kind)),
			col(plainValue, "client_id", "d.client_id", "The client (clients.id)."),
			lookupCol(1, col(textValue, "client_name", "c.name", "The client's name as it is now; an issued document keeps the name it was addressed to.")),
			col(plainValue, "issue_date", "d.issue_date", "The issue date."),
		}
		if kind == domain.KindQuote {
			cols = append(cols, col(plainValue, "valid_until", "d.due_date", "The last day the quote may be accepted; empty if open."))
		} else {
			cols = append(cols, col(plainValue, "due_date", "d.due_date", "The day payment is due; empty when due on issue."))
		}
		cols = append(cols,
			col(textValue, "po_number", "d.po_number", "The client's purchase-order number."),
			col(textValue, "buyer_reference", "d.buyer_reference", "The reference the client asked e-invoices to quote (EN 16931 BT-10)."),
			col(textValue, "reference", "d.reference", "Our reference."),
			col(textValue, "currency", "d.currency", "The ISO 4217 currency of every amount in the row."),
			col(boolValue, "prices_include_tax", "d.tax_inclusive", "Whether the unit prices include the line's taxes."),
			col(decimalValue, "discount_percent", "d.discount_percent", "The document discount as a percent of the subtotal, as entered (0 for none)."),
			col(amountValue, "discount_amount", "d.discount_minor", "The document discount as a fixed amount, as entered (0 for none or a percent); including tax when prices_include_tax."),
			col(textValue, "rounding_scope", "d.rounding_scope", "per-line or per-document: where amounts are rounded to the currency."),
			col(textValue, "rounding_mode", "d.rounding_mode", "half-up or half-even: how an exact half is rounded."),
			col(plainValue, "arithmetic", "d.arithmetic", "The version of Clientbook's totals rules it is computed by: 1 or 2 (drafts always the latest)."),
			col(amountValue, "subtotal", "d.subtotal_minor", "The sum of the line nets, before the document discount, excluding tax."),
			col(amountValue, "discount", "d.discount_total_minor", "The document discount, excluding tax."),
			col(amountValue, "tax", "d.tax_minor", "The total tax."),
			col(amountValue, "total", "d.total_minor", "What the document is for: subtotal − discount + tax."),
		)
		switch kind {
		case domain.KindInvoice:
			cols = append(cols,
				mergedCol(col(amountValue, "paid", "(SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.document_id = d.id)",
					"The part of payments allocated to the invoice."),
					`SELECT document_id, sum(amount_minor) FROM allocations GROUP BY document_id ORDER BY document_id`),
				mergedCol(col(amountValue, "credited", "(SELECT coalesce(sum(k.total_minor), 0) FROM documents k WHERE k.credit_for = d.id AND k.status = 'issued')",
					"The total of the issued credit notes correcting it."),
					`SELECT credit_for, sum(total_minor) FROM documents WHERE credit_for IS NOT NULL AND status = 'issued'
						GROUP BY credit_for ORDER BY credit_for`),
				lookupCol(4, col(textValue, "from_quote_number", "coalesce(q.number, '')",
					"The quote the invoice was made from, if any.")),
			)
		case domain.KindCreditNote:
			cols = append(cols, lookupCol(4, col(textValue, "credit_for_number", "coalesce(q.number, '')",
				"The invoice the credit note corrects.")))
		}
		if kind != domain.KindQuote {
			cols = append(cols, col(textValue, "void_reason", "d.void_reason", "Why it was voided; empty unless void."))
		}
		cols = append(cols,
			col(textValue, "notes", "d.notes", "Notes printed on the document."),
			col(textValue, "terms", "d.terms", "Terms printed on the document."),
			col(timestampValue, "issued_at", "d.issued_at", "When it was issued; empty for a draft."),
		)
		cols = append(cols, partyColumns("seller_", "iss.json", "the company it is from", true, 2)...)
		cols = append(cols, partyColumns("bill_to_", "bt.json", "the client it is addressed to", false, 3)...)
		cols = append(cols, stamps("d")...)
		// The unary + keeps SQLite from reading through an index on kind and
		// then sorting by id: it walks the table in id order and skips the
		// other kinds, so rows stream without a sort.
		// The client's name, the two party snapshots and the number of the
		// quote (or invoice) it refers to are looked up once per id rather
		// than joined into every row: a book has far fewer clients and
		// parties than documents, and SQLite would otherwise take each
		// snapshot's JSON apart again for every one of them.
		quote := "d.from_quote"
		if kind == domain.KindCreditNote {
			quote = "d.credit_for"
		}
		// documents is a STRICT table whose columns read here are all NOT
		// NULL text or integers (or coalesced), so each row's values are
		// read joined into one text; see exportPacking.
		return exportEntity{name: name, desc: desc, cols: cols,
			from: `FROM documents d WHERE +d.kind = '` + string(kind) + `' ORDER BY d.id`,
			byID: `FROM documents d WHERE d.id = ?`,
			lookups: []exportLookup{
				{key: "d.client_id", table: "clients c", id: "c.id", join: "JOIN clients c ON c.id = d.client_id"},
				{key: "d.issuer_party", table: "parties iss", id: "iss.id", join: "LEFT JOIN parties iss ON iss.id = d.issuer_party"},
				{key: "d.bill_to_party", table: "parties bt", id: "bt.id", join: "LEFT JOIN parties bt ON bt.id = d.bill_to_party"},
				{key: quote, table: "documents q", id: "q.id", join: "LEFT JOIN documents q ON q.id = " + quote},
			}}
	}
	series := func(kind domain.DocKind, name string) []exportColumn {
		return []exportColumn{
			col(textValue, name+"_numbers", "coalesce((SELECT pattern FROM number_series WHERE kind = '"+string(kind)+"'), '')",
				"How "+name+"s are numbered: {YYYY} or {YY} the year, {MM} the month, {SEQ:n} the sequence in n digits."),
			col(boolValue, name+"_numbers_restart_yearly", "(SELECT yearly_reset FROM number_series WHERE kind = '"+string(kind)+"')",
				"Whether the "+name+" sequence starts again at 1 each year."),
		}
	}
	return []exportEntity{
		{
			name: "clients", desc: "Every client, one row each.",
			cols: append([]exportColumn{
				col(plainValue, "id", "id", "The client's id; client_id in the other files refers to it."),
				col(textValue, "name", "name", "The client's name."),
				col(textValue, "status", "status", "prospect, active or inactive."),
				col(textValue, "industry", "industry", "The client's industry."),
				col(textValue, "tax_id", "tax_id", "The client's tax or VAT number."),
				col(textValue, "billing_line1", "billing_line1", "Billing address, first line."),
				col(textValue, "billing_line2", "billing_line2", "Billing address, second line."),
				col(textValue, "billing_city", "billing_city", "Billing address, city."),
				col(textValue, "billing_region", "billing_region", "Billing address, region or state."),
				col(textValue, "billing_postal_code", "billing_postal_code", "Billing address, postal code."),
				col(textValue, "billing_country", "billing_country", "Billing address, country."),
				col(plainValue, "payment_terms_days", "payment_terms_days", "Days the client has to pay an invoice."),
				col(textValue, "currency", "currency", "The client's default ISO 4217 currency; also the currency of credit_limit."),
				col(amountValue, "credit_limit", "credit_limit_minor", "The most the client may owe (0 for no limit)."),
				col(boolValue, "requires_po", "requires_po", "Whether the client's invoices need a purchase-order number."),
				col(textValue, "tags", "coalesce((SELECT group_concat(t.tag, '; ' ORDER BY t.position) FROM client_tags t WHERE t.client_id = clients.id), '')",
					"The client's tags, separated by \"; \"."),
				col(textValue, "notes", "notes", "Notes about the client."),
				col(textValue, "vat_id", "vat_id", "The client's VAT identifier with its country prefix, for e-invoices."),
				col(textValue, "endpoint_id", "endpoint_id", "The client's electronic address (e.g. Peppol participant ID), for e-invoices."),
				col(textValue, "endpoint_scheme", "endpoint_scheme", "The EAS scheme of endpoint_id, e.g. 0088, 0204, EM."),
				col(textValue, "buyer_reference", "buyer_reference", "The reference the client's e-invoices quote (e.g. a Leitweg-ID)."),
				col(textValue, "einvoice_format", "einvoice_format", "The e-invoice format the client receives: ubl, cii, xrechnung, facturx or empty."),
				col(timestampValue, "last_contacted_at", "last_contacted_at", "The latest call, email, meeting or visit; empty for never."),
			}, stamps("clients")...),
			from: "FROM clients ORDER BY id",
		},
		{
			name: "contacts", desc: "The people at each client.",
			cols: []exportColumn{
				col(plainValue, "id", "k.id", "The contact's id; activities.contact_id refers to it."),
				col(plainValue, "client_id", "k.client_id", "The client (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(plainValue, "position", "k.position", "The contact's place in the client's list, from 0."),
				col(textValue, "name", "k.name", "The contact's name."),
				col(textValue, "role", "k.role", "The contact's role or job title."),
				col(textValue, "email", "k.email", "The contact's email address."),
				col(textValue, "phone", "k.phone", "The contact's phone number."),
				col(boolValue, "is_primary", "k.is_primary", "Whether this is the client's primary contact."),
			},
			from: "FROM contacts k JOIN clients c ON c.id = k.client_id ORDER BY k.id",
		},
		{
			name: "tax_rates", desc: "The tax rates lines can carry.",
			cols: append([]exportColumn{
				col(plainValue, "id", "id", "The rate's id."),
				col(textValue, "name", "name", "The rate's name, e.g. VAT."),
				col(decimalValue, "percent", "percent", "The rate in percent, e.g. 20 or 7.25."),
				col(boolValue, "compound", "compound", "Whether it is charged on the net plus the line's other taxes."),
				col(boolValue, "archived", "archived", "Whether it is no longer offered for new lines."),
				col(textValue, "vat_category", "vat_category", "The EN 16931 VAT category: S, Z, E, AE, K, G, O or empty."),
				col(textValue, "exemption_reason", "exemption_reason", "Why it is not taxed (E, AE, K, G, O), in words."),
				col(textValue, "exemption_code", "exemption_code", "Why it is not taxed, as a VATEX code."),
			}, stamps("tax_rates")...),
			from: "FROM tax_rates ORDER BY id",
		},
		{
			name: "catalog", desc: "The products and services sold, with the taxes a new line gets by default.",
			cols: append([]exportColumn{
				col(plainValue, "id", "i.id", "The item's id."),
				col(textValue, "code", "i.code", "The item's code."),
				col(textValue, "name", "i.name", "The item's name."),
				col(textValue, "description", "i.description", "The item's description."),
				col(textValue, "unit", "i.unit", "The unit it is sold in, e.g. hour."),
				col(textValue, "unit_code", "i.unit_code", "The unit's UN/ECE Recommendation 20 code for e-invoices, e.g. HUR."),
				col(amountValue, "unit_price", "i.unit_price_minor", "The price of one unit, excluding tax."),
				col(textValue, "currency", "i.currency", "The ISO 4217 currency of unit_price."),
				col(taxesValue, "default_taxes", `(SELECT json_group_array(json_object('name', r.name, 'percent', r.percent, 'compound', r.compound) ORDER BY t.position)
					FROM item_taxes t JOIN tax_rates r ON r.id = t.rate_id WHERE t.item_id = i.id)`,
					"The taxes a new line with this item gets, as labelled in Clientbook (\"VAT 20%\"), separated by \"; \"."),
				col(boolValue, "archived", "i.archived", "Whether it is no longer offered for new lines."),
			}, stamps("i")...),
			from: "FROM items i ORDER BY i.id",
		},
		documents(domain.KindInvoice, "invoices", "Every invoice, drafts included."),
		documents(domain.KindCreditNote, "credit_notes", "Every credit note, drafts included. Credit notes have positive totals that reduce what the invoice they correct asks for."),
		documents(domain.KindQuote, "quotes", "Every quote, drafts included."),
		{
			name: "document_lines", desc: "The lines of every invoice, credit note and quote, by document and position.",
			cols: []exportColumn{
				col(plainValue, "id", "l.id", "The line's id."),
				col(plainValue, "document_id", "l.document_id", "The document (the id in invoices, credit_notes or quotes)."),
				col(textValue, "document_kind", "d.kind", "invoice, credit-note or quote."),
				col(textValue, "document_number", "coalesce(d.number, '')", "The document's number; empty for a draft."),
				col(plainValue, "position", "l.position", "The line's place on the document, from 0."),
				col(textValue, "item_code", "coalesce((SELECT i.code FROM items i WHERE i.id = l.item_id), '')", "The catalog item the line came from; empty for free text."),
				col(textValue, "description", "l.description", "What was sold."),
				col(decimalValue, "quantity", "l.quantity", "How many units."),
				col(textValue, "unit", "l.unit", "The unit, e.g. hour."),
				col(textValue, "unit_code", "l.unit_code", "The unit's UN/ECE Recommendation 20 code, e.g. HUR."),
				col(amountValue, "unit_price", "l.unit_price_minor", "The price of one unit; including tax when prices_include_tax."),
				col(decimalValue, "discount_percent", "l.discount_percent", "The line discount in percent."),
				col(taxesValue, "taxes", taxesOf("line_taxes", "l.id"), "The taxes charged on the line as they were when it was written, separated by \"; \"."),
				col(lineNetValue, "line_net", "l.quantity || ' ' || l.unit_price_minor || ' ' || l.discount_percent || ' ' || d.rounding_mode",
					"quantity × unit_price less the line discount, rounded to the currency by the document's rounding; before the document discount and tax (including tax when prices_include_tax). Computed on export: it is not stored."),
				col(textValue, "currency", "d.currency", "The ISO 4217 currency of the amounts."),
				col(boolValue, "prices_include_tax", "d.tax_inclusive", "Whether unit_price and line_net include the line's taxes."),
			},
			from: "FROM document_lines l JOIN documents d ON d.id = l.document_id ORDER BY l.document_id, l.position",
		},
		{
			name: "payments", desc: "Payments received from clients.",
			cols: append([]exportColumn{
				col(plainValue, "id", "p.id", "The payment's id; allocations.payment_id refers to it."),
				col(plainValue, "client_id", "p.client_id", "The client who paid (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(plainValue, "date", "p.date", "The day the money arrived."),
				col(amountValue, "amount", "p.amount_minor", "The amount received."),
				col(textValue, "currency", "p.currency", "The ISO 4217 currency of the amounts."),
				col(textValue, "method", "p.method", "bank-transfer, card, cash, cheque or other."),
				col(textValue, "reference", "p.reference", "The bank's or the client's reference."),
				col(textValue, "note", "p.note", "A note about the payment."),
				col(amountValue, "allocated", "(SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.payment_id = p.id)",
					"The part set against invoices (see allocations)."),
				col(amountValue, "unallocated", "p.amount_minor - (SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a WHERE a.payment_id = p.id)",
					"The rest: credit the client has with us."),
			}, stamps("p")...),
			from: "FROM payments p JOIN clients c ON c.id = p.client_id ORDER BY p.id",
		},
		{
			name: "allocations", desc: "The parts of payments set against invoices.",
			cols: []exportColumn{
				col(plainValue, "id", "a.id", "The allocation's id."),
				col(plainValue, "payment_id", "a.payment_id", "The payment (payments.id)."),
				col(plainValue, "payment_date", "p.date", "The day the payment arrived."),
				col(plainValue, "client_id", "p.client_id", "The client (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(plainValue, "invoice_id", "a.document_id", "The invoice (invoices.id)."),
				col(textValue, "invoice_number", "d.number", "The invoice's number."),
				col(amountValue, "amount", "a.amount_minor", "The amount set against the invoice."),
				col(textValue, "currency", "p.currency", "The ISO 4217 currency of the payment and the invoice."),
			},
			from: `FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN clients c ON c.id = p.client_id
				JOIN documents d ON d.id = a.document_id ORDER BY a.id`,
		},
		{
			name: "refunds", desc: "Money paid back to clients out of their unapplied credit.",
			cols: []exportColumn{
				col(plainValue, "id", "r.id", "The refund's id."),
				col(plainValue, "client_id", "r.client_id", "The client paid back (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(plainValue, "date", "r.date", "The day the money went back."),
				col(amountValue, "amount", "r.amount_minor", "The amount paid back."),
				col(textValue, "currency", "r.currency", "The ISO 4217 currency of the amount."),
				col(textValue, "method", "r.method", "bank-transfer, card, cash, cheque or other."),
				col(textValue, "reference", "r.reference", "The reference of the transfer."),
				col(textValue, "note", "r.note", "A note about the refund."),
				col(timestampValue, "created_at", "r.created_at", "When it was recorded."),
			},
			from: "FROM refunds r JOIN clients c ON c.id = r.client_id ORDER BY r.id",
		},
		{
			name: "deposits", desc: "Deposit batches: received payments paid into a bank account together, one row per payment.",
			cols: []exportColumn{
				col(plainValue, "deposit_id", "k.id", "The deposit's id."),
				col(plainValue, "date", "k.date", "The day it was paid in."),
				col(textValue, "account", "b.name", "The bank account it was paid into."),
				col(textValue, "reference", "k.reference", "The paying-in slip's number."),
				col(amountValue, "deposit_total", "k.total_minor", "The deposit's total: the sum of its payments."),
				col(plainValue, "payment_id", "x.payment_id", "A payment in it (payments.id)."),
				col(textValue, "client_name", "c.name", "Who made that payment."),
				col(amountValue, "payment_amount", "p.amount_minor", "That payment's amount."),
				col(textValue, "currency", "b.currency", "The ISO 4217 currency of the account and the amounts."),
			},
			from: `FROM deposit_payments x JOIN deposits k ON k.id = x.deposit_id JOIN bank_accounts b ON b.id = k.account_id
				JOIN payments p ON p.id = x.payment_id JOIN clients c ON c.id = p.client_id ORDER BY x.deposit_id, x.payment_id`,
		},
		{
			name: "bank_lines", desc: "Bank statement lines imported, and what each was reconciled with.",
			cols: []exportColumn{
				col(plainValue, "id", "l.id", "The line's id."),
				col(textValue, "account", "b.name", "The bank account."),
				col(plainValue, "date", "l.date", "The day on the statement."),
				col(amountValue, "amount", "l.amount_minor", "The amount: positive in, negative out."),
				col(textValue, "currency", "l.currency", "The ISO 4217 currency of the amount."),
				col(textValue, "text", "l.text", "The statement's text."),
				col(textValue, "reference", "l.reference", "The statement's reference."),
				col(textValue, "status", "l.status", "unmatched, suggested, reconciled or ignored."),
				col(plainValue, "payment_id", "l.payment_id", "The payment it matches (payments.id), if any."),
				col(plainValue, "deposit_id", "l.deposit_id", "The deposit it matches (deposits.id), if any."),
				col(textValue, "match_note", "l.match_note", "Why the match was suggested."),
				col(textValue, "import_note", "l.import_note", "What the import did to the line as the file gave it, e.g. rounded an amount to the currency."),
			},
			from: "FROM bank_lines l JOIN bank_accounts b ON b.id = l.account_id ORDER BY l.id",
		},
		{
			name: "activities", desc: "Each client's timeline: calls, emails, meetings, visits and notes.",
			cols: append([]exportColumn{
				col(plainValue, "id", "a.id", "The activity's id."),
				col(plainValue, "client_id", "a.client_id", "The client (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(plainValue, "contact_id", "a.contact_id", "The contact (contacts.id), if one was chosen and still exists."),
				col(textValue, "contact_name", "a.contact_name", "Who it was with, as written at the time."),
				col(timestampValue, "at", "a.at", "When it happened."),
				col(textValue, "kind", "a.kind", "call, email, meeting, visit or note."),
				col(textValue, "subject", "a.subject", "The subject."),
				col(textValue, "body", "a.body", "What was said or written."),
				col(textValue, "outcome", "a.outcome", "The outcome."),
				col(textValue, "next_step", "a.next_step", "The agreed next step."),
			}, stamps("a")...),
			from: "FROM activities a JOIN clients c ON c.id = a.client_id ORDER BY a.id",
		},
		{
			name: "tasks", desc: "Follow-up tasks, open and done.",
			cols: append([]exportColumn{
				col(plainValue, "id", "t.id", "The task's id."),
				col(textValue, "title", "t.title", "What to do."),
				col(textValue, "notes", "t.notes", "Notes."),
				col(plainValue, "due_date", "t.due_date", "The day it is due."),
				col(plainValue, "due_time", "t.due_time", "The time it is due (HH:MM); empty for any time that day."),
				col(textValue, "priority", "t.priority", "low, normal or high."),
				col(plainValue, "client_id", "t.client_id", "The client it is about (clients.id), if any."),
				col(textValue, "client_name", "coalesce(c.name, '')", "The client's name."),
				col(plainValue, "document_id", "t.document_id", "The document it is about, if any."),
				col(textValue, "document_number", "coalesce(d.number, '')", "That document's number; empty for a draft or none."),
				col(plainValue, "contract_id", "t.contract_id", "The contract it is about (contracts.id), if any."),
				col(plainValue, "complaint_id", "t.complaint_id", "The complaint it follows up (complaints.id), if any."),
				col(plainValue, "snoozed_until", "t.snoozed_until", "The day it was put off to; empty when not snoozed."),
				col(timestampValue, "done_at", "t.done_at", "When it was done; empty while open."),
			}, stamps("t")...),
			from: `FROM tasks t LEFT JOIN clients c ON c.id = t.client_id LEFT JOIN documents d ON d.id = t.document_id
				ORDER BY t.id`,
		},
		{
			name: "contracts", desc: "Contracts billed every period.",
			cols: append([]exportColumn{
				col(plainValue, "id", "k.id", "The contract's id; contract_lines.contract_id refers to it."),
				col(plainValue, "client_id", "k.client_id", "The client (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(textValue, "title", "k.title", "The contract's title."),
				col(amountValue, "value", "k.value_minor", "The contract's value."),
				col(textValue, "currency", "k.currency", "The ISO 4217 currency of the value and the lines."),
				col(plainValue, "start_date", "k.start_date", "The first day billed."),
				col(plainValue, "end_date", "k.end_date", "The last day billed; empty for open-ended."),
				col(plainValue, "notice_days", "k.notice_days", "Days of notice before the end date."),
				col(boolValue, "auto_renew", "k.auto_renew", "Whether it renews by itself."),
				col(textValue, "cycle", "k.cycle", "monthly, quarterly, half-yearly or yearly."),
				col(textValue, "timing", "k.timing", "in-advance or in-arrears."),
				col(plainValue, "billing_day", "k.billing_day", "The day of the month invoices are dated."),
				col(boolValue, "issue_automatically", "k.issue_automatically", "Whether its invoices are issued, not left as drafts."),
				col(textValue, "status", "k.status", "active, ended or lapsed."),
				col(plainValue, "billed_through", "k.billed_through", "The end of the last period invoiced; empty before the first."),
			}, stamps("k")...),
			from: "FROM contracts k JOIN clients c ON c.id = k.client_id ORDER BY k.id",
		},
		{
			name: "contract_lines", desc: "What each contract bills every period, by contract and position.",
			cols: []exportColumn{
				col(plainValue, "id", "l.id", "The line's id."),
				col(plainValue, "contract_id", "l.contract_id", "The contract (contracts.id)."),
				col(textValue, "contract_title", "k.title", "The contract's title."),
				col(plainValue, "position", "l.position", "The line's place on the contract, from 0."),
				col(textValue, "item_code", "coalesce((SELECT i.code FROM items i WHERE i.id = l.item_id), '')", "The catalog item the line came from; empty for free text."),
				col(textValue, "description", "l.description", "What is billed."),
				col(decimalValue, "quantity", "l.quantity", "How many units each period."),
				col(amountValue, "unit_price", "l.unit_price_minor", "The price of one unit, excluding tax."),
				col(textValue, "currency", "k.currency", "The ISO 4217 currency of unit_price."),
				col(taxesValue, "taxes", taxesOf("contract_line_taxes", "l.id"), "The taxes charged on the line, separated by \"; \"."),
			},
			from: "FROM contract_lines l JOIN contracts k ON k.id = l.contract_id ORDER BY l.contract_id, l.position",
		},
		{
			name: "complaints", desc: "Complaints raised by clients, open and settled.",
			cols: append([]exportColumn{
				col(plainValue, "id", "k.id", "The complaint's id."),
				col(plainValue, "client_id", "k.client_id", "The client (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(textValue, "contact_name", "k.contact_name", "Who raised it, as written."),
				col(plainValue, "opened_on", "k.opened_on", "The day it was raised."),
				col(textValue, "category", "k.category", "Its category, e.g. Billing."),
				col(textValue, "severity", "k.severity", "low, medium, high or critical."),
				col(textValue, "department", "k.department", "The department it concerns."),
				col(textValue, "status", "k.status", "open, in-progress, waiting-on-client, resolved or closed."),
				col(textValue, "subject", "k.subject", "What it is about."),
				col(textValue, "description", "k.description", "The complaint as told."),
				col(textValue, "resolution", "k.resolution", "How it was resolved."),
				col(plainValue, "resolved_on", "k.resolved_on", "The day it was resolved or closed; empty while open."),
			}, stamps("k")...),
			from: "FROM complaints k JOIN clients c ON c.id = k.client_id ORDER BY k.id",
		},
		{
			name: "opportunities", desc: "The sales pipeline: opportunities open, won and lost.",
			cols: append([]exportColumn{
				col(plainValue, "id", "o.id", "The opportunity's id."),
				col(plainValue, "client_id", "o.client_id", "The client (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(textValue, "title", "o.title", "What is being sold."),
				col(textValue, "kind", "o.kind", "upsell, cross-sell, renewal or new-business."),
				col(amountValue, "value", "o.value_minor", "What it is worth."),
				col(textValue, "currency", "o.currency", "The ISO 4217 currency of the value."),
				col(plainValue, "probability", "o.probability", "The chance of winning it, in percent."),
				col(plainValue, "expected_close", "o.expected_close", "The day it is expected to close."),
				col(textValue, "stage", "o.stage", "The stage, in the account manager's words."),
				col(textValue, "status", "o.status", "open, won or lost."),
				col(textValue, "lost_reason", "o.lost_reason", "Why it was lost."),
				col(textValue, "quote_number", "coalesce((SELECT q.number FROM documents q WHERE q.id = o.quote_id), '')", "The quote it became, if any."),
			}, stamps("o")...),
			from: "FROM opportunities o JOIN clients c ON c.id = o.client_id ORDER BY o.id",
		},
		{
			name: "targets", desc: "Sales targets per month or quarter, for the book or one client.",
			cols: append([]exportColumn{
				col(plainValue, "id", "g.id", "The target's id."),
				col(textValue, "period_kind", "g.period_kind", "month or quarter."),
				col(plainValue, "period_start", "g.period_start", "The first day of the month or quarter."),
				col(plainValue, "client_id", "g.client_id", "The client (clients.id); empty for the whole book."),
				col(textValue, "client_name", "coalesce(c.name, '')", "The client's name; empty for the whole book."),
				col(amountValue, "amount", "g.amount_minor", "The revenue aimed for, net of tax."),
				col(textValue, "currency", "g.currency", "The ISO 4217 currency of the amount."),
			}, stamps("g")...),
			from: "FROM targets g LEFT JOIN clients c ON c.id = g.client_id ORDER BY g.id",
		},
		{
			name: "collections", desc: "The collection log: calls, emails, letters, promises to pay, disputes and notes about money owed.",
			cols: append([]exportColumn{
				col(plainValue, "id", "e.id", "The entry's id."),
				col(plainValue, "client_id", "e.client_id", "The client (clients.id)."),
				col(textValue, "client_name", "c.name", "The client's name."),
				col(textValue, "invoice_number", "coalesce(d.number, '')", "The invoice it concerns; empty for the whole account."),
				col(textValue, "kind", "e.kind", "call, email, letter, promise-to-pay, dispute or note."),
				col(plainValue, "date", "e.on_date", "The day it happened."),
				col(textValue, "text", "e.text", "What was said or agreed."),
				col(plainValue, "promised_date", "e.promised_date", "For a promise to pay: the day promised."),
				col(amountValue, "promised_amount", "e.promised_minor", "For a promise to pay: the amount promised."),
				col(textValue, "currency", "coalesce(e.currency, '')", "The ISO 4217 currency of the promised amount."),
				col(plainValue, "resolved_on", "e.resolved_on", "For a dispute: the day it was resolved."),
				col(textValue, "resolution", "e.resolution", "For a dispute: how it was resolved."),
			}, stamps("e")...),
			from: `FROM collection_entries e JOIN clients c ON c.id = e.client_id LEFT JOIN documents d ON d.id = e.document_id
				ORDER BY e.id`,
		},
		{
			name: "company", desc: "The company's settings, one row: who documents are from, the defaults for new ones and how they are numbered.",
			cols: slices.Concat([]exportColumn{
				col(textValue, "name", "name", "The company's name."),
				col(textValue, "address_line1", "address_line1", "Address, first line."),
				col(textValue, "address_line2", "address_line2", "Address, second line."),
				col(textValue, "city", "address_city", "Address, city."),
				col(textValue, "region", "address_region", "Address, region or state."),
				col(textValue, "postal_code", "address_postcode", "Address, postal code."),
				col(textValue, "country", "address_country", "Address, country."),
				col(textValue, "tax_id", "tax_id", "The company's tax or VAT number."),
				col(textValue, "email", "email", "The company's email address."),
				col(textValue, "phone", "phone", "The company's phone number."),
				col(textValue, "payment_info", "payment_info", "Bank details printed under the totals."),
				col(textValue, "vat_id", "vat_id", "The company's VAT identifier, for e-invoices."),
				col(textValue, "endpoint_id", "endpoint_id", "The company's electronic address (e.g. a Peppol participant ID), for e-invoices."),
				col(textValue, "endpoint_scheme", "endpoint_scheme", "The EAS scheme of endpoint_id, e.g. 0088, 9930."),
				col(textValue, "iban", "iban", "The IBAN e-invoices ask to be paid into."),
				col(textValue, "bic", "bic", "The BIC of that account."),
				col(textValue, "default_terms", "default_terms", "The terms new documents start with."),
				col(base64Value, "logo", "logo", "The logo printed on documents (a PNG or JPEG file) in base64; empty for none."),
				col(textValue, "currency", "currency", "The ISO 4217 currency new clients start with."),
				col(textValue, "rounding_scope", "rounding_scope", "per-line or per-document: how new documents round."),
				col(textValue, "rounding_mode", "rounding_mode", "half-up or half-even: how new documents round an exact half."),
				col(textValue, "document_email_subject", "document_email_subject", "The subject of the email that sends an invoice or credit note, with placeholders such as {invoice}."),
				col(textValue, "document_email_body", "document_email_body", "The text of that email, with placeholders such as {contact} and {total}."),
			}, series(domain.KindInvoice, "invoice"), series(domain.KindQuote, "quote"), series(domain.KindCreditNote, "credit_note"),
				[]exportColumn{col(timestampValue, "updated_at", "updated_at", "When the settings were last changed.")}),
			from: "FROM company WHERE id = 1",
		},
		{
			name: "number_counters", desc: "The last sequence number issued in each document series and year, so numbering carries on where it was.",
			cols: []exportColumn{
				col(textValue, "kind", "kind", "invoice, quote or credit-note."),
				col(plainValue, "year", "year", "The year of the numbers; 0 for a series that never starts again."),
				col(plainValue, "last_seq", "last_seq", "The last sequence number issued."),
			},
			from: "FROM number_counters ORDER BY kind, year",
		},
	}
}

func statusesOf(kind domain.DocKind) string {
	if kind == domain.KindQuote {
		return "draft, issued, accepted, declined or expired."
	}
	return "draft, issued or void."
}

func init() {
	for i := range exports {
		e := &exports[i]
		e.currency = -1
		for j, c := range e.cols {
			if c.name == "currency" {
				e.currency = j
			}
		}
		merged := slices.ContainsFunc(e.cols, func(c exportColumn) bool { return c.merge != "" })
		if (e.byID != "" || merged) && (len(e.cols) == 0 || e.cols[0].via != 0 || e.cols[0].merge != "") {
			panic("data: export " + e.name + " reads its rows by id but its first column is not its id")
		}
		if merged && !strings.HasSuffix(e.from, " ORDER BY "+e.cols[0].sql) {
			panic("data: export " + e.name + " reads columns beside its rows but not in the order of their ids")
		}
		for _, c := range e.cols {
			if (c.kind == amountValue || c.kind == lineNetValue) && e.currency < 0 {
				panic("data: export " + e.name + " has amounts but no currency column")
			}
		}
	}
}

// ExportEntities lists what the book exports; it is the same for every book.
func ExportEntities() []domain.ExportEntity {
	out := make([]domain.ExportEntity, len(exports))
	for i, e := range exports {
		out[i] = domain.ExportEntity{Name: e.name, Description: e.desc, Columns: make([]domain.ExportColumn, len(e.cols))}
		for j, c := range e.cols {
			out[i].Columns[j] = domain.ExportColumn{Name: c.name, Description: c.desc}
		}
	}
	return out
}

func (s *exportService) Entities() []domain.ExportEntity { return ExportEntities() }

func findExport(name string) (*exportEntity, error) {
	for i := range exports {
		if exports[i].name == name {
			return &exports[i], nil
		}
	}
	_, err := domain.FindExportEntity(ExportEntities(), name)
	return nil, err
}

func (s *exportService) Export(ctx context.Context, entity string, w io.Writer, f domain.ExportFormat, progress func(rows int) bool) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	e, err := findExport(entity)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.b.read(ctx, "export the "+e.name, func(q queryer) error {
		n, err = e.write(ctx, q, w, f, progress)
		return err
	})
	return n, err
}

func (s *exportService) ExportAll(ctx context.Context, dir string, f domain.ExportFormat, progress func(entity string, rows int) bool) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return domain.Errorf(domain.EINVALID, "Cannot create the folder %s: %v.", dir, err)
	}
	// Every file is first written under a temporary name; only when all are
	// complete are they renamed, so a cancelled or failed export leaves the
	// folder as it was.
	var done []pendingFile
	defer func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}()
	err := s.b.read(ctx, "export the book", func(q queryer) error {
		for i := range exports {
			e := &exports[i]
			report := func(n int) bool { return progress == nil || progress(e.name, n) }
			p, err := writeTemp(dir, e.name+".csv", func(w io.Writer) error {
				_, err := e.write(ctx, q, w, f, report)
				return err
			})
			if err != nil {
				return err
			}
			done = append(done, p)
		}
		p, err := writeTemp(dir, domain.ExportReadme, func(w io.Writer) error {
			return domain.WriteExportReadme(w, ExportEntities(), f)
		})
		if err != nil {
			return err
		}
		done = append(done, p)
		return nil
	})
	if err != nil {
		return err
	}
	for len(done) > 0 {
		if err := os.Rename(done[0].tmp, done[0].path); err != nil {
			return domain.Internal("name the exported file "+done[0].path, err)
		}
		done = done[1:]
	}
	return nil
}

// pendingFile is a complete file under its temporary name.
type pendingFile struct{ tmp, path string }

// writeTemp writes a file beside dir/name under a temporary name, synced to
// disk, and returns both names; on failure nothing is left behind.
func writeTemp(dir, name string, write func(w io.Writer) error) (pendingFile, error) {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return pendingFile{}, domain.Errorf(domain.EINVALID, "Cannot write in %s: %v.", dir, err)
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return pendingFile{}, err
	}
	return pendingFile{tmp: f.Name(), path: filepath.Join(dir, name)}, nil
}

// write streams the entity's rows from q to w as CSV and returns how many it
// wrote. Each row is scanned into the same buffers and written at once; the
// columns its lookups read come from their caches (see exportLookup).
func (e *exportEntity) write(ctx context.Context, q queryer, w io.Writer, f domain.ExportFormat, progress func(int) bool) (int, error) {
	if progress == nil {
		progress = func(int) bool { return true }
	}
	out := newCSVBuf(w, f.Comma())
	for _, c := range e.cols {
		out.raw(c.name)
	}
	if err := out.end(); err != nil {
		return 0, err
	}
	if err := out.flush(); err != nil {
		return 0, err
	}
	if !progress(0) {
		return 0, domain.ErrCancelled
	}
	exprs, pos, lookups, mergeQueries := e.planExprs()
	for _, l := range lookups {
		if l != nil {
			if err := l.prepare(ctx, q); err != nil {
				return 0, err
			}
			defer l.close()
		}
	}
	query := "SELECT " + strings.Join(exprs, ", ") + " " + e.from
	var pk *exportPacking
	if e.byID != "" {
		pk = e.packing(exprs, lookups, q)
		defer pk.close()
		query = pk.query
	}
	merges := make([]*exportMerge, len(mergeQueries))
	for i, mq := range mergeQueries {
		m, err := openMerge(ctx, q, mq)
		if err != nil {
			return 0, cancelledOr(ctx, err)
		}
		defer m.rows.Close()
		merges[i] = m
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return 0, cancelledOr(ctx, err)
	}
	defer rows.Close()
	// One goroutine reads the rows (and their lookups) into batches while
	// this one writes the batches before: SQLite and the CSV share the
	// work of an export between two cores. Batches go back to the reader
	// to be filled again; stop (closed on leaving) ends the reader, which
	// is waited for before the rows are closed.
	full, free, stop, done := make(chan *exportBatch, exportBatches), make(chan *exportBatch, exportBatches), make(chan struct{}), make(chan struct{})
	for range exportBatches {
		free <- newExportBatch(len(e.cols))
	}
	go func() {
		defer close(done)
		defer close(full)
		e.read(ctx, rows, pk, pos, lookups, merges, free, full, stop)
	}()
	defer func() {
		close(stop)
		<-done
	}()
	var cur exportCurrency
	n := 0
	for batch := range full {
		for _, row := range batch.rows[:batch.n] {
			currency := ""
			if e.currency >= 0 {
				currency = valueText(row[e.currency]).String
			}
			for i, c := range e.cols {
				if err := c.append(out, row[i], currency, &cur, f); err != nil {
					return n, fmt.Errorf("%s row %d, %s: %w", e.name, n+1, c.name, err)
				}
			}
			if err := out.end(); err != nil {
				return n, err
			}
			n++
			if n%exportProgressEvery == 0 {
				// Rows reported are rows handed to w.
				if err := out.flush(); err != nil {
					return n, err
				}
				if !progress(n) {
					return n, domain.ErrCancelled
				}
			}
		}
		if batch.err != nil {
			return n, batch.err
		}
		free <- batch
	}
	if err := out.flush(); err != nil {
		return n, err
	}
	if n%exportProgressEvery != 0 && !progress(n) {
		return n, domain.ErrCancelled
	}
	return n, nil
}

// exportBatches is how many batches of exportBatchRows rows an export
// reads ahead of what it writes.
const (
	exportBatches   = 3
	exportBatchRows = 256
)

// exportBatch is rows read for writing: each row's value of every column
// (as scanned, or from its lookup), and the error that ended the reading
// after them, if any.
type exportBatch struct {
	rows [][]any
	n    int
	err  error
}

func newExportBatch(cols int) *exportBatch {
	b := &exportBatch{rows: make([][]any, exportBatchRows)}
	for i := range b.rows {
		b.rows[i] = make([]any, cols)
	}
	return b
}

// read fills the batches from free with the rows and sends them to full,
// until the rows end or fail (the batch sent last then holds the error) or
// stop is closed.
func (e *exportEntity) read(ctx context.Context, rows *sql.Rows, pk *exportPacking, pos []int, lookups []*lookupCache, merges []*exportMerge, free <-chan *exportBatch, full chan<- *exportBatch, stop <-chan struct{}) {
	cols, err := rows.Columns()
	scanned := make([]any, len(cols))
	dest := make([]any, len(cols))
	for i := range scanned {
		dest[i] = &scanned[i]
	}
	vals := scanned
	if pk != nil {
		vals = make([]any, pk.values)
	}
	looked := make([][]any, len(lookups))
	merged := make([]any, len(merges))
	for {
		var batch *exportBatch
		select {
		case batch = <-free:
		case <-stop:
			return
		}
		batch.n = 0
		for err == nil && batch.n < len(batch.rows) {
			if !rows.Next() {
				if err = rows.Err(); err != nil {
					err = cancelledOr(ctx, err)
				}
				break
			}
			if err = rows.Scan(dest...); err != nil {
				break
			}
			if pk != nil {
				if err = pk.unpack(ctx, scanned, vals, lookups); err != nil {
					err = cancelledOr(ctx, err)
					break
				}
			}
			for j, l := range lookups {
				if l != nil {
					if looked[j], err = l.get(ctx, vals[l.keyAt]); err != nil {
						err = cancelledOr(ctx, err)
						break
					}
				}
			}
			if err != nil {
				break
			}
			for j, m := range merges {
				if merged[j], err = m.at(vals[0]); err != nil {
					err = cancelledOr(ctx, err)
					break
				}
			}
			if err != nil {
				break
			}
			row := batch.rows[batch.n]
			for i, c := range e.cols {
				switch {
				case c.merge != "":
					row[i] = merged[pos[i]]
				case c.via == 0:
					row[i] = vals[pos[i]]
				case looked[c.via-1] == nil:
					row[i] = nil
				default:
					row[i] = looked[c.via-1][pos[i]]
				}
			}
			batch.n++
		}
		batch.err = err
		last := err != nil || batch.n < len(batch.rows)
		if batch.n > 0 || err != nil {
			select {
			case full <- batch:
			case <-stop:
				return
			}
		}
		if last {
			return
		}
	}
}

// exportMerge is a column's query by id (exportColumn.merge) being read
// beside the rows: a sum per invoice of its allocations or credit notes,
// read as one walk of their index rather than as a query of its own for
// each row (the two were a third of reading the invoices).
type exportMerge struct {
	rows *sql.Rows
	key  int64 // the id of the row read last, when has
	val  any
	has  bool
}

func openMerge(ctx context.Context, q queryer, query string) (*exportMerge, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	m := &exportMerge{rows: rows}
	if err := m.next(); err != nil {
		rows.Close()
		return nil, err
	}
	return m, nil
}

func (m *exportMerge) next() error {
	if m.has = m.rows.Next(); !m.has {
		return m.rows.Err()
	}
	return m.rows.Scan(&m.key, &m.val)
}

// at is the value of the row with the id, which must not be less than the
// id asked for before: 0 when the query has no row of it.
func (m *exportMerge) at(id any) (any, error) {
	n, ok := id.(int64)
	if !ok {
		return nil, fmt.Errorf("export: the id is %T, not an integer", id)
	}
	for m.has && m.key < n {
		if err := m.next(); err != nil {
			return nil, err
		}
	}
	if m.has && m.key == n {
		return m.val, nil
	}
	return int64(0), nil
}

// exportPacking reads an entity's rows with two columns each rather than
// one per value: the id, and every other value joined into one text by
// char(31), integers written in decimal. The SQLite driver takes a
// mutex, and for text a copy, for each column of each row (about 130 ns
// an integer and 190 ns a text here, against 5 µs for a whole row of
// invoices read as one text), so the joined row costs a third less to
// read; it is taken apart in Go into the values the columns would have
// given, as text. It is only for a STRICT table whose columns read are
// NOT NULL text or integers (or made so by coalesce), where a value's
// text is what the column's own reading would write: an integer's decimal
// digits are the cell AppendInt writes, an amount's minor units parse back
// to the same integer, 0 and 1 are false and true. The keys of the
// lookups that no column reads (the party snapshots' ids, which are NULL
// for a draft) are joined as ” for NULL.
//
// A row whose values cannot be taken apart — a text holding char(31), or a
// NULL that made the whole text NULL — is read again by its id, one column
// per value, so every row is written as the unjoined query would give it.
type exportPacking struct {
	query  string // the id, and the values joined, in the entity's order
	values int    // how many values a row has, the id first
	// keys are where the lookups' keys are among the values: each is read
	// back as an integer, '' as NULL.
	keys []int
	// byID reads one row's values a column each, by its id.
	byID string
	stmt *sql.Stmt
	q    queryer
}

// exportSep joins a packed row's values.
const exportSep = '\x1f'

func (e *exportEntity) packing(exprs []string, lookups []*lookupCache, q queryer) *exportPacking {
	own := 0 // the values the columns read; the lookups' own keys come after
	for _, c := range e.cols {
		if c.via == 0 && c.merge == "" {
			own++
		}
	}
	joined := make([]string, len(exprs)-1)
	for i, x := range exprs[1:] {
		if i+1 >= own {
			x = "ifnull(" + x + ", '')"
		}
		joined[i] = x
	}
	pk := &exportPacking{
		query:  "SELECT " + exprs[0] + ", concat_ws(char(31), " + strings.Join(joined, ", ") + ") " + e.from,
		values: len(exprs),
		byID:   "SELECT " + strings.Join(exprs, ", ") + " " + e.byID,
		q:      q,
	}
	for _, l := range lookups {
		if l != nil {
			pk.keys = append(pk.keys, l.keyAt)
		}
	}
	return pk
}

func (pk *exportPacking) close() {
	if pk.stmt != nil {
		pk.stmt.Close()
	}
}

// unpack turns a scanned row (the id and the joined values) into its
// values, reading it again by its id when they cannot be taken apart.
func (pk *exportPacking) unpack(ctx context.Context, scanned, vals []any, lookups []*lookupCache) error {
	joined, ok := scanned[1].(string)
	if ok {
		vals[0] = scanned[0]
		ok = splitPacked(joined, vals[1:])
	}
	if !ok {
		return pk.reread(ctx, scanned[0], vals)
	}
	for _, k := range pk.keys {
		s := vals[k].(string)
		if s == "" {
			vals[k] = nil
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("export: the key %q is not an integer", s)
		}
		vals[k] = id
	}
	return nil
}

// splitPacked puts the values joined in s into vals, false unless s holds
// exactly that many.
func splitPacked(s string, vals []any) bool {
	for i := range vals {
		j := strings.IndexByte(s, exportSep)
		if (j < 0) != (i == len(vals)-1) {
			return false
		}
		if j < 0 {
			vals[i] = s
			return true
		}
		vals[i], s = s[:j], s[j+1:]
	}
	return false
}

// reread reads the values of the row with the id one column each.
func (pk *exportPacking) reread(ctx context.Context, id any, vals []any) error {
	if pk.stmt == nil {
		if p, ok := pk.q.(preparer); ok {
			stmt, err := p.PrepareContext(ctx, pk.byID)
			if err != nil {
				return err
			}
			pk.stmt = stmt
		}
	}
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if pk.stmt != nil {
		return pk.stmt.QueryRowContext(ctx, id).Scan(dest...)
	}
	return pk.q.QueryRowContext(ctx, pk.byID, id).Scan(dest...)
}

// plan returns the entity's query and its lookups (nil for one no column
// reads); column i is at pos[i] in the query's row, or in its lookup's.
func (e *exportEntity) plan() (query string, pos []int, lookups []*lookupCache) {
	exprs, pos, lookups, _ := e.planExprs()
	return "SELECT " + strings.Join(exprs, ", ") + " " + e.from, pos, lookups
}

// planExprs is plan with the query's columns apart: the SQL of each value
// the query reads, the columns' own first and then the keys of lookups no
// column reads — and the queries of the columns read beside them by id
// (column i's at pos[i] among them).
func (e *exportEntity) planExprs() (exprs []string, pos []int, lookups []*lookupCache, merged []string) {
	pos = make([]int, len(e.cols))
	lookups = make([]*lookupCache, len(e.lookups))
	for i, c := range e.cols {
		if c.merge != "" {
			pos[i] = len(merged)
			merged = append(merged, c.merge)
			continue
		}
		if c.via == 0 {
			pos[i] = len(exprs)
			exprs = append(exprs, c.sql)
			continue
		}
		l := lookups[c.via-1]
		if l == nil {
			l = &lookupCache{def: &e.lookups[c.via-1]}
			lookups[c.via-1] = l
		}
		pos[i] = len(l.exprs)
		l.exprs = append(l.exprs, c.sql)
	}
	for _, l := range lookups {
		if l != nil {
			// A key the query reads already (the client's id) is not read
			// twice.
			if l.keyAt = slices.Index(exprs, l.def.key); l.keyAt < 0 {
				l.keyAt = len(exprs)
				exprs = append(exprs, l.def.key)
			}
			l.query = "SELECT " + strings.Join(l.exprs, ", ") + ", " + l.def.id + " FROM " + l.def.table +
				" WHERE " + l.def.id + " >= ? ORDER BY " + l.def.id + " LIMIT " + strconv.Itoa(lookupAhead)
		}
	}
	return exprs, pos, lookups, merged
}

// lookupCache is an exportLookup at work in one export: its prepared query
// and the values it read for the keys seen lately. A key not kept is read
// with the rows of the lookupAhead keys from it on (ids are mostly met in
// the order they were made, so those are the ones met next). It keeps two
// generations of at most lookupGeneration keys each, so however large the
// book, it holds a bounded number of rows.
type lookupCache struct {
	def      *exportLookup
	exprs    []string // the columns it reads
	keyAt    int      // where its key is in the entity's query
	query    string   // reads the rows of ids from ? on, each with its id last
	stmt     *sql.Stmt
	q        queryer // when the queryer cannot prepare
	cur, old map[int64][]any
	last     int64 // the key asked for last, and its values
	lastV    []any
	hasLast  bool
}

// lookupGeneration is how many keys a lookupCache keeps in each of its two
// generations; lookupAhead how many rows it reads at a time.
// (Variables so that a test can make them small.)
var (
	lookupGeneration = 8192
	lookupAhead      = 64
)

// preparer is a queryer that can prepare a statement (a *sql.Tx can).
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

func (l *lookupCache) prepare(ctx context.Context, q queryer) error {
	l.cur = make(map[int64][]any)
	if p, ok := q.(preparer); ok {
		stmt, err := p.PrepareContext(ctx, l.query)
		if err != nil {
			return cancelledOr(ctx, err)
		}
		l.stmt = stmt
		return nil
	}
	l.q = q
	return nil
}

func (l *lookupCache) close() {
	if l.stmt != nil {
		l.stmt.Close()
	}
}

// get returns the lookup's values for the key, nil when the key is NULL or
// has no row (every column then reads as NULL, as through a LEFT JOIN).
func (l *lookupCache) get(ctx context.Context, key any) ([]any, error) {
	id, ok := key.(int64)
	if !ok {
		if key == nil {
			return nil, nil
		}
		return nil, fmt.Errorf("export: the key %s is %T, not an integer", l.def.key, key)
	}
	if l.hasLast && id == l.last {
		return l.lastV, nil
	}
	v, ok := l.cur[id]
	if !ok {
		if v, ok = l.old[id]; ok {
			l.put(id, v)
		} else if v, err := l.read(ctx, id); err != nil {
			return nil, err
		} else {
			l.put(id, v)
		}
		v = l.cur[id]
	}
	l.last, l.lastV, l.hasLast = id, v, true
	return v, nil
}

// read reads the rows of the ids from id on into the cache and returns
// id's, nil if it has none.
func (l *lookupCache) read(ctx context.Context, id int64) ([]any, error) {
	var rows *sql.Rows
	var err error
	if l.stmt != nil {
		rows, err = l.stmt.QueryContext(ctx, id)
	} else {
		rows, err = l.q.QueryContext(ctx, l.query, id)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []any
	for rows.Next() {
		v := make([]any, len(l.exprs)+1)
		dest := make([]any, len(v))
		for i := range v {
			dest[i] = &v[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		rid, ok := v[len(l.exprs)].(int64)
		if !ok {
			return nil, fmt.Errorf("export: %s is %T, not an integer", l.def.id, v[len(l.exprs)])
		}
		v = v[:len(l.exprs)]
		if rid == id {
			found = v
		} else {
			l.put(rid, v)
		}
	}
	return found, rows.Err()
}

// put keeps the values of a key in the current generation, starting a new
// one when it is full.
func (l *lookupCache) put(id int64, v []any) {
	if len(l.cur) >= lookupGeneration {
		l.old, l.cur = l.cur, make(map[int64][]any, lookupGeneration)
	}
	l.cur[id] = v
}

// valueText is a scanned value as sql.NullString would hold it.
func valueText(v any) sql.NullString {
	switch v := v.(type) {
	case string:
		return sql.NullString{String: v, Valid: true}
	case nil:
		return sql.NullString{}
	}
	var s sql.NullString
	if err := s.Scan(v); err != nil {
		// Scan takes every type the driver gives (integers, floats,
		// bytes, booleans, times); this cannot happen.
		panic(err)
	}
	return s
}

// exportCurrency remembers the last currency an amount was written in.
type exportCurrency struct {
	code string
	exp  int32
	ok   bool
}

// fastAmountLimit bounds the minor units written without money.FromMinor:
// below it in size an amount is within money's range whatever the
// currency's decimals.
const fastAmountLimit = 10_000_000_000_000

// append writes the cell of one value (as scanned, or from a lookup) to out:
// the cell that cell makes of it, with no allocation for the usual kinds.
func (c exportColumn) append(out *csvBuf, v any, currency string, cur *exportCurrency, f domain.ExportFormat) error {
	switch c.kind {
	case textValue:
		if s, ok := v.(string); ok {
			out.text(s)
			return nil
		}
	case plainValue:
		switch x := v.(type) {
		case int64:
			out.sep()
			out.b = strconv.AppendInt(out.b, x, 10)
			return nil
		case string:
			out.raw(x)
			return nil
		}
	case amountValue:
		minor, ok := v.(int64)
		if s, text := v.(string); text {
			// As cell reads it: the minor units in decimal.
			var err error
			minor, err = strconv.ParseInt(s, 10, 64)
			ok = err == nil
		}
		if !ok || minor <= -fastAmountLimit || minor >= fastAmountLimit {
			break
		}
		if currency != cur.code || !cur.ok {
			cc, err := money.LookupCurrency(currency)
			if err != nil {
				break
			}
			*cur = exportCurrency{code: currency, exp: cc.Exponent, ok: true}
		}
		out.sep()
		out.b = appendMinor(out.b, minor, int(cur.exp), f.DecimalComma)
		return nil
	case decimalValue:
		if s, ok := v.(string); ok && canonicalDecimal(s) {
			out.sep()
			out.b = appendNumber(out.b, s, f.DecimalComma)
			return nil
		}
	}
	cell, err := c.cell(valueText(v), currency, f)
	if err != nil {
		return err
	}
	out.cell(cell)
	return nil
}

// appendMinor appends minor units with exp decimals, as
// money.FromMinor(minor, currency).Fixed() spells them: "-0.05", "1234"
// for a currency with none; with a decimal comma when comma.
func appendMinor(b []byte, minor int64, exp int, comma bool) []byte {
	u := uint64(minor)
	if minor < 0 {
		b = append(b, '-')
		u = uint64(-minor)
	}
	if exp == 0 {
		return strconv.AppendUint(b, u, 10)
	}
	var digits [24]byte
	d := strconv.AppendUint(digits[:0], u, 10)
	for len(d) <= exp {
		d = append(d, 0)
		copy(d[1:], d)
		d[0] = '0'
	}
	b = append(b, d[:len(d)-exp]...)
	if comma {
		b = append(b, ',')
	} else {
		b = append(b, '.')
	}
	return append(b, d[len(d)-exp:]...)
}

// canonicalDecimal reports whether s is already spelt as
// decimal.NewFromString(s).String() spells it: an optional minus, digits
// without leading zeros, and a point only before digits not ending in 0; not
// "-0".
func canonicalDecimal(s string) bool {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, point := strings.Cut(s, ".")
	if whole == "" || (len(whole) > 1 && whole[0] == '0') || !allDigits(whole) {
		return false
	}
	if point && (frac == "" || frac[len(frac)-1] == '0' || !allDigits(frac)) {
		return false
	}
	return !(neg && whole == "0" && !point)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// appendNumber appends a plain number as ExportFormat.Number spells it.
func appendNumber(b []byte, s string, comma bool) []byte {
	if i := strings.IndexByte(s, '.'); comma && i >= 0 {
		b = append(b, s[:i]...)
		b = append(b, ',')
		return append(b, s[i+1:]...)
	}
	return append(b, s...)
}

// cancelledOr reports a query stopped by its context as a cancelled export.
func cancelledOr(ctx context.Context, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return domain.ErrCancelled
	}
	return err
}

// cell turns one stored value into its CSV cell.
func (c exportColumn) cell(v sql.NullString, currency string, f domain.ExportFormat) (Cell, error) {
	s := v.String
	switch c.kind {
	case textValue:
		return Text(s), nil
	case boolValue:
		switch {
		case !v.Valid:
			return Raw(""), nil
		case s == "0":
			return Raw("false"), nil
		}
		return Raw("true"), nil
	case amountValue:
		if !v.Valid {
			return Raw(""), nil
		}
		minor, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return Cell{}, err
		}
		m, err := money.FromMinor(minor, currency)
		if err != nil {
			return Cell{}, err
		}
		return Raw(f.Number(m.Fixed())), nil
	case decimalValue:
		if !v.Valid {
			return Raw(""), nil
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return Cell{}, err
		}
		return Raw(f.Number(d.String())), nil
	case timestampValue:
		if s == "" {
			return Raw(""), nil
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return Cell{}, err
		}
		return Raw(t.UTC().Format(time.RFC3339Nano)), nil
	case taxesValue:
		var taxes []struct {
			Name     string `json:"name"`
			Percent  string `json:"percent"`
			Compound int    `json:"compound"`
		}
		if err := json.Unmarshal([]byte(s), &taxes); err != nil {
			return Cell{}, err
		}
		labels := make([]string, len(taxes))
		for i, t := range taxes {
			pct, err := decimal.NewFromString(t.Percent)
			if err != nil {
				return Cell{}, err
			}
			labels[i] = domain.TaxLine{Name: t.Name, Percent: pct, Compound: t.Compound != 0}.Label()
		}
		return Text(strings.Join(labels, "; ")), nil
	case base64Value:
		if !v.Valid || s == "" {
			return Raw(""), nil
		}
		return Raw(base64.StdEncoding.EncodeToString([]byte(s))), nil
	case lineNetValue:
		net, err := lineNet(s, currency)
		if err != nil {
			return Cell{}, err
		}
		return Raw(f.Number(net.Fixed())), nil
	}
	return Raw(s), nil
}

// lineNet works out a document line's amount from "QUANTITY PRICE_MINOR
// DISCOUNT_PERCENT ROUNDING_MODE" with the domain's own rule
// (domain.LineAmount), which import checks it by.
func lineNet(s, currency string) (money.Money, error) {
	parts := strings.Fields(s)
	if len(parts) != 4 {
		return money.Money{}, fmt.Errorf("line figures %q", s)
	}
	cur, err := money.LookupCurrency(currency)
	if err != nil {
		return money.Money{}, err
	}
	qty, err := decimal.NewFromString(parts[0])
	if err != nil {
		return money.Money{}, err
	}
	price, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return money.Money{}, err
	}
	pct, err := decimal.NewFromString(parts[2])
	if err != nil {
		return money.Money{}, err
	}
	mode := domain.RoundingMode(parts[3])
	if err := (domain.Rounding{Scope: domain.RoundPerLine, Mode: mode}).Validate(); err != nil {
		return money.Money{}, err
	}
	l := domain.TotalsLine{Quantity: qty, UnitPrice: decimal.New(price, -cur.Exponent), DiscountPercent: pct}
	return money.Money{Amount: domain.LineAmount(l, cur.Exponent, mode), Currency: cur.Code}, nil
}

func (s *exportService) WriteTable(w io.Writer, f domain.ExportFormat, header []string, next func() ([]domain.TableCell, bool, error)) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	out := newCSVBuf(w, f.Comma())
	for _, h := range header {
		out.raw(h)
	}
	if err := out.end(); err != nil {
		return 0, domain.Internal("write the CSV", err)
	}
	n := 0
	for {
		cells, ok, err := next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		for _, c := range cells {
			switch {
			case c.Number:
				out.raw(f.Number(c.Value))
			case c.Raw:
				out.raw(c.Value)
			default:
				out.text(c.Value)
			}
		}
		if err := out.end(); err != nil {
			return n, domain.Internal("write the CSV", err)
		}
		n++
	}
	if err := out.flush(); err != nil {
		return n, domain.Internal("write the CSV", err)
	}
	return n, nil
}
