package data

import (
	"context"
	"time"

	"clientbook/domain"
)

// companyService implements domain.CompanyService: the one company row and
// the number series.
type companyService struct{ b *Book }

var _ domain.CompanyService = (*companyService)(nil)

func (s *companyService) Company(ctx context.Context) (domain.Company, error) {
	co, err := readCompany(ctx, s.b.db)
	if err != nil {
		return co, domain.Internal("read the company settings", err)
	}
	return co, nil
}

func readCompany(ctx context.Context, q queryer) (domain.Company, error) {
	var co domain.Company
	var scope, mode string
	err := q.QueryRowContext(ctx, `SELECT name, address_line1, address_line2, address_city, address_region,
		address_postcode, address_country, tax_id, email, phone, payment_info, default_terms, logo, currency,
		rounding_scope, rounding_mode, vat_id, endpoint_id, endpoint_scheme, iban, bic, document_email_subject,
		document_email_body FROM company WHERE id = 1`).Scan(
		&co.Name, &co.Address.Line1, &co.Address.Line2, &co.Address.City, &co.Address.Region, &co.Address.PostalCode,
		&co.Address.Country, &co.TaxID, &co.Email, &co.Phone, &co.PaymentInfo, &co.DefaultTerms, &co.Logo, &co.Currency,
		&scope, &mode, &co.VATID, &co.EndpointID, &co.EndpointScheme, &co.IBAN, &co.BIC, &co.DocumentEmail.Subject,
		&co.DocumentEmail.Body)
	if err != nil {
		return co, err
	}
	co.Rounding = domain.Rounding{Scope: domain.RoundingScope(scope), Mode: domain.RoundingMode(mode)}
	co.Numbering = map[domain.DocKind]domain.NumberSeries{}
	rows, err := q.QueryContext(ctx, `SELECT kind, pattern, yearly_reset FROM number_series`)
	if err != nil {
		return co, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var ns domain.NumberSeries
		if err := rows.Scan(&kind, &ns.Pattern, &ns.YearlyReset); err != nil {
			return co, err
		}
		co.Numbering[domain.DocKind(kind)] = ns
	}
	return co, rows.Err()
}

// auditCompany is the company as the audit log records it: the logo is
// summarised by its size rather than copied into every audit row.
type auditCompany struct {
	domain.Company
	LogoSize int
}

func auditedCompany(co domain.Company) auditCompany {
	n := len(co.Logo)
	co.Logo = nil
	return auditCompany{Company: co, LogoSize: n}
}

func (s *companyService) SaveCompany(ctx context.Context, co *domain.Company) error {
	if err := co.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the company settings", func(tx *Tx) error { return storeCompany(ctx, tx, co) })
}

// storeCompany writes validated company settings and audits the change.
func storeCompany(ctx context.Context, tx *Tx, co *domain.Company) error {
	before, err := readCompany(ctx, tx)
	if err != nil {
		return err
	}
	if err := writeCompany(tx, co, tx.now); err != nil {
		return err
	}
	return tx.audit("company", 1, actionUpdate, auditedCompany(before), auditedCompany(*co))
}

// writeCompany writes the company settings and number series of co, changed
// at updated.
func writeCompany(tx *Tx, co *domain.Company, updated time.Time) error {
	ctx := tx.ctx
	if tx.known != nil {
		tx.known.company = nil // what the transaction read before is no longer so
	}
	if _, err := tx.ExecContext(ctx, `UPDATE company SET name = ?, address_line1 = ?, address_line2 = ?,
		address_city = ?, address_region = ?, address_postcode = ?, address_country = ?, tax_id = ?, email = ?,
		phone = ?, payment_info = ?, default_terms = ?, logo = ?, currency = ?, rounding_scope = ?,
		rounding_mode = ?, vat_id = ?, endpoint_id = ?, endpoint_scheme = ?, iban = ?, bic = ?,
		document_email_subject = ?, document_email_body = ?, updated_at = ? WHERE id = 1`,
		co.Name, co.Address.Line1, co.Address.Line2, co.Address.City, co.Address.Region, co.Address.PostalCode,
		co.Address.Country, co.TaxID, co.Email, co.Phone, co.PaymentInfo, co.DefaultTerms, co.Logo, co.Currency,
		string(co.Rounding.Scope), string(co.Rounding.Mode), co.VATID, co.EndpointID, co.EndpointScheme, co.IBAN, co.BIC,
		co.DocumentEmail.Subject, co.DocumentEmail.Body, timestamp(updated)); err != nil {
		return err
	}
	for kind, ns := range co.Numbering {
		if _, err := tx.ExecContext(ctx, `INSERT INTO number_series (kind, pattern, yearly_reset) VALUES (?, ?, ?)
			ON CONFLICT (kind) DO UPDATE SET pattern = excluded.pattern, yearly_reset = excluded.yearly_reset`,
			string(kind), ns.Pattern, ns.YearlyReset); err != nil {
			return err
		}
	}
	return nil
}
