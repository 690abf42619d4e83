package data

import (
	"context"

	"clientbook/domain"
)

func (s *companyService) SetUp(ctx context.Context, su *domain.Setup) error {
	if err := su.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the setup", func(tx *Tx) error {
		co, err := readCompany(ctx, tx)
		if err != nil {
			return err
		}
		su.Apply(&co)
		if err := co.Validate(); err != nil {
			return err
		}
		if err := storeCompany(ctx, tx, &co); err != nil {
			return err
		}
		rate := su.TaxRate()
		if rate == nil {
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tax_rates WHERE name = ? AND percent = ? AND compound = 0`,
			rate.Name, rate.Percent.String()).Scan(&n); err != nil || n > 0 {
			return err
		}
		return insertTaxRate(tx, rate)
	})
}
