package data

import (
	"io"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

func (s *statementService) WriteCSV(w io.Writer, st domain.Statement) error {
	return WriteStatementCSV(w, st)
}

// statementColumns are the header of a statement's CSV.
var statementColumns = []string{"date", "kind", "reference", "description", "debit", "credit", "balance", "currency"}

// WriteStatementCSV writes the statement as CSV with the columns date, kind,
// reference, description, debit, credit, balance and currency: a row
// "opening" dated From with the opening balance, one row per line (kind
// invoice, credit-note or payment, the amount under debit or credit and the
// other left empty), and a row "closing" dated To with the closing balance.
// Amounts are plain numbers with the currency's decimals.
func WriteStatementCSV(w io.Writer, st domain.Statement) error {
	c := NewCSVWriter(w)
	if err := c.WriteHeader(statementColumns...); err != nil {
		return err
	}
	fixed := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: st.Currency}.Fixed() }
	side := func(d decimal.Decimal) string {
		if d.IsZero() {
			return ""
		}
		return fixed(d)
	}
	cur := Raw(st.Currency)
	if err := c.WriteRow(Raw(st.From.String()), Raw("opening"), Text(""), Text("Opening balance"), Raw(""), Raw(""),
		Raw(fixed(st.Opening)), cur); err != nil {
		return err
	}
	for _, l := range st.Lines {
		if err := c.WriteRow(Raw(l.Date.String()), Raw(string(l.Kind)), Text(l.Reference), Text(l.Description),
			Raw(side(l.Debit)), Raw(side(l.Credit)), Raw(fixed(l.Balance)), cur); err != nil {
			return err
		}
	}
	if err := c.WriteRow(Raw(st.To.String()), Raw("closing"), Text(""), Text("Closing balance"), Raw(""), Raw(""),
		Raw(fixed(st.Closing)), cur); err != nil {
		return err
	}
	return c.Flush()
}
