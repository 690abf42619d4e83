package data

import (
	"encoding/json"

	"clientbook/domain"
)

// sealStored is the content hash (see chain.go) of the document d as its
// rows hold it once issued with the amounts (subtotal, discount, tax,
// total, in minor units), without reading them back: for a draft whose
// every stored value is known because the batch just stored it (Tx.handed)
// and is being issued in this write. Each value takes the type SQLite
// stores it with; TestBatchWritesTheSameBook and every chain check compare
// the result with the hash read from the rows (contentHashes).
func sealStored(d *domain.Document, amounts [4]int64) ([]byte, error) {
	discount, err := minor(d, d.DiscountAmount)
	if err != nil {
		return nil, err
	}
	due := ""
	if !d.DueDate.IsZero() {
		due = d.DueDate.String()
	}
	party := func(p *domain.Party) (any, error) {
		if p == nil {
			return nil, nil
		}
		b, err := json.Marshal(p)
		return string(b), err
	}
	billTo, err := party(d.BillTo)
	if err != nil {
		return nil, err
	}
	issuer, err := party(d.Issuer)
	if err != nil {
		return nil, err
	}
	c := newCanon(documentTag)
	for _, v := range []any{d.ID, string(d.Kind), d.Number, d.ClientID, d.Currency, d.IssueDate.String(), due,
		d.PONumber, d.Reference, d.Notes, d.Terms, string(d.Rounding.Scope), string(d.Rounding.Mode), sqlBool(d.TaxInclusive),
		d.DiscountPercent.String(), discount, sqlID(d.CreditFor), sqlID(d.FromQuote), amounts[0], amounts[1], amounts[2],
		amounts[3], billTo, issuer, timestamp(d.IssuedAt), timestamp(d.CreatedAt)} {
		if err := c.put(v); err != nil {
			return nil, err
		}
	}
	for i, l := range d.Lines {
		price, err := minor(d, l.UnitPrice)
		if err != nil {
			return nil, err
		}
		c.put(lineTag)
		for _, v := range []any{l.ID, int64(i), sqlID(l.ItemID), l.Description, l.Quantity.String(), l.Unit, price,
			l.DiscountPercent.String()} {
			if err := c.put(v); err != nil {
				return nil, err
			}
		}
		for j, t := range l.Taxes {
			c.put(taxTag)
			for _, v := range []any{int64(j), sqlID(t.RateID), t.Name, t.Percent.String(), sqlBool(t.Compound)} {
				if err := c.put(v); err != nil {
					return nil, err
				}
			}
		}
	}
	return c.sum(), nil
}

// sqlID is an id as a nullable INTEGER column holds it: NULL for 0.
func sqlID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// sqlBool is a bool as an INTEGER column holds it.
func sqlBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
