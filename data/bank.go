package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"clientbook/domain"
	"clientbook/domain/money"
)

// bankService implements domain.BankService over the book.
type bankService struct{ b *Book }

var _ domain.BankService = (*bankService)(nil)

// Bank keeps the bank accounts, deposits and statements.
func (b *Book) Bank() domain.BankService { return &bankService{b} }

// ----- accounts -----

const accountColumns = `a.id, a.name, a.currency, a.number, coalesce(a.mapping_id, 0), coalesce(m.name, ''), a.created_at, a.updated_at`

const accountFrom = ` FROM bank_accounts a LEFT JOIN bank_mappings m ON m.id = a.mapping_id`

func readAccounts(ctx context.Context, q queryer, rest string, args ...any) ([]domain.BankAccount, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+accountColumns+accountFrom+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.BankAccount
	for rows.Next() {
		var a domain.BankAccount
		var created, updated string
		if err := rows.Scan(&a.ID, &a.Name, &a.Currency, &a.Number, &a.MappingID, &a.MappingName, &created, &updated); err != nil {
			return nil, err
		}
		a.CreatedAt, a.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, a)
	}
	return out, rows.Err()
}

func findAccount(ctx context.Context, q queryer, id int64) (*domain.BankAccount, error) {
	as, err := readAccounts(ctx, q, ` WHERE a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Bank account %d does not exist.", id)
	}
	return &as[0], nil
}

func (s *bankService) CreateBankAccount(ctx context.Context, a *domain.BankAccount) error {
	a.ID = 0
	if err := a.Validate(); err != nil {
		return err
	}
	err := s.b.write(ctx, "save the bank account", func(tx *Tx) error {
		a.CreatedAt, a.UpdatedAt = tx.now, tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO bank_accounts (name, currency, number, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)`, a.Name, a.Currency, a.Number, timestamp(tx.now), timestamp(tx.now))
		if isUnique(err) {
			return &domain.Error{Code: domain.ECONFLICT, Message: fmt.Sprintf("Bank account not saved: there is already an account called %q.", a.Name),
				Fields: map[string]string{"name": "there is already an account with this name"}}
		}
		if err != nil {
			return err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.audit("bank_account", a.ID, actionCreate, nil, a)
	})
	if err != nil {
		a.ID = 0
	}
	return err
}

func (s *bankService) FindBankAccounts(ctx context.Context) ([]domain.BankAccount, error) {
	as, err := readAccounts(ctx, s.b.db, ` ORDER BY a.name COLLATE NOCASE, a.id`)
	if err != nil {
		return nil, domain.Internal("read the bank accounts", err)
	}
	return as, nil
}

func (s *bankService) FindBankAccountByName(ctx context.Context, name string) (*domain.BankAccount, error) {
	as, err := readAccounts(ctx, s.b.db, ` WHERE a.name = ? COLLATE NOCASE`, strings.TrimSpace(name))
	if err != nil {
		return nil, domain.Internal("read the bank account", err)
	}
	if len(as) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "There is no bank account called %q.", strings.TrimSpace(name))
	}
	return &as[0], nil
}

// ----- CSV mappings -----

const mappingColumns = `id, name, delimiter, decimal_comma, date_order, header, skip_lines, date_col, amount_col, debit_col,
	credit_col, text_col, reference_col, created_at, updated_at`

func readMappings(ctx context.Context, q queryer, rest string, args ...any) ([]domain.BankMapping, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+mappingColumns+` FROM bank_mappings`+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.BankMapping
	for rows.Next() {
		var m domain.BankMapping
		var delim, created, updated string
		if err := rows.Scan(&m.ID, &m.Name, &delim, &m.DecimalComma, &m.DateOrder, &m.Header, &m.Skip, &m.Date, &m.Amount,
			&m.Debit, &m.Credit, &m.Text, &m.Reference, &created, &updated); err != nil {
			return nil, err
		}
		if m.Delimiter, err = domain.ParseDelimiter(delim); err != nil {
			return nil, err
		}
		m.CreatedAt, m.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *bankService) SaveBankMapping(ctx context.Context, m *domain.BankMapping) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the CSV mapping", func(tx *Tx) error {
		old, err := readMappings(ctx, tx, ` WHERE name = ? COLLATE NOCASE`, m.Name)
		if err != nil {
			return err
		}
		args := []any{m.Name, m.DelimiterName(), m.DecimalComma, string(m.DateOrder), m.Header, m.Skip, m.Date, m.Amount, m.Debit,
			m.Credit, m.Text, m.Reference}
		if len(old) == 0 {
			m.CreatedAt, m.UpdatedAt = tx.now, tx.now
			res, err := tx.ExecContext(ctx, `INSERT INTO bank_mappings (name, delimiter, decimal_comma, date_order, header,
				skip_lines, date_col, amount_col, debit_col, credit_col, text_col, reference_col, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, timestamp(tx.now), timestamp(tx.now))...)
			if err != nil {
				return err
			}
			if m.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			return tx.audit("bank_mapping", m.ID, actionCreate, nil, m)
		}
		m.ID, m.CreatedAt, m.UpdatedAt = old[0].ID, old[0].CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE bank_mappings SET name = ?, delimiter = ?, decimal_comma = ?, date_order = ?,
			header = ?, skip_lines = ?, date_col = ?, amount_col = ?, debit_col = ?, credit_col = ?, text_col = ?,
			reference_col = ?, updated_at = ? WHERE id = ?`, append(args, timestamp(tx.now), m.ID)...); err != nil {
			return err
		}
		return tx.audit("bank_mapping", m.ID, actionUpdate, &old[0], m)
	})
}

func (s *bankService) FindBankMappings(ctx context.Context) ([]domain.BankMapping, error) {
	ms, err := readMappings(ctx, s.b.db, ` ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, domain.Internal("read the CSV mappings", err)
	}
	return ms, nil
}

func (s *bankService) FindBankMappingByName(ctx context.Context, name string) (*domain.BankMapping, error) {
	ms, err := readMappings(ctx, s.b.db, ` WHERE name = ? COLLATE NOCASE`, strings.TrimSpace(name))
	if err != nil {
		return nil, domain.Internal("read the CSV mapping", err)
	}
	if len(ms) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "There is no CSV mapping called %q.", strings.TrimSpace(name))
	}
	return &ms[0], nil
}

// ----- statement lines -----

const lineColumns = `l.id, l.account_id, a.name, l.import_id, l.date, l.amount_minor, l.currency, l.text, l.reference, l.status,
	coalesce(l.payment_id, 0), coalesce(l.deposit_id, 0), l.match_note, l.import_note, l.created_at, l.updated_at,
	coalesce(p.date, ''), coalesce(c.name, ''), coalesce(dp.date, '')`

const lineFrom = ` FROM bank_lines l JOIN bank_accounts a ON a.id = l.account_id
	LEFT JOIN payments p ON p.id = l.payment_id LEFT JOIN clients c ON c.id = p.client_id
	LEFT JOIN deposits dp ON dp.id = l.deposit_id`

func readBankLines(ctx context.Context, q queryer, rest string, args ...any) ([]domain.BankLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+lineColumns+lineFrom+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.BankLine
	for rows.Next() {
		var l domain.BankLine
		var date, cur, created, updated, payDate, client, depDate string
		var minor int64
		if err := rows.Scan(&l.ID, &l.AccountID, &l.AccountName, &l.ImportID, &date, &minor, &cur, &l.Text, &l.Reference,
			&l.Status, &l.PaymentID, &l.DepositID, &l.MatchNote, &l.ImportNote, &created, &updated, &payDate, &client, &depDate); err != nil {
			return nil, err
		}
		if l.Date, err = domain.ParseDate(date); err != nil {
			return nil, err
		}
		if l.Amount, err = money.FromMinor(minor, cur); err != nil {
			return nil, err
		}
		switch {
		case l.PaymentID != 0:
			l.Match = fmt.Sprintf("Payment %d from %s, %s", l.PaymentID, client, payDate)
		case l.DepositID != 0:
			l.Match = fmt.Sprintf("Deposit %d of %s", l.DepositID, depDate)
		}
		l.CreatedAt, l.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, l)
	}
	return out, rows.Err()
}

func findBankLine(ctx context.Context, q queryer, id int64) (*domain.BankLine, error) {
	ls, err := readBankLines(ctx, q, ` WHERE l.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Statement line %d does not exist.", id)
	}
	return &ls[0], nil
}

func lineWhere(f domain.BankLineFilter) (string, []any) {
	var conds []string
	var args []any
	if f.AccountID != 0 {
		conds = append(conds, "l.account_id = ?")
		args = append(args, f.AccountID)
	}
	if f.Unreconciled {
		conds = append(conds, "l.status IN ('unmatched', 'suggested')")
	}
	if f.Status != "" {
		conds = append(conds, "l.status = ?")
		args = append(args, string(f.Status))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// lineOrders are the columns each sort of the statement lines orders by.
var lineOrders = map[string][]string{
	"date":   {"l.date", "l.id"},
	"amount": {"l.currency", "l.amount_minor", "l.id"},
	"status": {"l.status", "l.date", "l.id"},
	"text":   {"l.text COLLATE NOCASE", "l.id"},
}

func (s *bankService) FindBankLines(ctx context.Context, f domain.BankLineFilter) ([]domain.BankLine, error) {
	where, args := lineWhere(f)
	cols, desc := orderColumns(lineOrders, f.Sort, f.Desc, []string{"l.date", "l.id"}, true)
	var ls []domain.BankLine
	err := s.b.read(ctx, "read the statement lines", func(tx queryer) error {
		where, args, offset, err := startAfter(ctx, tx, "bank_lines l", "l.id", cols, desc, f.After, where, args, f.Offset)
		if err != nil {
			return err
		}
		q, args := pageClause(where+orderClause(cols, desc), args, offset, f.Limit)
		ls, err = readBankLines(ctx, tx, q, args...)
		return err
	})
	return ls, err
}

func (s *bankService) CountBankLines(ctx context.Context, f domain.BankLineFilter) (int, error) {
	where, args := lineWhere(f)
	var n int
	if err := s.b.db.QueryRowContext(ctx, `SELECT count(*) FROM bank_lines l`+where, args...).Scan(&n); err != nil {
		return 0, domain.Internal("count the statement lines", err)
	}
	return n, nil
}

func (s *bankService) FindBankLineByID(ctx context.Context, id int64) (*domain.BankLine, error) {
	l, err := findBankLine(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the statement line", err)
	}
	return l, err
}

// ----- import -----

// importAccount finds the account a statement goes into: the one asked
// for, or the one whose number the OFX file gives.
func importAccount(ctx context.Context, q queryer, req domain.ImportRequest) (*domain.BankAccount, error) {
	invalid := func(msg string) error {
		return &domain.Error{Code: domain.EINVALID, Message: "The statement was not imported: " + msg + ".",
			Fields: map[string]string{"account": msg}}
	}
	if req.AccountID != 0 {
		a, err := findAccount(ctx, q, req.AccountID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, invalid("the bank account does not exist")
		}
		return a, err
	}
	number := strings.TrimSpace(req.Statement.AccountNumber)
	if number == "" {
		return nil, invalid("choose the bank account the statement is for")
	}
	as, err := readAccounts(ctx, q, ` WHERE a.number = ?`, number)
	if err != nil {
		return nil, err
	}
	if len(as) != 1 {
		return nil, invalid(fmt.Sprintf("no bank account has the number %s the file gives; choose the account, or add it with that number", number))
	}
	return &as[0], nil
}

func (s *bankService) ImportStatement(ctx context.Context, req domain.ImportRequest) (domain.StatementImport, error) {
	var imp domain.StatementImport
	st := req.Statement
	if st == nil || len(st.Lines) == 0 {
		return imp, domain.Errorf(domain.EINVALID, "The statement was not imported: it has no lines.")
	}
	err := s.b.write(ctx, "import the statement", func(tx *Tx) error {
		a, err := importAccount(ctx, tx, req)
		if err != nil {
			return err
		}
		if st.Currency != "" && st.Currency != a.Currency {
			msg := fmt.Sprintf("the statement is in %s but the account %s is in %s", st.Currency, a.Name, a.Currency)
			return &domain.Error{Code: domain.EINVALID, Message: "The statement was not imported: " + msg + ".",
				Fields: map[string]string{"account": msg}}
		}
		cur, err := money.LookupCurrency(a.Currency)
		if err != nil {
			return err
		}
		minors := make([]int64, len(st.Lines))
		notes := make([]string, len(st.Lines))
		rounded := 0
		var problems []string
		for i, l := range st.Lines {
			amount, note := domain.RoundStatementAmount(l.Amount, cur.Exponent, cur.Code)
			if note != "" {
				notes[i] = note
				rounded++
			}
			m, err := money.New(amount, a.Currency)
			if err == nil {
				minors[i], err = m.Minor()
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("line %d: %v", l.Line, err))
			}
		}
		if len(problems) > 0 {
			msg := strings.Join(problems[:min(5, len(problems))], "; ")
			if len(problems) > 5 {
				msg += fmt.Sprintf("; and %d more", len(problems)-5)
			}
			return &domain.Error{Code: domain.EINVALID, Message: "The statement was not imported: " + msg + ".",
				Fields: map[string]string{"file": msg}}
		}
		imp = domain.StatementImport{AccountID: a.ID, FileName: req.FileName, Format: st.Format, Read: len(st.Lines),
			Rounded: rounded, DryRun: req.DryRun, ImportedAt: tx.now}
		if st.Format == domain.FormatCSV && req.MappingID != 0 {
			ms, err := readMappings(ctx, tx, ` WHERE id = ?`, req.MappingID)
			if err != nil {
				return err
			}
			if len(ms) == 0 {
				return &domain.Error{Code: domain.EINVALID, Message: "The statement was not imported: the CSV mapping does not exist.",
					Fields: map[string]string{"mapping": "the CSV mapping does not exist"}}
			}
			imp.MappingID = req.MappingID
			if a.MappingID != req.MappingID {
				if _, err := tx.ExecContext(ctx, `UPDATE bank_accounts SET mapping_id = ?, updated_at = ? WHERE id = ?`,
					req.MappingID, timestamp(tx.now), a.ID); err != nil {
					return err
				}
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO statement_imports (account_id, file_name, format, mapping_id, lines_read,
			lines_new, imported_at) VALUES (?, ?, ?, ?, ?, 0, ?)`, a.ID, imp.FileName, string(imp.Format), nullID(imp.MappingID),
			imp.Read, timestamp(tx.now))
		if err != nil {
			return err
		}
		if imp.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO bank_lines (account_id, import_id, date, amount_minor, currency, text,
			reference, import_note, dedupe_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (account_id, dedupe_key) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		keys := st.DedupeKeys(a.ID)
		for i, l := range st.Lines {
			r, err := ins.ExecContext(ctx, a.ID, imp.ID, l.Date.String(), minors[i], a.Currency, l.Text, l.Reference, notes[i], keys[i],
				timestamp(tx.now), timestamp(tx.now))
			if err != nil {
				return err
			}
			n, err := r.RowsAffected()
			if err != nil {
				return err
			}
			imp.New += int(n)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE statement_imports SET lines_new = ? WHERE id = ?`, imp.New, imp.ID); err != nil {
			return err
		}
		if imp.Suggested, err = suggest(ctx, tx, a); err != nil {
			return err
		}
		if err := tx.audit("statement_import", imp.ID, "import", nil, imp); err != nil {
			return err
		}
		if req.DryRun {
			return errRollBack
		}
		return nil
	})
	if errors.Is(err, errRollBack) {
		imp.ID = 0
		return imp, nil
	}
	if err != nil {
		return domain.StatementImport{}, err
	}
	return imp, nil
}

// ----- matching -----

// candidates reads what the account's open lines between from and to (widened
// by the match window) may be: payments in its currency in no deposit and
// reconciled with no line, and its deposits reconciled with no line.
func candidates(ctx context.Context, q queryer, a *domain.BankAccount, from, to domain.Date) ([]domain.MatchCandidate, error) {
	lo, hi := from.AddDays(-domain.MatchWindow).String(), to.AddDays(domain.MatchWindow).String()
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.date, p.amount_minor, c.name, p.reference,
			coalesce((SELECT group_concat(d.number, char(31)) FROM allocations al JOIN documents d ON d.id = al.document_id
				WHERE al.payment_id = p.id), '')
		FROM payments p JOIN clients c ON c.id = p.client_id
		WHERE p.currency = ? AND p.date BETWEEN ? AND ?
			AND NOT EXISTS (SELECT 1 FROM deposit_payments x WHERE x.payment_id = p.id)
			AND NOT EXISTS (SELECT 1 FROM bank_lines l WHERE l.payment_id = p.id AND l.status = 'reconciled')
		ORDER BY p.date, p.id`, a.Currency, lo, hi)
	if err != nil {
		return nil, err
	}
	var out []domain.MatchCandidate
	for rows.Next() {
		var c domain.MatchCandidate
		var date, ref, numbers string
		var minor int64
		if err := rows.Scan(&c.PaymentID, &date, &minor, &c.Name, &ref, &numbers); err != nil {
			rows.Close()
			return nil, err
		}
		if c.Date, err = domain.ParseDate(date); err != nil {
			rows.Close()
			return nil, err
		}
		if c.Amount, err = money.FromMinor(minor, a.Currency); err != nil {
			rows.Close()
			return nil, err
		}
		c.References = append([]string{ref}, strings.Split(numbers, "\x1f")...)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT d.id, d.date, d.total_minor, d.reference FROM deposits d
		WHERE d.account_id = ? AND d.date BETWEEN ? AND ?
			AND NOT EXISTS (SELECT 1 FROM bank_lines l WHERE l.deposit_id = d.id AND l.status = 'reconciled')
		ORDER BY d.date, d.id`, a.ID, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c domain.MatchCandidate
		var date, ref string
		var minor int64
		if err := rows.Scan(&c.DepositID, &date, &minor, &ref); err != nil {
			return nil, err
		}
		if c.Date, err = domain.ParseDate(date); err != nil {
			return nil, err
		}
		if c.Amount, err = money.FromMinor(minor, a.Currency); err != nil {
			return nil, err
		}
		c.References = []string{ref}
		out = append(out, c)
	}
	return out, rows.Err()
}

// suggest works out afresh the suggested match of every open line of the
// account that is money in (domain.SuggestMatches), stores what changed and
// returns how many lines have a suggestion.
func suggest(ctx context.Context, tx *Tx, a *domain.BankAccount) (int, error) {
	lines, err := readBankLines(ctx, tx, ` WHERE l.account_id = ? AND l.status IN ('unmatched', 'suggested') AND l.amount_minor > 0
		ORDER BY l.date, l.id`, a.ID)
	if err != nil || len(lines) == 0 {
		return 0, err
	}
	cands, err := candidates(ctx, tx, a, lines[0].Date, lines[len(lines)-1].Date)
	if err != nil {
		return 0, err
	}
	type state struct {
		status     domain.BankLineStatus
		pay, dep   int64
		matchNotes string
	}
	want := make([]state, len(lines))
	for i := range want {
		want[i] = state{status: domain.LineUnmatched}
	}
	sugs := domain.SuggestMatches(lines, cands, domain.MatchWindow)
	for _, s := range sugs {
		want[s.Line] = state{domain.LineSuggested, s.Candidate.PaymentID, s.Candidate.DepositID, s.Note}
	}
	for i, l := range lines {
		w := want[i]
		if l.Status == w.status && l.PaymentID == w.pay && l.DepositID == w.dep && l.MatchNote == w.matchNotes {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bank_lines SET status = ?, payment_id = ?, deposit_id = ?, match_note = ?,
			updated_at = ? WHERE id = ?`, string(w.status), nullID(w.pay), nullID(w.dep), w.matchNotes, timestamp(tx.now),
			l.ID); err != nil {
			return 0, err
		}
	}
	return len(sugs), nil
}

func (s *bankService) SuggestMatches(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := s.b.write(ctx, "suggest matches", func(tx *Tx) error {
		a, err := findAccount(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if n, err = suggest(ctx, tx, a); err != nil {
			return err
		}
		return tx.audit("bank_account", a.ID, "suggest", nil, map[string]int{"suggested": n})
	})
	return n, err
}

// openLine reads a line that must still be open.
func openLine(ctx context.Context, tx *Tx, id int64) (*domain.BankLine, error) {
	l, err := findBankLine(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !l.Open() {
		return nil, domain.Errorf(domain.ECONFLICT, "Statement line %d is already %s; reopen it first.", id, l.Status)
	}
	return l, nil
}

// paymentBanked says why a payment's money is already accounted for at the
// bank ("it is in deposit 3"), or "" when it is not.
func paymentBanked(ctx context.Context, q queryer, paymentID int64) (string, error) {
	var dep int64
	err := q.QueryRowContext(ctx, `SELECT deposit_id FROM deposit_payments WHERE payment_id = ?`, paymentID).Scan(&dep)
	if err == nil {
		return fmt.Sprintf("it is in deposit %d", dep), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	var line int64
	var date string
	err = q.QueryRowContext(ctx, `SELECT id, date FROM bank_lines WHERE payment_id = ? AND status = 'reconciled'`, paymentID).
		Scan(&line, &date)
	if err == nil {
		return fmt.Sprintf("it is reconciled with the statement line %d of %s", line, date), nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return "", err
}

// reconcile marks the line reconciled with the payment or deposit and
// takes the same suggestion away from other lines.
func reconcile(ctx context.Context, tx *Tx, l *domain.BankLine, t domain.MatchTarget, note string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE bank_lines SET status = 'unmatched', payment_id = NULL, deposit_id = NULL,
		match_note = '', updated_at = ? WHERE status = 'suggested' AND id <> ? AND (payment_id = ? OR deposit_id = ?)`,
		timestamp(tx.now), l.ID, t.PaymentID, t.DepositID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE bank_lines SET status = 'reconciled', payment_id = ?, deposit_id = ?,
		match_note = ?, updated_at = ? WHERE id = ?`, nullID(t.PaymentID), nullID(t.DepositID), note, timestamp(tx.now),
		l.ID); err != nil {
		return err
	}
	after, err := findBankLine(ctx, tx, l.ID)
	if err != nil {
		return err
	}
	return tx.audit("bank_line", l.ID, "reconcile", l, after)
}

func (s *bankService) ConfirmMatch(ctx context.Context, lineID int64, t domain.MatchTarget) error {
	if t.PaymentID != 0 && t.DepositID != 0 {
		return domain.Errorf(domain.EINVALID, "Name a payment or a deposit, not both.")
	}
	return s.b.write(ctx, "reconcile the statement line", func(tx *Tx) error {
		l, err := openLine(ctx, tx, lineID)
		if err != nil {
			return err
		}
		note := "confirmed by hand"
		if t == (domain.MatchTarget{}) {
			if l.Status != domain.LineSuggested {
				return &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("Statement line %d has no suggested match; name the payment or the deposit it is.", lineID),
					Fields: map[string]string{"match": "name the payment or the deposit"}}
			}
			t, note = domain.MatchTarget{PaymentID: l.PaymentID, DepositID: l.DepositID}, l.MatchNote
		} else if t.PaymentID == l.PaymentID && t.DepositID == l.DepositID && l.Status == domain.LineSuggested {
			note = l.MatchNote
		}
		mismatch := func(field, format string, args ...any) error {
			msg := fmt.Sprintf(format, args...)
			return &domain.Error{Code: domain.EINVALID, Message: "Not reconciled: " + msg + ".", Fields: map[string]string{field: msg}}
		}
		if t.PaymentID != 0 {
			p, err := findPayment(ctx, tx, t.PaymentID)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return mismatch("payment", "payment %d does not exist", t.PaymentID)
			}
			if err != nil {
				return err
			}
			if !p.Amount.Equal(l.Amount) {
				return mismatch("payment", "payment %d is %s but the line is %s", p.ID, p.Amount, l.Amount)
			}
			why, err := paymentBanked(ctx, tx, p.ID)
			if err != nil {
				return err
			}
			if why != "" {
				return &domain.Error{Code: domain.ECONFLICT, Message: fmt.Sprintf("Not reconciled: payment %d is already accounted for at the bank: %s.", p.ID, why),
					Fields: map[string]string{"payment": why}}
			}
		} else {
			ds, err := readDeposits(ctx, tx, ` WHERE d.id = ?`, t.DepositID)
			if err != nil {
				return err
			}
			if len(ds) == 0 {
				return mismatch("deposit", "deposit %d does not exist", t.DepositID)
			}
			d := ds[0]
			if d.AccountID != l.AccountID {
				return mismatch("deposit", "deposit %d was paid into %s, not %s", d.ID, d.AccountName, l.AccountName)
			}
			if !d.Total.Equal(l.Amount) {
				return mismatch("deposit", "deposit %d is %s but the line is %s", d.ID, d.Total, l.Amount)
			}
			var other int64
			err = tx.QueryRowContext(ctx, `SELECT id FROM bank_lines WHERE deposit_id = ? AND status = 'reconciled'`, d.ID).Scan(&other)
			if err == nil {
				return domain.Errorf(domain.ECONFLICT, "Not reconciled: deposit %d is already reconciled with statement line %d.", d.ID, other)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		return reconcile(ctx, tx, l, t, note)
	})
}

// invoiceInText finds the issued invoice whose number the text gives, in
// the currency; of several, the first named with money still open.
func invoiceInText(ctx context.Context, q queryer, text, currency string) (*balance, error) {
	cands := domain.InvoiceNumberCandidates(text)
	if len(cands) == 0 {
		return nil, nil
	}
	args := make([]any, len(cands))
	for i, c := range cands {
		args[i] = c
	}
	bs, err := balances(ctx, q, domain.Date{}, 0, `d.kind = 'invoice' AND d.status = 'issued' AND d.number IN (`+
		placeholders(len(cands))+`)`, ` ORDER BY d.id`, args...)
	if err != nil {
		return nil, err
	}
	var best *balance
	for i := range bs {
		x := &bs[i]
		if x.cur != currency {
			continue
		}
		if best == nil || (!best.open().IsPositive() && x.open().IsPositive()) {
			best = x
		}
	}
	return best, nil
}

func (s *bankService) PaymentFromLine(ctx context.Context, lineID, clientID int64) (*domain.Payment, error) {
	var p *domain.Payment
	err := s.b.write(ctx, "record the payment", func(tx *Tx) error {
		l, err := openLine(ctx, tx, lineID)
		if err != nil {
			return err
		}
		if !l.Amount.Amount.IsPositive() {
			return domain.Errorf(domain.EINVALID, "Statement line %d is money out (%s); only money in can be a client's payment.", l.ID, l.Amount)
		}
		inv, err := invoiceInText(ctx, tx, l.Text+" "+l.Reference, l.Amount.Currency)
		if err != nil {
			return err
		}
		if clientID == 0 {
			if inv == nil {
				return &domain.Error{Code: domain.EINVALID, Message: "Payment not saved: the line names no invoice of the book; choose the client who paid.",
					Fields: map[string]string{"client": "choose the client who paid"}}
			}
			clientID = inv.clientID
		}
		ref := l.Reference
		if ref == "" {
			ref = l.Text
		}
		ref = textLimit(ref, 100)
		note := textLimit(fmt.Sprintf("From the bank statement of %s: %s", l.Date, l.Text), domain.MaxTextLen)
		p = &domain.Payment{ClientID: clientID, Date: l.Date, Amount: l.Amount, Method: domain.MethodBankTransfer,
			Reference: ref, Note: note}
		if inv != nil && inv.clientID == clientID && inv.open().IsPositive() {
			if p.Allocations, err = domain.AutoAllocate(p, []domain.OpenItem{inv.item()}); err != nil {
				return err
			}
		}
		if err := p.Validate(); err != nil {
			return err
		}
		amount, err := p.Amount.Minor()
		if err != nil {
			return err
		}
		if err := checkPayment(ctx, tx, p); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = tx.now, tx.now
		if err := insertPayment(tx, p, amount); err != nil {
			return err
		}
		return reconcile(ctx, tx, l, domain.MatchTarget{PaymentID: p.ID}, "payment recorded from the line")
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// setLineStatus moves a line to status, clearing its match, with an audit
// row for action.
func (s *bankService) setLineStatus(ctx context.Context, lineID int64, status domain.BankLineStatus, action string,
	allowed func(l *domain.BankLine) error) error {
	return s.b.write(ctx, "change the statement line", func(tx *Tx) error {
		l, err := findBankLine(ctx, tx, lineID)
		if err != nil {
			return err
		}
		if err := allowed(l); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bank_lines SET status = ?, payment_id = NULL, deposit_id = NULL,
			match_note = '', updated_at = ? WHERE id = ?`, string(status), timestamp(tx.now), l.ID); err != nil {
			return err
		}
		after, err := findBankLine(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		if err := tx.audit("bank_line", l.ID, action, l, after); err != nil {
			return err
		}
		if status == domain.LineUnmatched {
			a, err := findAccount(ctx, tx, l.AccountID)
			if err != nil {
				return err
			}
			_, err = suggest(ctx, tx, a)
			return err
		}
		return nil
	})
}

func (s *bankService) IgnoreLine(ctx context.Context, lineID int64) error {
	return s.setLineStatus(ctx, lineID, domain.LineIgnored, "ignore", func(l *domain.BankLine) error {
		if !l.Open() {
			return domain.Errorf(domain.ECONFLICT, "Statement line %d is already %s; reopen it first.", l.ID, l.Status)
		}
		return nil
	})
}

func (s *bankService) ReopenLine(ctx context.Context, lineID int64) error {
	return s.setLineStatus(ctx, lineID, domain.LineUnmatched, "reopen", func(l *domain.BankLine) error {
		if l.Open() {
			return domain.Errorf(domain.ECONFLICT, "Statement line %d is still open.", l.ID)
		}
		return nil
	})
}

// ----- deposits -----

func readDeposits(ctx context.Context, q queryer, rest string, args ...any) ([]domain.Deposit, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.account_id, a.name, a.currency, d.date, d.total_minor, d.reference,
		d.created_at FROM deposits d JOIN bank_accounts a ON a.id = d.account_id`+rest, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.Deposit
	for rows.Next() {
		var d domain.Deposit
		var cur, date, created string
		var minor int64
		if err := rows.Scan(&d.ID, &d.AccountID, &d.AccountName, &cur, &date, &minor, &d.Reference, &created); err != nil {
			rows.Close()
			return nil, err
		}
		if d.Date, err = domain.ParseDate(date); err != nil {
			rows.Close()
			return nil, err
		}
		if d.Total, err = money.FromMinor(minor, cur); err != nil {
			rows.Close()
			return nil, err
		}
		d.CreatedAt = parseTimestamp(created)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	byID := map[int64]*domain.Deposit{}
	ids := make([]int64, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
		ids[i] = out[i].ID
	}
	for start := 0; start < len(ids); start += statusChunk {
		chunk := ids[start:min(start+statusChunk, len(ids))]
		ps, err := readDepositPayments(ctx, q, `SELECT x.deposit_id, `+depositPaymentColumns+` FROM deposit_payments x
			JOIN payments p ON p.id = x.payment_id JOIN clients c ON c.id = p.client_id
			WHERE x.deposit_id IN (`+placeholders(len(chunk))+`) ORDER BY p.date, p.id`, idArgs(chunk)...)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			d := byID[p.depositID]
			d.Payments = append(d.Payments, p.DepositPayment)
		}
	}
	return out, nil
}

const depositPaymentColumns = `p.id, c.name, p.date, p.amount_minor, p.currency, p.method, p.reference`

type depositPayment struct {
	depositID int64
	domain.DepositPayment
}

// readDepositPayments reads payments as a deposit lists them; the query's
// first column is the deposit's ID (or 0).
func readDepositPayments(ctx context.Context, q queryer, query string, args ...any) ([]depositPayment, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []depositPayment
	for rows.Next() {
		var p depositPayment
		var date, cur string
		var minor int64
		if err := rows.Scan(&p.depositID, &p.PaymentID, &p.ClientName, &date, &minor, &cur, &p.Method, &p.Reference); err != nil {
			return nil, err
		}
		if p.Date, err = domain.ParseDate(date); err != nil {
			return nil, err
		}
		if p.Amount, err = money.FromMinor(minor, cur); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *bankService) CreateDeposit(ctx context.Context, d *domain.Deposit) error {
	d.ID = 0
	if err := d.Validate(); err != nil {
		return err
	}
	err := s.b.write(ctx, "save the deposit", func(tx *Tx) error {
		a, err := findAccount(ctx, tx, d.AccountID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return &domain.Error{Code: domain.EINVALID, Message: "Deposit not saved: the bank account does not exist.",
				Fields: map[string]string{"account": "choose the bank account it was paid into"}}
		}
		if err != nil {
			return err
		}
		d.AccountName = a.Name
		ids := make([]int64, len(d.Payments))
		for i, p := range d.Payments {
			ids[i] = p.PaymentID
		}
		ps, err := readDepositPayments(ctx, tx, `SELECT coalesce((SELECT x.deposit_id FROM deposit_payments x
			WHERE x.payment_id = p.id), 0), `+depositPaymentColumns+` FROM payments p JOIN clients c ON c.id = p.client_id
			WHERE p.id IN (`+placeholders(len(ids))+`)`, idArgs(ids)...)
		if err != nil {
			return err
		}
		found := map[int64]depositPayment{}
		for _, p := range ps {
			found[p.PaymentID] = p
		}
		deposited := map[int64]bool{}
		for i, p := range d.Payments {
			f, ok := found[p.PaymentID]
			if !ok {
				msg := fmt.Sprintf("payment %d does not exist", p.PaymentID)
				return &domain.Error{Code: domain.EINVALID, Message: "Deposit not saved: " + msg + ".", Fields: map[string]string{"payments": msg}}
			}
			d.Payments[i] = f.DepositPayment
			deposited[p.PaymentID] = f.depositID != 0
			if !deposited[p.PaymentID] {
				why, err := paymentBanked(ctx, tx, p.PaymentID)
				if err != nil {
					return err
				}
				if why != "" {
					msg := fmt.Sprintf("payment %d from %s cannot be deposited: %s", f.PaymentID, f.ClientName, why)
					return &domain.Error{Code: domain.EINVALID, Message: "Deposit not saved: " + msg + ".", Fields: map[string]string{"payments": msg}}
				}
			}
		}
		if err := domain.CheckDeposit(d, a.Currency, deposited); err != nil {
			return err
		}
		minor, err := d.Total.Minor()
		if err != nil {
			return err
		}
		d.CreatedAt = tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO deposits (account_id, date, total_minor, reference, created_at)
			VALUES (?, ?, ?, ?, ?)`, d.AccountID, d.Date.String(), minor, d.Reference, timestamp(tx.now))
		if err != nil {
			return err
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, p := range d.Payments {
			if _, err := tx.ExecContext(ctx, `INSERT INTO deposit_payments (payment_id, deposit_id) VALUES (?, ?)`,
				p.PaymentID, d.ID); err != nil {
				return err
			}
		}
		// A payment now in the deposit is no line's suggestion any more;
		// the deposit may be one's.
		if _, err := tx.ExecContext(ctx, `UPDATE bank_lines SET status = 'unmatched', payment_id = NULL, match_note = '',
			updated_at = ? WHERE status = 'suggested' AND payment_id IN (`+placeholders(len(ids))+`)`,
			append([]any{timestamp(tx.now)}, idArgs(ids)...)...); err != nil {
			return err
		}
		if err := tx.audit("deposit", d.ID, actionCreate, nil, d); err != nil {
			return err
		}
		_, err = suggest(ctx, tx, a)
		return err
	})
	if err != nil {
		d.ID = 0
	}
	return err
}

func (s *bankService) DeleteDeposit(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the deposit", func(tx *Tx) error {
		ds, err := readDeposits(ctx, tx, ` WHERE d.id = ?`, id)
		if err != nil {
			return err
		}
		if len(ds) == 0 {
			return domain.Errorf(domain.ENOTFOUND, "There is no deposit %d.", id)
		}
		var line int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM bank_lines WHERE deposit_id = ? AND status = 'reconciled' LIMIT 1`, id).Scan(&line)
		switch {
		case err == nil:
			return domain.Errorf(domain.ECONFLICT, "Deposit %d is reconciled with statement line %d; reopen the line first.", id, line)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bank_lines SET status = 'unmatched', deposit_id = NULL, match_note = '',
			updated_at = ? WHERE deposit_id = ?`, timestamp(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deposit_payments WHERE deposit_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deposits WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("deposit", id, actionDelete, ds[0], nil)
	})
}

func (s *bankService) FindDeposits(ctx context.Context, f domain.DepositFilter) ([]domain.Deposit, error) {
	q, args := ``, []any(nil)
	if f.AccountID != 0 {
		q, args = ` WHERE d.account_id = ?`, []any{f.AccountID}
	}
	q, args = pageClause(q+` ORDER BY d.date DESC, d.id DESC`, args, f.Offset, f.Limit)
	ds, err := readDeposits(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the deposits", err)
	}
	return ds, nil
}

func (s *bankService) UndepositedPayments(ctx context.Context, f domain.UndepositedFilter) ([]domain.DepositPayment, error) {
	q := `SELECT 0, ` + depositPaymentColumns + ` FROM payments p JOIN clients c ON c.id = p.client_id
		WHERE p.currency = ? AND NOT EXISTS (SELECT 1 FROM deposit_payments x WHERE x.payment_id = p.id)
		AND NOT EXISTS (SELECT 1 FROM bank_lines l WHERE l.payment_id = p.id AND l.status = 'reconciled')`
	args := []any{strings.ToUpper(strings.TrimSpace(f.Currency))}
	if !f.From.IsZero() {
		q += ` AND p.date >= ?`
		args = append(args, f.From.String())
	}
	if !f.UpTo.IsZero() {
		q += ` AND p.date <= ?`
		args = append(args, f.UpTo.String())
	}
	q, args = pageClause(q+` ORDER BY p.date DESC, p.id DESC`, args, 0, f.Limit)
	ps, err := readDepositPayments(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the payments to deposit", err)
	}
	out := make([]domain.DepositPayment, len(ps))
	for i, p := range ps {
		out[i] = p.DepositPayment
	}
	return out, nil
}

// textLimit cuts s to n characters.
func textLimit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
