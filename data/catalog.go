package data

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// catalogService implements domain.CatalogService over the book.
type catalogService struct{ b *Book }

var _ domain.CatalogService = (*catalogService)(nil)

func (s *catalogService) FindTaxRates(ctx context.Context, includeArchived bool) ([]domain.TaxRate, error) {
	q := `SELECT ` + taxRateColumns + ` FROM tax_rates`
	if !includeArchived {
		q += ` WHERE archived = 0`
	}
	rows, err := s.b.db.QueryContext(ctx, q+` ORDER BY archived, lower(name), CAST(percent AS REAL), id`)
	if err != nil {
		return nil, domain.Internal("read the tax rates", err)
	}
	defer rows.Close()
	var out []domain.TaxRate
	for rows.Next() {
		r, err := scanTaxRate(rows)
		if err != nil {
			return nil, domain.Internal("read the tax rates", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("read the tax rates", err)
	}
	return out, nil
}

type scanner interface{ Scan(dest ...any) error }

// taxRateColumns are what scanTaxRate reads.
const taxRateColumns = `id, name, percent, compound, archived, vat_category, exemption_reason, exemption_code`

func scanTaxRate(sc scanner) (domain.TaxRate, error) {
	var r domain.TaxRate
	var pct string
	if err := sc.Scan(&r.ID, &r.Name, &pct, &r.Compound, &r.Archived, &r.VAT.Category, &r.VAT.ExemptionReason, &r.VAT.ExemptionCode); err != nil {
		return r, err
	}
	var err error
	r.Percent, err = decimal.NewFromString(pct)
	return r, err
}

func findTaxRate(ctx context.Context, q queryer, id int64) (*domain.TaxRate, error) {
	r, err := scanTaxRate(q.QueryRowContext(ctx, `SELECT `+taxRateColumns+` FROM tax_rates WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, domain.Errorf(domain.ENOTFOUND, "Tax rate %d does not exist.", id)
	}
	return &r, err
}

func (s *catalogService) FindTaxRateByName(ctx context.Context, name string) (*domain.TaxRate, error) {
	rows, err := s.b.db.QueryContext(ctx, `SELECT `+taxRateColumns+` FROM tax_rates
		WHERE lower(name) = lower(?) ORDER BY archived, id`, strings.TrimSpace(name))
	if err != nil {
		return nil, domain.Internal("read the tax rates", err)
	}
	defer rows.Close()
	var found []domain.TaxRate
	for rows.Next() {
		r, err := scanTaxRate(rows)
		if err != nil {
			return nil, domain.Internal("read the tax rates", err)
		}
		found = append(found, r)
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("read the tax rates", err)
	}
	switch {
	case len(found) == 0:
		return nil, domain.Errorf(domain.ENOTFOUND, "There is no tax rate called %q.", name)
	case len(found) > 1 && !found[1].Archived:
		return nil, domain.Errorf(domain.ECONFLICT, "More than one tax rate is called %q; give the percent too, e.g. %q.", name, found[0].Label())
	}
	return &found[0], nil
}

func (s *catalogService) CreateTaxRate(ctx context.Context, r *domain.TaxRate) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the tax rate", func(tx *Tx) error {
		err := insertTaxRate(tx, r)
		if isUnique(err) {
			return &domain.Error{Code: domain.EINVALID, Message: "Tax rate not saved: " + r.Label() + " already exists.",
				Fields: map[string]string{"name": r.Label() + " already exists"}}
		}
		return err
	})
}

// insertTaxRate stores a validated new rate, sets its ID and audits it.
func insertTaxRate(tx *Tx, r *domain.TaxRate) error {
	tx.forgetCatalog()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO tax_rates (name, percent, compound, archived, vat_category,
		exemption_reason, exemption_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Name, r.Percent.String(), r.Compound, r.Archived, string(r.VAT.Category), r.VAT.ExemptionReason, r.VAT.ExemptionCode,
		timestamp(tx.now), timestamp(tx.now))
	if err != nil {
		return err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit("tax_rate", r.ID, actionCreate, nil, r)
}

// UpdateTaxRate changes a rate. Documents keep the snapshot they were written
// with, so this never changes an existing invoice.
func (s *catalogService) UpdateTaxRate(ctx context.Context, r *domain.TaxRate) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the tax rate", func(tx *Tx) error {
		before, err := findTaxRate(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		tx.forgetCatalog()
		_, err = tx.ExecContext(ctx, `UPDATE tax_rates SET name = ?, percent = ?, compound = ?, archived = ?, vat_category = ?,
			exemption_reason = ?, exemption_code = ?, updated_at = ? WHERE id = ?`,
			r.Name, r.Percent.String(), r.Compound, r.Archived, string(r.VAT.Category), r.VAT.ExemptionReason, r.VAT.ExemptionCode,
			timestamp(tx.now), r.ID)
		if isUnique(err) {
			return &domain.Error{Code: domain.EINVALID, Message: "Tax rate not saved: " + r.Label() + " already exists.",
				Fields: map[string]string{"name": r.Label() + " already exists"}}
		}
		if err != nil {
			return err
		}
		return tx.audit("tax_rate", r.ID, actionUpdate, before, r)
	})
}

const itemColumns = `id, code, name, description, unit, unit_price_minor, currency, archived, unit_code`

func scanItem(sc scanner) (domain.Item, error) {
	var it domain.Item
	var price int64
	var cur string
	if err := sc.Scan(&it.ID, &it.Code, &it.Name, &it.Description, &it.Unit, &price, &cur, &it.Archived, &it.UnitCode); err != nil {
		return it, err
	}
	var err error
	it.UnitPrice, err = money.FromMinor(price, cur)
	return it, err
}

// itemTaxes fills in the default taxes of the items.
func itemTaxes(ctx context.Context, q queryer, items []domain.Item) error {
	for i := range items {
		rows, err := q.QueryContext(ctx, `SELECT rate_id FROM item_taxes WHERE item_id = ? ORDER BY position`, items[i].ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			items[i].TaxRateIDs = append(items[i].TaxRateIDs, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// itemWhere is the WHERE clause of an item filter.
func itemWhere(f domain.ItemFilter) (string, []any) {
	var conds []string
	var args []any
	if !f.IncludeArchived {
		conds = append(conds, "archived = 0")
	}
	for _, w := range strings.Fields(domain.FoldSearch(f.Search)) {
		conds = append(conds, "instr(search_text, ?) > 0")
		args = append(args, w)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// itemOrders are the columns each sort of the catalog orders by; each ends
// in the id, so a page can follow the row before it by key (FindItems).
var itemOrders = map[string][]string{
	"name":  {"name_key", "id"},
	"code":  {"code COLLATE NOCASE", "id"},
	"unit":  {"unit COLLATE NOCASE", "name_key", "id"},
	"price": {"currency", "unit_price_minor", "id"},
}

func (s *catalogService) CountItems(ctx context.Context, f domain.ItemFilter) (int, error) {
	where, args := itemWhere(f)
	var n int
	if err := s.b.db.QueryRowContext(ctx, `SELECT count(*) FROM items`+where, args...).Scan(&n); err != nil {
		return 0, domain.Internal("count the catalog items", err)
	}
	return n, nil
}

func (s *catalogService) FindItems(ctx context.Context, f domain.ItemFilter) ([]domain.Item, error) {
	where, args := itemWhere(f)
	cols, desc := orderColumns(itemOrders, f.Sort, f.Desc, []string{"archived", "name_key", "id"}, false)
	where, args, offset, err := startAfter(ctx, s.b.db, "items", "id", cols, desc, f.After, where, args, f.Offset)
	if err != nil {
		return nil, domain.Internal("read the catalog", err)
	}
	q := `SELECT ` + itemColumns + ` FROM items` + where + orderClause(cols, desc)
	q, args = pageClause(q, args, offset, f.Limit)
	rows, err := s.b.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, domain.Internal("read the catalog", err)
	}
	defer rows.Close()
	var out []domain.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, domain.Internal("read the catalog", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("read the catalog", err)
	}
	if err := itemTaxes(ctx, s.b.db, out); err != nil {
		return nil, domain.Internal("read the catalog", err)
	}
	return out, nil
}

func findItem(ctx context.Context, q queryer, id int64) (*domain.Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, domain.Errorf(domain.ENOTFOUND, "Catalog item %d does not exist.", id)
	}
	if err != nil {
		return nil, err
	}
	items := []domain.Item{it}
	if err := itemTaxes(ctx, q, items); err != nil {
		return nil, err
	}
	return &items[0], nil
}

func (s *catalogService) FindItemByID(ctx context.Context, id int64) (*domain.Item, error) {
	it, err := findItem(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the catalog item", err)
	}
	return it, err
}

func (s *catalogService) CreateItem(ctx context.Context, it *domain.Item) error {
	return s.saveItem(ctx, it, true)
}

func (s *catalogService) UpdateItem(ctx context.Context, it *domain.Item) error {
	return s.saveItem(ctx, it, false)
}

func (s *catalogService) saveItem(ctx context.Context, it *domain.Item, create bool) error {
	if err := it.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the catalog item", func(tx *Tx) error {
		for _, id := range it.TaxRateIDs {
			if _, err := findTaxRate(ctx, tx, id); err != nil {
				return &domain.Error{Code: domain.EINVALID, Message: "Item not saved: " + domain.ErrorMessage(err),
					Fields: map[string]string{"taxes": "choose taxes from the list"}}
			}
		}
		if create {
			return itemConflict(it, insertItem(tx, it))
		}
		before, err := findItem(ctx, tx, it.ID)
		if err != nil {
			return err
		}
		price, err := it.UnitPrice.Minor()
		if err != nil {
			return err
		}
		tx.forgetCatalog()
		if _, err := tx.ExecContext(ctx, `UPDATE items SET code = ?, name = ?, name_key = ?, description = ?, unit = ?,
			unit_price_minor = ?, currency = ?, archived = ?, unit_code = ?, search_text = ?, updated_at = ? WHERE id = ?`,
			it.Code, it.Name, domain.FoldSearch(it.Name), it.Description, it.Unit, price, it.UnitPrice.Currency,
			it.Archived, it.UnitCode, itemSearch(it), timestamp(tx.now), it.ID); err != nil {
			return itemConflict(it, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM item_taxes WHERE item_id = ?`, it.ID); err != nil {
			return err
		}
		if err := insertItemTaxes(tx, it); err != nil {
			return err
		}
		return tx.audit("item", it.ID, actionUpdate, before, it)
	})
}

// itemSearch is what the catalog search looks in: code, name, description, folded.
func itemSearch(it *domain.Item) string {
	return domain.FoldSearch(it.Code + "\x1f" + it.Name + "\x1f" + it.Description)
}

// insertItem stores a validated new item whose taxes exist, sets its ID and
// audits it.
func insertItem(tx *Tx, it *domain.Item) error {
	price, err := it.UnitPrice.Minor()
	if err != nil {
		return err
	}
	tx.forgetCatalog()
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO items (code, name, name_key, description, unit, unit_price_minor,
		currency, archived, unit_code, search_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.Code, it.Name, domain.FoldSearch(it.Name), it.Description, it.Unit, price, it.UnitPrice.Currency,
		it.Archived, it.UnitCode, itemSearch(it), timestamp(tx.now), timestamp(tx.now))
	if err != nil {
		return err
	}
	if it.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := insertItemTaxes(tx, it); err != nil {
		return err
	}
	return tx.audit("item", it.ID, actionCreate, nil, it)
}

// insertItemTaxes stores the item's default taxes in order.
func insertItemTaxes(tx *Tx, it *domain.Item) error {
	for i, id := range it.TaxRateIDs {
		if _, err := tx.ExecContext(tx.ctx, `INSERT OR IGNORE INTO item_taxes (item_id, position, rate_id) VALUES (?, ?, ?)`, it.ID, i, id); err != nil {
			return err
		}
	}
	return nil
}

func itemConflict(it *domain.Item, err error) error {
	if isUnique(err) {
		return &domain.Error{Code: domain.EINVALID, Message: "Item not saved: the code " + it.Code + " is already used by another item.",
			Fields: map[string]string{"code": "the code " + it.Code + " is already used by another item"}}
	}
	return err
}
